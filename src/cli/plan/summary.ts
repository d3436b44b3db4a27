/**
 * The short answer a reviewer wants from a terraform plan of pgpartition resources: which windows
 * the calendar rolls in and out (routine), and which changes come from the declaration itself
 * (groups, columns, indexes, retention, replacements: these deserve a reviewer's eye). Pure: built
 * from terraform's JSON plan representation (`terraform show -json <plan>`, format 1.x); the live
 * rows and bytes of retired windows are added by `withLiveSizes` (./live-sizes.ts).
 */
import type { RangeColumnType } from '../../core/spec';

export const WINDOW_TYPE = 'pgpartition_window';
export const WINDOW_SET_TYPE = 'pgpartition_window_set';
export const PARENT_TABLE_TYPE = 'pgpartition_parent_table';

/** One `resource_changes` entry of terraform's JSON plan. */
export interface TerraformResourceChange {
  readonly address: string;
  readonly type: string;
  readonly change: {
    /** e.g. `["create"]`, `["delete"]`, `["update"]`, `["delete","create"]` (replace), `["no-op"]`, `["read"]`. */
    readonly actions: readonly string[];
    readonly before: Record<string, unknown> | null;
    readonly after: Record<string, unknown> | null;
  };
}

/** The part of terraform's JSON plan representation read here. */
export interface TerraformPlanJson {
  /** True when planning failed; such a plan cannot be applied. */
  readonly errored?: boolean;
  readonly applyable?: boolean;
  readonly resource_changes?: readonly TerraformResourceChange[];
  readonly planned_values?: { readonly outputs?: Record<string, { readonly value?: unknown }> };
}

/** A window of the plan, from its `pgpartition_window` attributes. */
export interface PlannedWindow {
  readonly address: string;
  readonly schema: string;
  readonly parentTable: string;
  readonly name: string;
  /** Canonical inclusive lower partition bound, e.g. `2024-12-23T00:00:00Z`. */
  readonly from: string;
  /** Canonical exclusive upper partition bound. */
  readonly to: string;
  /** List sub-partitions, the DEFAULT sub-partition included (as `pgpartition status` counts them). */
  readonly subPartitions: number;
}

/** A window whose table goes away (retired, or replaced: dropped and created again). */
export interface RetiredWindow extends PlannedWindow {
  /** What the retirement does (the window's state): `drop`, `detach` or `keep` (the provider refuses). */
  readonly retentionMode: string;
  readonly rangeType: RangeColumnType;
  /** Rows now: from the plan (stale for destroys: terraform 1.11 does not refresh orphans) until `withLiveSizes`; null when not in the database. */
  readonly rows: number | null;
  /** Bytes on disk now (heap, TOAST, indexes of every sub-partition); null like `rows`. */
  readonly bytes: number | null;
  /** Retired before its retention has passed, allowed by the declaration (`retire_early`, `allow_teardown`). */
  readonly early: boolean;
}

/** Any other resource change: address, type, terraform's actions and the attributes that change. */
export interface ChangedResource {
  readonly address: string;
  readonly type: string;
  readonly actions: readonly string[];
  /** Top-level attributes whose value differs between before and after, sorted; empty for creates and deletes. */
  readonly attributes: readonly string[];
}

/** The calendar's routine roll: windows entering the plan and windows leaving it past retention. */
export interface CalendarRoll {
  readonly create: readonly PlannedWindow[];
  readonly retire: readonly RetiredWindow[];
}

/** Changes that come from the declaration, not the calendar. */
export interface DeclarationChanges {
  /** Windows dropped and created again (a bound or layout change): their rows are deleted. */
  readonly replace: readonly RetiredWindow[];
  /** Windows changed in place (a sub-partition added, retention changed). */
  readonly update: readonly ChangedResource[];
  readonly parentTables: readonly ChangedResource[];
  readonly other: readonly ChangedResource[];
  /** Resources terraform stops tracking without touching any table (`removed` blocks), e.g. version 0.1's per-window resources moving into a window set. */
  readonly forgotten: readonly string[];
}

