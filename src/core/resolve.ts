/**
 * Validation of a {@link PartitionSpec} and the defaults it leaves out.
 *
 * Every rule of issue 2's "Bad input" list lives here, so an invalid spec fails at synth, before
 * anything touches a database (safety rule 7). Needs no clock: `asOf` is only parsed.
 */
import { isKnownTimeZone, parseCivilDate, utcMs } from './calendar';
import { SpecError } from './errors';
import { byteLength, indexName, MAX_IDENTIFIER_BYTES } from './naming';
import type {
  ActivityGroup,
  ParentTableSpec,
  PartitionSpec,
  RangeColumnType,
  Weekday,
  WindowInterval,
} from './spec';
import { isWindowStart } from './windows';

/** A column with its nullability decided. */
export interface ResolvedColumn {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
}

/** An index with its name decided (fitted to 63 bytes). */
export interface ResolvedIndex {
  readonly name: string;
  readonly columns: readonly string[];
}

/** The parent table with every default filled in. */
export interface ResolvedParentTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly ResolvedColumn[];
  readonly primaryKey: readonly string[];
  readonly indexes: readonly ResolvedIndex[];
  readonly rangeColumn: string;
  /** Derived from the range column's declared type. */
  readonly rangeType: RangeColumnType;
  /** null: windows are plain tables, not list-partitioned. */
  readonly listColumn: string | null;
  readonly defaultPartition: boolean;
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

