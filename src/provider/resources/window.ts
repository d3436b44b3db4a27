/**
 * `pgpartition_window`: one window, the range partition [from, to) of a parent table, itself
 * `PARTITION BY LIST` on the list column with one sub-partition per activity group plus the
 * DEFAULT sub-partition. Tests: test/provider/window.test.ts.
 *
 * Built the production-grade way (DESIGN.md, lock levels): a standalone table with its
 * sub-partitions and a CHECK constraint matching the bound (no lock on the parent beyond ACCESS
 * SHARE, so windows build in parallel), then, under the parent's advisory lock, rows for the
 * window are moved out of the parent's DEFAULT partition and the table is ATTACHed (SHARE UPDATE
 * EXCLUSIVE on the parent). Retired with DETACH CONCURRENTLY, then DROP. Every step is its own
 * transaction with lock_timeout, so a killed apply leaves a managed standalone table that the
 * next apply reuses.
 */
import {
  addSubPartitionSql,
  attachWindowSql,
  boundCheckExpression,
  boundCheckName,
  canonicalBound,
  createStandaloneWindowSql,
  detachWindowSql,
  dropWindowSql,
  finalizeDetachSql,
  moveDefaultRowsSql,
  OWNERSHIP_COMMENT,
  ownershipCommentSql,
  qualifiedName,
  quoteIdent,
  type RangeColumnType,
  type SubPartitionPlan,
} from '../../core';
import { readWindowStats, type PartitionInventory, type WindowInfo } from '../../catalog';
import { DiagnosticError, UNKNOWN, type Attributes, type Diagnostic, type ResourceType, type Value } from '../framework/types';
import type { ProviderContext } from '../internal/context';
import { error, fail, statementFailed, warning } from '../internal/diagnostics';
import { windowDiagnostics } from '../internal/hcl-checks';
import { parseImportId } from '../internal/import-id';
import { checkRetention } from '../internal/retention';
import { parentOf, partitionKeyOf, tableByName, windowLookup, type TableByName, type WindowLookup } from '../internal/lookups';
import { identifier, intervalText, oneOf } from '../internal/validators';
import { lockParentInTransaction, withParentSessionLock } from '../internal/advisory-lock';

const RANGE_TYPES: readonly RangeColumnType[] = ['timestamptz', 'timestamp', 'date'];
const RETENTION_MODES = ['drop', 'detach', 'keep'] as const;

/** One group sub-partition in state: its full partition name and list values. */
export type SubPartitionModel = { readonly name: string; readonly values: readonly string[] };

/** The state of one window (snake_case attribute names, as in the schema). */
export type WindowModel = {
  readonly id: string | null;
  readonly schema: string;
  readonly parent_table: string;
  readonly name: string;
  readonly range_column: string;
  readonly range_type: RangeColumnType;
  readonly from: string;
  readonly to: string;
  readonly list_column: string | null;
  readonly sub_partitions: readonly SubPartitionModel[] | null;
  readonly default_sub_partition: string | null;
  readonly retention: string | null;
  readonly retention_mode: (typeof RETENTION_MODES)[number];
  readonly row_estimate: number | null;
  readonly size_bytes: number | null;
};

/** A bound validator: canonical text for one of the range types (which one is checked in `validate`). */
const boundText = (value: Value) =>
  RANGE_TYPES.some((t) => {
    try {
      canonicalBound(value as string, t);
      return true;
    } catch {
      return false;
    }
  })
    ? undefined
    : `${JSON.stringify(value)} is not a canonical bound; write "2024-12-23T00:00:00Z" (timestamptz), "2024-12-23 00:00:00" (timestamp) or "2024-12-23" (date)`;

