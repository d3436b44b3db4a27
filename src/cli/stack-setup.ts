/**
 * What every stack command needs before terraform runs: the stack's connection variable, and the
 * provider installed where terraform finds it offline.
 */
import * as path from 'node:path';
import { databaseUrlEnvCandidates, firstSetVariable } from '../constructs/connection-env';
import { installProvider, PACKAGE_ROOT } from '../provider/install';
import { CliError } from './errors';

/**
 * The connection variable the stack will use: `<STACK>_DATABASE_URL`, else `DATABASE_URL`.
 * @throws CliError naming the variables to set when neither is.
 */
export function requireConnection(stack: string, env: NodeJS.ProcessEnv = process.env): string {
  const candidates = databaseUrlEnvCandidates(stack);
  const found = firstSetVariable(candidates, env);
  if (found) return found;
  throw new CliError(
    `no database connection for stack "${stack}": ${candidates.join(' and ')} are not set`,
    `export ${candidates[0]}=postgres://USER:PASSWORD@HOST:5432/DATABASE (or ${candidates[1]}), then re-run`,
  );
}

/** Installs the provider into `.pgpartition/` of the package root; returns its CLI config file. */
export async function installDefault(): Promise<string> {
  return (await installProvider({ dir: path.join(PACKAGE_ROOT, '.pgpartition') })).cliConfigFile;
}
