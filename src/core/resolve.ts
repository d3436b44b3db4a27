/**
 * Validation of a {@link PartitionSpec} and the defaults it leaves out.
 *
 * Every rule of the "Bad input" lists of issues 2 and 8 lives here, so an invalid spec fails at synth, before
 * anything touches a database (safety rule 7). Needs no clock: `asOf` is only parsed.
 */
import { isKnownTimeZone, parseCivilDate, utcMs } from './calendar';
import { formatCalendarInterval, parseCalendarInterval, type CalendarInterval } from './interval';
import { fieldText, mention, SpecError, showValue as show } from './errors';
import { checkListValues, LIST_COLUMN_TYPES, listValueRule, type ListValueRule } from './list-column';
import { resolveIndex, type ResolvedIndex } from './indexes';
import { byteLength, MAX_IDENTIFIER_BYTES } from './naming';
import { parseConstant, renderConstant } from './sql-predicate';
import { builtinTypeName, parseSqlType } from './sql-type';
import type {
  ActivityGroup,
  DistributionSpec,
  ParentTableSpec,
  PartitionSpec,
  RangeColumnType,
  RetentionSpec,
  Weekday,
  WindowInterval,
} from './spec';
import { isWindowStart } from './windows';

/** A column with its nullability decided. */
export interface ResolvedColumn {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  /** The constant default in canonical SQL (`0`, `'pending'`, `TRUE`), or null for none. */
  readonly default: string | null;
}

export type { ResolvedIndex };

/** A Citus distribution with its defaults left to the server (null: Citus's own). */
export interface ResolvedDistribution {
  readonly column: string;
  readonly shardCount: number | null;
  /** A table name in the parent's schema, or `none`. */
  readonly colocateWith: string | null;
}

/** The parent table with every default filled in. */
export interface ResolvedParentTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly ResolvedColumn[];
  readonly primaryKey: readonly string[];
  readonly indexes: readonly ResolvedIndex[];
  /** Columns a deploy may drop (the opt-in); none of them is declared in `columns`. */
  readonly dropColumns: readonly string[];
  readonly rangeColumn: string;
  /** Derived from the range column's declared type. */
  readonly rangeType: RangeColumnType;
  /** null: windows are plain tables, not list-partitioned. */
  readonly listColumn: string | null;
  readonly defaultPartition: boolean;
  /** null: not distributed. */
  readonly distribution: ResolvedDistribution | null;
}

/** A group layout with its default decided. */
export interface ResolvedLayout {
  /** `YYYY-MM-DD`, a window start. */
  readonly effectiveFrom: string;
  readonly groups: readonly ActivityGroup[];
  readonly defaultSubPartition: boolean;
  /** Position in `spec.layouts` as declared (layouts are sorted), for errors found after resolving. */
  readonly index: number;
}

/** Retention with its mode; `archive` only with mode `archive`. */
export interface ResolvedRetention {
  readonly windows: number;
  readonly mode: 'drop' | 'detach' | 'archive';
  /** Where archived windows go and for how long (`keepFor` canonical, e.g. `7 days`). */
  readonly archive: { readonly schema: string; readonly keepFor: string; readonly keepForInterval: CalendarInterval } | null;
}

/** Longest `keepFor` of an archive, in days (a month counts 31): 5 years, as `MAX_RETENTION_WINDOWS` daily windows. */
export const MAX_ARCHIVE_DAYS = 1830;

/** A spec with every field validated and every default filled in. */
export interface ResolvedSpec {
  readonly table: ResolvedParentTable;
  readonly interval: WindowInterval;
  readonly weekStart: Weekday;
  /** `UTC` for `timestamp` and `date` columns (their wall clock is read as UTC). */
  readonly timeZone: string;
  readonly premake: number;
  /** null keeps all windows. */
  readonly retention: ResolvedRetention | null;
  /** `YYYY-MM-DD` of the earliest managed window, or null. */
  readonly start: string | null;
  /** null: the planner uses the `now` it is given. */
  readonly asOf: Date | null;
  /** Sorted by `effectiveFrom`, oldest first. */
  readonly layouts: readonly ResolvedLayout[];
}