const attributes: Attributes = {
  id: { type: 'string', computed: true, useStateForUnknown: true, description: 'The window\'s qualified name, `<schema>.<name>`.' },
  schema: { type: 'string', optional: true, computed: true, default: 'public', requiresReplace: true, validators: [identifier], description: 'Schema of the parent table and the window. Default: `public`.' },
  parent_table: { type: 'string', required: true, requiresReplace: true, validators: [identifier], description: 'Name of the parent table (`PARTITION BY RANGE`).' },
  name: { type: 'string', required: true, requiresReplace: true, validators: [identifier], description: 'Partition name of the window, e.g. `account_balances_2024_12_23` (the core names it; at most 63 bytes).' },
  range_column: { type: 'string', required: true, requiresReplace: true, validators: [identifier], description: 'The parent\'s range (partition key) column.' },
  range_type: { type: 'string', required: true, requiresReplace: true, validators: [oneOf(RANGE_TYPES)], description: 'Type of the range column: `timestamptz`, `timestamp` or `date`; decides the bound text form.' },
  from: { type: 'string', required: true, requiresReplace: true, validators: [boundText], description: 'Inclusive lower partition bound in the core\'s canonical text: `2024-12-23T00:00:00Z` (timestamptz, UTC), `2024-12-23 00:00:00` (timestamp), `2024-12-23` (date).' },
  to: { type: 'string', required: true, requiresReplace: true, validators: [boundText], description: 'Exclusive upper partition bound, canonical text like `from`.' },
  list_column: { type: 'string', optional: true, requiresReplace: true, validators: [identifier], description: 'Column the window is `PARTITION BY LIST` on. Without it the window is a plain table and takes no sub-partitions.' },
  sub_partitions: {
    type: ['list', ['object', { name: 'string', values: ['list', 'string'] }]],
    optional: true,
    description: 'Group sub-partitions: partition name and list values. A missing one is added in place (rows for its values move out of the DEFAULT sub-partition); changing or removing one of an existing window is refused: add a dated layout effective from a future window instead.',
  },
  default_sub_partition: { type: 'string', optional: true, validators: [identifier], description: 'Name of the window\'s DEFAULT sub-partition (values in no group). Without it, rows with such values are refused.' },
  retention: { type: 'string', optional: true, validators: [intervalText], description: 'How long the window is kept after its upper bound, PostgreSQL interval text such as `12 weeks`. Null keeps it forever. Terraform destroys only see state, so each window carries its own.' },
  retention_mode: { type: 'string', optional: true, computed: true, default: 'keep', validators: [oneOf(RETENTION_MODES)], description: 'What destroying the window does once `to` <= database now() - `retention`: `drop` (DETACH CONCURRENTLY, then DROP TABLE), `detach` (DETACH CONCURRENTLY, keep the table), `keep` (refuse). Default: `keep`.' },
  row_estimate: { type: 'number', computed: true, useStateForUnknown: true, description: 'Rows in the window (statistics, or an exact count/sample on a never-analysed table), refreshed on every read.' },
  size_bytes: { type: 'number', computed: true, useStateForUnknown: true, description: 'Bytes the window takes on disk (heap, TOAST, indexes of every sub-partition), refreshed on every read.' },
};

const qualified = (m: Pick<WindowModel, 'schema' | 'name'>) => `${m.schema}.${m.name}`;

/** The catalog entry of this window if it is attached to its parent, from the shared inventory (plan and refresh). */
async function attached(ctx: ProviderContext, m: WindowModel): Promise<{ inventory: PartitionInventory; window: WindowInfo | undefined }> {
  const inventory = await ctx.inventories.get(m.schema, m.parent_table, m.range_type);
  return { inventory, window: inventory.windows.find((w) => w.name === m.name && w.kind === 'range') };
}

/** This window's parent and table, in one targeted query (applies: see ../internal/lookups.ts). */
async function lookup(ctx: ProviderContext, m: WindowModel): Promise<WindowLookup> {
  return windowLookup(await ctx.pool(), m.schema, m.parent_table, m.name, boundCheckName(m.name), m.range_type);
}

/** The table is attached to this window's parent (possibly detach-pending). */
const isAttachedHere = (m: WindowModel, t: TableByName | null): boolean =>
  t !== null && t.attachedTo !== null && t.attachedTo.schema === m.schema && t.attachedTo.name === m.parent_table;

