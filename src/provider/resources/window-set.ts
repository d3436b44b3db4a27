/**
 * `pgpartition_window_set`: every window of one parent table in one resource, its `windows` a map
 * keyed by window name. Terraform's work per resource (validate, upgrade, read, plan, apply, a
 * state write each) then happens once per table, not once per window; each window added or removed
 * is still its own line of terraform's diff (a map key) and of `plan-summary`. The work on each
 * window is the shared window functions of ../windows/ (the same as `pgpartition_window`), run for
 * several windows at once (as many as the pool has connections), attaches taking turns on the
 * parent's lock.
 *
 * Terraform's rules it designs around: a create that fails is saved as tainted and replaced, so a
 * failed create saves nothing (the re-run adopts what was built: the windows are ours by their
 * mark); an update that fails part-way saves the windows it finished, and keeps every window it
 * could not retire. Tests: test/provider/window-set.test.ts.
 */
import { boundCheckName, type RangeColumnType } from '../../core';
import { readWindowStats, type PartitionInventory } from '../../catalog';
import { DiagnosticError, nested, UNKNOWN, type Attributes, type Diagnostic, type Model, type ResourceType, type Value } from '../framework/types';
import { settleEach } from '../internal/concurrency';
import type { ProviderContext } from '../internal/context';
import { error, fail, statementFailed } from '../internal/diagnostics';
import { parseImportId } from '../internal/import-id';
import { partitionKeyOf, tableByName } from '../internal/lookups';
import { OWNER_ATTRIBUTE, STATS_ATTRIBUTES, TABLE_ATTRIBUTES, WINDOW_ATTRIBUTES } from '../windows/attributes';
import { archiveChecks, archiveWindow, restoreWindow } from '../windows/archive';
import { ensureWindow } from '../windows/create';
import { IMPORTED_OWNER, type Handover, type RetentionMode, type SubPartitionModel, type WindowDecl } from '../windows/model';
import { layoutChecks, retireChecks } from '../windows/plan-checks';
import { parentInventory, planCreates } from '../windows/plan-create';
import { readWindow } from '../windows/read';
import { retireWindow, type EarlyRetirement } from '../windows/retire';
import { windowConfigDiagnostics } from '../windows/validate';
import { reportWindowStep } from '../windows/progress';

/** One element of `windows`: the window's own declaration and what a read finds. */
export type WindowEntry = {
  readonly from: string;
  readonly to: string;
  readonly sub_partitions: readonly SubPartitionModel[] | null;
  readonly default_sub_partition: string | null;
  readonly retention: string | null;
  readonly retention_mode: RetentionMode | null;
  readonly archive_schema: string | null;
  readonly keep_for: string | null;
  readonly archived: boolean | null;
  readonly attached: boolean | null;
  readonly row_estimate: number | null;
  readonly size_bytes: number | null;
};

/** The state of a window set (snake_case attribute names, as in the schema). */
export type WindowSetModel = {
  readonly id: string | null;
  readonly schema: string;
  readonly parent_table: string;
  readonly range_column: string;
  readonly range_type: RangeColumnType;
  readonly list_column: string | null;
  readonly owner: string;
  readonly windows: Readonly<Record<string, WindowEntry>>;
  readonly retire_early: readonly string[] | null;
  readonly allow_teardown: boolean;
};

/** Per-window attributes: the declaration (no defaults inside a map: a null retention_mode is `keep`) and the computed ones. */
const { retention_mode: retentionMode, ...declared } = WINDOW_ATTRIBUTES;
const ENTRY_ATTRIBUTES: Attributes = {
  ...Object.fromEntries(Object.entries(declared).map(([name, a]) => [name, { ...a, requiresReplace: false }])),
  retention_mode: { ...retentionMode, computed: false, default: undefined, description: `${retentionMode.description.replace(/ Default: `keep`\.$/, '')} Null: \`keep\`.` },
  ...STATS_ATTRIBUTES,
};

