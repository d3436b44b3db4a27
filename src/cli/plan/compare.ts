/**
 * Is a new plan the one that was reviewed? A pipeline saves the JSON summary a reviewer approved
 * (`pgpartition plan-summary prod --format json`), plans again at approval with the same pinned
 * asOf, and compares: the windows entering and leaving and every declaration change must be the
 * same. Live rows and sizes may differ (data kept arriving), the asOf and target are reported, not
 * compared: the changes are what the approval was for. Pure.
 */
import { CliError } from '../errors';
import type { ArchivingWindow, ChangedResource, PlanChanges, PlannedWindow, RetiredWindow } from './summary';

/** One line per change of the plan, sorted: what a reviewer approved, without rows or sizes. */
export function reviewedChanges(c: PlanChanges): string[] {
  const window = (w: PlannedWindow) => `${w.schema}.${w.name} [${w.from}, ${w.to}) with ${w.subPartitions} sub-partitions`;
  const resource = (r: ChangedResource) => `${r.actions.join('+')} ${r.address}${r.attributes.length > 0 ? ` (${r.attributes.join(', ')})` : ''}`;
  const early = (w: { readonly early: boolean }) => (w.early ? ' before its retention' : '');
  return [
    ...c.roll.create.map((w) => `create window ${window(w)}`),
    ...c.roll.archive.map((w: ArchivingWindow) => `archive window ${window(w)} to ${w.archiveSchema}${early(w)}`),
    ...c.roll.restore.map((w) => `restore window ${window(w)}`),
    ...c.roll.retire.map((w: RetiredWindow) => `${w.retentionMode} window ${window(w)}${w.archivedIn ? ` from ${w.archivedIn}` : ''}${early(w)}`),
    ...c.declaration.replace.map((w) => `replace window ${window(w)}`),
    ...[...c.declaration.update, ...c.declaration.parentTables, ...c.declaration.other].map(resource),
    ...c.declaration.parentTables.flatMap((r) => (r.schemaChanges?.changes ?? []).map((change) => `${r.address}: ${change.summary}`)),
    ...c.declaration.forgotten.map((address) => `forget ${address}`),
  ].sort();
}

/** How a new plan differs from the reviewed one: changes it lacks, and changes nobody reviewed. */
export interface PlanDifference {
  readonly missing: readonly string[];
  readonly unreviewed: readonly string[];
}

/** The difference of `current` from `reviewed`; both lists empty when they make the same changes. */
export function differenceFromReviewed(current: PlanChanges, reviewed: PlanChanges): PlanDifference {
  const now = reviewedChanges(current);
  const then = reviewedChanges(reviewed);
  return { missing: then.filter((c) => !now.includes(c)), unreviewed: now.filter((c) => !then.includes(c)) };
}

/**
 * The changes of a `plan-summary --format json` document `text`, read from `file` (named in errors).
 * @throws CliError when it is not JSON, not such a summary, or the summary of a failed plan.
 */
export function parseReviewedSummary(text: string, file: string): PlanChanges & { readonly asOf: string | null } {
  let doc: Partial<PlanChanges & { status: string; asOf: string | null }>;
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (err) {
    throw new CliError(`--expect ${file} is not JSON: ${(err as Error).message}`, 'pass the file `pgpartition plan-summary <stack> --format json` wrote when the plan was reviewed');
  }
  const lists = [doc.roll?.create, doc.roll?.archive, doc.roll?.restore, doc.roll?.retire, doc.declaration?.replace, doc.declaration?.update, doc.declaration?.parentTables, doc.declaration?.other, doc.declaration?.forgotten];
  if (!lists.every(Array.isArray)) {
    throw new CliError(`--expect ${file} is not a plan summary (no "roll" and "declaration" lists)`, 'pass the file `pgpartition plan-summary <stack> --format json` wrote when the plan was reviewed');
  }
  if (doc.status === 'errored') {
    throw new CliError(`--expect ${file} is the summary of a failed plan; nothing was approved`, 'review a plan that succeeded, then approve again');
  }
  return { roll: doc.roll!, declaration: doc.declaration!, currentWindowStarts: doc.currentWindowStarts ?? [], asOf: doc.asOf ?? null };
}