/** Group sub-partitions then the DEFAULT one, in the core's shape. */
function subPartitionPlans(m: WindowModel): SubPartitionPlan[] {
  const groups = (m.sub_partitions ?? []).map((s) => ({ name: s.name, group: s.name, values: s.values }));
  return m.default_sub_partition ? [...groups, { name: m.default_sub_partition, group: 'default', values: null }] : groups;
}

/** State from a catalog entry: bounds as the catalog has them (drift), the recorded sub-partitions that still exist. */
function fromCatalog(m: WindowModel, w: WindowInfo): WindowModel {
  const live = new Map(w.subPartitions.map((s) => [s.name, s]));
  const subs = (m.sub_partitions ?? [])
    .filter((s) => live.get(s.name)?.values)
    .map((s) => ({ name: s.name, values: live.get(s.name)!.values!.map((v) => v ?? 'NULL') }));
  return {
    ...m,
    id: qualified(m),
    from: w.from ?? m.from,
    to: w.to ?? m.to,
    sub_partitions: m.sub_partitions === null ? null : subs,
    default_sub_partition: m.default_sub_partition !== null && live.get(m.default_sub_partition)?.isDefault ? m.default_sub_partition : null,
    row_estimate: w.rowEstimate,
    size_bytes: w.sizeBytes,
  };
}

/** Refuses when an unmanaged table is in the way (safety rule 2). */
function refuseUnmanaged(m: WindowModel, what: string): never {
  return fail(undefined, `${qualified(m)} is not managed by pgpartition`, `${what} ${qualified(m)} exists without the ownership mark (comment 'pgpartition:managed'), so pgpartition will not touch it. If it is meant to be this window, import it: terraform import <address> ${qualified(m)}. Otherwise rename or remove it.`);
}

/** Names of a table's sub-partitions and of its DEFAULT one. */
function presentSubPartitions(t: TableByName): { names: string[]; defaultSub: string | null } {
  return { names: t.subPartitions.map((s) => s.name), defaultSub: t.subPartitions.find((s) => s.bound.kind === 'default')?.name ?? null };
}

/**
 * Makes sure the window exists and is attached (see the module doc). Idempotent: reuses a managed
 * standalone table left by a killed apply, adopts a managed window already attached with the same
 * bounds, finishes a detach that was cut short. Reads only this window's catalog rows
 * ({@link windowLookup}), never the parent's inventory, so N creates cost O(N) catalog work.
 */