export const INTERVALS: readonly WindowInterval[] = ['1 day', '1 week', '1 month'];
export const WEEKDAYS: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The group name the DEFAULT sub-partition takes, so no group may use it. */
export const DEFAULT_GROUP = 'default';

/** Citus refuses a shard count above this (`create_distributed_table`, "shard_count must be between 1 and 64000"). */
export const MAX_SHARD_COUNT = 64_000;

/**
 * Bounds on the windows a plan spans, which no real table reaches but which keep synth and plan
 * fast: synth time grows faster than the window count (cdktf 0.21, 10 groups a window, measured
 * on 2 cores: about 1 s for 1,000 windows, 2 s for 2,000, 11 s for 5,200), terraform spends about
 * 10 ms of CPU per window on every plan, and PostgreSQL's docs (5.11.6, "Best Practices for
 * Declarative Partitioning") warn of planning time and memory from a few thousand partitions on
 * (each window is one partition, plus one per group). 520 weekly windows are 10 years ahead, where
 * a window only sits empty; 1,830 windows are 5 years of daily or 35 years of weekly windows.
 */
export const MAX_PREMAKE_WINDOWS = 520;
/** See {@link MAX_PREMAKE_WINDOWS}. */
export const MAX_RETENTION_WINDOWS = 1830;

/**
 * PostgreSQL's system columns (docs 5.5, "System Columns"): every table has them, so a column of
 * the same name cannot be created.
 */
export const SYSTEM_COLUMNS: readonly string[] = ['tableoid', 'xmin', 'cmin', 'xmax', 'cmax', 'ctid'];

/** ISO 8601 instant with a mandatory offset: `2024-12-25T10:00:00Z`, `2024-12-25T10:00+01:00`. */
const INSTANT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Validates `spec` and fills its defaults: schema `public`, interval `1 week`, weekStart
 * `monday`, timeZone `UTC`, premake 4, columns nullable, no DEFAULT partition, a DEFAULT
 * sub-partition in every layout, retention mode `drop`.
 * @throws SpecError naming the field, the bad value and the fix, for the first problem found.
 */
export function resolveSpec(spec: PartitionSpec): ResolvedSpec {
  const table = resolveParentTable(spec.table);
  const interval = spec.interval ?? '1 week';
  if (!INTERVALS.includes(interval)) {
    throw new SpecError('interval', `${show(interval)} is not a supported window interval`, `use one of ${INTERVALS.map(show).join(', ')}`);
  }
  const weekStart = spec.weekStart ?? 'monday';
  if (!WEEKDAYS.includes(weekStart)) {
    throw new SpecError('weekStart', `${show(weekStart)} is not a weekday`, `use one of ${WEEKDAYS.map(show).join(', ')} (lower case)`);
  }
  const timeZone = resolveTimeZone(spec.timeZone, table.rangeType);
  const premake = spec.premake ?? 4;
  if (!Number.isInteger(premake) || premake < 0) {
    throw new SpecError('premake', `${show(premake)} is not an integer >= 0`, 'use 0 or more windows, or omit it for the default of 4');
  }
  if (premake > MAX_PREMAKE_WINDOWS) {
    throw new SpecError(
      'premake',
      `${premake} windows ahead is more than pgpartition plans (at most ${MAX_PREMAKE_WINDOWS})`,
      `make at most ${MAX_PREMAKE_WINDOWS} windows ahead (10 years of weekly windows); a window made that early only sits empty`,
    );
  }
  const retention = resolveRetention(spec, table.schema);
  if (table.distribution !== null && (spec.layouts ?? []).length > 0) throw multiLevelOnCitus('layouts', 'are set', null);
  if (table.distribution !== null && retention?.mode === 'archive') {
    throw new SpecError('retention', fieldText`archives windows, but the table is distributed (${mention('table.distribution')}): pgpartition does not archive windows of a distributed table`, 'retire them with RetentionPolicy.dropAfterWindows or detachAfterWindows');
  }
  const calendar = { interval, weekStart };
  const start = spec.start ?? null;
  if (start !== null) checkWindowStart('start', start, calendar);
  if (retention === null && start === null) {
    throw new SpecError(
      'start',
      'is required when retention keeps all windows',
      'set start to the first window to manage (YYYY-MM-DD), or set retention; without either, windows leaving the declared set would be destroyed',
    );
  }
  const asOf = spec.asOf === undefined ? null : parseInstant(spec.asOf);
  const layouts = resolveLayouts(spec, table, calendar);
  return { table, interval, weekStart, timeZone, premake, retention, start, asOf, layouts };
}

