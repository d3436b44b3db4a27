/**
 * Provider configuration -> connection settings, through the shared libpq rules of
 * src/connection (one precedence for every setting: provider attributes > the URL > PG*
 * variables > libpq's defaults; sslmode as libpq defines it; see docs/index.md).
 *
 * The attribute names mirror `PostgresqlProviderConfig` of `@cdktf/provider-postgresql`
 * (host, port, database, username, password, sslmode, sslrootcert, connect_timeout,
 * max_connections; sslcert/sslkey for its `clientcert`) so one config object serves both providers.
 * The URL, if any, is the first of: `database_url`; the variable `database_url_env` names (read
 * when the provider process starts, at plan/apply time, so no secret is written into the
 * configuration); DATABASE_URL, when no discrete connection attribute and no PGHOST, PGPORT,
 * PGUSER, PGPASSWORD or PGDATABASE is set. The password is never put into a diagnostic: targets
 * are described as `user@host:port/database`.
 *
 * The provider's launcher moves NODE_EXTRA_CA_CERTS to {@link EXTRA_CA_CERTS_VARIABLE} (node reads
 * that file eagerly at every start, and terraform starts the provider 3-5 times per command);
 * `sslrootcert=system` trusts those CAs next to node's own, as NODE_EXTRA_CA_CERTS would have.
 */
import {
  ConnectionSettingError, InvalidConnectionUrlError, describeTarget, resolveConnection as resolveLibpq, tlsAttempts,
  type ExplicitSetting, type Keyword, type ResolvedConnection, type Source, type TlsAttempt,
} from '../../connection';
import { UNKNOWN, type AttributePath, type Model, type Value } from '../framework/types';
import { fail } from './diagnostics';

/** Resolved connection settings: what the pool opens, plus the provider's DDL settings. */
export interface ConnectionSettings {
  readonly connection: ResolvedConnection;
  /** TLS, then plaintext for `prefer`; see src/connection/tls.ts. */
  readonly attempts: readonly TlsAttempt[];
  /** Pool size (`max_connections`). */
  readonly maxConnections: number;
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

/** `application_name` of the provider's connections unless the URL or PGAPPNAME gives one. */
export const APPLICATION_NAME = 'terraform-provider-pgpartition';

/** Provider attributes that are libpq settings, by libpq key word. */
const ATTRIBUTES: { readonly [K in Keyword]?: string } = {
  host: 'host', port: 'port', dbname: 'database', user: 'username', password: 'password',
  sslmode: 'sslmode', sslrootcert: 'sslrootcert', sslcert: 'sslcert', sslkey: 'sslkey', connect_timeout: 'connect_timeout',
};

/** The attributes whose presence keeps DATABASE_URL out, and their PG* variables. */
const IDENTITY_ATTRIBUTES = ['host', 'port', 'database', 'username', 'password'];
const IDENTITY_VARIABLES = ['PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE'];

function known(config: Model, key: string): Value {
  const v = config[key];
  if (v === UNKNOWN) {
    fail([key], `Provider attribute "${key}" is unknown`, `"${key}" depends on a value known only after apply; give the provider a value known at plan time (e.g. database_url_env naming an environment variable).`);
  }
  return v ?? null;
}

function str(config: Model, key: string): string | undefined {
  const v = known(config, key);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function num(config: Model, key: string): number | undefined {
  const v = known(config, key);
  return typeof v === 'number' ? v : undefined;
}

/** The connection URL, how the user knows it, and the attribute to point a diagnostic at. */
interface UrlChoice {
  readonly text: string;
  readonly name: string;
  readonly attribute?: string;
}

function chooseUrl(config: Model, env: NodeJS.ProcessEnv): UrlChoice | undefined {
  const url = str(config, 'database_url');
  if (url) return { text: url, name: 'database_url', attribute: 'database_url' };
  const urlEnv = str(config, 'database_url_env');
  if (urlEnv) {
    const text = env[urlEnv];
    if (!text) {
      fail(['database_url_env'], 'Connection variable is not set', `database_url_env names ${urlEnv}, which is unset or empty in the environment terraform runs in. Export ${urlEnv}=postgres://user@host:5432/db (or unset database_url_env).`);
    }
    return { text, name: urlEnv, attribute: 'database_url_env' };
  }
  const discrete = IDENTITY_ATTRIBUTES.some((k) => known(config, k) !== null);
  if (!discrete && !IDENTITY_VARIABLES.some((k) => env[k]) && env.DATABASE_URL) return { text: env.DATABASE_URL, name: 'DATABASE_URL' };
  return undefined;
}

/**
 * Resolves the provider config (snake_case attributes; null when unset) and the environment into
 * connection settings, reading the certificate files. Throws a DiagnosticError naming the
 * attribute (or the variable) when a value is unusable: `database_url_env` names an unset
 * variable, the URL does not parse (never quoted), an unknown sslmode, an unreadable file.
 */
export function resolveConnection(config: Model, env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  const url = chooseUrl(config, env);
  const explicit: { [K in Keyword]?: ExplicitSetting } = {};
  for (const [keyword, attribute] of Object.entries(ATTRIBUTES) as [Keyword, string][]) {
    const value = attribute === 'port' || attribute === 'connect_timeout' ? num(config, attribute) : str(config, attribute);
    if (value !== undefined) explicit[keyword] = { value: String(value), name: attribute };
  }
  try {
    const connection = resolveLibpq({ explicit, ...(url ? { url: { text: url.text, name: url.name } } : {}), env });
    return {
      connection,
      attempts: tlsAttempts(connection, env[EXTRA_CA_CERTS_VARIABLE]),
      maxConnections: num(config, 'max_connections') ?? DEFAULT_MAX_CONNECTIONS,
      lockTimeoutMs: num(config, 'lock_timeout_ms') ?? DEFAULT_LOCK_TIMEOUT_MS,
      lockRetries: num(config, 'lock_retries') ?? DEFAULT_LOCK_RETRIES,
      target: describeTarget(connection),
    };
  } catch (err) {
    if (!(err instanceof ConnectionSettingError)) throw err;
    const summary = err instanceof InvalidConnectionUrlError ? 'Not a valid connection URL' : 'Unusable connection setting';
    return fail(attributePath(err.source, url), summary, `${err.message}.`);
  }
}

/** The attribute a setting came from: itself, or the URL's attribute; none for PG* variables and defaults. */
function attributePath(source: Source | undefined, url: UrlChoice | undefined): AttributePath | undefined {
  if (source?.kind === 'explicit') return [source.name];
  if (source?.kind === 'url' && url?.attribute) return [url.attribute];
  return undefined;
}
