/**
 * Provider configuration -> node-postgres pool settings.
 *
 * The attribute names mirror `PostgresqlProviderConfig` of `@cdktf/provider-postgresql`
 * (host, port, database, username, password, sslmode, connect_timeout, sslrootcert,
 * max_connections) so one config object serves both providers. Where the URL comes from, first
 * match wins:
 *   1. `database_url`;
 *   2. `database_url_env`: the NAME of an environment variable, read when the provider process
 *      starts (plan/apply time), so no secret is ever written into the configuration;
 *   3. the discrete fields, each falling back to libpq's PGHOST, PGPORT, PGUSER, PGPASSWORD,
 *      PGDATABASE, PGSSLMODE;
 *   4. DATABASE_URL, when neither a discrete field nor its PG* variable is set.
 * The password is never logged or put into a diagnostic: {@link describeTarget} leaves it out.
 *
 * The provider's launcher moves NODE_EXTRA_CA_CERTS to {@link EXTRA_CA_CERTS_VARIABLE} (node reads
 * that file eagerly at every start, and terraform starts the provider 3-5 times per command);
 * {@link withExtraCAs} puts those CAs back into the TLS options, so TLS trusts what it did before.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { PoolConfig } from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import { UNKNOWN, type Model, type Value } from '../framework/types';
import { fail } from './diagnostics';

/** Resolved connection settings: what the pool opens, plus the provider's DDL settings. */
export interface ConnectionSettings {
  readonly pool: PoolConfig;
  /** `lock_timeout` for every DDL step, in milliseconds (safety rule 5). */
  readonly lockTimeoutMs: number;
  /** Tries of a DDL step after the first that timed out waiting for a lock. */
  readonly lockRetries: number;
  /** `user@host:port/database`, without the password: safe for logs and diagnostics. */
  readonly target: string;
}

/**
 * @default 1000 ms: each try of a DDL step waits at most 1 s for a lock, so traffic that queues
 * behind the step's own lock request waits at most that long (GitLab's partition manager caps each
 * try at 1 s too); {@link DEFAULT_LOCK_RETRIES} more tries follow, with backoff.
 */
export const DEFAULT_LOCK_TIMEOUT_MS = 1000;
/** @default 5: tries after the first, 250 ms doubling up to 4 s apart (src/provider/internal/session.ts). */
export const DEFAULT_LOCK_RETRIES = 5;
/**
 * @default 2. Window builds are catalog DDL: each CREATE TABLE sends invalidation messages every
 * other backend must process, so 10 builds at once (terraform's -parallelism) made the server do
 * ~7 s of CREATE TABLE work that 0.9 s does sequentially, and on a 2-core machine 2 connections
 * created and dropped 52 windows fastest (bench/BENCHMARKS.md). Terraform's other calls queue for a
 * connection; attaches and detaches are serialised by the advisory lock anyway. Raise it with
 * max_connections for a server with many cores and a distant network.
 */
export const DEFAULT_MAX_CONNECTIONS = 2;

/** Where the launcher (../install.ts) moves NODE_EXTRA_CA_CERTS: a PEM file of CAs added to node's default roots. */
export const EXTRA_CA_CERTS_VARIABLE = 'PGPARTITION_EXTRA_CA_CERTS';

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export { SSL_MODES };