async function ensureWindow(ctx: ProviderContext, m: WindowModel): Promise<WindowModel> {
  let found = await lookup(ctx, m);
  if (!found.parentPartitioned) {
    fail(['parent_table'], 'Parent table missing', `${m.schema}.${m.parent_table} does not exist or is not partitioned. Declare it with pgpartition_parent_table and reference it (parent_table = pgpartition_parent_table.<name>.name) so it is created first.`);
  }
  const key = found.parentKey; // read in the same round trip as the window
  if (key !== null && (key.column !== m.range_column || key.rangeType !== m.range_type)) {
    // a wrong range_type would make bounds and the retention check read in another time base
    fail(['range_type'], 'Window does not match its parent table',
      `${m.schema}.${m.parent_table} is PARTITION BY RANGE (${key.column}) of type ${key.typeText}; this window declares range_column = "${m.range_column}", range_type = "${m.range_type}". Set both to the parent's.`);
  }
  const label = { object: qualified(m) };
  if (found.table && isAttachedHere(m, found.table)) {
    const t = found.table;
    if (t.comment !== OWNERSHIP_COMMENT) refuseUnmanaged(m, 'The attached partition');
    const bound = t.bound?.kind === 'range' ? t.bound : null;
    if (bound?.from !== m.from || bound?.to !== m.to) {
      fail(['from'], 'Window exists with other bounds', `${qualified(m)} is attached for ${bound ? `[${bound.from}, ${bound.to})` : t.bound?.kind ?? 'an unknown bound'}, not [${m.from}, ${m.to}). Set from/to to the catalog's bounds, or retire that window first.`);
    }
    if (!t.detachPending) {
      const present = presentSubPartitions(t);
      await addMissingSubPartitions(ctx, m, present.names, present.defaultSub);
      return withStats(ctx, m);
    }
    // a retirement was cut short; finish it (detaches of one parent take turns), then attach again below
    await ctx.parentTurns.run(m.schema, m.parent_table, () =>
      ctx.session({ ...label, step: 'finalize the detach of' }, (s) =>
        withParentSessionLock(s, m.schema, m.parent_table, async () => {
          for (const sql of finalizeDetachSql(m.schema, m.parent_table, m.name)) await s.run(sql);
        })));
    found = await lookup(ctx, m);
  }
  await buildStandalone(ctx, m, found.table);
  if (process.env.PGPARTITION_FAULT === 'exit-after-build') {
    // deterministic stand-in for a killed apply (test/provider/window.test.ts): the window is built, not attached
    process.stderr.write(`pgpartition: PGPARTITION_FAULT=exit-after-build: exiting after building ${qualified(m)}\n`);
    process.exit(70);
  }
  await ctx.parentTurns.run(m.schema, m.parent_table, () => ctx.transaction({ ...label, step: 'attach window' }, async (tx) => {
    await lockParentInTransaction(tx, ctx.lockTimeoutMs, m.schema, m.parent_table);
    // read the DEFAULT partition under the lock: a concurrent deploy may have added it
    const { rows } = await tx.run<{ name: string | null }>(
      `SELECT c.relname AS name FROM pg_partitioned_table t JOIN pg_class c ON c.oid = t.partdefid WHERE t.partrelid = $1::regclass`,
      [qualifiedName(m.schema, m.parent_table)],
    );
    const args = { schema: m.schema, parent: m.parent_table, window: m, rangeColumn: m.range_column, rangeType: m.range_type };
    const statements = [...(rows[0]?.name ? moveDefaultRowsSql(args) : []), ...attachWindowSql(args)];
    for (const sql of statements) await tx.run(sql);
  }));
  ctx.inventories.invalidate(m.schema, m.parent_table);
  return withStats(ctx, m);
}

/**
 * Step 1: the standalone table with sub-partitions and bound CHECK; or completes `existing`, a table
 * of this name found by the lookup (it must be managed and not a partition of any table).
 */
async function buildStandalone(ctx: ProviderContext, m: WindowModel, existing: TableByName | null): Promise<void> {
  const checkName = boundCheckName(m.name);
  if (existing === null) {
    const statements = createStandaloneWindowSql({
      schema: m.schema,
      parent: m.parent_table,
      window: { name: m.name, from: m.from, to: m.to, subPartitions: subPartitionPlans(m) },
      rangeColumn: m.range_column,
      rangeType: m.range_type,
      listColumn: m.list_column,
    });
    await ctx.transaction({ object: qualified(m), step: 'build window' }, async (tx) => {
      for (const sql of statements) await tx.run(sql);
    });
    return;
  }
  if (existing.comment !== OWNERSHIP_COMMENT) refuseUnmanaged(m, 'The table');
  if (existing.isPartition) {
    fail(undefined, `${qualified(m)} belongs to another parent`, `${qualified(m)} is attached to a table other than ${m.schema}.${m.parent_table}. Detach it there, or give this window another name.`);
  }
  if ((existing.listColumn ?? null) !== m.list_column) {
    fail(['list_column'], `${qualified(m)} has another layout`, `The standalone table ${qualified(m)} is ${existing.listColumn ? `list-partitioned on ${existing.listColumn}` : 'not list-partitioned'}, the window declares list_column ${m.list_column ?? 'null'}. Drop the table by hand (it is not attached, so it holds no live rows of the parent) and re-run.`);
  }
  if (!existing.hasBoundCheck) {
    await ctx.transaction({ object: qualified(m), step: 'add the bound CHECK to' }, async (tx) => {
      await tx.run(`ALTER TABLE ${qualifiedName(m.schema, m.name)} ADD CONSTRAINT ${quoteIdent(checkName)} CHECK (${boundCheckExpression(m.range_column, m.from, m.to, m.range_type)})`);
    });
  }
  const present = presentSubPartitions(existing);
  await addMissingSubPartitions(ctx, m, present.names, present.defaultSub);
}

