/**
 * The advisory lock that serialises changes to one parent table's partitions (DESIGN.md safety
 * rule 6): two deploys at once, or terraform's parallel window creates, take turns at the attach
 * and detach steps while the standalone builds still run in parallel.
 *
 * Key: `hashtextextended('pgpartition:<schema>.<parent>', 0)`, a bigint derived from the parent's
 * qualified name, so it works before the parent exists and any tool can take the same lock.
 * The wait for it is not bounded by lock_timeout: the holder is another pgpartition step, whose
 * own table locks are bounded, so waiting is what serialising means here.
 */
import type { StepRunner } from './steps';

/** The text the lock key is hashed from. */
export function advisoryLockName(schema: string, parent: string): string {
  return `pgpartition:${schema}.${parent}`;
}

/** Takes the parent's lock for the rest of the current transaction, then restores `lock_timeout`. */
export async function lockParentInTransaction(tx: StepRunner, lockTimeoutMs: number, schema: string, parent: string): Promise<void> {
  await tx.run('SET LOCAL lock_timeout = 0');
  await tx.run('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [advisoryLockName(schema, parent)]);
  await tx.run(`SET LOCAL lock_timeout = ${Math.trunc(lockTimeoutMs)}`);
}

/**
 * Holds the parent's lock at session level around `body` (for steps that cannot run in a
 * transaction block, like DETACH CONCURRENTLY: PostgreSQL allows one pending detach per parent,
 * so detaches of one parent must not overlap). Waits for the lock without a timeout, then restores
 * `lock_timeout` for `body`. The lock is released when `body` settles; if releasing fails, the
 * error thrown is `body`'s own when it failed (the release failure would hide it), else the
 * release failure. Run it on a session that is destroyed, not reused, when this throws (as
 * `outsideTransaction` does): closing the connection makes the server drop a lock still held.
 */
export async function withParentSessionLock<T>(session: StepRunner, lockTimeoutMs: number, schema: string, parent: string, body: () => Promise<T>): Promise<T> {
  const key = advisoryLockName(schema, parent);
  await session.run('SET lock_timeout = 0');
  await session.run('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
  let result: T;
  try {
    await session.run(`SET lock_timeout = ${Math.trunc(lockTimeoutMs)}`);
    result = await body();
  } catch (err) {
    await session.run('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => undefined);
    throw err;
  }
  await session.run('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
  return result;
}
