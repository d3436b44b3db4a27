/**
 * Application-side helpers from the original guide: batch COPY inserts, partition info, health
 * checks, maintenance and the partition-pruning check. Loads no cdktf. (The throwaway servers of the
 * demo, tests and bench are in src/local-server.)
 */
export { CopyInserter, CopyValueError, NoWindowForRowError } from './copy-inserter';
export type { CopyInserterOptions, CopyRow } from './copy-inserter';
export { partitionInfo } from './partition-info';
export type { PartitionInfoRow } from './partition-info';
export { checkHealth, checkLiveHealth, DEFAULT_MAX_WINDOW_BYTES, DEFAULT_MIN_RUNWAY_WINDOWS } from './health';
export type { HealthReport, HealthFinding, HealthOptions, LiveHealthOptions, DefaultPartitionHealth, Runway, WindowDrift, StandaloneWindow, TableDeclaration } from './health';
export { DefaultPartitionLockedError } from '../catalog/default-rows';
export { maintain, planMaintenance } from './maintain';
export { explainPruning, ExplainError } from './explain';
export type { ScannedTable } from './explain';
export type { MaintenanceReport, MaintenanceAction, MaintenanceStep, MaintenanceKind, MaintainOptions } from './maintain';
// declaring a table without loading cdktf: the props type and the retention policy
export { RetentionPolicy } from '../constructs/retention-policy';
export type { PartitionedTableProps } from '../constructs/table-plan';
