/**
 * The connection options of the commands that talk to a database directly (status, maintain,
 * explain): `--database-url-env VAR` (the default, `DATABASE_URL`, keeps the password out of the
 * process list) or `--database-url URL`.
 */
import type { Command } from 'commander';
import { Pool } from 'pg';
import { CliError, ExitCode } from './errors';

export interface DatabaseOptions {
  /** Name of the environment variable holding the connection URL. @default 'DATABASE_URL' (when no URL is given either) */
  readonly databaseUrlEnv?: string;
  readonly databaseUrl?: string;
}

/** Adds `--database-url-env` and `--database-url` to `command`. */
export function addDatabaseOptions(command: Command): Command {
  return command
    .option('--database-url-env <VAR>', 'environment variable holding the connection URL (keeps it out of the process list); default DATABASE_URL')
    .option('--database-url <URL>', 'connection URL, postgres://USER:PASSWORD@HOST:PORT/DATABASE');
}

/**
 * The connection URL the options name.
 * @throws CliError when both options are given (usage), or the variable is unset or empty.
 */
export function databaseUrl(o: DatabaseOptions, env: NodeJS.ProcessEnv = process.env): string {
  if (o.databaseUrl && o.databaseUrlEnv) {
    throw new CliError('--database-url and --database-url-env are both set', 'pass only one of them', ExitCode.Usage);
  }
  if (o.databaseUrl) return o.databaseUrl;
  const variable = o.databaseUrlEnv ?? 'DATABASE_URL';
  const url = env[variable];
  if (!url) {
    const other = o.databaseUrlEnv ? '' : ', or pass --database-url-env VAR (the variable holding the URL)';
    throw new CliError(`environment variable ${variable} is not set`, `export ${variable}=postgres://USER:PASSWORD@HOST:5432/DATABASE${other}`);
  }
  return url;
}

/**
 * Runs `fn` with a one-connection pool on the database the options name, and closes it.
 * @throws CliError as {@link databaseUrl}; whatever `fn` throws.
 */
export async function withPool<T>(o: DatabaseOptions, applicationName: string, env: NodeJS.ProcessEnv, fn: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = new Pool({ connectionString: databaseUrl(o, env), max: 2, application_name: applicationName });
  pool.on('error', () => undefined); // an idle connection lost after the work changes nothing we print
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}