/** Adds each sub-partition of `m` not among `present`, one transaction each (DEFAULT first, so group rows have a source to move from). */
async function addMissingSubPartitions(ctx: ProviderContext, m: WindowModel, present: readonly string[], defaultSub: string | null): Promise<void> {
  if (m.list_column === null) return;
  const missing = subPartitionPlans(m).filter((s) => !present.includes(s.name));
  for (const sub of missing) {
    const statements = addSubPartitionSql({ schema: m.schema, window: m.name, listColumn: m.list_column, sub, defaultSubPartition: sub.values === null ? null : defaultSub });
    await ctx.transaction({ object: `${m.schema}.${sub.name}`, step: 'add sub-partition' }, async (tx) => {
      for (const sql of statements) await tx.run(sql);
    });
    if (sub.values === null) defaultSub = sub.name;
  }
  if (missing.length > 0) ctx.inventories.invalidate(m.schema, m.parent_table);
}

/** `m` with its computed attributes read for this window alone (rows moved in from the DEFAULT partition count). */
async function withStats(ctx: ProviderContext, m: WindowModel): Promise<WindowModel> {
  let stats;
  try {
    stats = await readWindowStats(await ctx.pool(), m.schema, m.name);
  } catch (err) {
    throw statementFailed(err, { object: qualified(m), step: 'read the row estimate and size of', statement: 'the window statistics query (src/catalog)' });
  }
  return { ...m, id: qualified(m), row_estimate: stats?.rowEstimate ?? 0, size_bytes: stats?.sizeBytes ?? 0 };
}

/** Why retiring a window is refused by retention (safety rule 1); evaluated with the database clock and the retention in its own state. */
async function retentionRefusal(ctx: ProviderContext, prior: WindowModel): Promise<Diagnostic | null> {
  const who = `${qualified(prior)} [${prior.from}, ${prior.to})`;
  if (prior.retention_mode === 'keep' || prior.retention === null) {
    return error(undefined, `Refusing to retire window ${qualified(prior)}`,
      `${who} has retention_mode "${prior.retention_mode}" and retention ${prior.retention ?? 'null'}: pgpartition keeps it forever (safety rule 1). ` +
        `If it left the configuration by mistake (a reverted commit, a lowered premake, an asOf typo), restore it. To stop managing it without touching the table: terraform state rm <address>. ` +
        `To let it be retired, first apply retention and retention_mode = "drop" or "detach" on it.`);
  }
  const verdict = await checkRetention(await ctx.pool(), prior.range_type, prior.to, prior.retention);
  if (verdict.expired) return null;
  return error(undefined, `Refusing to ${prior.retention_mode} window ${qualified(prior)}: not expired`,
    `${who} has upper bound ${prior.to}, later than the retention horizon ${verdict.horizon} (database now() - ${prior.retention}). ` +
      `pgpartition never drops or detaches a window before its retention has passed (safety rule 1). ` +
      `Fix: keep the window in the configuration (check asOf, premake and retention), or wait until ${prior.to} + ${prior.retention}.`);
}

const unmanagedRefusal = (prior: WindowModel) =>
  error(undefined, `Refusing to retire window ${qualified(prior)}`, `${qualified(prior)} lacks the ownership mark (comment 'pgpartition:managed'), so pgpartition does not touch it (safety rule 2). Re-import it to adopt it, or terraform state rm <address>.`);

/**
 * Plan-time view of retiring `prior` (safety rules 1 and 2), plus the rule-3 warning for a drop
 * that deletes rows, from the shared inventory (plans read it once per parent anyway).
 */
