/**
 * What every stack command needs before terraform runs: the stack's connection variable, and the
 * provider installed where terraform finds it offline.
 */
import * as path from 'node:path';
import { databaseUrlEnvCandidates, firstSetVariable } from '../constructs/connection-env';
import { installProvider, PACKAGE_ROOT } from '../provider/install';
import { cliConnection, type CliConnection } from './connection';
import { CliError } from './errors';

/**
 * The connection of the stack: the URL in `<STACK>_DATABASE_URL`, else `DATABASE_URL`, resolved
 * with libpq's rules (see ./connection.ts); `name` is the variable used.
 * @throws CliError naming the variables to set when neither is, or naming the variable when its URL
 *   does not parse or holds an unusable setting (never quoting the URL)
 */
export function stackConnection(stack: string, env: NodeJS.ProcessEnv = process.env): CliConnection {
  const candidates = databaseUrlEnvCandidates(stack);
  const found = firstSetVariable(candidates, env);
  if (found) return cliConnection(env[found]!, found, env);
  throw new CliError(
    `no database connection for stack "${stack}": ${candidates.join(' and ')} are not set`,
    `export ${candidates[0]}=postgres://USER:PASSWORD@HOST:5432/DATABASE (or ${candidates[1]}), then re-run`,
  );
}

/**
 * The connection variable the stack will use, checked as {@link stackConnection} checks it, so a
 * bad URL stops here, before terraform runs.
 * @throws CliError as {@link stackConnection}
 */
export function requireConnection(stack: string, env: NodeJS.ProcessEnv = process.env): string {
  return stackConnection(stack, env).name;
}

/** Installs the provider into `.pgpartition/` of the package root; returns its CLI config file. */
export async function installDefault(): Promise<string> {
  return (await installProvider({ dir: path.join(PACKAGE_ROOT, '.pgpartition') })).cliConfigFile;
}
