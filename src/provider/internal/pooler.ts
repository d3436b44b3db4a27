/**
 * Whether each client connection keeps one server session, as pgpartition needs: it holds session
 * advisory locks across the steps of a window, runs `DETACH PARTITION ...
 * CONCURRENTLY` outside a transaction block, and sets `lock_timeout` per session. A connection
 * pooler in transaction or statement pooling mode (PgBouncer `pool_mode = transaction|statement`,
 * https://www.pgbouncer.org/config.html#pool_mode) hands each transaction to whichever server
 * connection is free, so a lock taken by one statement would stay behind on a server session the
 * next statement no longer uses. Session pooling (`pool_mode = session`) keeps one server
 * connection per client and works like a direct connection.
 *
 * The probe, with two clients A and B of the pool: A reads its backend pid; B opens a transaction
 * (pinning a server connection) and reads its pid; A reads its pid again. Directly or through
 * session pooling A's pid never changes and B never has it. Through transaction pooling the server
 * A used is free between its statements: PgBouncer reuses the most recently freed server first
 * (`server_round_robin = 0`, the default), so B gets it; with round robin, A's next statement goes
 * to another server. Statement pooling refuses B's transaction block outright.
 */
import type { Pool, PoolClient } from 'pg';

/** What the probe found: null when every client connection keeps its server session. */
export type PoolingProblem = { readonly mode: 'transaction'; readonly pids: readonly number[] } | { readonly mode: 'statement'; readonly message: string };

const pidOf = async (c: PoolClient) => Number((await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);

/**
 * Runs the probe (module doc) on two clients of `pool`; null when `pool` has room for only one
 * (then the probe cannot run, and nothing is claimed).
 * @throws the driver's error when a query fails for another reason.
 */
export async function detectPooling(pool: Pool, maxConnections: number): Promise<PoolingProblem | null> {
  if (maxConnections < 2) return null;
  // a connection cut while checked out emits 'error' on its client: reported by the next query, not a crash
  const ignore = () => undefined;
  const a = await pool.connect();
  a.on('error', ignore);
  let b: PoolClient | undefined;
  let broken = false;
  try {
    b = await pool.connect();
    b.on('error', ignore);
    const first = await pidOf(a);
    try {
      await b.query('BEGIN');
    } catch (err) {
      broken = true;
      const message = (err as Error).message;
      if (/statement pooling/i.test(message)) return { mode: 'statement', message };
      throw err;
    }
    try {
      const pinned = await pidOf(b);
      const again = await pidOf(a);
      return pinned === first || again !== first ? { mode: 'transaction', pids: [first, pinned, again] } : null;
    } finally {
      await b.query('ROLLBACK').catch(() => {
        broken = true;
      });
    }
  } catch (err) {
    broken = true; // a probe cut short: neither connection goes back to the pool
    throw err;
  } finally {
    a.removeListener('error', ignore);
    a.release(broken);
    b?.removeListener('error', ignore);
    b?.release(broken);
  }
}

/** The error detail for `problem` reaching `target`: what was seen, why it matters, and what to use instead. */
export function poolingMessage(problem: PoolingProblem, target: string): string {
  const seen = problem.mode === 'statement'
    ? `it refused a transaction block (${problem.message})`
    : `consecutive statements of one connection ran in different server sessions (backend pids ${problem.pids.join(', ')})`;
  return `${target} is reached through a connection pooler in ${problem.mode} pooling mode: ${seen}. ` +
    'pgpartition holds session advisory locks across the steps of a window and runs DETACH PARTITION ... CONCURRENTLY outside a transaction, ' +
    'which need one server session per connection for the whole deploy; it changed nothing. ' +
    'Fix: connect the provider to PostgreSQL directly, or to a PgBouncer database in session pooling mode ' +
    '(e.g. a second [databases] entry `app_deploy = host=... dbname=app pool_mode=session`); applications can keep the transaction-mode pool.';
}
