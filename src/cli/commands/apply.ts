/**
 * `pgpartition apply <stack> [--plan FILE]` (`npm run apply -- staging`): applies exactly the plan
 * `pgpartition plan` saved (default `cdktf.out/stacks/<stack>/plan`), with `terraform apply FILE`.
 * Terraform refuses a stale plan (the state changed since it was made); pgpartition refuses a failed
 * plan, and a plan made against another database than the one the stack's variable now names.
 * Terraform's progress is shown as one line per window step, its diagnostics in full (../apply-output.ts).
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { CliError, ExitCode } from '../errors';
import { readPlanRecord } from '../plan/saved-plan';
import { defaultPlanFile, prepareStack, withStackProvider, type PreparedStack, type StackOptions } from '../stack';
import { isStateLockError, stateLockedError } from '../state';
import { applyOutput } from '../apply-output';
import { watchProgressFile } from '../progress-file';
import { PROGRESS_FILE_ENV } from '../../provider/windows/progress';
import { isInteractive, progressLine } from '../terminal';
import { runTerraform, type TerraformResult } from '../terraform';
import { lockTimeoutOptions, stackCommandOptions, stackOptionsOf } from './plan';

export interface ApplyOptions extends StackOptions {
  /** The saved plan to apply. @default `<outputDir>/stacks/<stack>/plan` */
  readonly plan?: string;
}

/** A saved plan terraform refused because the state changed after it was made (another run applied). */
export class StalePlanError extends CliError {
  constructor(stack: string) {
    super(
      `the saved plan of stack ${stack} is stale: the state changed after it was made (another apply ran, e.g. the scheduled roll-forward)`,
      `make a new plan (pgpartition plan ${stack}), review it, and apply that`,
    );
  }
}

/**
 * Applies the saved plan of an already prepared stack (see {@link applyCommand}), waiting up to the
 * stack's lock timeout for another run's state lock.
 * @throws StalePlanError when terraform refuses the plan as stale; CliError when the plan file is
 *   missing, failed, was made against another target, another run held the state lock past the
 *   timeout, or terraform's apply fails (its errors were streamed above).
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
  const output = applyOutput({
    stdout: s.sinks.stdout ?? ((t: string) => process.stdout.write(t)),
    stderr: s.sinks.stderr ?? ((t: string) => process.stderr.write(t)),
    progress: progressLine(process.stderr, s.env),
    interactive: isInteractive(process.stderr, s.env),
  });
  const file = s.env[PROGRESS_FILE_ENV]; // set by withStackProvider
  const progress = file ? watchProgressFile(file, output.windowStep, output.expectWindowSteps) : undefined;
  let result: TerraformResult;
  try {
    // -json: terraform's machine-readable UI, rendered by applyOutput (one line per window step)
    result = await runTerraform(['apply', '-json', '-input=false', `-lock-timeout=${s.lockTimeout}`, planFile], {
      cwd: s.stackDir,
      env: s.env,
      stdout: output.feed,
      stderr: s.sinks.stderr,
    });
  } finally {
    progress?.stop();
    output.end();
  }
  if (result.code !== 0) {
    const printed = `${output.text}\n${result.output}`;
    if (/Saved plan is stale/i.test(printed)) throw new StalePlanError(s.stack);
    if (isStateLockError(printed)) throw stateLockedError(s.stack, s.state, s.lockTimeout);
    throw new CliError(`terraform apply of stack ${s.stack} failed (exit ${result.code})`, 'read terraform\'s errors above; after fixing the cause, plan and apply again (every step is safe to re-run)');
  }
}

/** The `apply` command: prepares the stack (synthesizing only when its directory is missing) and applies the saved plan. */
export async function applyCommand(o: ApplyOptions): Promise<ExitCode> {
  const prepared = await prepareStack(o, 'if-missing');
  await withStackProvider(prepared, (s) => applyPlan(s, path.resolve(o.plan ?? defaultPlanFile(s.stackDir))));
  return ExitCode.Ok;
}

export function register(program: Command): void {
  lockTimeoutOptions(stackCommandOptions(program.command('apply')))
    .description('apply exactly the plan `pgpartition plan <stack>` saved (terraform apply <plan file>)')
    .option('--plan <file>', 'the saved plan to apply (default: cdktf.out/stacks/<stack>/plan)')
    .action(async (stack: string, opts: { plan?: string; databaseUrlEnv?: string; output?: string; migrateState?: boolean; lockTimeout?: string }) => {
      process.exitCode = await applyCommand({ ...stackOptionsOf(stack, opts), plan: opts.plan });
    });
}
