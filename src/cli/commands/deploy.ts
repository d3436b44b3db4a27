/**
 * `pgpartition deploy <stack>` (`npm run deploy -- staging`): `pgpartition plan` then `pgpartition
 * apply` of that very plan, in one run: what a merge pipeline or the weekly roll-forward runs. The
 * plan's text and summary are printed before anything is applied; a failed plan applies nothing.
 */
import type { Command } from 'commander';
import { CliError, ExitCode } from '../errors';
import { applyPlan } from './apply';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { openCliPool } from '../connection';
import { prepareStack, withStackProvider, type PreparedStack } from '../stack';
import { runMaintenance } from './maintain';
import { planPrepared, printSummary, stackCommandOptions, stackOptionsOf, type PlanOptions } from './plan';

export interface DeployOptions extends PlanOptions {
  /** After a successful deploy, maintain every parent table of the stack (see `pgpartition maintain`). @default false */
  readonly maintain?: boolean;
}

/**
 * Plans the stack, prints the summary, and applies the saved plan when it changes anything; with
 * `maintain`, then maintains each of the stack's parent tables (ANALYZE, VACUUM; see ./maintain.ts).
 * Returns ExitCode.Failed when a maintenance step failed (the deploy itself went through).
 * @throws CliError when planning or applying fails (terraform's errors were streamed above).
 */
export async function deployCommand(o: DeployOptions): Promise<ExitCode> {
  return withStackProvider(await prepareStack(o, 'always'), async (prepared) => {
    const { planFile, report } = await planPrepared(prepared, o);
    if (report.status === 'errored') {
      throw new CliError(`the plan of stack ${o.stack} failed; nothing was applied`, 'read terraform\'s errors above, correct the cause, and deploy again');
    }
    printSummary(o, report);
    if (report.status === 'no-changes') prepared.log(`pgpartition: stack ${o.stack} is up to date; nothing to apply`);
    else await applyPlan(prepared, planFile);
    return o.maintain ? maintainStack(prepared, o) : ExitCode.Ok;
  });
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
  stackCommandOptions(program.command('deploy'))
    .description('plan one stack of the cdktf app, print the plan and its summary, then apply exactly that plan')
    .option('--out <file>', 'save the plan here (default: cdktf.out/stacks/<stack>/plan)')
    .option('--maintain', 'then maintain every parent table of the stack (ANALYZE the parent and windows that took rows, VACUUM ended windows; see pgpartition maintain)')
    .action(async (stack: string, opts: { out?: string; databaseUrlEnv?: string; output?: string; maintain?: boolean }) => {
      process.exitCode = await deployCommand({ ...stackOptionsOf(stack, opts), out: opts.out, maintain: opts.maintain });
    });
}
