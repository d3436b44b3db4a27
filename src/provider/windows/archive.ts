/**
 * The first phase of two-phase retention (retention_mode `archive`): a window past its retention is
 * archived (detached like a retirement, then it and each of its sub-partitions moved to
 * `archive_schema`, rows kept), and restored (moved back and attached again) when the declaration
 * wants it attached once more; the second phase, dropping it once `keep_for` has passed too, is a
 * retirement (./retire.ts). Both under the window's advisory lock and idempotent against the catalog:
 * - archive: a window already in the archive schema is done; one detached but still in the parent's
 *   schema (an archive cut short) is moved; one never built is nothing to archive;
 * - restore: a window already back is left to `ensureWindow`, which attaches it; one never archived
 *   (nothing in the archive schema) is built anew by it.
 * A window in the archive schema carries the ownership mark with `archived_until`, so `status` shows
 * when it goes without the declaration.
 */
import type { ClientBase, Pool } from 'pg';
import { boundCheckName, describeOwner, moveWindowSql } from '../../core';
import type { PartitionInventory } from '../../catalog';
import { DiagnosticError, type Diagnostic } from '../framework/types';
import { windowLockName, withSessionLock } from '../internal/advisory-lock';
import { error, fail } from '../internal/diagnostics';
import { tableByName, windowLookup, type TableByName } from '../internal/lookups';
import { checkRetention } from '../internal/retention';
import { withSession, type Session, type StepLabel } from '../internal/session';
import type { WindowContext } from './context';
import { isAttachedHere } from './create';
import { boundsText, mayTake, ownershipOf, parentOfWindow, qualified, type WindowDecl } from './model';
import { detach, retentionFor, retentionRefusal, type EarlyRetirement } from './retire';
import { parentDistribution, refuseArchive } from './citus';
import { reportWindowStep } from './progress';

/** Labels of one window's archive steps; lock timeouts report holders of the parent and the window. */
function labels(w: WindowDecl) {
  const relations = [parentOfWindow(w), qualified(w)];
  return (step: string, ifItFails: string): StepLabel => ({ object: qualified(w), step, relations, ifItFails });
}

const ATTACHED = (w: WindowDecl) => `${qualified(w)} is still attached and not archived; the next deploy archives it.`;
const DETACHED = (w: WindowDecl) => `${qualified(w)} is detached (its rows are no longer visible through ${parentOfWindow(w)}) but still in ${w.schema}; the next deploy moves it to ${w.archive_schema}.`;

/** Names among `tables` that exist in `schema`. */
async function namesTaken(db: ClientBase | Pool, schema: string, tables: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    'SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = ANY($2::text[]) ORDER BY 1',
    [schema, tables],
  );
  return rows.map((r) => r.name);
}

