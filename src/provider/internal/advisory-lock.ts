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
 * wait for each other in a cycle. Every lock is held at session level and waited for by polling
 * (see {@link withSessionLock}), never by blocking inside a statement or a transaction.
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

/** Wait between two tries of a lock `attempt` (0-based), in milliseconds: 20 doubling up to 500. */
function pollDelayMs(attempt: number): number {
  return Math.min(500, 20 * 2 ** attempt);
}

/**
 * Holds the lock `name` at session level around `body`, waiting for it without a timeout. The wait
 * polls `pg_try_advisory_lock` instead of blocking in `pg_advisory_lock`: a session blocked in a
 * statement holds a snapshot, and a `DETACH ... CONCURRENTLY` run by the lock's holder waits for
 * every older snapshot to end (PostgreSQL docs, ALTER TABLE: "waits for all transactions that might
 * see the partition"), a deadlock the server would end by killing the waiter. Between two tries
 * the waiter holds no snapshot. Released when `body` settles; if releasing fails, the error thrown
 * is `body`'s own when it failed, else the release failure. Run it on a session that is destroyed,
 * not reused, when this throws (as `withSession` does): closing the connection makes the server
 * drop a lock still held.
 */
export async function withSessionLock<T>(session: StepRunner, name: string, body: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const { rows } = await session.run<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [name]);
    if (rows[0].ok) break;
    await new Promise((resolve) => setTimeout(resolve, pollDelayMs(attempt)));
  }
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