async function retireDiagnostics(ctx: ProviderContext, prior: WindowModel): Promise<Diagnostic[]> {
  const { window } = await attached(ctx, prior);
  if (window && !window.managed && prior.retention_mode !== 'keep' && prior.retention !== null) return [unmanagedRefusal(prior)];
  const refusal = await retentionRefusal(ctx, prior);
  if (refusal) return [refusal];
  if (prior.retention_mode === 'drop' && window && window.rowEstimate > 0) {
    return [warning(undefined, `Dropping window ${qualified(prior)} deletes its rows`,
      `${qualified(prior)} [${prior.from}, ${prior.to}) holds about ${window.rowEstimate} rows (${window.sizeBytes} bytes). Use retention_mode = "detach" to keep the table after it leaves the parent.`)];
  }
  return [];
}

/**
 * Retire (apply): the same refusals as {@link retireDiagnostics}, checked again on the catalog now
 * with one targeted lookup; then DETACH CONCURRENTLY (plain DETACH in a transaction when the parent
 * has a DEFAULT partition, which refuses CONCURRENTLY; FINALIZE when a detach was cut short), then
 * DROP for mode drop. Every detach of one parent holds the parent's advisory lock: PostgreSQL allows
 * one pending detach per parent, and terraform retires up to -parallelism windows at once. Within
 * this process they wait for their turn without a pooled connection (`ctx.parentTurns`), so the
 * retention checks, look-ups and DROPs of other windows keep both connections.
 */
async function retire(ctx: ProviderContext, prior: WindowModel): Promise<void> {
  const refusal = await retentionRefusal(ctx, prior);
  if (refusal) throw new DiagnosticError([refusal]);
  const { table, parentDefault } = await lookup(ctx, prior);
  if (table === null) return; // already gone
  if (table.comment !== OWNERSHIP_COMMENT) {
    if (isAttachedHere(prior, table)) throw new DiagnosticError([unmanagedRefusal(prior)]);
    refuseUnmanaged(prior, 'The detached table');
  }
  const label = { object: qualified(prior) };
  const live = table.bound?.kind === 'range' ? table.bound : null;
  if (isAttachedHere(prior, table) && live?.to !== prior.to) {
    // the retention check above judged the bound in state; the table under this name has another one
    fail(['to'], `Refusing to retire ${qualified(prior)}: its bound changed`,
      `State says [${prior.from}, ${prior.to}), the catalog says ${live ? `[${live.from}, ${live.to})` : 'a non-range bound'}. Run terraform plan again (it refreshes the bound) and review what it would retire.`);
  }
  if (isAttachedHere(prior, table)) {
    await ctx.parentTurns.run(prior.schema, prior.parent_table, async () => {
      if (!table.detachPending && parentDefault !== null) {
        await ctx.transaction({ ...label, step: 'detach window' }, async (tx) => {
          await lockParentInTransaction(tx, ctx.lockTimeoutMs, prior.schema, prior.parent_table);
          for (const sql of detachWindowSql(prior.schema, prior.parent_table, prior.name, { concurrently: false })) await tx.run(sql);
        });
        return;
      }
      const statements = table.detachPending
        ? finalizeDetachSql(prior.schema, prior.parent_table, prior.name)
        : detachWindowSql(prior.schema, prior.parent_table, prior.name, { concurrently: true });
      await ctx.session({ ...label, step: table.detachPending ? 'finalize the detach of' : 'detach window' }, (s) =>
        withParentSessionLock(s, prior.schema, prior.parent_table, async () => {
          for (const sql of statements) await s.run(sql);
        }));
    });
    ctx.inventories.invalidate(prior.schema, prior.parent_table);
  } else if (table.isPartition) {
    return; // attached to another parent meanwhile: not ours to drop
  }
  if (prior.retention_mode !== 'drop') return;
  const foreign = table.subPartitions.filter((sub) => sub.comment !== OWNERSHIP_COMMENT).map((sub) => `${prior.schema}.${sub.name}`);
  if (foreign.length > 0) {
    // DROP TABLE takes every sub-partition with it (safety rule 2); the window is already detached, its rows kept
    fail(undefined, `Refusing to drop ${qualified(prior)}`, `It is detached, but dropping it would drop sub-partitions pgpartition does not own: ${foreign.join(', ')}. Detach or import them, then re-run; or drop the table by hand.`);
  }
  await ctx.transaction({ ...label, step: 'drop window' }, async (tx) => {
    for (const sql of dropWindowSql(prior.schema, prior.name)) await tx.run(sql);
  });
}