/**
 * A name PostgreSQL keeps as given once quoted: a non-empty string without NUL, at most 63 bytes.
 * @throws SpecError naming `field` otherwise.
 */
export function checkIdentifier(field: string, name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new SpecError(field, `${show(name)} is not a name`, 'give a non-empty string');
  }
  if (name.includes('\u0000')) throw new SpecError(field, `${show(name)} contains a NUL character`, 'remove it');
  if (byteLength(name) > MAX_IDENTIFIER_BYTES) {
    throw new SpecError(
      field,
      `${show(name)} is ${byteLength(name)} bytes long and PostgreSQL would silently truncate it`,
      `shorten it to ${MAX_IDENTIFIER_BYTES} bytes (UTF-8) or less`,
    );
  }
  return name;
}

/** `timestamptz` (or `timestamp with time zone`), `timestamp` (without time zone) or `date`, with optional precision. */
function rangeTypeOf(sqlType: string): RangeColumnType | null {
  const parsed = parseSqlType(sqlType);
  const name = 'type' in parsed ? builtinTypeName(parsed.type) : null;
  return name === 'timestamptz' || name === 'timestamp' || name === 'date' ? name : null;
}

/**
 * A schema pgpartition may create tables in: not a system schema. PostgreSQL reserves names
 * starting with `pg_` for system schemas (`pg_catalog`, `pg_toast`, `pg_temp_3`, ...; docs
 * "CREATE SCHEMA"), and `information_schema` holds the SQL-standard views (docs 37).
 * @throws SpecError naming `field` for such a schema, or a name {@link checkIdentifier} refuses.
 */
export function checkSchemaName(field: string, schema: unknown): string {
  const name = checkIdentifier(field, schema);
  if (name.startsWith('pg_') || name === 'information_schema') {
    throw new SpecError(field, `${show(name)} is a system schema`, 'put the table in a schema of your own, e.g. "public"');
  }
  return name;
}

/**
 * A column name: a name {@link checkIdentifier} accepts that is not a system column's.
 * @throws SpecError naming `field` otherwise.
 */
export function checkColumnName(field: string, name: unknown): string {
  const column = checkIdentifier(field, name);
  if (SYSTEM_COLUMNS.includes(column)) {
    throw new SpecError(field, `${show(column)} is the name of a system column every PostgreSQL table has`, 'rename the column');
  }
  return column;
}

/**
 * A column type: text in the type-name grammar of ./sql-type.ts (the only check between the
 * type and the SQL it is written into; whether the type exists is checked at plan).
 * @throws SpecError naming `field` and the offending part.
 */
export function checkColumnType(field: string, type: unknown): string {
  const parsed = typeof type === 'string' ? parseSqlType(type) : { problem: 'it is not a string' };
  if ('problem' in parsed) {
    throw new SpecError(
      field,
      `${show(type)} is not a type name: ${parsed.problem}`,
      'write one type as PostgreSQL spells it: a name ("jsonb", "myschema.mytype") or a multi-word built-in ("double precision", ' +
        '"timestamp with time zone"), with optional integer modifiers and array brackets ("numeric(18,2)", "varchar(255)", "text[]"); ' +
        'no quotes, semicolons, comments or commas outside the parentheses',
    );
  }
  return type as string;
}

/**
 * Validates the parent table alone and fills its defaults (schema, nullability, index names):
 * what the provider's parent-table resource needs without a calendar.
 * @throws SpecError naming the field (`table.columns[1].type`, ...) and the fix.
 */
