/**
 * The advisory lock that serialises changes to one parent table's partitions (DESIGN.md safety
 * rule 6): two deploys at once, or terraform's parallel window creates, take turns at the attach
 * and detach steps while the standalone builds still run in parallel.
 *
 * Key: `hashtextextended('pgpartition:<schema>.<parent>', 0)`, a bigint derived from the parent's
 * qualified name, so it works before the parent exists and any tool can take the same lock.
 * The wait for it is not bounded by lock_timeout: the holder is another pgpartition step, whose
 * own table locks are bounded, so waiting is what serialising means here.
 *
 * Within one provider process, steps of one parent also take turns in memory ({@link ParentTurns})
 * before they take a pooled connection: otherwise terraform's parallel applies (10) park pooled
 * connections (2 by default) in `pg_advisory_lock` waits, and the lookups and DROPs of other
 * windows queue behind them. The database lock is still taken, for other processes.
 */
import type { StepRunner } from './steps';

/** The text the lock key is hashed from. */
export function advisoryLockName(schema: string, parent: string): string {
  return `pgpartition:${schema}.${parent}`;
}

/**
 * One step at a time per parent table within this process, in arrival order. A step's failure
 * is its caller's; the next step still runs.
 */
export class ParentTurns {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `body` once every earlier step of `schema.parent` has settled; resolves or rejects with `body`. */
  run<T>(schema: string, parent: string, body: () => Promise<T>): Promise<T> {
    const key = advisoryLockName(schema, parent);
    const previous = this.tails.get(key) ?? Promise.resolve();
    const turn = previous.then(body, body);
    const tail = turn.catch(() => undefined);
    this.tails.set(key, tail);
    // forget the parent once its queue drains, so the map holds only parents with steps in flight
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return turn;
  }
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
 * so detaches of one parent must not overlap). The session must have `lock_timeout` set for
 * `body` (as `outsideTransaction` does). Waits for the lock without a timeout, in one round trip:
 * the statement first sets `lock_timeout = 0` with `set_config(..., true)`, local to the
 * statement's own implicit transaction, so the session's value is back once the lock is held (a
 * session-level advisory lock outlives that transaction). `OFFSET 0` keeps the sub-query from
 * being pulled up, so its row (and the setting) comes before the lock call is evaluated. The lock is released when `body` settles; if releasing fails, the
 * error thrown is `body`'s own when it failed (the release failure would hide it), else the
 * release failure. Run it on a session that is destroyed, not reused, when this throws (as
 * `outsideTransaction` does): closing the connection makes the server drop a lock still held.
 */
export async function withParentSessionLock<T>(session: StepRunner, schema: string, parent: string, body: () => Promise<T>): Promise<T> {
  const key = advisoryLockName(schema, parent);
  await session.run(`SELECT pg_advisory_lock(hashtextextended($1, 0)) FROM (SELECT set_config('lock_timeout', '0', true) OFFSET 0) AS no_timeout`, [key]);
  let result: T;
  try {
    result = await body();
  } catch (err) {
    await session.run('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => undefined);
    throw err;
  }
  await session.run('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
  return result;
}
