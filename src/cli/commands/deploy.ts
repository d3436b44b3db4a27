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
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { openCliPool } from '../connection';
import { declarationCount } from '../plan/summary';
import { prepareStack, withStackProvider, type PreparedStack } from '../stack';
import { applyPlan, StalePlanError } from './apply';
import { runMaintenance } from './maintain';
import { lockTimeoutOptions, planPrepared, printSummary, stackCommandOptions, stackOptionsOf, type PlanOptions } from './plan';

export interface DeployOptions extends PlanOptions {
  /** Apply only a plan that changes nothing but the calendar (see the module doc). @default false */
  readonly calendarOnly?: boolean;
  /** After a successful deploy, maintain every parent table of the stack (see `pgpartition maintain`). @default false */
  readonly maintain?: boolean;
}

/**
 * Plans the stack, prints the summary, and applies the saved plan when it changes anything; plans
 * and applies once more when the first plan went stale while waiting for the state lock. With
 * `maintain`, then maintains each of the stack's parent tables (ANALYZE, VACUUM; see ./maintain.ts).
 * Returns ExitCode.Failed when a maintenance step failed (the deploy itself went through).
 * @throws CliError when planning or applying fails (terraform's errors were streamed above), or
 *   `calendarOnly` meets a declaration change.
 */
export async function deployCommand(o: DeployOptions): Promise<ExitCode> {
  return withStackProvider(await prepareStack(o, 'always'), async (prepared) => {
    try {
      await planAndApply(prepared, o);
    } catch (err) {
      if (!(err instanceof StalePlanError)) throw err;
      prepared.log(`pgpartition: another run changed the state of stack ${o.stack} after this plan was made: planning again`);
      await planAndApply(prepared, o);
    }
    return o.maintain ? maintainStack(prepared, o) : ExitCode.Ok;
  });
}

async function planAndApply(prepared: PreparedStack, o: DeployOptions): Promise<void> {
  const { planFile, report } = await planPrepared(prepared, o);
  if (report.status === 'errored') {
    throw new CliError(`the plan of stack ${o.stack} failed; nothing was applied`, 'read terraform\'s errors above, correct the cause, and deploy again');
  }
  printSummary(o, report);
  if (report.status === 'no-changes') {
    prepared.log(`pgpartition: stack ${o.stack} is up to date; nothing to apply`);
    return;
  }
  const declared = declarationCount(report.declaration);
  if (o.calendarOnly && declared > 0) {
    throw new CliError(
      `--calendar-only: the plan of stack ${o.stack} also changes the declaration (${declared} ${declared === 1 ? 'change' : 'changes'}, listed above); nothing was applied`,
      `deploy those changes the reviewed way (approve the pending deploy of ${o.stack}), which rolls the calendar too; or run without --calendar-only`,
    );
  }
  await applyPlan(prepared, planFile);
}

/** Maintains every parent table the synthesized stack declares, on the stack's own database. */
async function maintainStack(s: PreparedStack, o: DeployOptions): Promise<ExitCode> {
  const config = JSON.parse(readFileSync(path.join(s.stackDir, 'cdk.tf.json'), 'utf8')) as { resource?: Record<string, Record<string, { schema?: string; name: string }>> };
  const tables = Object.values(config.resource?.pgpartition_parent_table ?? {});
  const pool = await openCliPool(s.connection, 'pgpartition maintain', 2);
  try {
    let failed = false;
    for (const t of tables) {
      s.log(`pgpartition: maintaining ${t.schema ?? 'public'}.${t.name}`);
      const report = await runMaintenance(pool, { schema: t.schema, table: t.name }, { env: o.env, out: o.stdout });
      failed ||= report.actions.some((action) => action.outcome === 'failed');
    }
    return failed ? ExitCode.Failed : ExitCode.Ok;
  } finally {
    await pool.end();
  }
}

export function register(program: Command): void {
  lockTimeoutOptions(stackCommandOptions(program.command('deploy')))
    .description('plan one stack of the cdktf app, print the plan and its summary, then apply exactly that plan')
    .option('--out <file>', 'save the plan here (default: cdktf.out/stacks/<stack>/plan)')
    .option('--calendar-only', 'apply only when the plan moves nothing but the calendar (the scheduled roll-forward); fail listing declaration changes otherwise')
    .option('--maintain', 'then maintain every parent table of the stack (ANALYZE the parent and windows that took rows, VACUUM ended windows; see pgpartition maintain)')
    .action(async (stack: string, opts: { out?: string; databaseUrlEnv?: string; output?: string; migrateState?: boolean; lockTimeout?: string; calendarOnly?: boolean; maintain?: boolean }) => {
      process.exitCode = await deployCommand({ ...stackOptionsOf(stack, opts), out: opts.out, calendarOnly: opts.calendarOnly, maintain: opts.maintain });
    });
}
