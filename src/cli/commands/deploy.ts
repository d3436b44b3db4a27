/**
 * `pgpartition deploy <stack>` (`npm run deploy -- staging`): `pgpartition plan` then `pgpartition
 * apply` of that very plan, in one run: what a merge pipeline or the weekly roll-forward runs. The
 * plan's text and summary are printed before anything is applied; a failed plan applies nothing.
 * When another run applied between this run's plan and its apply (the two waited on the state
 * lock), terraform refuses the plan as stale; deploy then plans once more, prints that plan, and
 * applies it, so what it applies is always what it printed last.
 *
 * `--calendar-only` is for the scheduled roll-forward: it applies a plan only when the plan moves
 * nothing but the calendar (windows entering and leaving), and otherwise fails listing the
 * declaration changes, applying nothing: a change merged but not yet approved for an environment
 * never reaches it through the schedule.
 */
import type { Command } from 'commander';
import { CliError, ExitCode } from '../errors';
import { declarationCount } from '../plan/summary';
import { applyPlan, StalePlanError } from './apply';
import { lockTimeoutOptions, planStack, printSummary, stackCommandOptions, stackOptionsOf, type PlanOptions } from './plan';

export interface DeployOptions extends PlanOptions {
  /** Apply only a plan that changes nothing but the calendar (see the module doc). @default false */
  readonly calendarOnly?: boolean;
}

/**
 * Plans the stack, prints the summary, and applies the saved plan when it changes anything; plans
 * and applies once more when the first plan went stale while waiting for the state lock.
 * @throws CliError when planning or applying fails (terraform's errors were streamed above).
 */
export async function deployCommand(o: DeployOptions): Promise<ExitCode> {
  try {
    return await planAndApply(o);
  } catch (err) {
    if (!(err instanceof StalePlanError)) throw err;
    (o.log ?? ((line: string) => process.stderr.write(`${line}\n`)))(`pgpartition: another run changed the state of stack ${o.stack} after this plan was made: planning again`);
    return planAndApply(o);
  }
}

async function planAndApply(o: DeployOptions): Promise<ExitCode> {
  const { prepared, planFile, report } = await planStack(o);
  if (report.status === 'errored') {
    throw new CliError(`the plan of stack ${o.stack} failed; nothing was applied`, 'read terraform\'s errors above, correct the cause, and deploy again');
  }
  printSummary(o, report);
  if (report.status === 'no-changes') {
    prepared.log(`pgpartition: stack ${o.stack} is up to date; nothing to apply`);
    return ExitCode.Ok;
  }
  const declared = declarationCount(report.declaration);
  if (o.calendarOnly && declared > 0) {
    throw new CliError(
      `--calendar-only: the plan of stack ${o.stack} also changes the declaration (${declared} ${declared === 1 ? 'change' : 'changes'}, listed above); nothing was applied`,
      `deploy those changes the reviewed way (approve the pending deploy of ${o.stack}), which rolls the calendar too; or run without --calendar-only`,
    );
  }
  await applyPlan(prepared, planFile);
  return ExitCode.Ok;
}

export function register(program: Command): void {
  lockTimeoutOptions(stackCommandOptions(program.command('deploy')))
    .description('plan one stack of the cdktf app, print the plan and its summary, then apply exactly that plan')
    .option('--out <file>', 'save the plan here (default: cdktf.out/stacks/<stack>/plan)')
    .option('--calendar-only', 'apply only when the plan moves nothing but the calendar (the scheduled roll-forward); fail listing declaration changes otherwise')
    .action(async (stack: string, opts: { out?: string; databaseUrlEnv?: string; output?: string; migrateState?: boolean; lockTimeout?: string; calendarOnly?: boolean }) => {
      process.exitCode = await deployCommand({ ...stackOptionsOf(stack, opts), out: opts.out, calendarOnly: opts.calendarOnly });
    });
}