const attributes: Attributes = {
  id: { type: 'string', computed: true, useStateForUnknown: true, description: 'The parent table\'s qualified name, `<schema>.<parent_table>`.' },
  ...TABLE_ATTRIBUTES,
  ...OWNER_ATTRIBUTE,
  windows: {
    ...nested('map', ENTRY_ATTRIBUTES),
    required: true,
    description: 'The windows, keyed by partition name (at most 63 bytes, e.g. `account_balances_2024_12_23`). A key added is a window created; a key removed is a window retired (only once its retention has passed, by the database clock); changed bounds retire the window and create it anew.',
  },
  retire_early: {
    type: ['list', 'string'],
    optional: true,
    description: 'Names of windows this change may retire BEFORE their retention has passed (lowering retention or premake on purpose). Each such retirement is a warning in the plan naming the date the window would have been kept until. Default: none; a window leaving the map before its retention is refused.',
  },
  allow_teardown: {
    type: 'bool',
    optional: true,
    computed: true,
    default: false,
    description: 'Let every window go now, whatever its retention, including when the set is destroyed (an ephemeral environment torn down): apply it first, so the state carries it, then destroy. Each early retirement is a warning in the plan. Default: false.',
  },
};

const qualifiedParent = (m: Pick<WindowSetModel, 'schema' | 'parent_table'>) => `${m.schema}.${m.parent_table}`;

/** What allows retiring window `name` of `m` before its retention, if anything (see the attributes). */
function earlyOf(m: WindowSetModel, name: string): EarlyRetirement {
  if (m.allow_teardown === true) return { allowedBy: 'allow_teardown' };
  return Array.isArray(m.retire_early) && m.retire_early.includes(name) ? { allowedBy: 'retire_early' } : null;
}

/** The window `name` of `m` as the window functions take it. */
function declOf(m: WindowSetModel, name: string, e: WindowEntry): WindowDecl {
  return {
    schema: m.schema,
    parent_table: m.parent_table,
    name,
    range_column: m.range_column,
    range_type: m.range_type,
    from: e.from,
    to: e.to,
    list_column: m.list_column,
    sub_partitions: e.sub_partitions,
    default_sub_partition: e.default_sub_partition,
    retention: e.retention,
    retention_mode: e.retention_mode ?? 'keep',
    archive_schema: e.archive_schema ?? null,
    keep_for: e.keep_for ?? null,
    archived: e.archived ?? null,
    owner: m.owner,
  };
}

const entries = (m: WindowSetModel) => Object.entries(m.windows ?? {});
const isArchived = (e: WindowEntry | undefined) => e?.archived === true;
const sameBounds = (a: WindowEntry, b: WindowEntry) => a.from === b.from && a.to === b.to;
const byFrom = ([, a]: [string, WindowEntry], [, b]: [string, WindowEntry]) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0);

/** The entry of a window as a read finds it: its declaration with the catalog's bounds, sub-partitions, attachment, rows and bytes. */
async function readEntry(ctx: ProviderContext, inventory: PartitionInventory, m: WindowSetModel, name: string, e: WindowEntry): Promise<WindowEntry | null> {
  const live = await readWindow(ctx, inventory, declOf(m, name, e));
  return live ? { ...e, ...live } : null;
}

/** `e` with its rows and bytes read for this window alone, attached (archived: in its archive schema, detached). */
async function withStats(ctx: ProviderContext, m: WindowSetModel, name: string, e: WindowEntry): Promise<WindowEntry> {
  const schema = isArchived(e) ? e.archive_schema! : m.schema;
  try {
    const stats = await readWindowStats(await ctx.pool(), schema, name);
    return { ...e, attached: !isArchived(e), row_estimate: stats?.rowEstimate ?? 0, size_bytes: stats?.sizeBytes ?? 0 };
  } catch (err) {
    throw statementFailed(err, { object: `${schema}.${name}`, step: 'read the row estimate and size of', statement: 'the window statistics query (src/catalog)' });
  }
}

/**
 * One diagnostic per distinct problem (issue: a layout change on a deployed stack printed the same
 * error for every window): problems that differ only in the window's name are merged into one
 * naming how many windows it concerns, the first few by name.
 */
