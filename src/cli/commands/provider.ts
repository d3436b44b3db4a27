/**
 * `pgpartition provider install [--dir D]`: bundles the Terraform provider into a local filesystem
 * mirror and writes a CLI config and a lock file entry for it (see src/provider/install.ts). Prints
 * the lines to eval, `export TF_CLI_CONFIG_FILE=<dir>/terraformrc` and `export CHECKPOINT_DISABLE=1`
 * (no update check by terraform or cdktf: it fails offline and prints an error on every run);
 * details go to stderr so `eval "$(npx pgpartition provider install)"` sets up a shell or CI job
 * for plain `terraform`, `cdktf diff` and `cdktf deploy`.
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
  process.stdout.write(`export TF_CLI_CONFIG_FILE=${shellQuote(installed.cliConfigFile)}\nexport CHECKPOINT_DISABLE=1\n`);
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
    .description('bundle the provider into a local filesystem mirror, write a Terraform CLI config and lock file entry for it, and print the exports to eval')
    .option('--dir <dir>', 'install directory', '.pgpartition')
    .action(async (o: ProviderInstallOptions) => {
      process.exitCode = await providerInstallCommand(o);
    });
}
