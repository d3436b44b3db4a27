/**
 * `pgpartition deploy <stack>` (`npm run deploy -- staging`): `pgpartition plan` then `pgpartition
 * apply` of that very plan, in one run: what a merge pipeline or the weekly roll-forward runs. The
 * plan's text and summary are printed before anything is applied; a failed plan applies nothing.
 */
import type { Command } from 'commander';
import { CliError, ExitCode } from '../errors';
import { applyPlan } from './apply';
import { prepareStack, withStackProvider } from '../stack';
import { planPrepared, printSummary, stackCommandOptions, stackOptionsOf, type PlanOptions } from './plan';

/**
 * Plans the stack, prints the summary, and applies the saved plan when it changes anything.
 * @throws CliError when planning or applying fails (terraform's errors were streamed above).
 */
export async function deployCommand(o: PlanOptions): Promise<ExitCode> {
  return withStackProvider(await prepareStack(o, 'always'), async (prepared) => {
    const { planFile, report } = await planPrepared(prepared, o);
    if (report.status === 'errored') {
      throw new CliError(`the plan of stack ${o.stack} failed; nothing was applied`, 'read terraform\'s errors above, correct the cause, and deploy again');
    }
    printSummary(o, report);
    if (report.status === 'no-changes') {
      prepared.log(`pgpartition: stack ${o.stack} is up to date; nothing to apply`);
      return ExitCode.Ok;
    }
    await applyPlan(prepared, planFile);
    return ExitCode.Ok;
  });
}

export function register(program: Command): void {
  stackCommandOptions(program.command('deploy'))
    .description('plan one stack of the cdktf app, print the plan and its summary, then apply exactly that plan')
    .option('--out <file>', 'save the plan here (default: cdktf.out/stacks/<stack>/plan)')
    .action(async (stack: string, opts: { out?: string; databaseUrlEnv?: string; output?: string }) => {
      process.exitCode = await deployCommand({ ...stackOptionsOf(stack, opts), out: opts.out });
    });
}