/** Refuses sub-partition changes other than additions (see the sub_partitions description). */
function layoutDiagnostics(prior: WindowModel, config: WindowModel): Diagnostic[] {
  if ((config.sub_partitions as unknown) === UNKNOWN || (config.default_sub_partition as unknown) === UNKNOWN) return [];
  const wanted = new Map((config.sub_partitions ?? []).map((s) => [s.name, s]));
  const fix = 'Groups of an existing window are fixed once it holds data. Keep this window\'s groups as they are and add a dated layout effective from a future window instead.';
  const diags: Diagnostic[] = [];
  for (const s of prior.sub_partitions ?? []) {
    const w = wanted.get(s.name);
    if (!w) diags.push(error(['sub_partitions'], `Cannot remove sub-partition ${prior.schema}.${s.name}`, `${qualified(prior)} has sub-partition ${s.name}; the configuration drops it. ${fix}`));
    else if (JSON.stringify([...w.values].sort()) !== JSON.stringify([...s.values].sort())) {
      diags.push(error(['sub_partitions'], `Cannot change sub-partition ${prior.schema}.${s.name}`, `${s.name} holds values [${s.values.join(', ')}]; the configuration asks for [${w.values.join(', ')}]. ${fix}`));
    }
  }
  if (prior.default_sub_partition !== null && config.default_sub_partition !== prior.default_sub_partition) {
    diags.push(error(['default_sub_partition'], `Cannot change the DEFAULT sub-partition of ${qualified(prior)}`, `It is ${prior.default_sub_partition}; the configuration asks for ${config.default_sub_partition ?? 'none'}. ${fix}`));
  }
  return diags;
}

