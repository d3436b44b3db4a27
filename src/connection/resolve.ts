/**
 * One precedence rule for every connection setting, sslmode and the certificate files included:
 *
 *   explicit settings (provider attributes, CLI options)
 *     > the connection URL (its query parameters over its parts, as libpq reads it)
 *     > libpq's environment variables (PGHOST, PGSSLMODE, PGSSLROOTCERT, ...)
 *     > libpq's defaults.
 *
 * The URL, environment and defaults layers are libpq's own order (PostgreSQL docs, libpq
 * "Connection Strings" and "Environment Variables"); explicit settings sit on top so that what a
 * provider block says is what happens (`sslmode = "require"` is not undone by `?sslmode=disable`).
 *
 * Defaults, as libpq's: port 5432, user = the OS user, database = the user name, sslmode `prefer`,
 * sslrootcert/sslcert/sslkey = `~/.postgresql/root.crt`, `postgresql.crt`, `postgresql.key` when
 * those files exist. One difference: with no host anywhere, node-postgres connects to `localhost`
 * over TCP where libpq would use a Unix-domain socket.
 *
 * Pure but for the OS user name and home directory, which callers may pass in.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { ConnectionSettingError, fieldName, type Source } from './errors';
import { ENV_VARIABLES, KEYWORDS, SSL_MODES, type Keyword, type SslMode } from './keywords';
import { parseConnectionUrl } from './url';

/** An explicit setting and the name the user wrote it under (an attribute, an option). */
export interface ExplicitSetting {
  readonly value: string;
  readonly name: string;
}

export interface ConnectionInput {
  /** Explicit settings, highest precedence. @default - none */
  readonly explicit?: { readonly [K in Keyword]?: ExplicitSetting };
  /** The connection URL and how the user knows it (`database_url`, `STAGING_DATABASE_URL`). @default - none */
  readonly url?: { readonly text: string; readonly name: string };
  /** Environment holding libpq's PG* variables. @default - none (an empty environment) */
  readonly env?: NodeJS.ProcessEnv;
  /** libpq's default user. @default os.userInfo().username */
  readonly osUser?: string;
  /** Where libpq's `.postgresql/` directory lives. @default os.homedir() */
  readonly homeDir?: string;
}

/** A certificate file setting; a `default` one is used only when the file exists, as in libpq. */
export interface FileSetting {
  /** A path; for sslrootcert also `system` (node's CA roots, see ./tls.ts). */
  readonly path: string;
  readonly source: Source;
}

/** The settings one connection uses, resolved; `password` is the only secret. */
export interface ResolvedConnection {
  /** Host name, IP address, or a Unix-domain socket directory (starting with `/`). */
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** @default - none given: node-postgres then reads ~/.pgpass (PGPASSFILE), as libpq does */
  readonly password?: string;
  readonly sslmode: SslMode;
  /** Trusted CAs; by default `~/.postgresql/root.crt`. */
  readonly sslrootcert: FileSetting;
  /** Client certificate; by default `~/.postgresql/postgresql.crt`. */
  readonly sslcert: FileSetting;
  /** Its private key; by default `~/.postgresql/postgresql.key`. */
  readonly sslkey: FileSetting;
  /** Seconds; undefined waits indefinitely (libpq: zero or negative). libpq's minimum of 2 applies. */
  readonly connectTimeoutS?: number;
  /** @default - none; the caller's own name (node-postgres `application_name`) */
  readonly applicationName?: string;
  /** Server options sent at start-up, e.g. `-c search_path=app`. */
  readonly options?: string;
  /** Where each given setting came from; absent ones are defaults. */
  readonly sources: { readonly [K in Keyword]?: Source };
}

/**
 * Resolves `input` with the precedence of the module doc.
 * @throws InvalidConnectionUrlError when the URL does not parse (quoting none of it)
 * @throws ConnectionSettingError naming the field for a bad port, sslmode or connect_timeout, or
 *   sslrootcert=system with an sslmode weaker than verify-full (libpq refuses that pairing)
 */
