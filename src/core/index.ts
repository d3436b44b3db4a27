/**
 * The planning core: pure functions from a declared {@link PartitionSpec} to the windows that
 * should exist and the SQL that makes them. No I/O: shared by the constructs, the provider and the CLI.
 */
export * from './spec';
export { SpecError, showValue } from './errors';
export type { FieldNames } from './errors';
export {
  resolveSpec,
  resolveParentTable,
  parseInstant,
  checkIdentifier,
  checkSchemaName,
  checkColumnName,
  checkColumnType,
  checkColumnDefault,
  MAX_PREMAKE_WINDOWS,
  MAX_RETENTION_WINDOWS,
  MAX_ARCHIVE_DAYS,
  MAX_SHARD_COUNT,
  SYSTEM_COLUMNS,
} from './resolve';
export { parseSqlType, builtinTypeName, serialStorageType } from './sql-type';
export type { SqlType, SqlTypeParse } from './sql-type';
export { listValueRule, checkListValues, LIST_COLUMN_TYPES } from './list-column';
export type { ListValueRule, ValueList } from './list-column';
export type { ResolvedSpec, ResolvedRetention, ResolvedParentTable, ResolvedColumn, ResolvedIndex, ResolvedLayout, ResolvedDistribution } from './resolve';
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
  notNullCheckName,
  boundCheckName,
} from './naming';
export { createActivityGroups } from './groups';
export type { Activity } from './groups';
export { firstInstantOfDay, localDay, isKnownTimeZone, parseCivilDate, formatCivilDay } from './calendar';
export { windowStartOf, isWindowStart, addWindows, intervalText } from './windows';
export { parseCalendarInterval, addCalendarInterval, sumIntervals, formatCalendarInterval } from './interval';
export type { CalendarInterval } from './interval';
export * from './sql';
export * from './ownership';
export { indexCopies, indexCopySql, createIndexSql, attachIndexSql, dropIndexSql } from './index-copies';
export type { ParentIndex, IndexCopy, CreateIndexOptions } from './index-copies';
export { INDEX_METHODS, STORAGE_PARAMETERS, resolveIndex, indexDefinitionSql, describeIndex, sameIndexDefinition } from './indexes';
export { parsePredicate, parseConstant, renderPredicate, renderConstant, predicateColumns } from './sql-predicate';
export type { Predicate, Constant, Operand, ComparisonOperator, Parse } from './sql-predicate';
export { columnChanges, columnOperationSql, sameType, widens } from './column-changes';
export type { ChangeClass, ColumnChange, ColumnOperation } from './column-changes';
export { blocksWrites, describeStatement } from './ddl-steps';
export type { LockMode, PlannedStatement } from './ddl-steps';
export { schemaChanges, indexChanges, indexBuildStatements, orderedChanges, hasRefusal, isUnchanged, describeTree, describeChanges, describeRefusals } from './schema-changes';
export type { SchemaChanges, IndexChange, IndexOperation, TreeSize } from './schema-changes';
