/**
 * The SQL step runner: every DDL step is its own short transaction with `lock_timeout`
 * (DESIGN.md safety rule 5), so a killed apply leaves the database valid and a re-run converges.
 * Failures become diagnostics naming the object, the step, the statement and the server's
 * message/detail/hint (see ./diagnostics).
 */
import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { statementFailed } from './diagnostics';

/** What a step works on, for diagnostics: e.g. `{ object: 'public.events_2025_01_06', step: 'attach window' }`. */
export interface StepLabel {
  readonly object: string;
  readonly step: string;
}

/** Runs statements of one step; each failure names the statement. */
export interface StepRunner {
  run<R extends QueryResultRow = QueryResultRow>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

function runner(client: PoolClient, label: StepLabel, lockTimeoutMs: number): StepRunner {
  return {
    async run<R extends QueryResultRow>(sql: string, params: readonly unknown[] = []) {
      try {
        return await client.query<R>(sql, params as unknown[]);
      } catch (err) {
        throw statementFailed(err, { ...label, statement: sql, lockTimeoutMs });
      }
    },
  };
}

/**
 * Runs `body` in one transaction with `SET LOCAL lock_timeout = <lockTimeoutMs>ms`; commits when
 * it resolves, rolls back when it throws (the rollback leaves nothing half-made).
 */
export async function inTransaction<T>(
  pool: Pool,
  lockTimeoutMs: number,
  label: StepLabel,
  body: (tx: StepRunner) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    const tx = runner(client, label, lockTimeoutMs);
    await tx.run('BEGIN');
    await tx.run(`SET LOCAL lock_timeout = ${Math.trunc(lockTimeoutMs)}`);
    const result = await body(tx);
    await tx.run('COMMIT');
    return result;
  } catch (err) {
    // a connection that cannot even roll back is not handed to the next step
    broken = await client.query('ROLLBACK').then(() => false, () => true);
    throw err;
  } finally {
    client.release(broken);
  }
}

/**
 * Runs statements outside a transaction block (for `DETACH PARTITION ... CONCURRENTLY`, which
 * PostgreSQL refuses inside one) on one session with `lock_timeout` set for the session and reset
 * afterwards, so the pooled connection goes back clean.
 */
export async function outsideTransaction<T>(
  pool: Pool,
  lockTimeoutMs: number,
  label: StepLabel,
  body: (session: StepRunner) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    const session = runner(client, label, lockTimeoutMs);
    await session.run(`SET lock_timeout = ${Math.trunc(lockTimeoutMs)}`);
    return await body(session);
  } catch (err) {
    broken = true;
    throw err;
  } finally {
    if (!broken) await client.query('RESET lock_timeout').catch(() => (broken = true));
    // a session that failed mid-way may hold session state (advisory lock, settings): don't reuse it
    client.release(broken);
  }
}