/** A spec with every field validated and every default filled in. */
export interface ResolvedSpec {
  readonly table: ResolvedParentTable;
  readonly interval: WindowInterval;
  readonly weekStart: Weekday;
  /** `UTC` for `timestamp` and `date` columns (their wall clock is read as UTC). */
  readonly timeZone: string;
  readonly premake: number;
  /** null keeps all windows. */
  readonly retention: { readonly windows: number; readonly mode: 'drop' | 'detach' } | null;
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

/**
 * Column types are SQL syntax and cannot be quoted, so they are held to a shape that cannot
 * carry a statement: words, digits, spaces, dots, commas, parentheses and array brackets.
 */
const SQL_TYPE_PATTERN = /^[A-Za-z_][A-Za-z0-9_ .,()[\]]*$/;

/** ISO 8601 instant with a mandatory offset: `2024-12-25T10:00:00Z`, `2024-12-25T10:00+01:00`. */
const INSTANT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

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
  const retention = resolveRetention(spec);
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

function checkIdentifier(field: string, name: unknown): string {
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
  const t = sqlType.trim().toLowerCase().replace(/\s+/g, ' ').replace(/\s*\(\s*\d\s*\)/, '');
  if (t === 'timestamptz' || t === 'timestamp with time zone') return 'timestamptz';
  if (t === 'timestamp' || t === 'timestamp without time zone') return 'timestamp';
  if (t === 'date') return 'date';
  return null;
}

/**
 * Validates the parent table alone and fills its defaults (schema, nullability, index names):
 * what the provider's parent-table resource needs without a calendar.
 * @throws SpecError naming the field (`table.columns[1].type`, ...) and the fix.
 */
export function resolveParentTable(t: ParentTableSpec): ResolvedParentTable {
  const schema = checkIdentifier('table.schema', t.schema ?? 'public');
  const name = checkIdentifier('table.name', t.name);
  const columns = t.columns.map((c, i) => {
    checkIdentifier(`table.columns[${i}].name`, c.name);
    if (typeof c.type !== 'string' || !SQL_TYPE_PATTERN.test(c.type)) {
      throw new SpecError(
        `table.columns[${i}].type`,
        `${show(c.type)} is not a SQL type name`,
        'write the type as PostgreSQL spells it, e.g. "timestamptz", "numeric(18,2)", "varchar(255)" (no quotes or semicolons)',
      );
    }
    const earlier = t.columns.findIndex((o) => o.name === c.name);
    if (earlier !== i) {
      throw new SpecError(`table.columns[${i}].name`, `${show(c.name)} is already table.columns[${earlier}]`, 'give each column its own name');
    }
    return { name: c.name, type: c.type, nullable: c.nullable ?? true };
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
  if (listColumn !== null) columnNamed('table.listColumn', listColumn);
  if (t.primaryKey.length === 0) {
    throw new SpecError('table.primaryKey', 'is empty', `list the key columns, including ${show(range.name)}${listColumn ? ` and ${show(listColumn)}` : ''}`);
  }
  t.primaryKey.forEach((c, i) => columnNamed(`table.primaryKey[${i}]`, c));
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
  const indexes = (t.indexes ?? []).map((ix, i) => {
    if (ix.columns.length === 0) throw new SpecError(`table.indexes[${i}].columns`, 'is empty', 'list at least one column');
    ix.columns.forEach((c, j) => columnNamed(`table.indexes[${i}].columns[${j}]`, c));
    const indexNameValue = ix.name === undefined ? indexName(name, ix.columns) : checkIdentifier(`table.indexes[${i}].name`, ix.name);
    return { name: indexNameValue, columns: [...ix.columns] };
  });
  indexes.forEach((ix, i) => {
    const earlier = indexes.findIndex((o) => o.name === ix.name);
    if (earlier !== i) {
      throw new SpecError(`table.indexes[${i}].name`, `${show(ix.name)} is already the name of table.indexes[${earlier}]`, 'give each index its own name');
    }
  });
  return {
    schema,
    name,
    columns,
    primaryKey: [...t.primaryKey],
    indexes,
    rangeColumn: range.name,
    rangeType,
    listColumn,
    defaultPartition: t.defaultPartition ?? false,
  };
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

function resolveRetention(spec: PartitionSpec): ResolvedSpec['retention'] {
  const r = spec.retention;
  if (r === undefined) return null;
  if (!Number.isInteger(r.windows) || r.windows < 1) {
    throw new SpecError(
      'retention.windows',
      `${show(r.windows)} is shorter than one window`,
      'keep at least 1 window behind the current one (an integer >= 1), or omit retention to keep all windows',
    );
  }
  const mode = r.mode ?? 'drop';
  if (mode !== 'drop' && mode !== 'detach') {
    throw new SpecError('retention.mode', `${show(mode)} is not a retention mode`, 'use "drop" or "detach", or omit retention to keep all windows');
  }
  return { windows: r.windows, mode };
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
    throw new SpecError('layouts', 'are set but the table has no list column to sub-partition on', 'set table.listColumn, or remove layouts');
  }
  const resolved = layouts.map((layout, i) => {
    const field = `layouts[${i}]`;
    const day = checkWindowStart(`${field}.effectiveFrom`, layout.effectiveFrom, calendar);
    const earlier = layouts.findIndex((o) => parseCivilDate(o.effectiveFrom) === day);
    if (earlier !== i) {
      throw new SpecError(
        `${field}.effectiveFrom`,
        `${show(layout.effectiveFrom)} is the window layouts[${earlier}] is already effective from`,
        'give each layout its own window start, or merge the two into one',
      );
    }
    checkGroups(field, layout.groups, integerRangeOf(table));
    return { effectiveFrom: layout.effectiveFrom, groups: layout.groups, defaultSubPartition: layout.defaultSubPartition ?? true, index: i };
  });
  return resolved.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
}

/** Integer list-column types and their ranges (PostgreSQL docs 8.1.1). */
const INTEGER_RANGES: Record<string, readonly [bigint, bigint]> = {
  smallint: [-(2n ** 15n), 2n ** 15n - 1n],
  int2: [-(2n ** 15n), 2n ** 15n - 1n],
  integer: [-(2n ** 31n), 2n ** 31n - 1n],
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  int4: [-(2n ** 31n), 2n ** 31n - 1n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
  int8: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** The range of the list column when it has an integer type, else null (values are text). */
function integerRangeOf(table: ResolvedParentTable): readonly [bigint, bigint] | null {
  const column = table.columns.find((c) => c.name === table.listColumn);
  return column === undefined ? null : INTEGER_RANGES[column.type.trim().toLowerCase()] ?? null;
}

/** Canonical integer text: no sign on zero, no leading zeros, so `01` and `1` cannot both pass as distinct values. */
const INTEGER_PATTERN = /^-?(0|[1-9][0-9]*)$/;

function checkGroups(layoutField: string, groups: readonly ActivityGroup[], integerRange: readonly [bigint, bigint] | null): void {
  const groupOf = new Map<string, string>();
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
      throw new SpecError(`${field}.name`, `${show(g.name)} is already the name of ${layoutField}.groups[${earlier}]`, 'give each group its own name');
    }
    if (g.values.length === 0) {
      throw new SpecError(`${field}.values`, `group ${show(g.name)} is empty`, 'list at least one value, or remove the group');
    }
    for (const v of g.values) {
      if (typeof v !== 'string' || v.includes('\u0000')) {
        throw new SpecError(`${field}.values`, `${show(v)} is not a list value`, 'write each value as a string without NUL characters (integers too, e.g. "42")');
      }
      if (integerRange !== null && !(INTEGER_PATTERN.test(v) && v !== '-0' && BigInt(v) >= integerRange[0] && BigInt(v) <= integerRange[1])) {
        throw new SpecError(
          `${field}.values`,
          `${show(v)} is not a value of the integer list column`,
          `write an integer between ${integerRange[0]} and ${integerRange[1]} as plain digits (e.g. "42", no leading zeros or spaces)`,
        );
      }
      const other = groupOf.get(v);
      if (other !== undefined) {
        const where = other === g.name ? 'listed twice in this group' : `already in group ${show(other)}`;
        throw new SpecError(`${field}.values`, `${show(v)} is ${where}`, 'keep each value in one group');
      }
      groupOf.set(v, g.name);
    }
  });
}