export function resolveParentTable(t: ParentTableSpec): ResolvedParentTable {
  const schema = checkSchemaName('table.schema', t.schema ?? 'public');
  const name = checkIdentifier('table.name', t.name);
  if (!Array.isArray(t.columns) || t.columns.length === 0) {
    throw new SpecError('table.columns', Array.isArray(t.columns) ? 'is empty' : `${show(t.columns)} is not a list of columns`, 'declare the table\'s columns, at least the range column');
  }
  const columns = t.columns.map((c, i) => {
    checkColumnName(`table.columns[${i}].name`, c.name);
    checkColumnType(`table.columns[${i}].type`, c.type);
    const earlier = t.columns.findIndex((o) => o.name === c.name);
    if (earlier !== i) {
      throw new SpecError(`table.columns[${i}].name`, fieldText`${show(c.name)} is already ${mention(`table.columns[${earlier}]`)}`, 'give each column its own name');
    }
    return { name: c.name, type: c.type, nullable: c.nullable ?? true, default: checkColumnDefault(`table.columns[${i}].default`, c.default) };
  });
  const columnNamed = (field: string, column: string) => {
    const found = columns.find((c) => c.name === column);
    if (!found) {
      throw new SpecError(field, `${show(column)} is not a column of the table`, `use one of ${columns.map((c) => show(c.name)).join(', ')}`);
    }
    return found;
  };
  const range = columnNamed('table.rangeColumn', t.rangeColumn);
  const rangeType = rangeTypeOf(range.type);
  if (rangeType === null) {
    throw new SpecError(
      'table.rangeColumn',
      `column ${show(range.name)} has type ${show(range.type)}, which cannot be split into time windows`,
      'use a column of type timestamptz, timestamp or date',
    );
  }
  const listColumn = t.listColumn ?? null;
  const list = listColumn === null ? null : columnNamed('table.listColumn', listColumn);
  if (list !== null && listValueRule(list.type) === null) {
    throw new SpecError('table.listColumn', `column ${show(list.name)} has type ${show(list.type)}, which cannot hold list values`, `use a column of type ${LIST_COLUMN_TYPES}`);
  }
  if (!Array.isArray(t.primaryKey) || t.primaryKey.length === 0) {
    throw new SpecError('table.primaryKey', 'is empty', `list the key columns, including ${show(range.name)}${listColumn ? ` and ${show(listColumn)}` : ''}`);
  }
  t.primaryKey.forEach((c, i) => {
    columnNamed(`table.primaryKey[${i}]`, c);
    const earlier = t.primaryKey.indexOf(c);
    if (earlier !== i) throw new SpecError(`table.primaryKey[${i}]`, fieldText`${show(c)} is already ${mention(`table.primaryKey[${earlier}]`)}`, 'list each key column once');
  });
  // PostgreSQL docs 5.11.2.3: a unique constraint on a partitioned table must include every partition key column
  for (const key of [range.name, listColumn]) {
    if (key !== null && !t.primaryKey.includes(key)) {
      throw new SpecError(
        'table.primaryKey',
        `${show(t.primaryKey)} lacks the partition key column ${show(key)}`,
        `add ${show(key)} to the primary key (PostgreSQL requires every partition key column in it)`,
      );
    }
  }
  const partitionKey = listColumn === null ? [range.name] : [range.name, listColumn];
  const indexes = (t.indexes ?? []).map((ix, i) => resolveIndex(ix, i, { table: name, columns, partitionKey }, checkIdentifier));
  indexes.forEach((ix, i) => {
    const earlier = indexes.findIndex((o) => o.name === ix.name);
    if (earlier !== i) {
      throw new SpecError(`table.indexes[${i}].name`, fieldText`${show(ix.name)} is already the name of ${mention(`table.indexes[${earlier}]`)}`, 'give each index its own name');
    }
  });
  const distribution = t.distribution === undefined ? null : resolveDistribution(t.distribution, t.primaryKey, columnNamed);
  if (distribution !== null && listColumn !== null) throw multiLevelOnCitus('table.listColumn', `is ${show(listColumn)}`, listColumn);
  return {
    schema,
    name,
    columns,
    primaryKey: [...t.primaryKey],
    indexes,
    dropColumns: resolveDropColumns(t.dropColumns, columns),
    rangeColumn: range.name,
    rangeType,
    listColumn,
    defaultPartition: t.defaultPartition ?? false,
    distribution,
  };
}

/**
 * A column default: absent, or one constant of the grammar of ./sql-predicate.ts (not NULL, which
 * is no default), in canonical SQL.
 * @throws SpecError naming `field` otherwise.
 */