function str(config: Model, key: string): string | undefined {
  const v = config[key];
  if (v === UNKNOWN) {
    fail([key], `Provider attribute "${key}" is unknown`, `"${key}" depends on a value known only after apply; give the provider a value known at plan time (e.g. database_url_env naming an environment variable).`);
  }
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function num(config: Model, key: string): number | undefined {
  const v: Value = config[key];
  if (v === UNKNOWN) fail([key], `Provider attribute "${key}" is unknown`, `Give "${key}" a value known at plan time.`);
  return typeof v === 'number' ? v : undefined;
}

/**
 * node-postgres TLS options for a libpq `sslmode`. node-postgres cannot fall back between TLS
 * and plain connections, so `allow`/`prefer` connect without TLS (as `disable`); `require`
 * encrypts without verifying the server; `verify-ca`/`verify-full` verify against `sslrootcert`
 * (a PEM file path) or the system CAs. Throws a diagnostic for an unknown mode or unreadable file.
 */
function sslOptions(mode: string | undefined, rootCertPath: string | undefined): PoolConfig['ssl'] {
  switch (mode) {
    case undefined:
    case 'disable':
    case 'allow':
    case 'prefer':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
    case 'verify-full': {
      let ca: string | undefined;
      if (rootCertPath) {
        try {
          ca = readFileSync(rootCertPath, 'utf8');
        } catch (err) {
          fail(['sslrootcert'], 'Cannot read sslrootcert', `${rootCertPath}: ${(err as Error).message}. Point sslrootcert at a readable PEM file.`);
        }
      }
      return {
        rejectUnauthorized: true,
        ...(ca ? { ca } : {}),
        // verify-ca checks the chain only, as libpq does
        ...(mode === 'verify-ca' ? { checkServerIdentity: () => undefined } : {}),
      };
    }
    default:
      return fail(['sslmode'], 'Unknown sslmode', `"${mode}" is not an sslmode; use one of ${SSL_MODES.join(', ')}.`);
  }
}

/**
 * Resolves the provider config (snake_case attributes; null when unset) and the environment into
 * pool settings. Throws a DiagnosticError naming the attribute when a value is unusable, e.g.
 * `database_url_env` names an unset variable.
 */
export function resolveConnection(config: Model, env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  let url = str(config, 'database_url');
  const urlEnv = str(config, 'database_url_env');
  if (!url && urlEnv) {
    url = env[urlEnv] || undefined;
    if (!url) {
      fail(['database_url_env'], 'Connection variable is not set', `database_url_env names ${urlEnv}, which is unset or empty in the environment terraform runs in. Export ${urlEnv}=postgres://user@host:5432/db (or unset database_url_env).`);
    }
  }
  const discrete = ['host', 'port', 'database', 'username', 'password'].some((k) => config[k] !== null && config[k] !== undefined);
  const libpqEnv = ['PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE'].some((k) => env[k]);
  if (!url && !discrete && !libpqEnv && env.DATABASE_URL) url = env.DATABASE_URL;

  const sslmode = str(config, 'sslmode') ?? (url ? undefined : env.PGSSLMODE || undefined);
  const connectTimeoutS = num(config, 'connect_timeout');
  const pool: PoolConfig = {
    max: num(config, 'max_connections') ?? DEFAULT_MAX_CONNECTIONS,
    ...(connectTimeoutS !== undefined ? { connectionTimeoutMillis: connectTimeoutS * 1000 } : {}),
    application_name: 'terraform-provider-pgpartition',
  };
  let target: string;
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      // never echo the URL: it may hold the password
      return fail([urlEnv && !config.database_url ? 'database_url_env' : 'database_url'], 'Malformed database URL', 'The database URL does not parse; write it as postgres://user:password@host:5432/database.');
    }
    Object.assign(pool, { connectionString: url });
    if (sslmode !== undefined) pool.ssl = sslOptions(sslmode, str(config, 'sslrootcert'));
    target = `${decodeURIComponent(parsed.username) || '(default user)'}@${parsed.hostname || 'localhost'}:${parsed.port || 5432}${parsed.pathname || '/'}`;
  } else {
    const host = str(config, 'host') ?? env.PGHOST ?? 'localhost';
    const port = num(config, 'port') ?? (env.PGPORT ? Number(env.PGPORT) : 5432);
    const user = str(config, 'username') ?? env.PGUSER ?? env.USER ?? 'postgres';
    const database = str(config, 'database') ?? env.PGDATABASE ?? user;
    const password = str(config, 'password') ?? env.PGPASSWORD;
    Object.assign(pool, { host, port, user, database, ...(password !== undefined ? { password } : {}) });
    pool.ssl = sslOptions(sslmode, str(config, 'sslrootcert'));
    target = `${user}@${host}:${port}/${database}`;
  }
  const lockTimeoutMs = num(config, 'lock_timeout_ms') ?? DEFAULT_LOCK_TIMEOUT_MS;
  const lockRetries = num(config, 'lock_retries') ?? DEFAULT_LOCK_RETRIES;
  return { pool: withExtraCAs(pool, env[EXTRA_CA_CERTS_VARIABLE]), lockTimeoutMs, lockRetries, target };
}

/**
 * `pool` with the CAs of the PEM file `extraCaFile` (from {@link EXTRA_CA_CERTS_VARIABLE}) trusted
 * next to node's bundled roots (`tls.rootCertificates`) wherever TLS would use node's default roots,
 * as NODE_EXTRA_CA_CERTS does: TLS options without their own `ca`. A URL is resolved the way pg
 * resolves it (its fields, sslmode included, override the others), so its TLS options can be
 * completed too. Unchanged when `extraCaFile` is unset or TLS is off. Throws a diagnostic when the
 * file cannot be read, as node would have failed to trust it.
 */
export function withExtraCAs(pool: PoolConfig, extraCaFile: string | undefined): PoolConfig {
  if (!extraCaFile) return pool;
  let resolved: PoolConfig = pool;
  if (pool.connectionString) {
    const { connectionString, ...rest } = pool;
    resolved = { ...rest, ...(parseConnectionString(connectionString) as PoolConfig) };
  }
  const ssl = resolved.ssl;
  if (!ssl || (typeof ssl === 'object' && ssl.ca !== undefined)) return resolved;
  let extra: string;
  try {
    extra = readFileSync(extraCaFile, 'utf8');
  } catch (err) {
    return fail(undefined, 'Cannot read the extra CA certificates', `${extraCaFile} (NODE_EXTRA_CA_CERTS, passed on as ${EXTRA_CA_CERTS_VARIABLE}): ${(err as Error).message}. Point NODE_EXTRA_CA_CERTS at a readable PEM file, or unset it.`);
  }
  return { ...resolved, ssl: { ...(typeof ssl === 'object' ? ssl : {}), ca: [...rootCertificates, extra] } };
}