export interface PlanChanges {
  readonly roll: CalendarRoll;
  readonly declaration: DeclarationChanges;
  /** Values of the `CurrentWindowStart` outputs (one per table), sorted, distinct. */
  readonly currentWindowStarts: readonly string[];
}

/**
 * Sorts the plan's `resource_changes` into the calendar roll and the declaration changes, windows
 * by `from`, skipping no-op and read changes.
 */
export function summarizePlan(plan: TerraformPlanJson): PlanChanges {
  const create: PlannedWindow[] = [];
  const retire: RetiredWindow[] = [];
  const replace: RetiredWindow[] = [];
  const update: ChangedResource[] = [];
  const parentTables: ChangedResource[] = [];
  const other: ChangedResource[] = [];
  const forgotten: string[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const { actions, before, after } = rc.change;
    if (actions.every((a) => a === 'no-op' || a === 'read')) continue;
    if (actions.length === 1 && actions[0] === 'forget') {
      forgotten.push(rc.address);
      continue;
    }
    if (rc.type === WINDOW_SET_TYPE) {
      const set = windowSetChanges(rc);
      create.push(...set.create);
      retire.push(...set.retire);
      replace.push(...set.replace);
      update.push(...set.update);
      continue;
    }
    const only = (action: string) => actions.length === 1 && actions[0] === action;
    const isReplace = actions.includes('create') && actions.includes('delete');
    if (rc.type === WINDOW_TYPE && isReplace && before) replace.push(retiredWindow(rc.address, before));
    else if (rc.type === WINDOW_TYPE && only('create') && after) create.push(plannedWindow(rc.address, after));
    else if (rc.type === WINDOW_TYPE && only('delete') && before) retire.push(retiredWindow(rc.address, before));
    else if (rc.type === WINDOW_TYPE && only('update')) update.push(changed(rc));
    else (rc.type === PARENT_TABLE_TYPE ? parentTables : other).push(changed(rc));
  }
  const byFrom = (a: PlannedWindow, b: PlannedWindow) => a.from.localeCompare(b.from) || a.name.localeCompare(b.name);
  const outputs = Object.entries(plan.planned_values?.outputs ?? {})
    .filter(([name, o]) => /CurrentWindowStart/.test(name) && typeof o.value === 'string')
    .map(([, o]) => o.value as string);
  return {
    roll: { create: create.sort(byFrom), retire: retire.sort(byFrom) },
    declaration: { replace: replace.sort(byFrom), update, parentTables, other, forgotten },
    currentWindowStarts: [...new Set(outputs)].sort(),
  };
}

/**
 * The windows a `pgpartition_window_set` change creates, retires, replaces (bounds changed) or
 * updates, from the keys of its `windows` map before and after; a change of its other attributes
 * (owner, say) is an update of the set itself.
 */
function windowSetChanges(rc: TerraformResourceChange): { create: PlannedWindow[]; retire: RetiredWindow[]; replace: RetiredWindow[]; update: ChangedResource[] } {
  const { before, after } = rc.change;
  const windowsOf = (v: Record<string, unknown> | null) => (v?.windows ?? {}) as Record<string, Record<string, unknown>>;
  const [was, will] = [windowsOf(before), windowsOf(after)];
  const table = (v: Record<string, unknown> | null, name: string, w: Record<string, unknown>) => ({ ...w, name, schema: v?.schema, parent_table: v?.parent_table, range_type: v?.range_type });
  const address = (name: string) => `${rc.address}.windows["${name}"]`;
  const result = { create: [] as PlannedWindow[], retire: [] as RetiredWindow[], replace: [] as RetiredWindow[], update: [] as ChangedResource[] };
  const wholeSet = rc.change.actions.includes('create') && rc.change.actions.includes('delete');
  for (const [name, w] of Object.entries(will)) {
    const old = was[name];
    if (!old || wholeSet) {
      if (old) result.replace.push(retiredWindow(address(name), table(before, name, old)));
      else result.create.push(plannedWindow(address(name), table(after, name, w)));
    } else if (old.from !== w.from || old.to !== w.to) result.replace.push(retiredWindow(address(name), table(before, name, old)));
    else {
      const changes = changed({ address: address(name), type: rc.type, change: { actions: ['update'], before: old, after: w } });
      if (changes.attributes.length > 0) result.update.push(changes);
    }
  }
  // early: the declaration lets this window go before its retention (the provider's plan warns of each)
  const allows = (v: Record<string, unknown> | null, name: string) => v?.allow_teardown === true || (Array.isArray(v?.retire_early) && (v!.retire_early as unknown[]).includes(name));
  for (const [name, old] of Object.entries(was)) {
    if (!will[name]) result.retire.push({ ...retiredWindow(address(name), table(before, name, old)), early: allows(after ?? before, name) });
  }
  if (before && after && !wholeSet) {
    const own = changed({ ...rc, change: { ...rc.change, before: { ...before, windows: null }, after: { ...after, windows: null } } });
    if (own.attributes.length > 0) result.update.push(own);
  }
  return result;
}