export function checkColumnDefault(field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const parsed = parseConstant(value);
  if ('problem' in parsed || parsed.value.kind === 'null') {
    throw new SpecError(
      field,
      `${show(value)} is not a constant default${'problem' in parsed ? `: ${parsed.problem}` : ' (NULL is no default)'}`,
      "write one constant as SQL: a number (0, -1.5), a string in single quotes ('pending', '{}'), true or false; omit it for no default",
    );
  }
  return renderConstant(parsed.value);
}

function resolveDropColumns(dropColumns: readonly string[] | undefined, columns: readonly ResolvedColumn[]): string[] {
  const list = dropColumns ?? [];
  if (!Array.isArray(list)) throw new SpecError('table.dropColumns', `${show(list)} is not a list of column names`, 'list the names of the columns to drop');
  return list.map((c, i) => {
    const name = checkIdentifier(`table.dropColumns[${i}]`, c);
    if (columns.some((col) => col.name === name)) {
      throw new SpecError(`table.dropColumns[${i}]`, `${show(name)} is still declared in columns`, fieldText`remove it from columns to drop it, or from ${mention('table.dropColumns', 'dropColumns')} to keep it`);
    }
    if (list.indexOf(c) !== i) throw new SpecError(`table.dropColumns[${i}]`, fieldText`${show(name)} is already ${mention(`table.dropColumns[${list.indexOf(c)}]`)}`, 'list each column once');
    return name;
  });
}

/**
 * Citus distributes one level of partitions only ("distributing multi-level partitioned tables is
 * not supported"), so a distributed table's windows cannot be list-sub-partitioned: the error for
 * `field` (the list column or the groups), with the one-level alternative.
 */
function multiLevelOnCitus(field: string, problem: string, listColumn: string | null): SpecError {
  return new SpecError(
    field,
    fieldText`${problem}, but the table is distributed (${mention('table.distribution')}): Citus cannot distribute multi-level partitioned tables, and a window sub-partitioned by LIST would be one`,
    fieldText`remove ${mention('table.listColumn')} and the groups, so the windows are one level (weekly windows, each distributed like the parent), and add an index on the list column instead (${mention('table.indexes')}: [{ columns: [${show(listColumn ?? 'activity_id')}] }]) for queries by it`,
  );
}

/** Checks a Citus distribution against the table (column, primary key, shard count, colocation). */
function resolveDistribution(d: DistributionSpec, primaryKey: readonly string[], columnNamed: (field: string, column: string) => ResolvedColumn): ResolvedDistribution {
  if (d === null || typeof d !== 'object') throw new SpecError('table.distribution', `${show(d)} is not a distribution`, 'give { column } of the column to distribute by, or remove it');
  const column = columnNamed('table.distribution.column', d.column).name;
  if (!primaryKey.includes(column)) {
    throw new SpecError(
      'table.distribution.column',
      `${show(column)} is not in the primary key ${show(primaryKey)}`,
      `add ${show(column)} to the primary key (Citus checks a unique constraint within each shard only, so it must include the distribution column), or distribute by one of its columns`,
    );
  }
  const shardCount = d.shardCount ?? null;
  if (shardCount !== null && (!Number.isInteger(shardCount) || shardCount < 1 || shardCount > MAX_SHARD_COUNT)) {
    throw new SpecError('table.distribution.shardCount', `${show(shardCount)} is not a shard count`, `use an integer from 1 to ${MAX_SHARD_COUNT}, or omit it for the server's citus.shard_count`);
  }
  const colocateWith = d.colocateWith === undefined ? null : checkIdentifier('table.distribution.colocateWith', d.colocateWith);
  if (colocateWith !== null && colocateWith !== 'none' && shardCount !== null) {
    throw new SpecError(
      'table.distribution.shardCount',
      fieldText`is set together with ${mention('table.distribution.colocateWith', 'colocateWith')} ${show(colocateWith)}`,
      fieldText`remove ${mention('table.distribution.shardCount', 'shardCount')}: a colocated table has the shard count of the table it is colocated with (Citus refuses both)`,
    );
  }
  return { column, shardCount, colocateWith };
}

