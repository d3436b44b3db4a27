/**
 * `pgpartition plan-summary <stack> [--plan FILE] [--format text|markdown|json]`: the short answer a
 * reviewer wants from a saved plan: the calendar's routine roll (windows entering, and leaving with
 * the rows and bytes they hold now) apart from changes to the declaration, the target and the asOf.
 * `--format markdown` is a pull-request comment. A failed plan prints its errors and exits 1. Exit
 * codes as `terraform plan -detailed-exitcode`: 0 no changes, 2 changes, 1 error.
 *
 * `--expect REVIEWED.json` is the approval gate of a pipeline: the summary a reviewer saw was saved
 * with `--format json`; at approval the stack is planned again with the same pinned asOf, and this
 * fails (exit 1, listing the differences) unless the new plan makes exactly the reviewed changes
 * (./plan/compare.ts). Something that changed the state or the database in between, such as the
 * scheduled roll-forward, makes the new plan differ: it then needs a review of its own.
 */
import * as path from 'node:path';
import type { Command } from 'commander';
import { CliError, ExitCode } from '../errors';
import { readFileSync } from 'node:fs';
import { differenceFromReviewed, parseReviewedSummary } from '../plan/compare';
import { formatPlanReport, PLAN_FORMATS, type PlanFormat } from '../plan/format';
import { readPlanReport } from '../plan/read-report';
import type { PlanReport } from '../plan/report';
import { defaultPlanFile, prepareStack, withStackProvider, type StackOptions } from '../stack';
import { useColour } from '../terraform';
import { stackCommandOptions, stackOptionsOf } from './plan';

export interface PlanSummaryOptions extends StackOptions {
  /** The saved plan. @default `<outputDir>/stacks/<stack>/plan` */
  readonly plan?: string;
  /** @default 'text' */
  readonly format?: PlanFormat;
  /** A reviewed plan's `--format json` summary the plan must match (see the module doc). @default - no comparison */
  readonly expect?: string;
}

/**
 * Prints the report of the saved plan in `format`. Returns ExitCode.Ok (no changes), Changes, or
 * Failed for a plan that failed (its errors printed).
 * @throws CliError when there is no saved plan, terraform cannot read it, live sizes cannot be read,
 *   or (with `expect`) the file cannot be read or the plan differs from the reviewed one.
 */
export async function planSummaryCommand(o: PlanSummaryOptions): Promise<ExitCode> {
  const prepared = await prepareStack({ ...o, log: o.log ?? (() => undefined) }, 'if-missing');
  const report = await withStackProvider(prepared, (s) => readPlanReport(s, path.resolve(o.plan ?? defaultPlanFile(s.stackDir))));
  const out = o.stdout ?? ((t: string) => process.stdout.write(t));
  out(formatPlanReport(report, o.format ?? 'text', useColour(o.env ?? process.env)));
  if (o.expect !== undefined && report.status !== 'errored') checkReviewed(report, o.expect, o.stack);
  return report.status === 'errored' ? ExitCode.Failed : report.status === 'changes' ? ExitCode.Changes : ExitCode.Ok;
}

/** @throws CliError listing the differences when `report` does not make the changes reviewed in `file`. */
function checkReviewed(report: PlanReport, file: string, stack: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read --expect ${file}: ${(err as Error).message}`, 'pass the file `pgpartition plan-summary <stack> --format json` wrote when the plan was reviewed');
  }
  const reviewed = parseReviewedSummary(text, file);
  const { missing, unreviewed } = differenceFromReviewed(report, reviewed);
  if (missing.length + unreviewed.length === 0) return;
  const list = (title: string, items: readonly string[]) => (items.length > 0 ? `\n  ${title}:\n${items.map((i) => `    ${i}`).join('\n')}` : '');
  throw new CliError(
    `the plan of stack ${stack} (as of ${report.asOf ?? 'unknown'}) is not the plan reviewed in ${file} (as of ${reviewed.asOf ?? 'unknown'})` +
      list('reviewed, no longer planned', missing) + list('planned, not reviewed', unreviewed),
    'something changed the state or the database since the review (e.g. the scheduled roll-forward, another deploy): have this new plan reviewed and approved; nothing was applied',
  );
}

export function register(program: Command): void {
  stackCommandOptions(program.command('plan-summary'))
    .description('summarise the saved plan of `pgpartition plan <stack>`: windows entering and leaving (live rows and sizes), declaration changes, target and asOf; exit 0 no changes, 2 changes, 1 failed plan')
    .option('--plan <file>', 'the saved plan (default: cdktf.out/stacks/<stack>/plan)')
    .option('--format <format>', `${PLAN_FORMATS.join(', ')}`, 'text')
    .option('--json', 'short for --format json')
    .option('--expect <file>', 'fail unless the plan makes exactly the changes of this reviewed summary (written by plan-summary --format json)')
    .action(async (stack: string, opts: { plan?: string; format: string; json?: boolean; expect?: string; databaseUrlEnv?: string; output?: string; migrateState?: boolean }) => {
      const format = opts.json ? 'json' : opts.format;
      if (!PLAN_FORMATS.includes(format as PlanFormat)) {
        throw new CliError(`--format ${JSON.stringify(format)} is not a plan summary format`, `use one of ${PLAN_FORMATS.join(', ')}`, ExitCode.Usage);
      }
      process.exitCode = await planSummaryCommand({ ...stackOptionsOf(stack, opts), plan: opts.plan, format: format as PlanFormat, expect: opts.expect });
    });
}