function plannedWindow(address: string, v: Record<string, unknown>): PlannedWindow {
  const groups = Array.isArray(v.sub_partitions) ? v.sub_partitions.length : 0;
  return {
    address,
    schema: String(v.schema ?? 'public'),
    parentTable: String(v.parent_table),
    name: String(v.name),
    from: String(v.from),
    to: String(v.to),
    subPartitions: groups + (v.default_sub_partition ? 1 : 0),
  };
}

function retiredWindow(address: string, v: Record<string, unknown>): RetiredWindow {
  return {
    ...plannedWindow(address, v),
    retentionMode: String(v.retention_mode ?? 'keep'),
    rangeType: String(v.range_type) as RangeColumnType,
    rows: typeof v.row_estimate === 'number' ? v.row_estimate : null,
    bytes: typeof v.size_bytes === 'number' ? v.size_bytes : null,
    early: false,
  };
}

/** Computed attributes that change on every refresh; never a declaration change of their own. */
const COMPUTED_ONLY = new Set(['id', 'row_estimate', 'size_bytes', 'attached']);

function changed(rc: TerraformResourceChange): ChangedResource {
  const { before, after } = rc.change;
  const attributes = before && after
    ? [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((k) => !COMPUTED_ONLY.has(k) && JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
      .sort()
    : [];
  return { address: rc.address, type: rc.type, actions: rc.change.actions, attributes };
}

/** Windows that go away for good in the roll, split by what retirement does to them. */
export function retireCounts(roll: CalendarRoll): { drop: number; detach: number } {
  const detach = roll.retire.filter((w) => w.retentionMode === 'detach').length;
  return { drop: roll.retire.length - detach, detach };
}

/** Changes to the declaration, counted (resources only forgotten change no table and do not count). */
export function declarationCount(d: DeclarationChanges): number {
  return d.replace.length + d.update.length + d.parentTables.length + d.other.length;
}

/** True when the plan changes nothing. */
export function isEmpty(c: PlanChanges): boolean {
  return c.roll.create.length + c.roll.retire.length + declarationCount(c.declaration) + c.declaration.forgotten.length === 0;
}

/** `N to create, M to drop, K to detach`, plus replacements and other changes when there are any. */
export function summaryLine(c: PlanChanges): string {
  const { drop, detach } = retireCounts(c.roll);
  const parts = [`${c.roll.create.length} to create`, `${drop} to drop`, `${detach} to detach`];
  const early = c.roll.retire.filter((w) => w.early).length;
  if (early > 0) parts.push(`${early} of them before their retention`);
  if (c.declaration.replace.length > 0) parts.push(`${c.declaration.replace.length} to replace`);
  const others = c.declaration.update.length + c.declaration.parentTables.length + c.declaration.other.length;
  if (others > 0) parts.push(`${others} other ${others === 1 ? 'change' : 'changes'}`);
  return parts.join(', ');
}
