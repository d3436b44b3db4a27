/**
 * The plan report: a saved plan's changes (./summary.ts), its outcome, what `pgpartition plan`
 * recorded beside it (target, asOf, errors), and the live rows and bytes of every window it
 * retires. Plain data; ./format.ts prints it as text, markdown or JSON.
 */
import type { Pool } from 'pg';
import { treeSizeOf } from '../../catalog/inventory';
import { partitionInfo, readPartitionedInventory } from '../../runtime/partition-info';
import type { PlanRecord } from './saved-plan';
import { isEmpty, summarizePlan, type ChangedResource, type PlanChanges, type RetiredWindow, type TerraformPlanJson } from './summary';

/** `errored`: planning failed, nothing can be applied; `no-changes` / `changes` as terraform says. */
export type PlanStatus = 'errored' | 'no-changes' | 'changes';

export interface PlanReport extends PlanChanges {
  readonly stack: string;
  readonly planFile: string;
  readonly status: PlanStatus;
  /** terraform's error diagnostics of a failed plan (from the record); empty otherwise. */
  readonly errors: readonly string[];
  /** `user@host:port/database` the plan was made against, when recorded. */
  readonly target: string | null;
  /** The instant the calendar was planned for, when recorded. */
  readonly asOf: string | null;
}

/**
 * The report of `plan` (terraform's JSON of the plan file) and its `record` (null for a plan that
 * `pgpartition plan` did not make). A plan terraform marks `errored` (or not `applyable` while
 * it has changes) is `errored`, whatever changes it lists.
 */
export function planReport(stack: string, planFile: string, plan: TerraformPlanJson, record: PlanRecord | null): PlanReport {
  const changes = summarizePlan(plan);
  const failed = plan.errored === true || (record?.terraformExitCode ?? 0) === 1 || (plan.applyable === false && !isEmpty(changes));
  const errors = failed
    ? record?.errors.length ? record.errors : ['Planning failed, and this plan file has no record of why. Make the plan again with `pgpartition plan` to see terraform\'s errors.']
    : [];
  return {
    ...changes,
    stack,
    planFile,
    status: failed ? 'errored' : isEmpty(changes) ? 'no-changes' : 'changes',
    errors,
    target: record?.target ?? null,
    asOf: record?.asOf ?? null,
  };
}

/**
 * `report` with the rows and bytes of every retired or replaced window read live from the database
 * (one catalog read per parent table; a window no longer in the database gets null rows and bytes),
 * and the windows, leaves and bytes each parent table's schema changes reach.
 * @throws Error when a parent table is missing or not partitioned (from `partitionInfo`).
 */
export async function withLiveSizes(report: PlanReport, pool: Pool): Promise<PlanReport> {
  const withTrees = await withTreeSizes(report, pool);
  const retired = [...withTrees.roll.retire, ...withTrees.declaration.replace];
  if (retired.length === 0) return withTrees;
  report = withTrees;
  const live = new Map<string, { rows: number; bytes: number }>();
  const parents = new Map(retired.map((w) => [`${w.schema}.${w.parentTable}`, w]));
  for (const w of parents.values()) {
    for (const p of await partitionInfo(pool, w.schema, w.parentTable, w.rangeType)) live.set(`${w.schema}.${p.name}`, p);
  }
  const refresh = (w: RetiredWindow): RetiredWindow => {
    if (w.archivedIn !== null) return w; // in its archive schema, no partition: the plan's last read is what there is
    const found = live.get(`${w.schema}.${w.name}`);
    return { ...w, rows: found?.rows ?? null, bytes: found?.bytes ?? null };
  };
  return {
    ...report,
    roll: { ...report.roll, retire: report.roll.retire.map(refresh) },
    declaration: { ...report.declaration, replace: report.declaration.replace.map(refresh) },
  };
}

/** The parent tables with schema changes, each with the tree its changes reach (one catalog read per table). */
async function withTreeSizes(report: PlanReport, pool: Pool): Promise<PlanReport> {
  if (!report.declaration.parentTables.some((c) => c.schemaChanges)) return report;
  const sized = async (c: ChangedResource): Promise<ChangedResource> => {
    if (!c.schemaChanges) return c;
    const inventory = await readPartitionedInventory(pool, c.schemaChanges.schema, c.schemaChanges.table);
    return { ...c, schemaChanges: { ...c.schemaChanges, tree: treeSizeOf(inventory) } };
  };
  const parentTables: ChangedResource[] = [];
  for (const c of report.declaration.parentTables) parentTables.push(await sized(c));
  return { ...report, declaration: { ...report.declaration, parentTables } };
}
