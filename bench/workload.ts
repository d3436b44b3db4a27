/**
 * The window workload the terraform and psql contenders run: a parent table `account_balances`
 * partitioned by RANGE on `ts` (timestamptz) into weekly windows ending with the week of
 * 2020-12-28, each `PARTITION BY LIST (activity_id)` into 10 activity groups plus a DEFAULT
 * sub-partition (11 leaves per window).
 *
 * The windows come from the core's planner (asOf 2020-12-28, retention `count - 1` windows, premake
 * 0: exactly the `count` Monday-to-Monday windows up to 2021-01-04), so names and bounds are the
 * ones the provider and the constructs use. All of them are long past a '1 week' retention on the
 * database clock, so the provider is allowed to drop every one of them.
 */
import { createParentTableSql, DEFAULT_OWNER, planResolved, resolveSpec, type Ownership, type PartitionSpec, type ResolvedParentTable, type ResolvedSpec, type WindowPlan } from '../src/core';

/** The ownership mark the floors write (the provider contender's HCL declares no owner, so it is the same). */
export const BENCH_OWNERSHIP = (t: ResolvedParentTable): Ownership => ({ table: `${t.schema}.${t.name}`, owner: DEFAULT_OWNER });

/** Activity groups per window (each window also gets a DEFAULT sub-partition). */
export const GROUP_COUNT = 10;
/** Retention every provider window carries; 2020 windows are far past it. */
export const RETENTION = '1 week';
const AS_OF = '2020-12-28T12:00:00Z';

export interface Workload {
  readonly spec: ResolvedSpec;
  /** Oldest first, each with GROUP_COUNT + 1 sub-partitions. */
  readonly windows: readonly WindowPlan[];
  /** The oldest windows, retired in the "drop expired" step. */
  readonly expired: readonly WindowPlan[];
  /** Statements creating the parent table (the core's builder). */
  readonly parentSql: readonly string[];
}

/** Activities `act_000` ... `act_099`, ten consecutive ones per group `g0` ... `g9`. */
function groups(): { name: string; values: string[] }[] {
  return Array.from({ length: GROUP_COUNT }, (_, g) => ({
    name: `g${g}`,
    values: Array.from({ length: 10 }, (_, i) => `act_${String(g * 10 + i).padStart(3, '0')}`),
  }));
}

function spec(count: number): PartitionSpec {
  const firstMonday = new Date(Date.parse('2020-12-28T00:00:00Z') - (count - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
  return {
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
    retention: { windows: count - 1, mode: 'drop' },
    asOf: AS_OF,
    layouts: [{ effectiveFrom: firstMonday, groups: groups() }],
  };
}

/**
 * Builds the workload of `count` windows, the `expired` oldest of them retired in "drop expired",
 * and checks its shape, so a change in the core cannot silently shrink what is measured.
 * @throws Error when the plan does not have `count` windows of GROUP_COUNT + 1 sub-partitions.
 */
export function buildWorkload(count: number, expired: number): Workload {
  const resolved = resolveSpec(spec(count));
  const { windows } = planResolved(resolved, new Date(AS_OF));
  if (windows.length !== count || windows.some((w) => w.subPartitions.length !== GROUP_COUNT + 1)) {
    throw new Error(`bench workload: the core planned ${windows.length} windows (${windows[0]?.subPartitions.length} sub-partitions each); expected ${count} x ${GROUP_COUNT + 1}`);
  }
  return { spec: resolved, windows, expired: windows.slice(0, expired), parentSql: createParentTableSql(resolved.table, BENCH_OWNERSHIP(resolved.table)) };
}
