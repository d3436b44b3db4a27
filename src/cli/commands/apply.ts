/**
 * `pgpartition apply <stack> [--plan FILE]` (`npm run apply -- staging`): applies exactly the plan
 * `pgpartition plan` saved (default `cdktf.out/stacks/<stack>/plan`), with `terraform apply FILE`.
 * Terraform refuses a stale plan (the state changed since it was made); pgpartition refuses a failed
 * plan, and a plan made against another database than the one the stack's variable now names.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { CliError, ExitCode } from '../errors';
import { readPlanRecord } from '../plan/saved-plan';
import { defaultPlanFile, prepareStack, withStackProvider, type PreparedStack, type StackOptions } from '../stack';
import { runTerraform } from '../terraform';
import { stackCommandOptions, stackOptionsOf } from './plan';

export interface ApplyOptions extends StackOptions {
  /** The saved plan to apply. @default `<outputDir>/stacks/<stack>/plan` */
  readonly plan?: string;
}

/**
 * Applies the saved plan of an already prepared stack (see {@link applyCommand}).
 * @throws CliError when the plan file is missing, failed, was made against another target, or
 *   terraform's apply fails (its errors were streamed above).
 */
export async function applyPlan(s: PreparedStack, planFile: string): Promise<void> {
  if (!existsSync(planFile)) throw new CliError(`no saved plan at ${planFile}`, `make one first: pgpartition plan ${s.stack}`);
  const record = readPlanRecord(planFile);
  if (record?.terraformExitCode === 1) {
    throw new CliError(`the plan at ${planFile} failed when it was made; it cannot be applied`, `see its errors with: pgpartition plan-summary ${s.stack}; then plan again`);
  }
  if (record && record.target !== s.connection.target) {
    throw new CliError(
      `the plan at ${planFile} was made against ${record.target}, but ${s.connection.variable} now points at ${s.connection.target}`,
      `apply it with the connection it was planned against, or make a new plan: pgpartition plan ${s.stack}`,
    );
  }
  s.log(`pgpartition: applying ${planFile} to ${s.connection.target}${record ? ` (planned ${record.createdAt}, as of ${record.asOf})` : ''}`);
  const result = await runTerraform(['apply', '-input=false', ...s.colourFlags, planFile], { cwd: s.stackDir, env: s.env, ...s.sinks });
  if (result.code !== 0) {
    const stale = /Saved plan is stale/i.test(result.output);
    throw new CliError(
      stale ? `the saved plan of stack ${s.stack} is stale: the state changed after it was made (another apply ran)` : `terraform apply of stack ${s.stack} failed (exit ${result.code})`,
      stale ? `make a new plan (pgpartition plan ${s.stack}), review it, and apply that` : 'read terraform\'s errors above; after fixing the cause, plan and apply again (every step is safe to re-run)',
    );
  }
}

/** The `apply` command: prepares the stack (synthesizing only when its directory is missing) and applies the saved plan. */
export async function applyCommand(o: ApplyOptions): Promise<ExitCode> {
  const prepared = await prepareStack(o, 'if-missing');
  await withStackProvider(prepared, (s) => applyPlan(s, path.resolve(o.plan ?? defaultPlanFile(s.stackDir))));
  return ExitCode.Ok;
}

export function register(program: Command): void {
  stackCommandOptions(program.command('apply'))
    .description('apply exactly the plan `pgpartition plan <stack>` saved (terraform apply <plan file>)')
    .option('--plan <file>', 'the saved plan to apply (default: cdktf.out/stacks/<stack>/plan)')
    .action(async (stack: string, opts: { plan?: string; databaseUrlEnv?: string; output?: string }) => {
      process.exitCode = await applyCommand({ ...stackOptionsOf(stack, opts), plan: opts.plan });
    });
}
