/**
 * `pgpartition provider install [--dir D]`: bundles the Terraform provider into a local filesystem
 * mirror and writes a CLI config for it (see src/provider/install.ts). Prints the one line to eval:
 * `export TF_CLI_CONFIG_FILE=<dir>/terraformrc`; details go to stderr so `eval "$(...)"` works.
 */
import type { Command } from 'commander';
import { installProvider } from '../../provider/install';
import { ExitCode } from '../errors';

export interface ProviderInstallOptions {
  /** @default '.pgpartition' */
  readonly dir?: string;
}

export async function providerInstallCommand(o: ProviderInstallOptions): Promise<ExitCode> {
  const installed = await installProvider({ dir: o.dir });
  process.stderr.write(
    `pgpartition: provider ${installed.version} ${installed.written.length > 0 ? 'installed' : 'already installed'} in ${installed.packageDir}\n`,
  );
  process.stdout.write(`export TF_CLI_CONFIG_FILE=${shellQuote(installed.cliConfigFile)}\n`);
  return ExitCode.Ok;
}

/** Quotes only when needed, so the common case prints a plain path. */
function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function register(program: Command): void {
  const provider = program.command('provider').description('the Terraform provider this package ships');
  provider
    .command('install')
    .description('bundle the provider into a local filesystem mirror and write a Terraform CLI config for it')
    .option('--dir <dir>', 'install directory', '.pgpartition')
    .action(async (o: ProviderInstallOptions) => {
      process.exitCode = await providerInstallCommand(o);
    });
}
