/**
 * `pgpartition plan-summary <stack> [--plan FILE] [--format text|markdown|json]`: the short answer a
 * reviewer wants from a saved plan: the calendar's routine roll (windows entering, and leaving with
 * the rows and bytes they hold now) apart from changes to the declaration, the target and the asOf.
 * `--format markdown` is a pull-request comment. A failed plan prints its errors and exits 1. Exit
 * codes as `terraform plan -detailed-exitcode`: 0 no changes, 2 changes, 1 error.
 */
import * as path from 'node:path';
import type { Command } from 'commander';
import { CliError, ExitCode } from '../errors';
import { formatPlanReport, PLAN_FORMATS, type PlanFormat } from '../plan/format';
import { readPlanReport } from '../plan/read-report';
import { defaultPlanFile, prepareStack, withStackProvider, type StackOptions } from '../stack';
import { useColour } from '../terraform';
import { stackCommandOptions, stackOptionsOf } from './plan';

export interface PlanSummaryOptions extends StackOptions {
  /** The saved plan. @default `<outputDir>/stacks/<stack>/plan` */
  readonly plan?: string;
  /** @default 'text' */
  readonly format?: PlanFormat;
}

/**
 * Prints the report of the saved plan in `format`. Returns ExitCode.Ok (no changes), Changes, or
 * Failed for a plan that failed (its errors printed).
 * @throws CliError when there is no saved plan, terraform cannot read it, or live sizes cannot be read.
 */
export async function planSummaryCommand(o: PlanSummaryOptions): Promise<ExitCode> {
  const prepared = await prepareStack({ ...o, log: o.log ?? (() => undefined) }, 'if-missing');
  const report = await withStackProvider(prepared, (s) => readPlanReport(s, path.resolve(o.plan ?? defaultPlanFile(s.stackDir))));
  const out = o.stdout ?? ((t: string) => process.stdout.write(t));
  out(formatPlanReport(report, o.format ?? 'text', useColour(o.env ?? process.env)));
  return report.status === 'errored' ? ExitCode.Failed : report.status === 'changes' ? ExitCode.Changes : ExitCode.Ok;
}

export function register(program: Command): void {
  stackCommandOptions(program.command('plan-summary'))
    .description('summarise the saved plan of `pgpartition plan <stack>`: windows entering and leaving (live rows and sizes), declaration changes, target and asOf; exit 0 no changes, 2 changes, 1 failed plan')
    .option('--plan <file>', 'the saved plan (default: cdktf.out/stacks/<stack>/plan)')
    .option('--format <format>', `${PLAN_FORMATS.join(', ')}`, 'text')
    .option('--json', 'short for --format json')
    .action(async (stack: string, opts: { plan?: string; format: string; json?: boolean; databaseUrlEnv?: string; output?: string }) => {
      const format = opts.json ? 'json' : opts.format;
      if (!PLAN_FORMATS.includes(format as PlanFormat)) {
        throw new CliError(`--format ${JSON.stringify(format)} is not a plan summary format`, `use one of ${PLAN_FORMATS.join(', ')}`, ExitCode.Usage);
      }
      process.exitCode = await planSummaryCommand({ ...stackOptionsOf(stack, opts), plan: opts.plan, format: format as PlanFormat });
    });
}
