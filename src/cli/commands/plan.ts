/**
 * `pgpartition plan <stack> [--out FILE]` (`npm run plan -- staging`; `npm run diff` is the same):
 * synthesizes the cdktf app, runs `terraform init` and `terraform plan -out FILE` in the stack's
 * directory, prints terraform's own plan text in full, then the plan summary. The plan file (default
 * `cdktf.out/stacks/<stack>/plan`) is what `pgpartition apply` applies, unchanged; beside it,
 * `FILE.pgpartition.json` records the target, the asOf and a failed plan's errors.
 */
import * as path from 'node:path';
import type { Command } from 'commander';
import { CliError, ExitCode } from '../errors';
import { formatPlanReport } from '../plan/format';
import { readPlanReport } from '../plan/read-report';
import type { PlanReport } from '../plan/report';
import { removePlanRecord, writePlanRecord } from '../plan/saved-plan';
import { defaultPlanFile, prepareStack, withStackProvider, type PreparedStack, type StackOptions } from '../stack';
import { isStateLockError, lockTimeoutOption, stateLockedError, DEFAULT_LOCK_TIMEOUT } from '../state';
import { runTerraform, terraformErrors, useColour } from '../terraform';
import { rmSync } from 'node:fs';

export interface PlanOptions extends StackOptions {
  /** Where to save the plan. @default `<outputDir>/stacks/<stack>/plan` */
  readonly out?: string;
}

export interface PlanOutcome {
  readonly prepared: PreparedStack;
  readonly planFile: string;
  readonly report: PlanReport;
}

/**
 * Plans the stack and saves the plan (see the module doc). Terraform's diagnostics are streamed as
 * terraform prints them; the summary follows on stdout. Resolves also for a failed plan (status
 * `errored`, its errors recorded).
 * @throws CliError before terraform plans (connection, synth, init), when another run held the
 *   state lock past the lock timeout, or when the report cannot be read.
 */
export async function planStack(o: PlanOptions): Promise<PlanOutcome> {
  const prepared = await prepareStack(o, 'always');
  return withStackProvider(prepared, (s) => planPrepared(s, o));
}

/** {@link planStack} for a stack already prepared (and given its provider process). */
export async function planPrepared(prepared: PreparedStack, o: PlanOptions): Promise<PlanOutcome> {
  const { connection, log } = prepared;
  const planFile = path.resolve(o.out ?? defaultPlanFile(prepared.stackDir));
  // a plan file of an earlier run must never survive a failed plan and be applied by mistake
  rmSync(planFile, { force: true });
  removePlanRecord(planFile);
  log(`pgpartition: planning stack ${o.stack} against ${connection.target} (from ${connection.variable}), as of ${prepared.asOf}; state: ${prepared.state}`);
  const result = await runTerraform(['plan', '-input=false', '-detailed-exitcode', `-lock-timeout=${prepared.lockTimeout}`, `-out=${planFile}`, ...prepared.colourFlags], {
    cwd: prepared.stackDir,
    env: prepared.env,
    ...prepared.sinks,
  });
  if (result.code === 1 && isStateLockError(result.output)) throw stateLockedError(o.stack, prepared.state, prepared.lockTimeout);
  writePlanRecord(planFile, {
    version: 1,
    stack: o.stack,
    target: connection.target,
    variable: connection.variable,
    asOf: prepared.asOf,
    createdAt: new Date().toISOString(),
    terraformExitCode: result.code,
    errors: result.code === 1 || result.code > 2 ? terraformErrors(result.output) : [],
  });
  return { prepared, planFile, report: await readPlanReport(prepared, planFile) };
}

/**
 * The `plan` command: plans, prints the summary, and says where the plan is saved. Returns
 * ExitCode.Failed when planning failed; otherwise Ok, or with `detailedExitCode` Changes when the
 * plan changes something (as `terraform plan -detailed-exitcode`).
 */
export async function planCommand(o: PlanOptions & { readonly detailedExitCode?: boolean }): Promise<ExitCode> {
  const { report, planFile, prepared } = await planStack(o);
  if (report.status !== 'errored') printSummary(o, report); // a failed plan's errors were just printed by terraform
  if (report.status === 'errored') {
    throw new CliError(`the plan of stack ${o.stack} failed; nothing can be applied`, 'read terraform\'s errors above, correct the cause, and plan again');
  }
  if (report.status === 'changes') prepared.log(`pgpartition: plan saved to ${planFile}; apply exactly this plan with: pgpartition apply ${o.stack}${o.out ? ` --plan ${o.out}` : ''}`);
  return report.status === 'changes' && o.detailedExitCode ? ExitCode.Changes : ExitCode.Ok;
}

/** Prints the report's text summary after terraform's plan text. */
export function printSummary(o: Pick<PlanOptions, 'stdout' | 'env'>, report: PlanReport): void {
  (o.stdout ?? ((t: string) => process.stdout.write(t)))(`\n${formatPlanReport(report, 'text', useColour(o.env ?? process.env))}`);
}

/** Options every stack command takes on the command line. */
export function stackCommandOptions(command: Command): Command {
  return command
    .argument('<stack>', 'stack name, e.g. staging or prod')
    .option('--database-url-env <VAR>', 'read the connection URL from this variable instead of <STACK>_DATABASE_URL (e.g. DATABASE_URL)')
    .option('--output <dir>', 'where the app is synthesized (default: the "output" of cdktf.json, else cdktf.out)')
    .option('--migrate-state', 'when the state backend or directory changed since the last run, copy the old state over (terraform init -migrate-state) instead of starting from the new one');
}

/** The `--lock-timeout` option of the commands that lock the state (plan, apply, deploy). */
export function lockTimeoutOptions(command: Command): Command {
  return command.option('--lock-timeout <duration>', `how long to wait for another run's state lock, e.g. 30s, 5m, 0 to fail at once (default: ${DEFAULT_LOCK_TIMEOUT})`);
}

/** The stack options of a command line's parsed options. */
export function stackOptionsOf(stack: string, opts: { databaseUrlEnv?: string; output?: string; migrateState?: boolean; lockTimeout?: string }): StackOptions {
  return {
    stack,
    databaseUrlEnv: opts.databaseUrlEnv,
    outputDir: opts.output,
    migrateState: opts.migrateState,
    lockTimeout: opts.lockTimeout === undefined ? undefined : lockTimeoutOption(opts.lockTimeout),
  };
}

export function register(program: Command): void {
  for (const name of ['plan', 'diff']) {
    lockTimeoutOptions(stackCommandOptions(program.command(name)))
      .description(name === 'plan'
        ? 'plan one stack of the cdktf app: terraform\'s plan, then its summary; the plan is saved for `pgpartition apply`'
        : 'another name for `pgpartition plan`')
      .option('--out <file>', 'save the plan here (default: cdktf.out/stacks/<stack>/plan)')
      .option('--detailed-exitcode', 'exit 2 when the plan changes something, 0 when not, 1 on error (as terraform plan -detailed-exitcode)')
      .action(async (stack: string, opts: { out?: string; databaseUrlEnv?: string; output?: string; migrateState?: boolean; lockTimeout?: string; detailedExitcode?: boolean }) => {
        process.exitCode = await planCommand({ ...stackOptionsOf(stack, opts), out: opts.out, detailedExitCode: opts.detailedExitcode });
      });
  }
}
