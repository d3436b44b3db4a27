/**
 * Creating a window, idempotent against what the catalog holds (safety rule 8), under the window's
 * own advisory lock for the whole build and attach (safety rule 6), so a second deploy of the same
 * declaration waits and then finds the work done:
 * - already attached with the planned bounds and ours (or marked by an earlier version): adopted,
 *   missing sub-partitions added; a detach of it that was cut short is finished and it is attached again;
 * - a standalone table of ours left by a killed apply: completed (bound CHECK, sub-partitions,
 *   index copies) and attached;
 * - nothing: built standalone (one transaction: table, sub-partitions, the parent's indexes under our
 *   names, bound CHECK, ownership marks; no lock on the parent beyond ACCESS SHARE), then attached
 *   under the parent's lock with rows for the window moved out of the parent's DEFAULT partition in
 *   the same transaction (safety rule 4). ATTACH takes SHARE UPDATE EXCLUSIVE on the parent.
 * Anything else (another parent's partition, another declaration's table, other bounds) fails
 * without changing anything. On a parent distributed with Citus the build also distributes the
 * window colocated with it, and every step's lock_timeout reaches the workers (./citus.ts).
 */
import {
  addSubPartitionSql,
  attachWindowSql,
  boundCheckExpression,
  boundCheckName,
  createStandaloneWindowSql,
  describeOwner,
  distributeWindowSql,
  finalizeDetachSql,
  indexCopies,
  indexCopySql,
  moveDefaultRowsSql,
  ownershipCommentSql,
  qualifiedName,
  quoteIdent,
  ownershipMark,
  type ParentIndex,
} from '../../core';
import { fail } from '../internal/diagnostics';
import { parentLockName, windowLockName, withSessionLock } from '../internal/advisory-lock';
import { windowLookup, type TableByName, type TableIndexes, type WindowLookup } from '../internal/lookups';
import { parentIndexes } from '../internal/parent-indexes';
import { withSession, type Session, type StepLabel } from '../internal/session';
import { distributeStandalone, parentDistribution, propagateLockTimeout, refuseSubPartitions, type Distribution } from './citus';
import type { WindowContext } from './context';
import { mayTake, ownershipOf, parentOfWindow, qualified, subPartitionPlans, type Handover, type WindowDecl } from './model';
import { reportWindowStep } from './progress';

const BUILT_NOT_ATTACHED = 'The window is built but not attached (no rows of the parent are in it); the next deploy attaches it.';

/** Labels of one window's steps; lock timeouts report holders of the parent, the window and the parent's DEFAULT partition. */
function labels(w: WindowDecl, parentDefault: string | null = null) {
  const relations = [parentOfWindow(w), qualified(w), ...(parentDefault ? [`${w.schema}.${parentDefault}`] : [])];
  return (step: string, ifItFails?: string): StepLabel => ({ object: qualified(w), step, relations, ifItFails });
}

/**
 * Makes sure window `w` exists, is attached to its parent and is this declaration's (see the module
 * doc), writing this declaration's mark over an earlier or handed-over one. Resolves when it is;
 * the caller reads its row estimate and size.
 * @throws DiagnosticError naming the window, the step and the state it is left in.
 */
export async function ensureWindow(ctx: WindowContext, w: WindowDecl, handover?: Handover): Promise<void> {
  const label = labels(w);
  await withSession(await ctx.pool(), ctx.locks, label('build window'), (s) =>
    withSessionLock(s.runner(label('wait for the lock of')), windowLockName(w.schema, w.name), async () => {
      let found = await lookup(s, w, handover);
      const citus = await parentDistribution(s, w, label('read the Citus distribution of the parent of'));
      if (citus) refuseSubPartitions(w);
      if (found.table && isAttachedHere(w, found.table)) {
        if (!found.table.detachPending) {
          await adoptAttached(s, w, found.table);
          reportWindowStep({ window: qualified(w), action: 'attached' });
          return;
        }
        await finalizeDetach(s, w, 'finalize the cut-short detach of');
        found = await lookup(s, w, handover);
      }
      const indexes = await s.read(label('read the indexes of the parent of'), (db) => parentIndexes(db, w.schema, w.parent_table));
      if (found.table) await completeStandalone(s, w, found.table, indexes, citus);
      else await build(s, w, indexes, citus);
      if (process.env.PGPARTITION_FAULT === 'exit-after-build') {
        // deterministic stand-in for a killed apply (test/provider/window.test.ts): the window is built, not attached
        process.stderr.write(`pgpartition: PGPARTITION_FAULT=exit-after-build: exiting after building ${qualified(w)}\n`);
        process.exit(70);
      }
      await attach(s, w, found.parentDefault, citus);
      reportWindowStep({ window: qualified(w), action: 'attached' });
    }));
  ctx.invalidate(w.schema, w.parent_table);
}

