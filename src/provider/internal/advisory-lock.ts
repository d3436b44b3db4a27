/**
 * Advisory locks that serialise work on the same object between deploys (safety rule 6) without
 * serialising all work (PostgreSQL docs 13.3.5, "Advisory Locks"; 9.27.10, advisory lock functions):
 * - one lock per WINDOW, held at session level over the window's whole build or retire, so two
 *   deploys never build, attach or drop the same window at once, while different windows still build
 *   in parallel;
 * - one lock per PARENT TABLE, for the steps PostgreSQL allows only one at a time per parent or that
 *   read-then-change the parent: ATTACH (in its transaction), DETACH (across DETACH CONCURRENTLY,
 *   which cannot run in a transaction; PostgreSQL allows one pending detach per parent), and creating
 *   the parent itself.
 * Order: a window lock is always taken before its parent's lock, never after, so two deploys cannot
 * wait for each other in a cycle.
 *
 * Keys: `hashtextextended(<name>, 0)`, a bigint of a text name, so a lock works before the table
 * exists and any tool can take the same one. The waits are not bounded by lock_timeout: the holder is
 * another pgpartition step, whose own table locks are bounded.
 */
import type { StepRunner } from './session';

/** The text the parent table's lock key is hashed from. */
export function parentLockName(schema: string, parent: string): string {
  return `pgpartition:${schema}.${parent}`;
}

/** The text a window's lock key is hashed from. */
export function windowLockName(schema: string, window: string): string {
  return `pgpartition:window:${schema}.${window}`;
}

/** Takes the lock `name` for the rest of the current transaction, waiting for it without a timeout, then restores `lock_timeout` to `lockTimeoutMs`. */
export async function lockInTransaction(tx: StepRunner, name: string, lockTimeoutMs: number): Promise<void> {
  await tx.run('SET LOCAL lock_timeout = 0');
  await tx.run('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [name]);
  await tx.run(`SET LOCAL lock_timeout = ${Math.trunc(lockTimeoutMs)}`);
}

/**
 * Holds the lock `name` at session level around `body`: waits for it without a timeout, in one
 * round trip (the statement sets `lock_timeout = 0` with `set_config(..., true)`, local to the
 * statement's implicit transaction, so the session's own value is back once the lock is held: a
 * session-level advisory lock outlives that transaction; `OFFSET 0` keeps the sub-query from being
 * pulled up, so the setting comes before the lock call is evaluated). Released when `body` settles;
 * if releasing fails, the error thrown is `body`'s own when it failed, else the release failure. Run
 * it on a session that is destroyed, not reused, when this throws (as `withSession` does): closing
 * the connection makes the server drop a lock still held.
 */
export async function withSessionLock<T>(session: StepRunner, name: string, body: () => Promise<T>): Promise<T> {
  await session.run(`SELECT pg_advisory_lock(hashtextextended($1, 0)) FROM (SELECT set_config('lock_timeout', '0', true) OFFSET 0) AS no_timeout`, [name]);
  let result: T;
  try {
    result = await body();
  } catch (err) {
    await session.run('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]).catch(() => undefined);
    throw err;
  }
  await session.run('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]);
  return result;
}
