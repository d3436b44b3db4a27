/**
 * The one workload every contender runs (issue 3, "Benchmarks"): a parent table
 * `account_balances` partitioned by RANGE on `ts` (timestamptz), 52 weekly windows of 2020, each
 * `PARTITION BY LIST (activity_id)` into 10 activity groups plus a DEFAULT sub-partition.
 *
 * The windows come from the core's planner (asOf 2020-12-28, retention 51 windows, premake 0:
 * exactly the 52 Monday-to-Monday windows [2020-01-06, 2020-12-28 + 1 week)), so names and bounds
 * are the ones the provider and the constructs use. All of them are long past a '1 week'
 * retention on the database clock, so the provider is allowed to drop every one of them.
 */
import { createParentTableSql, DEFAULT_OWNER, planResolved, resolveSpec, type Ownership, type PartitionSpec, type ResolvedParentTable, type ResolvedSpec, type WindowPlan } from '../src/core';

/** The ownership mark the floors write (the provider contender's HCL declares no owner, so it is the same). */
export const BENCH_OWNERSHIP = (t: ResolvedParentTable): Ownership => ({ table: `${t.schema}.${t.name}`, owner: DEFAULT_OWNER });

/** Windows each contender creates and drops. */
export const WINDOW_COUNT = 52;
/** Activity groups per window (each window also gets a DEFAULT sub-partition). */
export const GROUP_COUNT = 10;
/** Expired windows dropped in the "drop 12" step: the oldest ones. */
export const EXPIRED_COUNT = 12;
/** Retention every provider window carries; 2020 windows are far past it. */
export const RETENTION = '1 week';

export interface Workload {
  readonly spec: ResolvedSpec;
  /** Oldest first, {@link WINDOW_COUNT} of them, each with GROUP_COUNT + 1 sub-partitions. */
  readonly windows: readonly WindowPlan[];
  /** The {@link EXPIRED_COUNT} oldest windows. */
  readonly expired: readonly WindowPlan[];
  /** Statements creating the parent table (the core's builder), run untimed before each contender. */
  readonly parentSql: readonly string[];
}

/** Activities `act_000` ... `act_099`, ten consecutive ones per group `g0` ... `g9`. */
function groups(): { name: string; values: string[] }[] {
  return Array.from({ length: GROUP_COUNT }, (_, g) => ({
    name: `g${g}`,
    values: Array.from({ length: 10 }, (_, i) => `act_${String(g * 10 + i).padStart(3, '0')}`),
  }));
}

const SPEC: PartitionSpec = {
  table: {
    name: 'account_balances',
    columns: [
      { name: 'ts', type: 'timestamptz', nullable: false },
      { name: 'account_id', type: 'bigint', nullable: false },
      { name: 'activity_id', type: 'text', nullable: false },
      { name: 'balance', type: 'numeric(38,18)' },
    ],
    primaryKey: ['account_id', 'ts', 'activity_id'],
    indexes: [{ columns: ['activity_id'] }],
    rangeColumn: 'ts',
    listColumn: 'activity_id',
  },
  interval: '1 week',
  premake: 0,
  retention: { windows: WINDOW_COUNT - 1, mode: 'drop' },
  asOf: '2020-12-28T12:00:00Z',
  layouts: [{ effectiveFrom: '2020-01-06', groups: groups() }],
};

/**
 * Builds the workload and checks its shape, so a change in the core cannot silently shrink what is measured.
 * @throws Error when the plan does not have WINDOW_COUNT windows of GROUP_COUNT + 1 sub-partitions.
 */
export function buildWorkload(): Workload {
  const spec = resolveSpec(SPEC);
  const { windows } = planResolved(spec, new Date('2020-12-28T12:00:00Z'));
  if (windows.length !== WINDOW_COUNT || windows.some((w) => w.subPartitions.length !== GROUP_COUNT + 1)) {
    throw new Error(`bench workload: the core planned ${windows.length} windows (${windows[0]?.subPartitions.length} sub-partitions each); expected ${WINDOW_COUNT} x ${GROUP_COUNT + 1}`);
  }
  return { spec, windows, expired: windows.slice(0, EXPIRED_COUNT), parentSql: createParentTableSql(spec.table, BENCH_OWNERSHIP(spec.table)) };
}
