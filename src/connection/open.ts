/**
 * Opens a node-postgres pool for resolved settings, making libpq's TLS fallback once per pool.
 *
 * libpq falls back between TLS and plaintext per connection (`prefer`: TLS, then plaintext;
 * `allow`: the other way round). node-postgres fixes `ssl` per pool, so the fallback is decided
 * once, when the pool opens: the first connection is the probe, tried with each of
 * {@link tlsAttempts} in turn; the first that connects decides `ssl` for every later connection of
 * the pool. As in libpq, any failure of an attempt moves on to the next one (the server refusing
 * TLS, a certificate that fails verification, pg_hba.conf refusing that kind of connection, a
 * wrong password), except a server that cannot be reached at all, where the next attempt would
 * only wait again.
 */
import type { Pool, PoolConfig } from 'pg';
import { describeTarget } from './describe';
import { ConnectionFailedError } from './errors';
import type { ResolvedConnection } from './resolve';
import type { TlsAttempt } from './tls';

export interface OpenPoolOptions {
  /** Connections the pool opens at most. */
  readonly max: number;
  /** `application_name` when the settings give none, e.g. `pgpartition status`. */
  readonly applicationName: string;
  /** Called when an idle pooled connection fails (the server went away). @default - ignored */
  readonly onIdleError?: (err: Error) => void;
}

/** An open pool and the attempt that worked (so callers can say whether TLS is in use). */
export interface OpenedPool {
  readonly pool: Pool;
  readonly attempt: TlsAttempt;
}

/** Errors after which another attempt cannot do better: the server was not reached at all. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Opens a pool with the first of `attempts` whose probe connection succeeds; the probe stays in
 * the pool as its first idle connection. Loads `pg` on first use (the provider starts faster
 * without it).
 * @throws ConnectionFailedError naming the target (`user@host:port/database`) and each attempt's error
 */
export async function openPool(c: ResolvedConnection, attempts: readonly TlsAttempt[], o: OpenPoolOptions): Promise<OpenedPool> {
  const { Pool } = await import('pg');
  const base: PoolConfig = {
    host: c.host,
    port: c.port,
    user: c.user,
    database: c.database,
    ...(c.password !== undefined ? { password: c.password } : {}),
    ...(c.connectTimeoutS !== undefined ? { connectionTimeoutMillis: c.connectTimeoutS * 1000 } : {}),
    ...(c.options !== undefined ? { options: c.options } : {}),
    application_name: c.applicationName ?? o.applicationName,
    max: o.max,
  };
  const failures: string[] = [];
  for (const [i, attempt] of attempts.entries()) {
    const pool = new Pool({ ...base, ssl: attempt.ssl });
    pool.on('error', o.onIdleError ?? (() => undefined));
    try {
      (await pool.connect()).release();
      return { pool, attempt };
    } catch (err) {
      await pool.end().catch(() => undefined);
      failures.push(`${attempts.length > 1 ? `${attempt.label}: ` : ''}${(err as Error).message}`);
      if (i === attempts.length - 1 || unreachable(err)) throw new ConnectionFailedError(describeTarget(c), failures, { cause: err });
    }
  }
  throw new Error('openPool needs at least one attempt');
}

function unreachable(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return (typeof code === 'string' && UNREACHABLE.has(code)) || /timeout/i.test((err as Error).message);
}
