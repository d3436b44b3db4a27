/** Application-side helpers from the original guide: batch COPY inserts, partition info, health checks, and a throwaway PostgreSQL. */
export { CopyInserter, NoWindowForRowError } from './copy-inserter';
export type { CopyInserterOptions, CopyRow } from './copy-inserter';
export { partitionInfo } from './partition-info';
export type { PartitionInfoRow } from './partition-info';
export { checkHealth, checkLiveHealth, DEFAULT_MAX_WINDOW_BYTES, DEFAULT_MIN_RUNWAY_WINDOWS } from './health';
export type { HealthReport, HealthFinding, HealthOptions, LiveHealthOptions, DefaultPartitionHealth, Runway, WindowDrift, StandaloneWindow, TableDeclaration } from './health';
export { DefaultPartitionLockedError } from '../catalog/default-rows';
// declaring a table without loading cdktf: the props type and the retention policy
export { RetentionPolicy } from '../constructs/retention-policy';
export type { PartitionedTableProps } from '../constructs/table-plan';
export { startLocalPostgres, findPostgresBinaries, PostgresNotFoundError } from './local-postgres';
export type { LocalPostgres, LocalPostgresOptions, PostgresBinaries, BinarySearch } from './local-postgres';
