/**
 * `pgpartition deploy <stack>` and `pgpartition diff <stack>` (`npm run deploy -- staging`,
 * `npm run diff -- staging`): run the cdktf app of the current directory non-interactively, after
 * checking the stack has a connection variable and installing the provider into the local mirror.
 *
 * Flags the offline setup needs (DESIGN.md, "CDKTF facts"): `--skip-provider-lock` (cdktf's
 * `terraform providers lock` ignores the mirror), `TF_CLI_CONFIG_FILE` pointing at the mirror's CLI
 * config, `CHECKPOINT_DISABLE=1`. `diff` leaves terraform's saved plan in `<output>/stacks/<stack>/plan`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { PACKAGE_ROOT } from '../../provider/install';
import { CliError, ExitCode } from '../errors';
import { installDefault, requireConnection } from '../stack-setup';
import { planSummaryCommand } from './plan-summary';

export type CdktfAction = 'deploy' | 'diff';

export interface CdktfRunOptions {
  readonly action: CdktfAction;
  /** Stack name, e.g. `staging`. */
  readonly stack: string;
  /** Environment of cdktf, its app and terraform. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Directory holding `cdktf.json`. @default process.cwd() */
  readonly projectDir?: string;
  /** Where cdktf writes the synthesized stacks and saved plans. @default 'cdktf.out' in projectDir */
  readonly outputDir?: string;
  /**
   * Terraform CLI config of an installed provider mirror. Give it to run several commands against
   * one build of the provider (terraform's lock file pins its checksum).
   * @default - installs the provider (idempotent) into `.pgpartition/` of the package root first
   */
  readonly cliConfigFile?: string;
  /** Receives cdktf's stdout and stderr, as text. @default - cdktf writes to this process's stdout and stderr */
  readonly onOutput?: (text: string) => void;
}

/**
 * Checks the connection, installs the provider unless given `cliConfigFile`, and runs `cdktf deploy <stack> --auto-approve --skip-provider-lock` or `cdktf diff <stack>
 * --skip-provider-lock`. Resolves to cdktf's exit code.
 * @throws CliError before terraform runs when no connection variable is set or cdktf.json is missing.
 */
export async function runCdktf(o: CdktfRunOptions): Promise<number> {
  const env = o.env ?? process.env;
  const projectDir = path.resolve(o.projectDir ?? process.cwd());
  if (!existsSync(path.join(projectDir, 'cdktf.json'))) {
    throw new CliError(`no cdktf.json in ${projectDir}`, 'run the command from the project root (where cdktf.json is)');
  }
  requireConnection(o.stack, env);
  const cliConfigFile = o.cliConfigFile ?? (await installDefault());

  const args = [cdktfBin(), o.action, o.stack, '--skip-provider-lock'];
  if (o.action === 'deploy') args.push('--auto-approve');
  if (o.outputDir) args.push('--output', path.resolve(o.outputDir));
  const child = spawn(process.execPath, args, {
    cwd: projectDir,
    env: {
      ...env,
      TF_CLI_CONFIG_FILE: cliConfigFile,
      CHECKPOINT_DISABLE: '1',
      // a shared plugin cache could hand terraform a stale copy of a rebuilt provider of the same version
      CDKTF_DISABLE_PLUGIN_CACHE_ENV: 'true',
      CI: env.CI ?? '1', // no prompts, no spinners
    },
    stdio: ['ignore', o.onOutput ? 'pipe' : 'inherit', o.onOutput ? 'pipe' : 'inherit'],
  });
  if (o.onOutput) {
    child.stdout!.setEncoding('utf8').on('data', o.onOutput);
    child.stderr!.setEncoding('utf8').on('data', o.onOutput);
  }
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** The cdktf CLI of this package's dependencies, run with this node. */
function cdktfBin(): string {
  const pkg = require.resolve('cdktf-cli/package.json', { paths: [PACKAGE_ROOT] });
  return path.join(path.dirname(pkg), (require(pkg) as { bin: { cdktf: string } }).bin.cdktf);
}

async function action(kind: CdktfAction, stack: string): Promise<void> {
  const code = await runCdktf({ action: kind, stack });
  process.exitCode = code === 0 ? ExitCode.Ok : ExitCode.Failed;
}

/**
 * `cdktf diff`, then the short summary of its saved plan (see `plan-summary.ts`) under terraform's
 * text. Exits 0 when the diff ran, changes or not, as before the summary existed.
 */
async function diffAction(stack: string): Promise<void> {
  requireConnection(stack); // before the install, so a missing variable is the only message
  const cliConfigFile = await installDefault();
  if ((await runCdktf({ action: 'diff', stack, cliConfigFile })) !== 0) {
    process.exitCode = ExitCode.Failed;
    return;
  }
  process.stdout.write(`\nplan summary of ${stack}:\n`);
  await planSummaryCommand({ stack, cliConfigFile });
  process.exitCode = ExitCode.Ok;
}

export function register(program: Command): void {
  program
    .command('deploy')
    .description('deploy one stack of the cdktf app (cdktf deploy <stack> --auto-approve), after installing the provider')
    .argument('<stack>', 'stack name, e.g. staging or prod')
    .action((stack: string) => action('deploy', stack));
  program
    .command('diff')
    .description('plan one stack of the cdktf app (cdktf diff <stack>) and summarise the plan (see plan-summary); the saved plan stays in cdktf.out/stacks/<stack>/plan')
    .argument('<stack>', 'stack name, e.g. staging or prod')
    .action((stack: string) => diffAction(stack));
}
