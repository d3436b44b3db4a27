/**
 * `pgpartition local-citus`: a throwaway Citus cluster on this machine (a coordinator and two
 * workers, src/local-server/citus.ts) to try the `distributed` example stack on, running in the
 * foreground until Ctrl-C (SIGINT) or SIGTERM, which stop it and delete its files. The coordinator's
 * URL holds a generated password, so it is never printed: it goes to a file only the current user
 * can read, and the command prints the `export` line that reads it.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { stackDatabaseUrlEnv } from '../../constructs/connection-env';
import { CitusNotInstalledError, startLocalCitus } from '../../local-server/citus';
import { PACKAGE_ROOT } from '../../provider/install';
import { CliError, ExitCode } from '../errors';

/** The stack of the example app that runs on Citus. */
const STACK = 'distributed';

export interface LocalCitusOptions {
  /** File the coordinator's URL is written to (mode 0600); deleted on stop. @default `.pgpartition/local-citus.url` in the package root */
  readonly urlFile?: string;
}

/**
 * Starts the cluster, writes the URL file, prints how to use it, and resolves when a signal has
 * stopped the cluster.
 * @throws CliError when Citus is not installed or the cluster cannot start.
 */
export async function localCitusCommand(o: LocalCitusOptions): Promise<ExitCode> {
  const started = Date.now();
  let citus;
  try {
    citus = await startLocalCitus();
  } catch (err) {
    if (err instanceof CitusNotInstalledError) throw new CliError('cannot start a local Citus cluster: the Citus extension is not installed', err.message);
    throw new CliError(`cannot start a local Citus cluster: ${(err as Error).message.split('\n')[0]}`, 'run again with --debug for the servers\' logs; check that PostgreSQL starts on this machine (`npm run demo`)');
  }
  const urlFile = path.resolve(o.urlFile ?? path.join(PACKAGE_ROOT, '.pgpartition', 'local-citus.url'));
  mkdirSync(path.dirname(urlFile), { recursive: true });
  writeFileSync(urlFile, `${citus.url}\n`, { mode: 0o600 });
  const variable = stackDatabaseUrlEnv(STACK);
  process.stderr.write(
    `pgpartition: Citus ${citus.citusVersion} started in ${((Date.now() - started) / 1000).toFixed(1)} s: coordinator on 127.0.0.1:${citus.coordinator.port}, ` +
      `workers on ${citus.workers.map((w) => `127.0.0.1:${w.port}`).join(' and ')}. Ctrl-C stops it and deletes its data.\n` +
      `pgpartition: in another shell: export ${variable}="$(cat ${urlFile})"; npm run deploy -- ${STACK}\n`,
  );
  process.stdout.write(`export ${variable}="$(cat ${urlFile})"\n`);
  const keepAlive = setInterval(() => undefined, 1 << 30); // the servers are detached children: keep this process up
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.stderr.write(`\npgpartition: ${signal}: stopping the local Citus cluster\n`);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  clearInterval(keepAlive);
  await citus.stop();
  rmSync(urlFile, { force: true });
  return ExitCode.Ok;
}

export function register(program: Command): void {
  program
    .command('local-citus')
    .description('run a throwaway Citus cluster (coordinator + two workers on 127.0.0.1) until Ctrl-C, for the distributed example stack')
    .option('--url-file <FILE>', 'write the coordinator\'s URL (it holds a password) to this file, mode 0600', undefined)
    .action(async (o: LocalCitusOptions) => {
      process.exitCode = await localCitusCommand(o);
    });
}