export function mergeByProblem(diags: readonly Diagnostic[], names: readonly string[]): Diagnostic[] {
  const groups = new Map<string, { d: Diagnostic; windows: string[] }>();
  for (const d of diags) {
    const name = names.find((n) => d.summary.includes(n) || d.detail.includes(n));
    const key = name === undefined ? `${d.severity}\n${d.summary}\n${d.detail}` : `${d.severity}\n${d.summary.split(name).join('\u0000')}\n${d.detail.split(name).join('\u0000')}`;
    const group = groups.get(key);
    if (group) group.windows.push(name ?? '');
    else groups.set(key, { d, windows: name === undefined ? [] : [name] });
  }
  return [...groups.values()].map(({ d, windows }) => {
    if (windows.length <= 1) return d;
    const shown = windows.slice(0, 3).join(', ');
    const more = windows.length > 3 ? ` and ${windows.length - 3} more` : '';
    return { ...d, summary: `${d.summary} (and the same for ${windows.length - 1} other windows)`, detail: `${d.detail}\nThe same holds for ${windows.length} windows: ${shown}${more}.` };
  });
}

/** What an update (or create, from nothing) must do, window by window. */
interface Work {
  /** Windows to create, attach again, restore from the archive, or change in place. */
  readonly ensure: readonly [string, WindowEntry][];
  /** Windows to archive (retention_mode `archive`, declared `archived`). */
  readonly archive: readonly [string, WindowEntry][];
  readonly retire: readonly [string, WindowEntry][];
}

function workOf(prior: WindowSetModel | null, planned: WindowSetModel): Work {
  const before = prior?.windows ?? {};
  const ownerChanged = prior !== null && prior.owner !== planned.owner;
  const changed = ([name, e]: [string, WindowEntry]) => {
    const p = before[name];
    return !p || !sameBounds(p, e) || ownerChanged || isArchived(p) !== isArchived(e);
  };
  const ensure = entries(planned).filter(([name, e]) => {
    if (isArchived(e)) return false;
    const p = before[name];
    if (changed([name, e]) || p.attached === false) return true;
    return JSON.stringify(p.sub_partitions ?? []) !== JSON.stringify(e.sub_partitions ?? []) || p.default_sub_partition !== e.default_sub_partition;
  });
  const archive = entries(planned).filter((entry) => isArchived(entry[1]) && changed(entry));
  const retire = Object.entries(before).filter(([name, p]) => !planned.windows[name] || !sameBounds(p, planned.windows[name]));
  return { ensure: [...ensure].sort(byFrom), archive: [...archive].sort(byFrom), retire: [...retire].sort(byFrom) };
}

/**
 * Runs `work` (retirements first, so a window whose bounds changed is retired before it is created
 * anew; then creates in bound order), as many windows at once as the pool has connections. Returns
 * the windows as they are now, and the failures (each keeps its window as it was).
 */
async function apply(ctx: ProviderContext, prior: WindowSetModel | null, planned: WindowSetModel): Promise<{ windows: Record<string, WindowEntry>; failures: Diagnostic[]; warnings: Diagnostic[] }> {
  const { ensure, archive, retire } = workOf(prior, planned);
  const windows: Record<string, WindowEntry> = { ...(prior?.windows ?? {}) };
  const failures: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const fails = (err: unknown) => failures.push(...(err instanceof DiagnosticError ? err.diagnostics : [error(undefined, 'Window step failed', String(err))]));
  const limit = ctx.maxConnections;
  // each window step is reported by the window functions (../windows/progress.ts)
  reportWindowStep({ expect: retire.length + archive.length + ensure.length });
  const retirements = await settleEach(retire, limit, ([name, p]) => retireWindow(ctx, declOf(prior!, name, p), earlyOf(planned, name)));
  retirements.forEach((r, i) => {
    const [name] = retire[i];
    if (r.status === 'fulfilled') {
      warnings.push(...r.value);
      delete windows[name];
    } else fails(r.reason);
  });
  const archivals = await settleEach(archive, limit, async ([name, e]) => {
    warnings.push(...(await archiveWindow(ctx, declOf(planned, name, e), earlyOf(planned, name))));
    return withStats(ctx, planned, name, e);
  });
  archivals.forEach((r, i) => {
    const [name] = archive[i];
    if (r.status === 'fulfilled') windows[name] = r.value;
    else fails(r.reason); // it stays as it was: the next deploy archives it
  });
  const handover: Handover | undefined = prior === null ? undefined
    : prior.owner === IMPORTED_OWNER ? { kind: 'import' }
    : prior.owner !== planned.owner ? { kind: 'owner', owner: prior.owner } : undefined;
  const creations = await settleEach(ensure, limit, async ([name, e]) => {
    if (windows[name] && !sameBounds(windows[name], e)) throw new DiagnosticError(error(undefined, `Window ${planned.schema}.${name} was not retired`, 'Its old bounds are still in place (see the error above); it is created anew once they are retired.'));
    const decl = declOf(planned, name, e);
    if (isArchived(windows[name])) await restoreWindow(ctx, decl);
    await ensureWindow(ctx, decl, handover);
    return withStats(ctx, planned, name, e);
  });
  creations.forEach((r, i) => {
    const [name] = ensure[i];
    if (r.status === 'fulfilled') windows[name] = r.value;
    else fails(r.reason); // a window that existed stays as it was; a new one is not saved
  });
  // windows with nothing to do take their planned values (a changed retention; the last read's rows and bytes)
  const worked = new Set([...ensure, ...archive].map(([n]) => n));
  for (const [name, e] of entries(planned)) if (!worked.has(name) && name in windows) windows[name] = e;
  return { windows, failures, warnings };
}