function resolveTimeZone(timeZone: string | undefined, rangeType: RangeColumnType): string {
  if (timeZone === undefined) return 'UTC';
  if (typeof timeZone !== 'string' || !isKnownTimeZone(timeZone)) {
    throw new SpecError('timeZone', `${show(timeZone)} is not a known IANA time zone`, 'use a zone name like "UTC", "Europe/Berlin" or "America/New_York"');
  }
  // an offset in a literal is ignored for timestamp (without time zone) and date columns
  if (rangeType !== 'timestamptz' && timeZone !== 'UTC') {
    throw new SpecError(
      'timeZone',
      `${show(timeZone)} is set but the range column has type ${rangeType}, which has no time zone`,
      'remove timeZone (windows follow the column\'s wall clock), or make the range column timestamptz',
    );
  }
  return timeZone;
}

function resolveRetention(spec: PartitionSpec, tableSchema: string): ResolvedSpec['retention'] {
  const r = spec.retention;
  if (r === undefined) return null;
  if (!Number.isInteger(r.windows) || r.windows < 1) {
    throw new SpecError(
      'retention.windows',
      `${show(r.windows)} is shorter than one window`,
      'keep at least 1 window behind the current one (an integer >= 1), or omit retention to keep all windows',
    );
  }
  if (r.windows > MAX_RETENTION_WINDOWS) {
    throw new SpecError(
      'retention.windows',
      `${r.windows} windows is more than pgpartition keeps (at most ${MAX_RETENTION_WINDOWS})`,
      `keep at most ${MAX_RETENTION_WINDOWS} windows behind the current one (5 years of daily or 35 years of weekly windows), or omit retention to keep every window from start on`,
    );
  }
  const mode = r.mode ?? 'drop';
  if (mode !== 'drop' && mode !== 'detach' && mode !== 'archive') {
    throw new SpecError('retention.mode', `${show(mode)} is not a retention mode`, 'use "drop", "detach" or "archive", or omit retention to keep all windows');
  }
  if (mode !== 'archive') {
    for (const field of ['keepFor', 'archiveSchema'] as const) {
      if (r[field] !== undefined) throw new SpecError(`retention.${field}`, `is set, but retention mode "${mode}" archives nothing`, 'use retention mode "archive", or remove it');
    }
    return { windows: r.windows, mode, archive: null };
  }
  return { windows: r.windows, mode, archive: resolveArchive(r, tableSchema) };
}

/** @throws SpecError naming `retention.keepFor` or `retention.archiveSchema`. */
function resolveArchive(r: RetentionSpec, tableSchema: string): NonNullable<ResolvedRetention['archive']> {
  const fix = 'write how long archived windows are kept before they are dropped as "N days", "N weeks" or "N months", e.g. "7 days"';
  if (typeof r.keepFor !== 'string') throw new SpecError('retention.keepFor', 'is required with retention mode "archive"', fix);
  const interval = parseCalendarInterval(r.keepFor);
  if (interval === null) throw new SpecError('retention.keepFor', `${show(r.keepFor)} is not an archive period`, fix);
  const days = interval.months * 31 + interval.days;
  if (days < 1) throw new SpecError('retention.keepFor', `${show(r.keepFor)} keeps archived windows for no time`, `${fix}; or use retention mode "drop"`);
  if (days > MAX_ARCHIVE_DAYS) throw new SpecError('retention.keepFor', `${show(r.keepFor)} is longer than pgpartition archives (at most ${MAX_ARCHIVE_DAYS} days)`, 'keep archived windows for less, or use retention mode "detach" and drop them yourself');
  if (r.archiveSchema === undefined) throw new SpecError('retention.archiveSchema', 'is required with retention mode "archive"', 'name the schema archived windows move to, e.g. "archive"');
  const schema = checkSchemaName('retention.archiveSchema', r.archiveSchema);
  if (schema === tableSchema) {
    throw new SpecError('retention.archiveSchema', `${show(schema)} is the table's own schema`, 'name another schema: archived windows move out of the parent table\'s schema, so a window\'s name is free again if it is re-created');
  }
  return { schema, keepFor: formatCalendarInterval(interval), keepForInterval: interval };
}

interface Calendar {
  readonly interval: WindowInterval;
  readonly weekStart: Weekday;
}

