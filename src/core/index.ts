/**
 * The planning core: pure functions from a declared {@link PartitionSpec} to the windows that
 * should exist and the SQL that makes them. No I/O: shared by the constructs, the provider and the CLI.
 */
export * from './spec';
export { SpecError, showValue } from './errors';
export {
  resolveSpec,
  resolveParentTable,
  parseInstant,
  checkIdentifier,
  checkSchemaName,
  checkColumnName,
  checkColumnType,
  MAX_PREMAKE_WINDOWS,
  MAX_RETENTION_WINDOWS,
  MAX_SHARD_COUNT,
  SYSTEM_COLUMNS,
} from './resolve';
export { parseSqlType, builtinTypeName, serialStorageType } from './sql-type';
export type { SqlType, SqlTypeParse } from './sql-type';
export { listValueRule, checkListValues, LIST_COLUMN_TYPES } from './list-column';
export type { ListValueRule, ValueList } from './list-column';
export type { ResolvedSpec, ResolvedParentTable, ResolvedColumn, ResolvedIndex, ResolvedLayout, ResolvedDistribution } from './resolve';
export { planPartitions, planResolved, isExpired, retentionHorizon, layoutAt } from './plan';
export { formatBound, parseBound, canonicalBound, boundTime } from './bounds';
export {
  MAX_IDENTIFIER_BYTES,
  byteLength,
  fitIdentifier,
  windowName,
  windowNamePrefix,
  windowStartOfName,
  subPartitionName,
  defaultPartitionName,
  indexName,
  boundCheckName,
} from './naming';
export { createActivityGroups } from './groups';
export type { Activity } from './groups';
export { firstInstantOfDay, localDay, isKnownTimeZone, parseCivilDate, formatCivilDay } from './calendar';
export { windowStartOf, isWindowStart, addWindows, intervalText } from './windows';
export * from './sql';
export * from './ownership';
export { indexCopies, indexCopySql } from './index-copies';
export type { ParentIndex, IndexCopy } from './index-copies';
