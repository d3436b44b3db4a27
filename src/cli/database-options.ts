/**
 * The connection options of the commands that talk to a database directly (status, maintain,
 * explain): `--database-url-env VAR` (the default, `DATABASE_URL`, keeps the password out of the
 * process list) or `--database-url URL`.
 */
import type { Command } from 'commander';
import type { Pool } from 'pg';
import { cliConnection, openCliPool, type CliConnection } from './connection';
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
 * The connection the options name, resolved with libpq's rules (./connection.ts).
 * @throws CliError when both options are given (usage), the variable is unset or empty, or the URL
 *   does not parse or holds an unusable setting (never quoting it).
 */
export function databaseConnection(o: DatabaseOptions, env: NodeJS.ProcessEnv = process.env): CliConnection {
  if (o.databaseUrl && o.databaseUrlEnv) {
    throw new CliError('--database-url and --database-url-env are both set', 'pass only one of them', ExitCode.Usage);
  }
  if (o.databaseUrl) return cliConnection(o.databaseUrl, '--database-url', env);
  const variable = o.databaseUrlEnv ?? 'DATABASE_URL';
  const url = env[variable];
  if (!url) {
    const other = o.databaseUrlEnv ? '' : ', or pass --database-url-env VAR (the variable holding the URL)';
    throw new CliError(`environment variable ${variable} is not set`, `export ${variable}=postgres://USER:PASSWORD@HOST:5432/DATABASE${other}`);
  }
  return cliConnection(url, variable, env);
}

/**
 * Runs `fn` with a pool of two connections on the database the options name, and closes it.
 * @throws CliError as {@link databaseConnection}, or naming the target when it cannot be reached; whatever `fn` throws.
 */
export async function withPool<T>(o: DatabaseOptions, applicationName: string, env: NodeJS.ProcessEnv, fn: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = await openCliPool(databaseConnection(o, env), applicationName, 2);
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}