export const windowSetResource: ResourceType<ProviderContext, WindowSetModel> = {
  typeName: 'pgpartition_window_set',
  description: 'Every window of one parent table in one resource: a map keyed by window name, each the range partition [from, to), list-sub-partitioned by activity group, built standalone and attached; retired by DETACH CONCURRENTLY only after its retention has passed.',
  version: 0,
  attributes,

  validate(config) {
    const windows = config.windows as Readonly<Record<string, Model>> | null | typeof UNKNOWN;
    if (windows === null || windows === UNKNOWN) return [];
    const shared = { schema: config.schema, range_type: config.range_type, list_column: config.list_column };
    return Object.entries(windows).flatMap(([name, e]) =>
      (e as Value) === UNKNOWN ? [] : windowConfigDiagnostics({ ...shared, ...e, name, retention_mode: (e.retention_mode as Value) ?? 'keep' } as Model, ['windows', name]));
  },

  async read(ctx, state) {
    const inventory = await parentInventory(ctx, state);
    const windows: Record<string, WindowEntry> = {};
    for (const [name, e] of entries(state)) {
      const live = await readEntry(ctx, inventory, state, name, e);
      if (live) windows[name] = live; // gone: the next plan creates it again
    }
    return { state: { ...state, id: qualifiedParent(state), windows } };
  },

  async plan(ctx, { prior, config, proposed, requiresReplace }) {
    if (proposed.windows === (UNKNOWN as unknown) || Object.values(proposed.windows ?? {}).some((e) => (e as unknown) === UNKNOWN)) return { planned: proposed };
    const before = prior?.windows ?? {};
    const replacing = prior !== null && requiresReplace.length > 0;
    const windows: Record<string, WindowEntry> = {};
    for (const [name, e] of entries(proposed)) {
      const p = before[name];
      const kept = p && !replacing && sameBounds(p, e);
      windows[name] = kept && isArchived(p) === isArchived(e)
        // known from the last read; a detached window still declared is attached again by the update
        ? { ...e, attached: isArchived(e) ? false : p.attached === false ? true : p.attached, row_estimate: p.row_estimate, size_bytes: p.size_bytes }
        : kept // archived or restored now: the move is known, its rows and bytes are read after it
          ? { ...e, attached: !isArchived(e), row_estimate: UNKNOWN as never, size_bytes: UNKNOWN as never }
          : { ...e, attached: UNKNOWN as never, row_estimate: UNKNOWN as never, size_bytes: UNKNOWN as never };
    }
    const planned = { ...proposed, id: prior?.id ?? (UNKNOWN as never), windows };
    const names = Object.keys({ ...before, ...windows });
    const diags: Diagnostic[] = [];
    const fresh = ([name, e]: [string, WindowEntry]) => replacing || !before[name] || !sameBounds(before[name], e);
    // created, or restored from the archive; a window declared archived from the start creates nothing
    const added = entries(planned).filter((entry) => !isArchived(entry[1]) && (fresh(entry) || isArchived(before[entry[0]])));
    const archiving = entries(planned).filter((entry) => isArchived(entry[1]) && !fresh(entry) && !isArchived(before[entry[0]]));
    const removed = prior === null ? [] : entries(prior).filter(([name, p]) => replacing || !windows[name] || !sameBounds(p, windows[name]));
    if (removed.length > 0) {
      const inventory = await parentInventory(ctx, prior!);
      for (const [name, p] of removed) diags.push(...(await retireChecks(ctx, inventory, declOf(prior!, name, p), earlyOf(planned, name))));
    }
    if (archiving.length > 0) {
      const inventory = await parentInventory(ctx, planned);
      for (const [name, e] of archiving) diags.push(...(await archiveChecks(ctx, inventory, declOf(planned, name, e), earlyOf(planned, name))));
    }
    if (added.length > 0) diags.push(...(await planCreates(ctx, added.map(([name, e]) => declOf(planned, name, e)))));
    if (prior !== null && !replacing) {
      for (const [name, e] of entries(planned)) {
        if (before[name] && sameBounds(before[name], e)) diags.push(...layoutChecks(declOf(prior, name, before[name]), declOf(config, name, config.windows[name])));
      }
    }
    return { planned, requiresReplace, diagnostics: mergeByProblem(diags, names) };
  },

  async planDestroy(ctx, prior) {
    if (entries(prior).length === 0) return [];
    const inventory = await parentInventory(ctx, prior);
    const diags: Diagnostic[] = [];
    for (const [name, p] of entries(prior)) diags.push(...(await retireChecks(ctx, inventory, declOf(prior, name, p), earlyOf(prior, name))));
    return mergeByProblem(diags, Object.keys(prior.windows));
  },

  async create(ctx, planned) {
    const { windows, failures } = await apply(ctx, null, planned);
    // a failed create saves nothing (terraform would taint it); the re-run adopts the windows built
    if (failures.length > 0) throw new DiagnosticError(mergeByProblem(failures, Object.keys(planned.windows)));
    return { ...planned, id: qualifiedParent(planned), windows };
  },

  async update(ctx, prior, planned) {
    const { windows, failures } = await apply(ctx, prior, planned);
    const state = { ...planned, id: qualifiedParent(planned), windows };
    // a part-way failure saves what exists now: windows finished, windows not retired
    if (failures.length > 0) throw new DiagnosticError(mergeByProblem(failures, Object.keys({ ...prior.windows, ...planned.windows })), { state });
    return state;
  },

  async delete(ctx, prior) {
    const { windows, failures, warnings } = await apply(ctx, prior, { ...prior, windows: {}, retire_early: null });
    if (failures.length > 0) throw new DiagnosticError(mergeByProblem(failures, Object.keys(prior.windows)), { state: { ...prior, windows } });
    return warnings;
  },

  async importState(ctx, id) {
    const { schema, name } = parseImportId(id, 'the windows of a parent table', 'pgpartition_window_set.t public.account_balances');
    const pool = await ctx.pool();
    const key = await partitionKeyOf(pool, schema, name);
    if (!key?.rangeType) fail(undefined, `Cannot import ${id}`, `${id} is not a table partitioned by RANGE on a timestamptz, timestamp or date column.`);
    const inventory = await ctx.inventories.get(schema, name, key.rangeType);
    const managed = inventory.windows.filter((w) => w.kind === 'range' && w.managed && w.from !== null && w.to !== null);
    const first = managed[0] ? await tableByName(pool, schema, managed[0].name, boundCheckName(managed[0].name), key.rangeType) : null;
    const listColumn = first?.listColumn ?? null;
    const windows = Object.fromEntries(managed.map((w): [string, WindowEntry] => {
      const groups = w.subPartitions.filter((s) => !s.isDefault && s.values !== null);
      return [w.name, {
        from: w.from!,
        to: w.to!,
        sub_partitions: listColumn ? groups.map((s) => ({ name: s.name, values: s.values!.map((v) => v ?? 'NULL') })) : null,
        default_sub_partition: w.subPartitions.find((s) => s.isDefault)?.name ?? null,
        retention: null,
        retention_mode: 'keep',
        archive_schema: null,
        keep_for: null,
        archived: null,
        attached: !w.detachPending,
        row_estimate: w.rowEstimate,
        size_bytes: w.sizeBytes,
      }];
    }));
    // only windows carrying an ownership mark are imported: pgpartition never takes a partition it did not make by import of its parent
    return {
      id: `${schema}.${name}`,
      schema,
      parent_table: name,
      range_column: key.column,
      range_type: key.rangeType,
      list_column: listColumn,
      owner: IMPORTED_OWNER, // the first apply writes the configured owner's mark: import itself changes nothing
      windows,
      retire_early: null,
      allow_teardown: false,
    };
  },
};

