/** Application-side helpers from the original guide: batch COPY inserts, partition info, health checks, and a throwaway PostgreSQL. */
export { CopyInserter, NoWindowForRowError } from './copy-inserter';
export type { CopyInserterOptions, CopyRow } from './copy-inserter';
export { partitionInfo } from './partition-info';
export type { PartitionInfoRow } from './partition-info';
export { checkHealth } from './health';
export type { PartitionHealth, BoundDrift } from './health';
export { startLocalPostgres, findPostgresBinaries, PostgresNotFoundError } from './local-postgres';
export type { LocalPostgres, LocalPostgresOptions, PostgresBinaries, BinarySearch } from './local-postgres';
