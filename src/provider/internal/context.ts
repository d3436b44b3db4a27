/**
 * The configured provider: one lazily opened pg.Pool per provider configuration, the PostgreSQL
 * version check, the lock settings of every DDL step (lock_timeout_ms, lock_retries), and the
 * inventory cache (one catalog query per parent table per plan, not one per resource).
 */
import type { Pool } from 'pg';
import type { Model } from '../framework/types';
import { UNKNOWN } from '../framework/types';
import type { WindowContext } from '../windows/context';
import { fail, statementFailed } from './diagnostics';
import { openPool } from '../../connection/open';
import { APPLICATION_NAME, resolveConnection, type ConnectionSettings } from './connection';
import { withSession, type LockSettings, type Session, type StepLabel } from './session';
import { InventoryCache } from './inventory';
import { detectPooling, poolingMessage } from './pooler';

/** PostgreSQL 14 brought DETACH PARTITION ... CONCURRENTLY, which retirement relies on. */
export const MIN_SERVER_VERSION_NUM = 140000;

/** Everything a resource hook needs; created by `provider.configure`. */
export class ProviderContext implements WindowContext {
  private settings: ConnectionSettings | undefined;
  private poolPromise: Promise<Pool> | undefined;
  private openedPool: Pool | undefined;
  /** One inventory per parent per configuration; see {@link InventoryCache}. */
  readonly inventories = new InventoryCache(() => this.pool());

  /**
   * @param config the provider block (snake_case attributes). Resolved now when fully known so
   *   a bad setting fails ConfigureProvider; otherwise at first use.
   */
  constructor(private readonly config: Model) {
    if (!Object.values(config).includes(UNKNOWN)) this.settings = resolveConnection(config);
  }

  /** `lock_timeout` and retries of every DDL step, and the target for messages. */
  get locks(): LockSettings {
    const { lockTimeoutMs, lockRetries, target } = this.resolved();
    return { lockTimeoutMs, lockRetries, target };
  }

  /** Connections the pool opens at most: how many windows one resource works on at once. */
  get maxConnections(): number {
    return this.resolved().maxConnections;
  }

  /** Forgets the cached inventory of `schema.parent` after its partitions changed. */
  invalidate(schema: string, parent: string): void {
    this.inventories.invalidate(schema, parent);
  }

  private resolved(): ConnectionSettings {
    this.settings ??= resolveConnection(this.config);
    return this.settings;
  }

  /**
   * Starts opening the pool (loading pg, connecting, the version check) without waiting, when the
   * settings are already known: ConfigureProvider comes well before the first read, and the
   * connection is on the path of every plan. A failure here is not reported; the first real use
   * retries and reports it.
   */
  warmUp(): void {
    if (this.settings !== undefined) this.pool().catch(() => undefined);
  }

  /**
   * The pool, opened on first use; the first connection checks `server_version_num` >= 140000,
   * then that each connection keeps its server session (no pooler in transaction or statement
   * pooling mode, see ./pooler.ts).
   * Throws a DiagnosticError when the server is unreachable or too old, or behind such a pooler.
   */
  pool(): Promise<Pool> {
    this.poolPromise ??= this.open();
    return this.poolPromise;
  }

  private async open(): Promise<Pool> {
    const { connection, attempts, maxConnections, target } = this.resolved();
    let pool: Pool;
    try {
      // opened through the probe that settles sslmode prefer/allow once per pool (src/connection/open.ts)
      ({ pool } = await openPool(connection, attempts, {
        max: maxConnections,
        applicationName: APPLICATION_NAME,
        // an idle client losing its server must not crash the provider process
        onIdleError: (err) => process.stderr.write(`pgpartition: idle connection error: ${err.message}\n`),
      }));
    } catch (err) {
      this.poolPromise = undefined; // let a later call retry, e.g. after the server comes up
      const message = (err as Error).message;
      return fail(undefined, 'Cannot connect to PostgreSQL', `${message[0].toUpperCase()}${message.slice(1)}. Check the provider's host/port/database/username/sslmode (or database_url / database_url_env) and that the server accepts connections.`);
    }
    this.openedPool = pool;
    let versionNum: number;
    try {
      const { rows } = await pool.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
      versionNum = Number(rows[0].v);
    } catch (err) {
      this.poolPromise = undefined;
      return fail(undefined, 'Cannot connect to PostgreSQL', `Reading the server version of ${target} failed: ${(err as Error).message}.`);
    }
    if (versionNum < MIN_SERVER_VERSION_NUM) {
      fail(undefined, 'PostgreSQL is too old', `${target} runs server_version_num ${versionNum}; pgpartition needs PostgreSQL 14 or newer (it retires windows with DETACH PARTITION ... CONCURRENTLY). Upgrade the server.`);
    }
    const pooling = await detectPooling(pool, this.maxConnections).catch((err: unknown) => {
      this.poolPromise = undefined;
      // a connection lost here is reported like one lost at any other step (it changed nothing)
      throw statementFailed(err, { object: target, step: 'check the connection pooling of', statement: '(pooling probe: SELECT pg_backend_pid() on two connections)', target });
    });
    if (pooling !== null) {
      this.poolPromise = undefined;
      fail(undefined, `Connection pooler in ${pooling.mode} pooling mode`, poolingMessage(pooling, target));
    }
    return pool;
  }

  /** Runs `body` on a session of its own (one pooled connection, see ./session). */
  async session<T>(label: StepLabel, body: (s: Session) => Promise<T>): Promise<T> {
    return withSession(await this.pool(), this.locks, label, body);
  }

  /** Closes the pool (GRPCController/Shutdown). */
  async close(): Promise<void> {
    const pool = this.openedPool;
    this.openedPool = undefined;
    this.poolPromise = undefined;
    await pool?.end();
  }
}
