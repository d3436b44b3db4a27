/**
 * What every stack command needs before terraform runs: the stack's connection (its own variable
 * only, see `src/constructs/connection-env.ts`) described without its password, and the provider
 * installed where terraform finds it offline.
 */
import * as path from 'node:path';
import { DATABASE_URL_ENV_OVERRIDE, databaseUrlEnvFor, stackDatabaseUrlEnv } from '../constructs/connection-env';
import { installProvider, PACKAGE_ROOT, type Installation } from '../provider/install';
import { cliConnection, type CliConnection } from './connection';
import { CliError, ExitCode } from './errors';

/** The database a stack command works on (see ./connection.ts for how the URL is read). */
export interface StackConnection extends CliConnection {
  /** Name of the environment variable holding the URL, e.g. `STAGING_DATABASE_URL`. */
  readonly variable: string;
  /** The URL itself (a secret: never print it). */
  readonly url: string;
}

/**
 * The connection of `stack`: the variable `databaseUrlEnv` names when given (the user's explicit
 * choice, e.g. `DATABASE_URL`), else `<STACK>_DATABASE_URL`; never another variable by fallback.
 * The URL is resolved with libpq's rules; `target` names it as `user@host:port/database`.
 * @throws CliError naming the variable to set when it is unset or empty, or naming the variable when
 *   its URL does not parse or holds an unusable setting (never quoting the URL).
 */
export function stackConnection(stack: string, env: NodeJS.ProcessEnv = process.env, databaseUrlEnv?: string): StackConnection {
  if (databaseUrlEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(databaseUrlEnv)) {
    throw new CliError(`--database-url-env "${databaseUrlEnv}" is not an environment variable name`, 'pass the NAME of the variable holding the URL, e.g. --database-url-env DATABASE_URL', ExitCode.Usage);
  }
  const variable = databaseUrlEnv ?? databaseUrlEnvFor(stack, env);
  const url = env[variable];
  if (!url) {
    const own = stackDatabaseUrlEnv(stack);
    throw new CliError(
      `no database connection for stack "${stack}": ${variable} is not set`,
      variable === own
        ? `export ${own}=postgres://USER:PASSWORD@HOST:5432/DATABASE, then re-run (to use another variable on purpose, pass --database-url-env NAME)`
        : `export ${variable}=postgres://USER:PASSWORD@HOST:5432/DATABASE, or unset ${DATABASE_URL_ENV_OVERRIDE} / drop --database-url-env to use ${own}`,
    );
  }
  return { ...cliConnection(url, variable, env), variable, url };
}

/** Installs the provider into `.pgpartition/` of the package root (idempotent). */
export async function installDefault(): Promise<Installation> {
  return installProvider({ dir: path.join(PACKAGE_ROOT, '.pgpartition') });
}