/** The window's parent and table (one round trip), after the checks that need no table. */
async function lookup(s: Session, w: WindowDecl, handover: Handover | undefined): Promise<WindowLookup> {
  const found = await s.read(labels(w)('look up'), (db) => windowLookup(db, w.schema, w.parent_table, w.name, boundCheckName(w.name), w.range_type));
  if (!found.parentPartitioned) {
    fail(['parent_table'], 'Parent table missing', `${parentOfWindow(w)} does not exist or is not partitioned. Declare it with pgpartition_parent_table and reference it (parent_table = pgpartition_parent_table.<name>.name) so it is created first.`);
  }
  const key = found.parentKey;
  if (key !== null && (key.column !== w.range_column || key.rangeType !== w.range_type)) {
    // a wrong range_type would make bounds and the retention check read in another time base
    fail(['range_type'], 'Window does not match its parent table',
      `${parentOfWindow(w)} is PARTITION BY RANGE (${key.column}) of type ${key.typeText}; this window declares range_column = "${w.range_column}", range_type = "${w.range_type}". Set both to the parent's.`);
  }
  if (found.table && !isAttachedHere(w, found.table) && found.table.isPartition) {
    fail(['name'], `${qualified(w)} belongs to another parent`, `${qualified(w)} is attached to a table other than ${parentOfWindow(w)}. Detach it there, or give this window another name.`);
  }
  if (found.table && !mayTake(found.table.comment, w, handover)) {
    fail(undefined, `${qualified(w)} is not this declaration's`,
      `A table ${qualified(w)} exists, owned by ${describeOwner(found.table.comment)}; this declaration is owner "${w.owner}" of ${parentOfWindow(w)}, so pgpartition will not touch it (safety rule 2). ` +
        `If it is meant to be this window, import it: terraform import <address> ${qualified(w)}. Otherwise rename or remove it.`);
  }
  return found;
}

/** The table is attached to this window's parent (possibly detach-pending). */
export const isAttachedHere = (w: WindowDecl, t: TableByName | null): boolean =>
  t !== null && t.attachedTo !== null && t.attachedTo.schema === w.schema && t.attachedTo.name === w.parent_table;

/** Adopts the attached window: checks its bounds, writes this declaration's mark over an earlier one, adds missing sub-partitions. */
async function adoptAttached(s: Session, w: WindowDecl, t: TableByName): Promise<void> {
  const bound = t.bound?.kind === 'range' ? t.bound : null;
  if (bound?.from !== w.from || bound?.to !== w.to) {
    fail(['from'], 'Window exists with other bounds', `${qualified(w)} is attached for ${bound ? `[${bound.from}, ${bound.to})` : t.bound?.kind ?? 'an unknown bound'}, not [${w.from}, ${w.to}). Set from/to to the catalog's bounds, or retire that window first.`);
  }
  await mark(s, w, t);
  const indexes = await s.read(labels(w)('read the indexes of the parent of'), (db) => parentIndexes(db, w.schema, w.parent_table));
  await addMissingSubPartitions(s, w, t, indexes);
}

/** Writes this declaration's mark on every table of the window that carries another (checked by `lookup` to be one it may take). */
async function mark(s: Session, w: WindowDecl, t: TableByName): Promise<void> {
  const mine = ownershipMark(ownershipOf(w));
  const others = [{ name: w.name, comment: t.comment }, ...t.subPartitions].filter((x) => x.comment !== mine).map((x) => x.name);
  if (others.length === 0) return;
  await s.transaction(labels(w)('mark as this declaration\'s'), async (tx) => {
    for (const name of others) await tx.run(ownershipCommentSql(w.schema, name, ownershipOf(w)));
  });
}

/** Step 1: the standalone table with sub-partitions, index copies and bound CHECK (distributed like a distributed parent), in one transaction. */
async function build(s: Session, w: WindowDecl, indexes: readonly ParentIndex[], citus: Distribution | null): Promise<void> {
  const statements = createStandaloneWindowSql({
    schema: w.schema,
    parent: w.parent_table,
    window: { name: w.name, from: w.from, to: w.to, subPartitions: subPartitionPlans(w) },
    rangeColumn: w.range_column,
    rangeType: w.range_type,
    listColumn: w.list_column,
    indexes,
    ownership: ownershipOf(w),
  });
  await s.transaction(labels(w)('build window', 'Nothing of the window was built; the next deploy builds it.'), async (tx) => {
    if (citus) await propagateLockTimeout(tx, s.settings.lockTimeoutMs);
    for (const sql of [...statements, ...(citus ? [distributeWindowSql(w.schema, w.parent_table, w.name, citus.column)] : [])]) await tx.run(sql);
  });
}