export const windowResource: ResourceType<ProviderContext, WindowModel> = {
  typeName: 'pgpartition_window',
  description: 'One window of a parent table: the range partition [from, to), list-sub-partitioned by activity group, built standalone and attached; retired by DETACH CONCURRENTLY only after its retention has passed.',
  version: 0,
  attributes,

  validate(config) {
    const diags: Diagnostic[] = [];
    const type = config.range_type as Value;
    for (const key of ['from', 'to'] as const) {
      const v = config[key] as Value;
      if (typeof v !== 'string' || typeof type !== 'string' || !RANGE_TYPES.includes(type as RangeColumnType)) continue;
      try {
        canonicalBound(v, type as RangeColumnType);
      } catch (err) {
        diags.push(error([key], `Invalid ${key} bound`, (err as Error).message));
      }
    }
    if (typeof config.from === 'string' && typeof config.to === 'string' && diags.length === 0 && config.from >= config.to) {
      diags.push(error(['to'], 'Empty window', `to (${config.to}) must be later than from (${config.from}).`));
    }
    const mode = config.retention_mode as Value;
    if ((mode === 'drop' || mode === 'detach') && config.retention === null) {
      diags.push(error(['retention'], 'retention_mode needs a retention', `retention_mode "${mode}" retires the window only after its retention; set retention (e.g. "12 weeks") or retention_mode = "keep".`));
    }
    if (config.list_column === null && ((config.sub_partitions?.length ?? 0) > 0 || config.default_sub_partition !== null)) {
      diags.push(error(['list_column'], 'Sub-partitions need a list column', 'Set list_column to the column the window is PARTITION BY LIST on, or remove sub_partitions and default_sub_partition.'));
    }
    diags.push(...windowDiagnostics(config)); // the core's name and list-value rules, on HCL attributes
    return diags;
  },

  async read(ctx, state) {
    const { window } = await attached(ctx, state);
    return { state: window ? fromCatalog(state, window) : null }; // gone or detached: the next plan re-creates it
  },

  async plan(ctx, { prior, config, proposed, requiresReplace }) {
    if (prior === null) return { planned: proposed };
    if (requiresReplace.length > 0) {
      // a replacement retires the old window first: the same guards as a destroy
      return { planned: proposed, requiresReplace, diagnostics: await retireDiagnostics(ctx, prior) };
    }
    return { planned: proposed, diagnostics: layoutDiagnostics(prior, config) };
  },

  async planDestroy(ctx, prior) {
    return retireDiagnostics(ctx, prior);
  },

  async create(ctx, planned) {
    return ensureWindow(ctx, planned);
  },

  async update(ctx, prior, planned) {
    const refused = layoutDiagnostics(prior, planned);
    if (refused.length > 0) throw new DiagnosticError(refused);
    const { table } = await lookup(ctx, planned);
    if (!table || !isAttachedHere(planned, table)) return fail(undefined, `Window ${qualified(planned)} is gone`, 'It was detached or dropped after the plan was made. Run terraform plan again; it re-creates the window.');
    if (table.comment !== OWNERSHIP_COMMENT) refuseUnmanaged(planned, 'The attached partition');
    const present = presentSubPartitions(table);
    await addMissingSubPartitions(ctx, planned, present.names, present.defaultSub);
    // computed values were planned from prior state; keep them so the result matches the plan
    return { ...planned, id: qualified(planned), row_estimate: prior.row_estimate, size_bytes: prior.size_bytes };
  },

  async delete(ctx, prior) {
    await retire(ctx, prior);
  },

  async importState(ctx, id) {
    const { schema, name } = parseImportId(id, 'a window', 'pgpartition_window.w public.account_balances_2024_12_23');
    const pool = await ctx.pool();
    const parent = await parentOf(pool, schema, name);
    if (!parent) fail(undefined, `Cannot import ${id}`, `${id} is not an attached partition. Import a window by the qualified name of a partition of a parent table, e.g. public.account_balances_2024_12_23.`);
    if (parent.schema !== schema) fail(undefined, `Cannot import ${id}`, `${id} is a partition of ${parent.schema}.${parent.name}, in another schema; pgpartition keeps a window in its parent's schema.`);
    const key = await partitionKeyOf(pool, parent.schema, parent.name);
    if (!key?.rangeType) fail(undefined, `Cannot import ${id}`, `Its parent ${parent.schema}.${parent.name} is not range-partitioned on a timestamptz, timestamp or date column.`);
    const inventory = await ctx.inventories.get(schema, parent.name, key.rangeType);
    const window = inventory.windows.find((w) => w.name === name);
    if (!window || window.kind !== 'range' || window.from === null || window.to === null) {
      return fail(undefined, `Cannot import ${id}`, `${id} is not a range partition of ${schema}.${parent.name}.`);
    }
    const own = await tableByName(pool, schema, name, boundCheckName(name), key.rangeType);
    // adopt: from now on pgpartition may touch it (safety rule 2)
    if (!window.managed) {
      const tables = [name, ...window.subPartitions.map((s) => s.name)];
      await ctx.transaction({ object: id, step: 'adopt window' }, async (tx) => {
        for (const t of tables) await tx.run(ownershipCommentSql(schema, t));
      });
      ctx.inventories.invalidate(schema, parent.name);
    }
    const groups = window.subPartitions.filter((s) => !s.isDefault && s.values !== null);
    return {
      id: `${schema}.${name}`,
      schema,
      parent_table: parent.name,
      name,
      range_column: key.column,
      range_type: key.rangeType,
      from: window.from,
      to: window.to,
      list_column: own?.listColumn ?? null,
      sub_partitions: own?.listColumn ? groups.map((s) => ({ name: s.name, values: s.values!.map((v) => v ?? 'NULL') })) : null,
      default_sub_partition: window.subPartitions.find((s) => s.isDefault)?.name ?? null,
      retention: null,
      retention_mode: 'keep',
      row_estimate: window.rowEstimate,
      size_bytes: window.sizeBytes,
    };
  },
};
