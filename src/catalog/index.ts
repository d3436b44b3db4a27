/** Reads the live partition layout of a parent table from pg_catalog. */
export { readInventory, readWindowStats, readStandaloneWindows } from './inventory';
export type { PartitionInventory, WindowInfo, SubPartitionInfo, ParentTableInfo, ColumnInfo, IndexInfo, WindowStats, StandaloneWindow } from './inventory';
export { readDefaultPartitionRows, DefaultPartitionLockedError } from './default-rows';
export type { DefaultPartitionTarget, DefaultPartitionRows, DefaultRowsOptions, ListValueRows } from './default-rows';
export { EXACT_COUNT_MAX_PAGES, SAMPLE_PAGES } from './inventory-query';
export { resolveColumnTypes } from './column-types';
export type { ColumnTypeResolution } from './column-types';
export { isDatabaseError } from './database-error';
export { citusVersion, readDistribution, readDistributedPartitionTotals, readDistributedTableTotals } from './citus';
export type { Distribution, ShardTotals } from './citus';
