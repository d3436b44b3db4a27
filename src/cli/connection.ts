/**
 * The CLI's connections: a URL from an option or a variable, resolved with libpq's rules
 * (src/connection: the URL > PG* variables > libpq's defaults; sslmode as libpq defines it) and
 * opened with the same TLS fallback as the provider. Every error becomes a two-line CliError that
 * names the option or variable and the target as `user@host:port/database`, never the URL.
 */
import type { Pool } from 'pg';
import {
  ConnectionFailedError, ConnectionSettingError, describeTarget, openPool, resolveConnection, tlsAttempts,
  type ResolvedConnection, type TlsAttempt,
} from '../connection';
import { CliError } from './errors';

/** A URL resolved for one command: where it came from, its settings and how to describe it. */
export interface CliConnection {
  /** The option or variable holding the URL, e.g. `STAGING_DATABASE_URL` or `--database-url`. */
  readonly name: string;
  readonly connection: ResolvedConnection;
  readonly attempts: readonly TlsAttempt[];
  /** `user@host:port/database`, safe to print. */
  readonly target: string;
}

/**
 * Resolves the URL `text` known as `name`, reading its certificate files.
 * @throws CliError naming `name` (or the setting) when the URL does not parse (quoting none of it)
 *   or a setting is unusable (unknown sslmode, unreadable sslrootcert, ...)
 */
export function cliConnection(text: string, name: string, env: NodeJS.ProcessEnv = process.env): CliConnection {
  try {
    const connection = resolveConnection({ url: { text, name }, env });
    return { name, connection, attempts: tlsAttempts(connection), target: describeTarget(connection) };
  } catch (err) {
    if (err instanceof ConnectionSettingError) throw new CliError(`${err.field}: ${err.problem}`, err.fix);
    throw err;
  }
}

/**
 * Opens a pool of at most `max` connections to `c` (the first connection settles `prefer`/`allow`).
 * @throws CliError naming the target and each attempt's error when no connection can be opened
 */
export async function openCliPool(c: CliConnection, applicationName: string, max = 1): Promise<Pool> {
  try {
    return (await openPool(c.connection, c.attempts, { max, applicationName })).pool;
  } catch (err) {
    if (err instanceof ConnectionFailedError) {
      throw new CliError(err.message, `check the URL in ${c.name} (host, port, user, password, sslmode) and that the server accepts connections`);
    }
    throw err;
  }
}
