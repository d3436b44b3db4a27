/**
 * What sits in DEFAULT partitions: rows there mean a window is missing (the parent's DEFAULT) or the
 * activity catalogue is out of date (a window's DEFAULT sub-partition holds list values no group
 * lists). Row estimates cannot answer this: one stray row is the signal, and `pg_class.reltuples`
 * of a partition analysed while empty stays 0 after rows arrive. So the rows are counted, but only
 * up to a limit, in one statement over every DEFAULT partition of a parent table.
 */
import type { ClientBase, Pool, QueryResult } from 'pg';
import { normaliseRangeValue } from '../core/catalog-bounds';
import type { RangeColumnType } from '../core/spec';
import { qualifiedName, quoteIdent } from '../core/sql';

/** One DEFAULT partition (or DEFAULT sub-partition) to look into. */
export interface DefaultPartitionTarget {
  readonly schema: string;
  readonly name: string;
  /** The list column whose values are tallied; null to count rows only. */
  readonly listColumn: string | null;
  /** The range column whose earliest and latest values are read; null to skip them. */
  readonly rangeColumn: string | null;
  /** Its type, to print those values in the core's canonical bound text. @default - read from the value's shape */
  readonly rangeType?: RangeColumnType;
}

/** A list value found in a DEFAULT partition and the rows holding it (among the rows counted). */
export interface ListValueRows {
  /** The value as text; null for SQL NULL. */
  readonly value: string | null;
  readonly rows: number;
}

/** The rows found in one DEFAULT partition. */
export interface DefaultPartitionRows {
  readonly schema: string;
  readonly name: string;
  /** Rows counted: all of them when `complete`, else the first `scanLimitRows`. */
  readonly rows: number;
  /** False when counting stopped at `scanLimitRows`: there are at least that many rows. */
  readonly complete: boolean;
  /** The most frequent list values among the rows counted, most rows first (ties by value), at most `maxValues`. */
  readonly values: readonly ListValueRows[];
  /** Distinct list values among the rows counted; more than `values.length` when the list was cut. */
  readonly distinctValues: number;
  /** Earliest and latest range-column value among the rows counted, canonical bound text; null without rows or range column. */
  readonly earliest: string | null;
  readonly latest: string | null;
}

export interface DefaultRowsOptions {
  /** Rows read per DEFAULT partition at most. @default 100000 */
  readonly scanLimitRows?: number;
  /** List values reported per DEFAULT partition at most. @default 10 */
  readonly maxValues?: number;
  /** How long the read waits for a lock on a DEFAULT partition before it fails. @default 2000 */
  readonly lockTimeoutMs?: number;
}

/** A DEFAULT partition could not be read within the lock timeout: another session holds ACCESS EXCLUSIVE on it. */
export class DefaultPartitionLockedError extends Error {
  constructor(readonly tables: readonly string[], readonly lockTimeoutMs: number, options: { cause: unknown }) {
    super(`Counting the rows of the DEFAULT partitions (${tables.join(', ')}) waited ${lockTimeoutMs} ms for a lock another session holds ` +
      '(ATTACH PARTITION takes ACCESS EXCLUSIVE on the parent\'s DEFAULT partition while a deploy adds a window); check again in a moment.', options);
    this.name = 'DefaultPartitionLockedError';
  }
}

interface RawRow { i: number; rows: string; distinct_values: string; earliest: string | null; latest: string | null; top_values: [string | null, string][] }

/**
 * Counts the rows of each target (up to `scanLimitRows`) and tallies its list values, in one round
 * trip. Reading a partition takes ACCESS SHARE on it, so the statement runs with `lock_timeout`
 * (a `SET LOCAL` in the same implicit transaction, PostgreSQL docs 55.2.2.1) rather than queue
 * behind a deploy's ATTACH, which would queue every writer behind it in turn.
 * @throws DefaultPartitionLockedError when a target stayed locked for `lockTimeoutMs`; RangeError for
 *   a limit below 1; the server's error otherwise (e.g. a target dropped meanwhile).
 */
export async function readDefaultPartitionRows(client: ClientBase | Pool, targets: readonly DefaultPartitionTarget[], options: DefaultRowsOptions = {}): Promise<DefaultPartitionRows[]> {
  const scanLimitRows = options.scanLimitRows ?? 100_000;
  const maxValues = options.maxValues ?? 10;
  const lockTimeoutMs = options.lockTimeoutMs ?? 2000;
  for (const [name, value] of [['scanLimitRows', scanLimitRows], ['maxValues', maxValues], ['lockTimeoutMs', lockTimeoutMs]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be an integer >= 1 (got ${value})`);
  }
  if (targets.length === 0) return [];
  const selects = targets.map((t, i) => `SELECT ${i} AS i, s.* FROM (
  WITH sample AS (SELECT ${t.listColumn === null ? 'NULL::text' : `${quoteIdent(t.listColumn)}::text`} AS v, ${t.rangeColumn === null ? 'NULL::text' : quoteIdent(t.rangeColumn)} AS r
                  FROM ${qualifiedName(t.schema, t.name)} LIMIT ${scanLimitRows}),
       counts AS (SELECT v, count(*) AS n FROM sample GROUP BY v)
  SELECT (SELECT count(*) FROM sample) AS rows, (SELECT count(*) FROM counts) AS distinct_values,
         (SELECT min(r)::text FROM sample) AS earliest, (SELECT max(r)::text FROM sample) AS latest,
         (SELECT coalesce(json_agg(json_build_array(v, n) ORDER BY n DESC, v), '[]'::json)
            FROM (SELECT v, n FROM counts ORDER BY n DESC, v LIMIT ${maxValues}) top) AS top_values
) s`);
  // TimeZone and DateStyle make min/max print as the catalog module reads bounds: ISO, in UTC
  const sql = `SET LOCAL lock_timeout = '${lockTimeoutMs}ms'; SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO';\n${selects.join('\nUNION ALL\n')}`;
  let results: QueryResult<RawRow>[];
  try {
    results = (await client.query(sql)) as unknown as QueryResult<RawRow>[];
  } catch (err) {
    if ((err as { code?: string }).code === '55P03') throw new DefaultPartitionLockedError(targets.map((t) => `${t.schema}.${t.name}`), lockTimeoutMs, { cause: err });
    throw err;
  }
  const byIndex = new Map(results[results.length - 1].rows.map((r) => [Number(r.i), r]));
  return targets.map((t, i) => {
    const r = byIndex.get(i) as RawRow;
    const rows = Number(r.rows);
    const rangeValue = (v: string | null) => (v === null ? null : canonicalOrVerbatim(v, t.rangeType));
    return {
      schema: t.schema,
      name: t.name,
      rows,
      complete: rows < scanLimitRows,
      values: t.listColumn === null ? [] : r.top_values.map(([value, n]) => ({ value, rows: Number(n) })),
      distinctValues: t.listColumn === null ? 0 : Number(r.distinct_values),
      earliest: rangeValue(r.earliest),
      latest: rangeValue(r.latest),
    };
  });
}

// a range column of another type than the three the tool plans (a foreign design) prints as it is
function canonicalOrVerbatim(value: string, rangeType: RangeColumnType | undefined): string {
  try {
    return normaliseRangeValue(value, rangeType);
  } catch {
    return value;
  }
}