export function resolveConnection(input: ConnectionInput): ResolvedConnection {
  const { values, sources } = mergeLayers(input);
  const field = (keyword: Keyword) => fieldName(sources[keyword]!, keyword);
  const bad = (keyword: Keyword, problem: string, fix: string) => new ConnectionSettingError(sources[keyword], field(keyword), problem, fix);

  const { user, host, database } = identity(values, input.osUser);
  const home = input.homeDir ?? os.homedir();
  const file = (keyword: 'sslrootcert' | 'sslcert' | 'sslkey', defaultName: string): FileSetting =>
    values[keyword] !== undefined ? { path: values[keyword]!, source: sources[keyword]! } : { path: path.join(home, '.postgresql', defaultName), source: { kind: 'default' } };
  const sslrootcert = file('sslrootcert', 'root.crt');
  return {
    host,
    port: values.port === undefined ? 5432 : port(values.port, () => bad('port', portProblem(values.port!, sources.port!), 'give an integer from 1 to 65535, e.g. 5432')),
    user,
    database,
    ...(values.password !== undefined ? { password: values.password } : {}),
    sslmode: sslmode(values.sslmode, sslrootcert, sources.sslmode, bad),
    sslrootcert,
    sslcert: file('sslcert', 'postgresql.crt'),
    sslkey: file('sslkey', 'postgresql.key'),
    ...(values.connect_timeout !== undefined ? connectTimeout(values.connect_timeout, () => bad('connect_timeout', `"${values.connect_timeout}" is not an integer`, 'give whole seconds, e.g. 10, or 0 to wait indefinitely')) : {}),
    ...(values.application_name !== undefined ? { applicationName: values.application_name } : {}),
    ...(values.options !== undefined ? { options: values.options } : {}),
    sources,
  };
}

/** Each keyword's value from the first layer that has one, and that layer (see the module doc). */
export interface MergedSettings {
  readonly values: { readonly [K in Keyword]?: string };
  readonly sources: { readonly [K in Keyword]?: Source };
}

/**
 * The precedence rule alone: explicit > URL > environment, no defaults, nothing validated.
 * @throws InvalidConnectionUrlError when the URL does not parse
 */
export function mergeLayers(input: ConnectionInput): MergedSettings {
  const env = input.env ?? {};
  const url = input.url ? parseConnectionUrl(input.url.text, input.url.name) : {};
  const values: { [K in Keyword]?: string } = {};
  const sources: { [K in Keyword]?: Source } = {};
  for (const keyword of KEYWORDS) {
    const explicit = input.explicit?.[keyword];
    const fromEnv = env[ENV_VARIABLES[keyword]];
    if (explicit !== undefined && explicit.value !== '') {
      [values[keyword], sources[keyword]] = [explicit.value, { kind: 'explicit', name: explicit.name }];
    } else if (url[keyword] !== undefined) {
      [values[keyword], sources[keyword]] = [url[keyword], { kind: 'url', name: input.url!.name }];
    } else if (fromEnv) {
      [values[keyword], sources[keyword]] = [fromEnv, { kind: 'env', name: ENV_VARIABLES[keyword] }];
    }
  }
  return { values, sources };
}

/** user, host, port and database with libpq's defaults (host: localhost, see the module doc), unvalidated: what messages name. */
export function identity(values: MergedSettings['values'], osUser?: string): { user: string; host: string; port: string; database: string } {
  const user = values.user ?? osUser ?? os.userInfo().username;
  return { user, host: values.host ?? 'localhost', port: values.port ?? '5432', database: values.dbname ?? user };
}

function port(text: string, error: () => Error): number {
  const n = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= 65535)) throw error();
  return n;
}

/** The port is not secret, but a mangled URL may have put part of the password there: quote it only when not from a URL. */
function portProblem(text: string, source: Source): string {
  return source.kind === 'url' ? 'is not a port number' : `"${text}" is not a port number`;
}

function sslmode(value: string | undefined, rootcert: FileSetting, source: Source | undefined, bad: (k: Keyword, problem: string, fix: string) => Error): SslMode {
  if (value !== undefined && !(SSL_MODES as readonly string[]).includes(value)) {
    throw bad('sslmode', `"${value}" is not an sslmode`, `use one of ${SSL_MODES.join(', ')}`);
  }
  // libpq: sslrootcert=system makes verify-full the default and refuses anything weaker, since
  // anyone can get a publicly trusted certificate for a host name they control
  if (rootcert.path === 'system') {
    if (value === undefined) return 'verify-full';
    if (value !== 'verify-full') {
      throw new ConnectionSettingError(source, fieldName(source!, 'sslmode'), `"${value}" is weaker than verify-full, which sslrootcert=system (${fieldName(rootcert.source, 'sslrootcert')}) requires`, 'set sslmode to verify-full, or point sslrootcert at the PEM file of your server\'s CA');
    }
  }
  return (value as SslMode | undefined) ?? 'prefer';
}

/** libpq: an integer; zero or negative waits indefinitely; 1 counts as 2, libpq's minimum. */
function connectTimeout(text: string, error: () => Error): { connectTimeoutS?: number } {
  if (!/^\s*[-+]?\d+\s*$/.test(text)) throw error();
  const n = Number(text);
  return n <= 0 ? {} : { connectTimeoutS: Math.max(n, 2) };
}
