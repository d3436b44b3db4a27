/**
 * The original guide's `account_balances` table: one row per account x hour x activity, weekly
 * windows on `timestamp`, each window list-sub-partitioned on `activity_id` into 10 activity groups;
 * and the same table distributed with Citus, with one-level windows.
 */
import { createActivityGroups } from '../src/core/groups';
import type { PartitionedTableProps } from '../src/constructs';
import { RetentionPolicy } from '../src/constructs/retention-policy';
import { ACTIVITIES } from './activities';
import type { EnvironmentConfig } from './environments';

/** Schema and name of the parent table. */
export const ACCOUNT_BALANCES = { schema: 'public', name: 'account_balances' } as const;

/** The table's shape and groups; the calendar (premake, retention, asOf) comes per environment. */
export const ACCOUNT_BALANCES_TABLE = {
  schema: ACCOUNT_BALANCES.schema,
  parentTable: ACCOUNT_BALANCES.name,
  columns: [
    { name: 'timestamp', type: 'timestamptz', nullable: false },
    { name: 'account_address', type: 'varchar(255)', nullable: false },
    { name: 'usd_value', type: 'numeric(18,2)', nullable: false },
    { name: 'activity_id', type: 'text', nullable: false },
    { name: 'data', type: 'jsonb', nullable: false },
  ],
  primaryKey: ['account_address', 'timestamp', 'activity_id'],
  indexes: [
    // BRIN: rows arrive in time order, so a few block ranges answer a time-bounded query within a
    // window, at a fraction of a btree's size (PostgreSQL docs 71.1, "BRIN: Introduction")
    { columns: ['timestamp'], method: 'brin', storageParameters: { pages_per_range: 32 } },
    { columns: ['account_address'] },
  ],
  rangeColumn: 'timestamp',
  listColumn: 'activity_id',
  activityGroups: createActivityGroups(ACTIVITIES, 10),
} satisfies PartitionedTableProps;

/**
 * The same table on a Citus cluster: distributed by `account_address` (an account's rows on one
 * node, so per-account queries touch one shard), with the Citus default shard count. Citus cannot
 * distribute multi-level partitioned tables, so the windows are one level: the activity groups
 * become an index on `activity_id`, which each window's shards carry.
 */
export const ACCOUNT_BALANCES_DISTRIBUTED_TABLE = {
  schema: ACCOUNT_BALANCES.schema,
  parentTable: ACCOUNT_BALANCES.name,
  columns: ACCOUNT_BALANCES_TABLE.columns,
  primaryKey: ACCOUNT_BALANCES_TABLE.primaryKey,
  indexes: [...ACCOUNT_BALANCES_TABLE.indexes, { columns: ['activity_id'] }],
  rangeColumn: 'timestamp',
  distribution: { column: 'account_address' },
} satisfies PartitionedTableProps;

/**
 * The table as one environment declares it (no provider): what its stack passes to
 * `PartitionedTable`, and what `checkHealth(pool, props)` takes. Loads no cdktf.
 */
export function accountBalancesProps(config: EnvironmentConfig): PartitionedTableProps {
  return {
    ...(config.layout === 'distributed' ? ACCOUNT_BALANCES_DISTRIBUTED_TABLE : ACCOUNT_BALANCES_TABLE),
    premake: config.premakeWindows,
    retention: RetentionPolicy.dropAfterWindows(config.retentionWindows),
  };
}
