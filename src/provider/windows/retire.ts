/**
 * Retiring a window (the destroy of a window that left the declaration), idempotent against the
 * catalog and under the window's own advisory lock:
 * 1. the guards, before anything changes: retention passed on the database clock (safety rule 1),
 *    ours to touch (safety rule 2), the live upper bound still the one the retention was judged on,
 *    and nothing outside the window depending on it (foreign keys, views, publications): a blocked
 *    window stays attached and in state, and the error names the dependency and the fix;
 * 2. under the parent's lock: every other detach of this parent left pending by us is finished
 *    first (PostgreSQL allows one pending detach per parent); one the tool does not manage stops it;
 *    then DETACH CONCURRENTLY (SHARE UPDATE EXCLUSIVE on the parent; plain DETACH, ACCESS EXCLUSIVE,
 *    when the parent has a DEFAULT partition, which refuses CONCURRENTLY), or FINALIZE of its own
 *    cut-short detach;
 * 3. for retention_mode `drop`: DROP TABLE of the detached window; for `archive` likewise, once
 *    `keep_for` has passed too, wherever the window is (archived or not: a deploy may come late).
 * On a parent distributed with Citus (./citus.ts), step 2 is a plain DETACH in a transaction
 * (Citus refuses CONCURRENTLY), and steps 2 and 3 take ACCESS EXCLUSIVE on the parent with their
 * lock_timeout sent to the workers.
 * A window already gone is a success with a warning. Every failure says what state the window is in
 * and what the next deploy will do; a detached-but-not-dropped window stays in state, so it is
 * never forgotten.
 */
import type { ClientBase, Pool } from 'pg';
import { boundCheckName, describeOwner, detachWindowSql, dropWindowSql, finalizeDetachSql, isManaged, qualifiedName } from '../../core';
import { DiagnosticError, type Diagnostic } from '../framework/types';
import { parentLockName, windowLockName, withSessionLock } from '../internal/advisory-lock';
import { error, fail, warning } from '../internal/diagnostics';
import { tableByName, windowLookup, type TableByName } from '../internal/lookups';
import { checkRetention } from '../internal/retention';
import { withSession, type Session, type StepLabel, type StepRunner } from '../internal/session';
import { detachOnCitus, parentDistribution, propagateLockTimeout } from './citus';
import type { WindowContext } from './context';
import { blockerFixes, describeBlockers, retirementBlockers } from './dependencies';
import { isAttachedHere } from './create';
import { boundsText, mayTake, parentOfWindow, qualified, type WindowDecl } from './model';
import { reportWindowStep } from './progress';

/** The window's state after a detach that failed, for messages: found from the catalog. */
const PENDING = (w: WindowDecl) => `${qualified(w)} is now detach pending: its rows are invisible through ${parentOfWindow(w)}. The next deploy finishes the detach (FINALIZE) first`;

/**
 * What a retirement the declaration allows before its retention has passed (`retire_early` listing
 * the window, or `allow_teardown`) says instead of the guard's refusal: a warning, never silence.
 */
export type EarlyRetirement = { readonly allowedBy: string } | null;

/** What a retention check is for: retiring a window (for retention_mode `archive`: dropping it) or archiving it. */
export type RetentionStep = 'retire' | 'archive';

/**
 * The retention `step` waits for: archiving after `retention`; dropping an archive-mode window
 * after `retention` and `keep_for` (PostgreSQL reads `12 weeks 7 days` as their sum).
 */
export function retentionFor(w: WindowDecl, step: RetentionStep): string | null {
  if (w.retention === null) return null;
  return step === 'retire' && w.retention_mode === 'archive' && w.keep_for ? `${w.retention} ${w.keep_for}` : w.retention;
}

/** The verb of `step` for messages: `archive`, `drop` (an archive-mode window leaving) or the retention mode. */
const verbOf = (w: WindowDecl, step: RetentionStep): string => (step === 'archive' ? 'archive' : w.retention_mode === 'archive' ? 'drop' : w.retention_mode);

/**
 * Why the retention guard refuses `step` on `w` (safety rule 1), or null when it may go: evaluated
 * with the database clock and the retention `w` carries in its own state. The fix names the date it
 * expires. With `early` (the reviewed declaration allows it) a window before its retention is a
 * warning naming that date, not a refusal.
 */
