// Tests src/cli/plan/compare.ts: a plan made again at approval must make exactly the reviewed changes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CliError } from '../../../src/cli/errors';
import { differenceFromReviewed, parseReviewedSummary, reviewedChanges } from '../../../src/cli/plan/compare';
import type { PlanChanges, RetiredWindow } from '../../../src/cli/plan/summary';

const win = (name: string, from: string, to: string) => ({ address: `pgpartition_window.${name}`, schema: 'public', parentTable: 'ab', name, from, to, subPartitions: 11 });
const retired = (name: string, from: string, to: string, rows: number): RetiredWindow => ({ ...win(name, from, to), retentionMode: 'drop', rangeType: 'timestamptz', rows, bytes: rows * 100, early: false, archivedIn: null });

const REVIEWED: PlanChanges = {
  roll: { create: [win('ab_2025_02_03', '2025-02-03T00:00:00Z', '2025-02-10T00:00:00Z')], archive: [], restore: [], retire: [retired('ab_2024_10_07', '2024-10-07T00:00:00Z', '2024-10-14T00:00:00Z', 1000)] },
  declaration: { replace: [], update: [], parentTables: [{ address: 'pgpartition_parent_table.ab', type: 'pgpartition_parent_table', actions: ['update'], attributes: ['indexes'] }], other: [], forgotten: [] },
  currentWindowStarts: ['2025-01-06T00:00:00Z'],
};

describe('reviewed plan comparison', () => {
  it('lists each change once, without rows or sizes', () => {
    assert.deepEqual(reviewedChanges(REVIEWED), [
      'create window public.ab_2025_02_03 [2025-02-03T00:00:00Z, 2025-02-10T00:00:00Z) with 11 sub-partitions',
      'drop window public.ab_2024_10_07 [2024-10-07T00:00:00Z, 2024-10-14T00:00:00Z) with 11 sub-partitions',
      'update pgpartition_parent_table.ab (indexes)',
    ]);
  });

  it('finds no difference when only the live rows changed', () => {
    const now: PlanChanges = { ...REVIEWED, roll: { ...REVIEWED.roll, retire: [retired('ab_2024_10_07', '2024-10-07T00:00:00Z', '2024-10-14T00:00:00Z', 5000)] } };
    assert.deepEqual(differenceFromReviewed(now, REVIEWED), { missing: [], unreviewed: [] });
  });

  it('names the changes a roll-forward in between took away and the ones nobody reviewed', () => {
    // the scheduled roll already created 02_03 and dropped 10_07; the next plan drops 10_14 instead
    const now: PlanChanges = { ...REVIEWED, roll: { create: [], archive: [], restore: [], retire: [retired('ab_2024_10_14', '2024-10-14T00:00:00Z', '2024-10-21T00:00:00Z', 10)] } };
    const d = differenceFromReviewed(now, REVIEWED);
    assert.deepEqual(d.missing, [
      'create window public.ab_2025_02_03 [2025-02-03T00:00:00Z, 2025-02-10T00:00:00Z) with 11 sub-partitions',
      'drop window public.ab_2024_10_07 [2024-10-07T00:00:00Z, 2024-10-14T00:00:00Z) with 11 sub-partitions',
    ]);
    assert.deepEqual(d.unreviewed, ['drop window public.ab_2024_10_14 [2024-10-14T00:00:00Z, 2024-10-21T00:00:00Z) with 11 sub-partitions']);
  });

  it('tells archiving, restoring, early retirement, a drop from the archive and forgotten resources apart', () => {
    const archiving = { ...win('ab_2024_10_14', '2024-10-14T00:00:00Z', '2024-10-21T00:00:00Z'), archiveSchema: 'archive', dropFrom: '2025-01-27T00:00:00Z', early: false };
    const now: PlanChanges = {
      ...REVIEWED,
      roll: {
        create: [],
        archive: [archiving],
        restore: [win('ab_2024_09_30', '2024-09-30T00:00:00Z', '2024-10-07T00:00:00Z')],
        retire: [{ ...retired('ab_2024_10_07', '2024-10-07T00:00:00Z', '2024-10-14T00:00:00Z', 1000), early: true }, { ...retired('ab_2024_09_02', '2024-09-02T00:00:00Z', '2024-09-09T00:00:00Z', 5), archivedIn: 'archive' }],
      },
      declaration: { ...REVIEWED.declaration, forgotten: ['pgpartition_window.ab_2024_10_07'] },
    };
    assert.deepEqual(differenceFromReviewed(now, REVIEWED).unreviewed, [
      'archive window public.ab_2024_10_14 [2024-10-14T00:00:00Z, 2024-10-21T00:00:00Z) with 11 sub-partitions to archive',
      'drop window public.ab_2024_09_02 [2024-09-02T00:00:00Z, 2024-09-09T00:00:00Z) with 11 sub-partitions from archive',
      'drop window public.ab_2024_10_07 [2024-10-07T00:00:00Z, 2024-10-14T00:00:00Z) with 11 sub-partitions before its retention',
      'forget pgpartition_window.ab_2024_10_07',
      'restore window public.ab_2024_09_30 [2024-09-30T00:00:00Z, 2024-10-07T00:00:00Z) with 11 sub-partitions',
    ]);
  });

  it('reads the JSON plan-summary writes', () => {
    const text = JSON.stringify({ ...REVIEWED, stack: 'prod', status: 'changes', asOf: '2025-01-08T00:00:00Z', summary: '1 to create' });
    const parsed = parseReviewedSummary(text, 'reviewed.json');
    assert.equal(parsed.asOf, '2025-01-08T00:00:00Z');
    assert.deepEqual(differenceFromReviewed(REVIEWED, parsed), { missing: [], unreviewed: [] });
  });

  it('fails naming the file when it is not a plan summary, or the summary of a failed plan', () => {
    for (const [text, problem] of [['{oops', /is not JSON/], ['{"stack":"prod"}', /is not a plan summary/], [JSON.stringify({ ...REVIEWED, status: 'errored' }), /summary of a failed plan/]] as const) {
      assert.throws(() => parseReviewedSummary(text, 'reviewed.json'), (err: unknown) => err instanceof CliError && err.message.startsWith('--expect reviewed.json ') && problem.test(err.message));
    }
  });
});