/** Completes a standalone table of ours left by a killed apply: list layout, bound CHECK, sub-partitions, index copies. */
async function completeStandalone(s: Session, w: WindowDecl, t: TableByName, indexes: readonly ParentIndex[], citus: Distribution | null): Promise<void> {
  if ((t.listColumn ?? null) !== w.list_column) {
    fail(['list_column'], `${qualified(w)} has another layout`, `The standalone table ${qualified(w)} is ${t.listColumn ? `list-partitioned on ${t.listColumn}` : 'not list-partitioned'}, the window declares list_column ${w.list_column ?? 'null'}. Drop the table by hand (it is not attached, so it holds no live rows of the parent) and re-run.`);
  }
  await mark(s, w, t);
  if (!t.hasBoundCheck) {
    await s.transaction(labels(w)('add the bound CHECK to', BUILT_NOT_ATTACHED), async (tx) => {
      await tx.run(`ALTER TABLE ${qualifiedName(w.schema, w.name)} ADD CONSTRAINT ${quoteIdent(boundCheckName(w.name))} CHECK (${boundCheckExpression(w.range_column, w.from, w.to, w.range_type)})`);
    });
  }
  await addMissingSubPartitions(s, w, t, indexes);
  // leaves first, then the window, as a build does: the window's copies then attach the leaves'
  const leaves = w.list_column === null ? [] : t.subPartitions;
  const missing = [...leaves, { name: w.name, indexes: t.indexes }].flatMap((table) => missingCopies(table.name, table.indexes, w, indexes));
  if (missing.length > 0) {
    await s.transaction(labels(w)('copy the parent\'s indexes onto', BUILT_NOT_ATTACHED), async (tx) => {
      for (const sql of missing) await tx.run(sql);
    });
  }
  if (citus) await distributeStandalone(s, w, citus, labels(w)('distribute', BUILT_NOT_ATTACHED));
}

/** Statements creating the index copies `table` lacks (by name; a primary key by its presence). */
function missingCopies(table: string, present: TableIndexes, w: WindowDecl, indexes: readonly ParentIndex[]): string[] {
  const copies = indexCopies(table, w.parent_table, indexes).filter((c) => !present.names.includes(c.name) && !(c.source.kind === 'primary' && present.hasPrimaryKey));
  return indexCopySql(qualifiedName(w.schema, table), copies);
}

/** Adds each sub-partition of `w` the table lacks, one transaction each (DEFAULT first, so group rows have a source to move from). */
async function addMissingSubPartitions(s: Session, w: WindowDecl, t: TableByName, indexes: readonly ParentIndex[]): Promise<void> {
  if (w.list_column === null) return;
  const present = t.subPartitions.map((sub) => sub.name);
  let defaultSub = t.subPartitions.find((sub) => sub.bound.kind === 'default')?.name ?? null;
  const missing = subPartitionPlans(w).filter((sub) => !present.includes(sub.name)).sort((a, b) => Number(a.values !== null) - Number(b.values !== null));
  for (const sub of missing) {
    const statements = addSubPartitionSql({
      schema: w.schema, window: w.name, listColumn: w.list_column, sub, defaultSubPartition: sub.values === null ? null : defaultSub,
      parent: w.parent_table, indexes, ownership: ownershipOf(w),
    });
    await s.transaction({ ...labels(w)('add sub-partition', 'The sub-partition was not added (rows for its values stay in the DEFAULT sub-partition); the next deploy adds it.'), object: `${w.schema}.${sub.name}` }, async (tx) => {
      for (const sql of statements) await tx.run(sql);
    });
    if (sub.values === null) defaultSub = sub.name;
  }
}

/**
 * Step 2, under the parent's lock: rows for the window out of the parent's DEFAULT partition (read
 * under the lock: a concurrent deploy may have added one), ATTACH, then the bound CHECK dropped.
 */
async function attach(s: Session, w: WindowDecl, parentDefault: string | null, citus: Distribution | null): Promise<void> {
  const label = labels(w, parentDefault)('attach window', BUILT_NOT_ATTACHED);
  await withSessionLock(s.runner(label), parentLockName(w.schema, w.parent_table), () =>
    s.transaction(label, async (tx) => {
      if (citus) await propagateLockTimeout(tx, s.settings.lockTimeoutMs);
      const { rows } = await tx.run<{ name: string | null }>(
        `SELECT c.relname AS name FROM pg_partitioned_table t JOIN pg_class c ON c.oid = t.partdefid WHERE t.partrelid = $1::regclass`,
        [qualifiedName(w.schema, w.parent_table)],
      );
      const args = { schema: w.schema, parent: w.parent_table, window: w, rangeColumn: w.range_column, rangeType: w.range_type };
      for (const sql of [...(rows[0]?.name ? moveDefaultRowsSql(args) : []), ...attachWindowSql(args)]) await tx.run(sql);
    }));
}

/**
 * Finishes a `DETACH ... CONCURRENTLY` of `w` that was cut short (`ALTER TABLE ... DETACH PARTITION
 * ... FINALIZE`), under the parent's session lock (one detach per parent at a time).
 */
export async function finalizeDetach(s: Session, w: WindowDecl, step: string): Promise<void> {
  await s.outside(labels(w)(step, `${qualified(w)} stays detach pending: its rows are invisible through ${parentOfWindow(w)}; the next deploy finishes the detach first.`), (run) =>
    withSessionLock(run, parentLockName(w.schema, w.parent_table), async () => {
      // under the parent's lock: another deploy's retirement may have finished it meanwhile
      const { rows } = await run.run<{ pending: boolean }>('SELECT inhdetachpending AS pending FROM pg_inherits WHERE inhrelid = $1::regclass', [qualifiedName(w.schema, w.name)]);
      if (rows[0]?.pending !== true) return;
      for (const sql of finalizeDetachSql(w.schema, w.parent_table, w.name)) await run.run(sql);
    }));
}