export async function retentionRefusal(db: ClientBase | Pool, w: WindowDecl, early: EarlyRetirement = null, step: RetentionStep = 'retire'): Promise<Diagnostic | null> {
  const who = `${qualified(w)} ${boundsText(w)}`;
  const retention = retentionFor(w, step);
  const verb = verbOf(w, step);
  if (early !== null) {
    const verdict = retention === null ? null : await checkRetention(db, w.range_type, w.to, retention);
    if (verdict?.expired) return null;
    const outcome = verb === 'archive' ? `archives it (its rows kept in ${w.archive_schema})` : verb === 'detach' ? '"detach" keeps its table' : 'drops it with its rows';
    return warning(undefined, `${verb === 'archive' ? 'Archiving' : 'Retiring'} window ${qualified(w)} BEFORE its retention has passed`,
      `${who} ${verdict ? `would be kept until ${verdict.expiresAt} (retention ${retention})` : `has retention_mode "${w.retention_mode}" (kept forever)`}; ` +
        `${early.allowedBy} allows ${verb === 'archive' ? 'archiving' : 'retiring'} it now, and retention_mode ${w.retention_mode === 'detach' ? '' : `${w.retention_mode} `}${outcome}. Remove it from ${early.allowedBy} if that is not intended.`);
  }
  if (w.retention_mode === 'keep' || retention === null) {
    return error(undefined, `Refusing to retire window ${qualified(w)}`,
      `${who} has retention_mode "${w.retention_mode}" and retention ${w.retention ?? 'null'}: pgpartition keeps it forever (safety rule 1). ` +
        `If it left the configuration by mistake (a reverted commit, a lowered premake, an asOf typo), restore it. To stop managing it without touching the table: terraform state rm <address>. ` +
        `To let it be retired, first apply retention and retention_mode = "drop", "detach" or "archive" on it.`);
  }
  const verdict = await checkRetention(db, w.range_type, w.to, retention);
  if (verdict.expired) return null;
  return error(undefined, `Refusing to ${verb} window ${qualified(w)}: not expired`,
    `${who} has upper bound ${w.to}, later than the retention horizon ${verdict.horizon} (database now() - ${retention}). ` +
      `pgpartition never ${verb === 'archive' ? 'archives' : 'drops or detaches'} a window before its ${retention === w.retention ? 'retention' : 'retention and keep_for'} ${retention === w.retention ? 'has' : 'have'} passed (safety rule 1). ` +
      `Fix: keep the window ${verb === 'archive' ? 'attached' : 'in the configuration'} (check asOf, premake and retention); it may be ${verb === 'archive' ? 'archived' : 'retired'} from ${verdict.expiresAt} on.`);
}

/** Labels of one window's retirement steps; lock timeouts report holders of the parent and the window. */
function labels(w: WindowDecl) {
  const relations = [parentOfWindow(w), qualified(w)];
  return (step: string, ifItFails: string): StepLabel => ({ object: qualified(w), step, relations, ifItFails });
}

const STILL_ATTACHED = (w: WindowDecl) => `${qualified(w)} is still attached and in state; the next deploy retires it.`;
const DETACHED = (w: WindowDecl) => `${qualified(w)} is detached (no longer part of ${parentOfWindow(w)}; its table and rows are kept) and stays in state; the next deploy drops it.`;

/**
 * Retires `w` (see the module doc), before its retention only with `early`. Resolves with warnings
 * (e.g. the window was already gone).
 * @throws DiagnosticError when a guard refuses or a step fails, naming the window's state.
 */