const schemaExists = async (db: ClientBase | Pool, schema: string) => (await db.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rows.length > 0;

/** The tables of window table `t`: the window, then its sub-partitions. */
const tablesOf = (w: WindowDecl, t: TableByName) => [w.name, ...t.subPartitions.map((s) => s.name)];

/** The error for moving `w` to `schema` where `taken` (names of its tables) exist; `state` says what the window is left as. */
function takenError(w: WindowDecl, schema: string, taken: readonly string[], state: string): Diagnostic {
  return error(['archive_schema'], `Cannot move ${qualified(w)} to ${schema}: ${taken.map((t) => `${schema}.${t}`).join(', ')} already ${taken.length === 1 ? 'exists' : 'exist'}`,
    `Moving a window keeps its tables' names. ${state} Fix: rename or drop ${taken.length === 1 ? 'that table' : 'those tables'} (another parent archiving to the same schema under the same name? give it its own archive_schema), then deploy again.`);
}

/** Fails unless the tables a move would create in `schema` are free there. */
async function refuseTaken(s: Session, w: WindowDecl, tables: readonly string[], schema: string, state: string): Promise<void> {
  const taken = await s.read(labels(w)(`check ${schema} for the tables of`, state), (db) => namesTaken(db, schema, tables));
  if (taken.length > 0) throw new DiagnosticError(takenError(w, schema, taken, state));
}

/**
 * Archives `w` (retention_mode `archive`, declared `archived`): refused before its retention has
 * passed by the database clock unless `early` allows it (then a warning). Resolves with warnings.
 * @throws DiagnosticError naming the window, the step and the state it is left in.
 */
export async function archiveWindow(ctx: WindowContext, w: WindowDecl, early: EarlyRetirement = null): Promise<Diagnostic[]> {
  const pool = await ctx.pool();
  const refusal = await retentionRefusal(pool, w, early, 'archive');
  if (refusal?.severity === 'error') throw new DiagnosticError(refusal);
  const archive = w.archive_schema!;
  // the mark says when it may be dropped, as the drop's guard will judge it
  const until = (await checkRetention(pool, w.range_type, w.to, retentionFor(w, 'retire')!)).expiresAt;
  const label = labels(w);
  await withSession(pool, ctx.locks, label('archive window', ATTACHED(w)), (s) =>
    withSessionLock(s.runner(label('wait for the lock of', ATTACHED(w))), windowLockName(w.schema, w.name), async () => {
      const found = await s.read(label('look up', ATTACHED(w)), (db) => windowLookup(db, w.schema, w.parent_table, w.name, boundCheckName(w.name), w.range_type));
      const t = found.table;
      if (t === null) return; // archived already, or never built: nothing to move (a read tells which)
      if (!mayTake(t.comment, w)) {
        fail(undefined, `Refusing to archive window ${qualified(w)}`, `${qualified(w)} is owned by ${describeOwner(t.comment)}, not by this declaration (owner "${w.owner}"), so pgpartition does not touch it (safety rule 2). Re-import it to adopt it, or terraform state rm <address>.`);
      }
      if (t.isPartition && !isAttachedHere(w, t)) {
        fail(undefined, `Refusing to archive window ${qualified(w)}`, `${qualified(w)} is attached to ${t.attachedTo?.schema}.${t.attachedTo?.name}, not ${parentOfWindow(w)}; pgpartition leaves it there.`);
      }
      if (await parentDistribution(s, w, label('read the Citus distribution of the parent of', ATTACHED(w)))) refuseArchive(w);
      await refuseTaken(s, w, tablesOf(w, t), archive, ATTACHED(w));
      if (isAttachedHere(w, t)) {
        const live = t.bound?.kind === 'range' ? t.bound : null;
        if (live?.to !== w.to) {
          fail(['to'], `Refusing to archive ${qualified(w)}: its bound changed`, `State says ${boundsText(w)}, the catalog says ${live ? boundsText(live) : 'a non-range bound'}. Run terraform plan again (it refreshes the bound) and review it.`);
        }
        await detach(s, w, found.parentDefault !== null);
      }
      const create = !(await s.read(label('look up the schema of', DETACHED(w)), (db) => schemaExists(db, archive)));
      await s.transaction(label(`move to ${archive}`, DETACHED(w)), async (tx) => {
        for (const sql of moveWindowSql(w.schema, archive, tablesOf(w, t), { ...ownershipOf(w), archivedUntil: until }, create)) await tx.run(sql);
      });
      reportWindowStep({ window: qualified(w), action: 'archived' });
    }));
  ctx.invalidate(w.schema, w.parent_table);
  return refusal ? [refusal] : [];
}

/**
 * Moves archived window `w` back from its archive schema to the parent's, marked as attached
 * again; the caller then runs `ensureWindow`, which attaches it (rows for its range moved out of
 * the parent's DEFAULT partition first, as for any window).
 * @throws DiagnosticError when a table of the same name is in the way, or a step fails.
 */
export async function restoreWindow(ctx: WindowContext, w: WindowDecl): Promise<void> {
  const archive = w.archive_schema;
  if (archive === null) return;
  const label = labels(w);
  const state = `${qualified(w)} is still archived in ${archive}; the next deploy moves it back.`;
  await withSession(await ctx.pool(), ctx.locks, label('restore window', state), (s) =>
    withSessionLock(s.runner(label('wait for the lock of', state)), windowLockName(w.schema, w.name), async () => {
      const home = await s.read(label('look up', state), (db) => tableByName(db, w.schema, w.name, boundCheckName(w.name), w.range_type));
      if (home !== null) return; // back already (or never moved): ensureWindow takes it from here
      const t = await s.read(label('look up', state), (db) => tableByName(db, archive, w.name, boundCheckName(w.name), w.range_type));
      if (t === null) return; // nothing was archived: ensureWindow builds it anew
      if (!mayTake(t.comment, w)) {
        fail(undefined, `Refusing to restore window ${qualified(w)}`, `${archive}.${w.name} is owned by ${describeOwner(t.comment)}, not by this declaration (owner "${w.owner}") (safety rule 2).`);
      }
      await refuseTaken(s, w, tablesOf(w, t), w.schema, state);
      await s.transaction(label(`move back from ${archive}`, state), async (tx) => {
        for (const sql of moveWindowSql(archive, w.schema, tablesOf(w, t), ownershipOf(w), false)) await tx.run(sql);
      });
    }));
  ctx.invalidate(w.schema, w.parent_table);
}

/**
 * What a plan to archive `w` must show (from the parent's `inventory`): an error when the retention
 * guard refuses (a warning with `early`), when the window is not ours, or when the archive schema
 * holds a table of one of its names.
 */
export async function archiveChecks(ctx: WindowContext, inventory: PartitionInventory, w: WindowDecl, early: EarlyRetirement = null): Promise<Diagnostic[]> {
  const live = inventory.windows.find((p) => p.name === w.name && p.kind === 'range');
  if (!live) return []; // archived already or never built: nothing to check
  if (!mayTake(live.comment, w)) {
    return [error(undefined, `Refusing to archive window ${qualified(w)}`, `${qualified(w)} is not this declaration's (its ownership mark names another owner, or it has none), so pgpartition does not touch it (safety rule 2). Re-import it to adopt it, or terraform state rm <address>.`)];
  }
  const pool = await ctx.pool();
  const refusal = await retentionRefusal(pool, w, early, 'archive');
  if (refusal?.severity === 'error') return [refusal];
  const taken = await namesTaken(pool, w.archive_schema!, [w.name, ...live.subPartitions.map((s) => s.name)]);
  const diags = refusal ? [refusal] : [];
  if (taken.length > 0) diags.push(takenError(w, w.archive_schema!, taken, 'Nothing was changed.'));
  return diags;
}
