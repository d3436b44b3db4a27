/** Reads the live partition layout of a parent table from pg_catalog. */
export { readInventory, readWindowStats, readStandaloneWindows, readArchivedWindows, treeSizeOf } from './inventory';
export type { PartitionInventory, WindowInfo, SubPartitionInfo, ParentTableInfo, ColumnInfo, IndexInfo, WindowStats, StandaloneWindow, ArchivedWindow } from './inventory';
export { readDefaultPartitionRows, DefaultPartitionLockedError } from './default-rows';
export type { DefaultPartitionTarget, DefaultPartitionRows, DefaultRowsOptions, ListValueRows } from './default-rows';
export { EXACT_COUNT_MAX_PAGES, SAMPLE_PAGES } from './inventory-query';
export { resolveColumnTypes } from './column-types';
export type { ColumnTypeResolution } from './column-types';
export { isDatabaseError } from './database-error';
export { readIndexTree } from './index-tree';
export type { IndexTree, TreePartition, TreeRootIndex } from './index-tree';
export { citusVersion, readDistribution, readDistributedPartitionTotals, readDistributedTableTotals } from './citus';
export type { Distribution, ShardTotals } from './citus';
