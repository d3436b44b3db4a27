/**
 * The DDL step runner. A {@link Session} is one pooled connection held for one piece of work (a
 * window's whole build or retire, a parent table's create), so the advisory locks it takes at
 * session level cover every step of that work. Each step is its own short transaction with
 * `SET LOCAL lock_timeout` (safety rule 5: a step waiting behind a long transaction gives up
 * instead of queueing production traffic behind its own lock request), retried a bounded number of
 * times with backoff, as GitLab's partition manager does (`lock_retries`). When a step gives up,
 * the error names the step, the object, what state the object is left in, and who holds the lock:
 * pid, application_name, state, transaction age and query start from `pg_stat_activity`
 * (PostgreSQL docs 28.2.3, "pg_stat_activity"; 54.12, "pg_locks").
 *
 * A lost connection (server restart, network) is an error like any other: the client's `error`
 * events are handled, so the provider never crashes, and the message says what was being done.
 */
import type { ClientBase, Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { DiagnosticError } from '../framework/types';
import { isConnectionError, isDatabaseError, statementFailed } from './diagnostics';
import { lockHolders } from './lock-holders';

/** What a step works on and does, for messages. */
export interface StepLabel {
  /** Qualified name of the object, e.g. `public.events_2025_01_06`. */
  readonly object: string;
  /** What the step does, e.g. `attach window`. */
  readonly step: string;
  /** Qualified names (unquoted `schema.name`) of the tables whose lock holders a timeout reports. @default [object] */
  readonly relations?: readonly string[];
  /** The object's state when this step fails, and what the next deploy does, e.g. `The window is built but not attached; the next deploy attaches it.` */
  readonly ifItFails?: string;
}

/** Runs statements of one step; each failure names the statement. */
export interface StepRunner {
  run<R extends QueryResultRow = QueryResultRow>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

/** Lock settings of every step (provider attributes `lock_timeout_ms`, `lock_retries`). */
export interface LockSettings {
  /** `lock_timeout` of one try, in milliseconds. */
  readonly lockTimeoutMs: number;
  /** Tries after the first one that timed out waiting for a lock. */
  readonly lockRetries: number;
  /** `user@host:port/database`, for messages (never the password). */
  readonly target: string;
}

/** SQLSTATE 55P03 lock_not_available: lock_timeout expired (PostgreSQL docs, Appendix A). */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Wait before retry `attempt` (1-based), in milliseconds: 250 ms doubling per attempt, at most
 * 8 s, so five retries wait about 7.75 s in all besides the tries themselves.
 */
export function retryDelayMs(attempt: number): number {
  return Math.min(8000, 250 * 2 ** (attempt - 1));
}

/** True when `err` (or the server error a diagnostic was made from) is a lock_timeout expiry. */
export function isLockTimeout(err: unknown): boolean {
  const cause = err instanceof DiagnosticError ? err.cause : err;
  return isDatabaseError(cause) && cause.code === LOCK_NOT_AVAILABLE;
}

/** One connection held for one piece of work; see the module doc. */
export class Session {
  private broken = false;

  constructor(
    private readonly client: PoolClient,
    readonly settings: LockSettings,
  ) {}

  /**
   * Runs read-only catalog queries between steps on this connection (autocommit); a failure
   * becomes a diagnostic naming `label` (a lost connection included).
   */
  async read<T>(label: StepLabel, body: (db: ClientBase) => Promise<T>): Promise<T> {
    try {
      return await body(this.client);
    } catch (err) {
      if (err instanceof DiagnosticError) throw err;
      if (isConnectionError(err)) this.broken = true;
      throw statementFailed(err, { ...label, statement: '(catalog read)', target: this.settings.target });
    }
  }

  /** A runner for statements of `label` outside any transaction this class opens (autocommit). */
  runner(label: StepLabel): StepRunner {
    return {
      run: async <R extends QueryResultRow>(sql: string, params: readonly unknown[] = []) => {
        try {
          return await this.client.query<R>(sql, params as unknown[]);
        } catch (err) {
          if (isConnectionError(err)) this.broken = true; // the connection itself failed
          throw statementFailed(err, { ...label, statement: sql, lockTimeoutMs: this.settings.lockTimeoutMs, target: this.settings.target });
        }
      },
    };
  }

  /**
   * Runs `body` as one transaction with `SET LOCAL lock_timeout`; commits when it resolves, rolls
   * back when it throws. A try that times out waiting for a lock is rolled back and tried again,
   * `lockRetries` times at most; then the error names the lock holders.
   */
  async transaction<T>(label: StepLabel, body: (tx: StepRunner) => Promise<T>): Promise<T> {
    return this.withRetries(label, async () => {
      const tx = this.runner(label);
      await tx.run('BEGIN');
      try {
        await tx.run(`SET LOCAL lock_timeout = ${Math.trunc(this.settings.lockTimeoutMs)}`);
        const result = await body(tx);
        await tx.run('COMMIT');
        return result;
      } catch (err) {
        if (!this.broken) await this.client.query('ROLLBACK').catch(() => (this.broken = true));
        throw err;
      }
    });
  }

  /**
   * Runs `body` outside a transaction block (for `DETACH PARTITION ... CONCURRENTLY`, which
   * PostgreSQL refuses inside one) with the session's `lock_timeout` set for it and reset after.
   * Retried like {@link transaction}: `body` must find out on each try what an earlier try left.
   */
  async outside<T>(label: StepLabel, body: (session: StepRunner) => Promise<T>): Promise<T> {
    return this.withRetries(label, async () => {
      const s = this.runner(label);
      await s.run(`SET lock_timeout = ${Math.trunc(this.settings.lockTimeoutMs)}`);
      try {
        return await body(s);
      } finally {
        if (!this.broken) await this.client.query('RESET lock_timeout').catch(() => (this.broken = true));
      }
    });
  }

  private async withRetries<T>(label: StepLabel, attempt: () => Promise<T>): Promise<T> {
    for (let retry = 0; ; retry++) {
      try {
        return await attempt();
      } catch (err) {
        if (this.broken || !isLockTimeout(err)) throw err;
        if (retry >= this.settings.lockRetries) throw await this.gaveUp(label, err as DiagnosticError);
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs(retry + 1)));
      }
    }
  }

  /** The final lock-timeout error: the step, the tries, who holds the locks, and what to do. */
  private async gaveUp(label: StepLabel, err: DiagnosticError): Promise<DiagnosticError> {
    const holders = await lockHolders(this.client, label.relations ?? [label.object]).catch(() => []);
    const tries = this.settings.lockRetries + 1;
    const who = holders.length === 0
      ? 'The lock holder had finished by the time pgpartition looked.'
      : `Lock held by: ${holders.map((h) => h.description).join('; ')}.`;
    return new DiagnosticError({
      severity: 'error',
      summary: `Gave up waiting for a lock to ${label.step} ${label.object}`,
      detail: `${tries} tries of ${this.settings.lockTimeoutMs} ms each (lock_timeout_ms, lock_retries) timed out waiting for a lock another session holds. ${who} ` +
        `${label.ifItFails ?? 'Nothing was changed by this step.'} Fix: end that transaction (or wait for it), then deploy again; or raise lock_timeout_ms / lock_retries in the provider block.`,
    }, { cause: err.cause });
  }

  /** Gives the connection back to the pool; a connection that failed or may hold session state is destroyed. */
  release(discard: boolean): void {
    this.client.release(discard || this.broken);
  }
}

/**
 * Runs `body` on a {@link Session} of its own: takes a pooled connection (its `error` events
 * handled, so a lost connection fails this work instead of crashing the process), and releases it
 * after, destroying it when `body` failed (it may still hold session-level locks or settings).
 * @throws DiagnosticError naming the step when no connection can be had, or `body`'s error.
 */
export async function withSession<T>(pool: Pool, settings: LockSettings, label: StepLabel, body: (s: Session) => Promise<T>): Promise<T> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw statementFailed(err, { ...label, statement: '(connecting)', target: settings.target });
  }
  const onError = () => undefined; // reported by the query that was running; without a listener, node would crash
  client.on('error', onError);
  const session = new Session(client, settings);
  let failed = false;
  try {
    return await body(session);
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    session.release(failed);
    client.removeListener('error', onError);
  }
}