function checkWindowStart(field: string, date: unknown, calendar: Calendar): number {
  const day = typeof date === 'string' ? parseCivilDate(date) : null;
  if (day === null) throw new SpecError(field, `${show(date)} is not a date`, 'write it as YYYY-MM-DD');
  if (!isWindowStart(day, calendar.interval, calendar.weekStart)) {
    const which = { '1 day': 'any day', '1 week': `a ${calendar.weekStart}`, '1 month': 'the first day of a month' }[calendar.interval];
    throw new SpecError(field, `${show(date)} is not a window start`, `use ${which} (interval ${show(calendar.interval)})`);
  }
  return day;
}

/**
 * Parses `asOf`: a valid Date, or ISO 8601 text with an offset (`Z` or `+01:00`).
 * @throws SpecError('asOf') otherwise.
 */
export function parseInstant(value: string | Date): Date {
  const fail = (): never => {
    throw new SpecError('asOf', `${show(value instanceof Date ? 'Invalid Date' : value)} is not a valid instant`, 'write it as ISO 8601 with an offset, e.g. "2024-12-25T12:00:00Z"');
  };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? fail() : new Date(value.getTime());
  const m = typeof value === 'string' ? INSTANT_PATTERN.exec(value) : null;
  if (!m) return fail();
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number);
  const second = Number(m[6] ?? 0);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return fail();
  if (parseCivilDate(`${m[1]}-${m[2]}-${m[3]}`) === null) return fail();
  const ms = Math.floor(Number(`0.${m[7] ?? 0}`) * 1000);
  const zone = m[8].toUpperCase();
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    const hours = Number(digits.slice(1, 3));
    const minutes = Number(digits.slice(3, 5));
    if (hours > 23 || minutes > 59) return fail();
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  return new Date(utcMs(year, month, day, hour, minute, second, ms) - offsetMinutes * 60_000);
}

function resolveLayouts(spec: PartitionSpec, table: ResolvedParentTable, calendar: Calendar): ResolvedLayout[] {
  const layouts = spec.layouts ?? [];
  if (layouts.length > 0 && table.listColumn === null) {
    throw new SpecError('layouts', 'are set but the table has no list column to sub-partition on', fieldText`set ${mention('table.listColumn')}, or remove ${mention('layouts')}`);
  }
  const resolved = layouts.map((layout, i) => {
    const field = `layouts[${i}]`;
    const day = checkWindowStart(`${field}.effectiveFrom`, layout.effectiveFrom, calendar);
    const earlier = layouts.findIndex((o) => parseCivilDate(o.effectiveFrom) === day);
    if (earlier !== i) {
      throw new SpecError(
        `${field}.effectiveFrom`,
        fieldText`${show(layout.effectiveFrom)} is the window ${mention(`layouts[${earlier}]`)} is already effective from`,
        'give each layout its own window start, or merge the two into one',
      );
    }
    checkGroups(field, layout.groups, listRuleOf(table));
    return { effectiveFrom: layout.effectiveFrom, groups: layout.groups, defaultSubPartition: layout.defaultSubPartition ?? true, index: i };
  });
  return resolved.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
}

/** The value rule of the table's list column (its type was checked by resolveParentTable). */
function listRuleOf(table: ResolvedParentTable): ListValueRule | null {
  const column = table.columns.find((c) => c.name === table.listColumn);
  return column === undefined ? null : listValueRule(column.type);
}

function checkGroups(layoutField: string, groups: readonly ActivityGroup[], rule: ListValueRule | null): void {
  groups.forEach((g, i) => {
    const field = `${layoutField}.groups[${i}]`;
    if (typeof g.name !== 'string' || g.name.length === 0 || g.name.includes('\u0000')) {
      throw new SpecError(`${field}.name`, `${show(g.name)} is not a group name`, 'give a non-empty string');
    }
    if (g.name === DEFAULT_GROUP) {
      throw new SpecError(`${field}.name`, `${show(g.name)} is the name of the DEFAULT sub-partition`, 'choose another group name');
    }
    const earlier = groups.findIndex((o) => o.name === g.name);
    if (earlier !== i) {
      throw new SpecError(`${field}.name`, fieldText`${show(g.name)} is already the name of ${mention(`${layoutField}.groups[${earlier}]`)}`, 'give each group its own name');
    }
  });
  checkListValues(groups.map((g, i) => ({ kind: 'group', name: g.name, field: `${layoutField}.groups[${i}].values`, values: g.values })), rule);
}