export async function retireWindow(ctx: WindowContext, w: WindowDecl, early: EarlyRetirement = null): Promise<Diagnostic[]> {
  const pool = await ctx.pool();
  const refusal = await retentionRefusal(pool, w, early);
  if (refusal?.severity === 'error') throw new DiagnosticError(refusal);
  const label = labels(w);
  const warnings = await withSession(pool, ctx.locks, label('retire window', STILL_ATTACHED(w)), (s) =>
    withSessionLock(s.runner(label('wait for the lock of', STILL_ATTACHED(w))), windowLockName(w.schema, w.name), async (): Promise<Diagnostic[]> => {
      const found = await s.read(label('look up', STILL_ATTACHED(w)), (db) => windowLookup(db, w.schema, w.parent_table, w.name, boundCheckName(w.name), w.range_type));
      const citus = await parentDistribution(s, w, label('read the Citus distribution of the parent of', STILL_ATTACHED(w)));
      // an archived window is in its archive schema
      const archived = found.table === null && w.archive_schema !== null
        ? await s.read(label('look up', STILL_ATTACHED(w)), (db) => tableByName(db, w.archive_schema!, w.name, boundCheckName(w.name), w.range_type))
        : null;
      const t = found.table ?? archived;
      const where = archived ? w.archive_schema! : w.schema;
      if (t === null) {
        if (w.archived === true) return []; // archived with nothing in it (never built): nothing to drop
        return [warning(undefined, `Window ${qualified(w)} was already gone`, `No table ${qualified(w)} exists${w.archive_schema ? ` (nor in ${w.archive_schema})` : ''} (another deploy, or a person, retired it); nothing to do, and it leaves the state.`)];
      }
      if (!mayTake(t.comment, w)) {
        fail(undefined, `Refusing to retire window ${qualified(w)}`,
          `${qualified(w)} is owned by ${describeOwner(t.comment)}, not by this declaration (owner "${w.owner}"), so pgpartition does not touch it (safety rule 2). ${STILL_ATTACHED(w)} Re-import it to adopt it, or terraform state rm <address>.`);
      }
      if (isAttachedHere(w, t)) {
        const live = t.bound?.kind === 'range' ? t.bound : null;
        if (live?.to !== w.to) {
          // the retention check above judged the bound in state; the table under this name has another one
          fail(['to'], `Refusing to retire ${qualified(w)}: its bound changed`,
            `State says ${boundsText(w)}, the catalog says ${live ? boundsText(live) : 'a non-range bound'}. Run terraform plan again (it refreshes the bound) and review what it would retire.`);
        }
        await refuseBlocked(s, w, t, STILL_ATTACHED(w), w.schema);
        if (citus) await detachOnCitus(s, w, label('detach window', STILL_ATTACHED(w)));
        else await detach(s, w, found.parentDefault !== null);
      } else if (t.isPartition) {
        return [warning(undefined, `Window ${qualified(w)} belongs to another parent now`, `${qualified(w)} is attached to ${t.attachedTo?.schema}.${t.attachedTo?.name}; pgpartition leaves it there, and it leaves the state.`)];
      }
      if (w.retention_mode !== 'drop' && w.retention_mode !== 'archive') {
        reportWindowStep({ window: qualified(w), action: 'retired' });
        return [];
      }
      const foreign = t.subPartitions.filter((sub) => !isManaged(sub.comment)).map((sub) => `${where}.${sub.name}`);
      if (foreign.length > 0) {
        // DROP TABLE takes every sub-partition with it (safety rule 2)
        fail(undefined, `Refusing to drop ${qualified(w)}`, `Dropping it would drop sub-partitions pgpartition does not own: ${foreign.join(', ')}. ${DETACHED(w)} Detach or import them first; or drop the table by hand.`);
      }
      await refuseBlocked(s, w, t, DETACHED(w), where);
      await s.transaction(label('drop window', DETACHED(w)), async (tx) => {
        if (citus) await propagateLockTimeout(tx, s.settings.lockTimeoutMs);
        for (const sql of dropWindowSql(where, w.name)) await tx.run(sql);
      });
      reportWindowStep({ window: qualified(w), action: 'retired' });
      return [];
    }));
  ctx.invalidate(w.schema, w.parent_table);
  return warnings;
}

/** Fails when objects outside the window (its tables in `schema`) depend on it (see ./dependencies.ts), naming them and the fix. */
async function refuseBlocked(s: Session, w: WindowDecl, t: TableByName, state: string, schema: string): Promise<void> {
  const tables = [w.name, ...t.subPartitions.map((sub) => sub.name)];
  const blockers = await s.read(labels(w)('check what depends on', state), (db) => retirementBlockers(db, schema, tables));
  if (blockers.length === 0) return;
  fail(undefined, `Retiring window ${qualified(w)} is blocked by ${describeBlockers(blockers)}`,
    `Dropping ${qualified(w)} would fail or take these along, so pgpartition changed nothing for it: ${state} The rest of the deploy went ahead. ` +
      `Fix: ${blockerFixes(blockers)}; then deploy again.`);
}

/**
 * Detaches `w` under the parent's session lock, first finishing every other pending detach of the
 * parent that is ours (PostgreSQL allows one pending detach per parent; a foreign one stops here).
 * DETACH CONCURRENTLY, or plain DETACH (ACCESS EXCLUSIVE on the parent) when `parentHasDefault`.
 * @throws DiagnosticError naming the window's state (detach pending when cut short).
 */
export async function detach(s: Session, w: WindowDecl, parentHasDefault: boolean): Promise<void> {
  const label = labels(w)('detach window', STILL_ATTACHED(w));
  try {
    await s.outside(label, (run) =>
      withSessionLock(run, parentLockName(w.schema, w.parent_table), async () => {
        const pending = await pendingDetaches(run, w);
        for (const p of pending.filter((p) => p.name !== w.name)) {
          if (!isManaged(p.comment)) {
            fail(undefined, `Cannot detach ${qualified(w)}: ${w.schema}.${p.name} is detach pending and not managed by pgpartition`,
              `PostgreSQL allows one pending detach per parent, and pgpartition does not touch ${w.schema}.${p.name}. ${STILL_ATTACHED(w)} Fix: ALTER TABLE ${parentOfWindow(w)} DETACH PARTITION ${w.schema}.${p.name} FINALIZE, then deploy again.`);
          }
          for (const sql of finalizeDetachSql(w.schema, w.parent_table, p.name)) await run.run(sql);
        }
        if (pending.some((p) => p.name === w.name)) {
          for (const sql of finalizeDetachSql(w.schema, w.parent_table, w.name)) await run.run(sql);
        } else if (!(await stillAttached(run, w))) {
          return; // another retirement finished this window's pending detach while we waited for the lock
        } else if (parentHasDefault) {
          // a DEFAULT partition refuses CONCURRENTLY: plain DETACH, ACCESS EXCLUSIVE on the parent, bounded by lock_timeout
          for (const sql of detachWindowSql(w.schema, w.parent_table, w.name, { concurrently: false })) await run.run(sql);
        } else {
          for (const sql of detachWindowSql(w.schema, w.parent_table, w.name, { concurrently: true })) await run.run(sql);
        }
      }));
  } catch (err) {
    throw await withDetachState(s, w, err);
  }
}

/** Whether `w` is (still) a partition of its parent. */
async function stillAttached(run: StepRunner, w: WindowDecl): Promise<boolean> {
  const { rows } = await run.run('SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass($1) AND inhparent = to_regclass($2)', [qualifiedName(w.schema, w.name), qualifiedName(w.schema, w.parent_table)]);
  return rows.length > 0;
}

/** The parent's partitions left detach pending, with their comments. */
async function pendingDetaches(run: StepRunner, w: WindowDecl): Promise<{ name: string; comment: string | null }[]> {
  const { rows } = await run.run<{ name: string; comment: string | null }>(
    `SELECT c.relname AS name, obj_description(c.oid, 'pg_class') AS comment FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = $1::regclass AND i.inhdetachpending ORDER BY 1`,
    [qualifiedName(w.schema, w.parent_table)],
  );
  return rows;
}

/** A failed detach's error with the window's actual state: a DETACH CONCURRENTLY cut short leaves it pending. */
async function withDetachState(s: Session, w: WindowDecl, err: unknown): Promise<unknown> {
  if (!(err instanceof DiagnosticError)) return err;
  const pending = await s
    .read(labels(w)('look up', STILL_ATTACHED(w)), async (db) =>
      (await db.query<{ pending: boolean }>('SELECT inhdetachpending AS pending FROM pg_inherits WHERE inhrelid = to_regclass($1)', [qualifiedName(w.schema, w.name)])).rows[0]?.pending)
    .catch(() => undefined);
  if (pending !== true) return err;
  const [first, ...rest] = err.diagnostics;
  const detail = first.detail.replace(STILL_ATTACHED(w), '').concat(`\n${PENDING(w)}, then drops it if retention_mode is "drop".`);
  return new DiagnosticError([{ ...first, detail }, ...rest], { cause: err.cause });
}
