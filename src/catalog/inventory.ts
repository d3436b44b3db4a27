/**
 * Reads the live layout of one parent table in one query: the parent's shape and every window
 * (direct partition) with its normalised bounds, sub-partitions, ownership mark, detach-pending
 * flag, row estimate and size. The provider caches the result per parent per process.
 */
import type { ClientBase, Pool, QueryResult } from 'pg';
import { parseCatalogBound } from '../core/catalog-bounds';
import type { RangeColumnType } from '../core/spec';
import type { TreeSize } from '../core/schema-changes';
import { boundCheckName, windowNamePrefix, windowStartOfName } from '../core/naming';
import { isManaged, readMark } from '../core/ownership';
import { readDistributedPartitionTotals, readDistributedTableTotals, readDistribution, type Distribution, type ShardTotals } from './citus';
import { inventorySql, standaloneTablesSql, windowStatsSql } from './inventory-query';

/** One column of the parent table as the catalog has it. */
export interface ColumnInfo {
  readonly name: string;
  /** `format_type` text, e.g. `timestamp with time zone`, `numeric(18,2)`, `character varying(255)`. */
  readonly type: string;
  readonly notNull: boolean;
}

/** One index on the parent table. */
export interface IndexInfo {
  readonly name: string;
  /** `pg_get_indexdef` text (`CREATE [UNIQUE] INDEX ... USING btree (...)`). */
  readonly definition: string;
  readonly unique: boolean;
  readonly primary: boolean;
  /** Key columns in order; null for an expression column. */
  readonly columns: readonly (string | null)[];
}

/** The parent table's shape. When `exists` is false every other field is empty or null. */
export interface ParentTableInfo {
  readonly schema: string;
  readonly name: string;
  readonly exists: boolean;
  /** pg_class.relkind: `p` partitioned table, `r` plain table, ...; null when missing. */
  readonly relkind: string | null;
  /** relkind `p`. */
  readonly isPartitioned: boolean;
  /** From pg_partitioned_table.partstrat; null when not partitioned. */
  readonly strategy: 'range' | 'list' | 'hash' | null;
  /** `pg_get_partkeydef` text, e.g. `RANGE ("timestamp")`; null when not partitioned. */
  readonly partitionKey: string | null;
  /** The column of a one-column RANGE key, e.g. `timestamp`; null otherwise. */
  readonly rangeColumn: string | null;
  readonly columns: readonly ColumnInfo[];
  /** Primary key columns in key order; empty without a primary key. */
  readonly primaryKey: readonly string[];
  readonly indexes: readonly IndexInfo[];
  /** Table comment (an ownership mark `pgpartition:managed ...` marks ownership, see core/ownership.ts), or null. */
  readonly comment: string | null;
  /** Name of the parent's DEFAULT partition, or null. */
  readonly defaultPartition: string | null;
  /** How Citus distributes it (./citus.ts), or null: not distributed, or no Citus. */
  readonly distribution: Distribution | null;
}

/** One sub-partition of a window. */
export interface SubPartitionInfo {
  readonly name: string;
  /** `pg_get_expr(relpartbound)` text as read (UTC, ISO). */
  readonly bound: string;
  /** True for the window's DEFAULT sub-partition. */
  readonly isDefault: boolean;
  /** List values (NULL as null); null for DEFAULT or a non-list bound. */
  readonly values: readonly (string | null)[] | null;
  readonly isPartitioned: boolean;
  readonly comment: string | null;
  /** Rows, summed over its leaves; see `EXACT_COUNT_MAX_PAGES` for how it is estimated. */
  readonly rowEstimate: number;
  /** pg_total_relation_size (heap, TOAST, indexes), summed over its leaves, in bytes. */
  readonly sizeBytes: number;
}

/** One direct partition of the parent: a window, a list partition or the parent's DEFAULT. */
export interface WindowInfo {
  readonly name: string;
  readonly kind: 'range' | 'list' | 'default';
  /** `pg_get_expr(relpartbound)` text as read (UTC, ISO). */
  readonly bound: string;
  /** Canonical inclusive lower bound (range only; `MINVALUE` kept verbatim), else null. */
  readonly from: string | null;
  /** Canonical exclusive upper bound (range only), else null. */
  readonly to: string | null;
  /** List values (list only), else null. */
  readonly values: readonly (string | null)[] | null;
  /** True when itself partitioned (a window with list sub-partitions). */
  readonly isPartitioned: boolean;
  /** The column a partitioned window is list-sub-partitioned on (a one-column LIST key), else null. */
  readonly listColumn: string | null;
  /** Sub-partitions by name; empty when not partitioned. */
  readonly subPartitions: readonly SubPartitionInfo[];
  readonly comment: string | null;
  /** The comment is an ownership mark, of any owner (safety rule 2; core/ownership.ts). */
  readonly managed: boolean;
  /** A `DETACH PARTITION ... CONCURRENTLY` was cut short (pg_inherits.inhdetachpending); FINALIZE completes it. */
  readonly detachPending: boolean;
  /** Rows, summed over its leaves. */
  readonly rowEstimate: number;
  /** Bytes, summed over its leaves. */
  readonly sizeBytes: number;
}

/** A parent table and its partitions; windows ordered by lower bound, then list and DEFAULT partitions by name. */
export interface PartitionInventory {
  readonly parent: ParentTableInfo;
  readonly windows: readonly WindowInfo[];
}

interface RawSub {
  name: string; bound: string; comment: string | null; isPartitioned: boolean; rowEstimate: number; sizeBytes: number;
}
interface RawWindow extends RawSub { detachPending: boolean; listColumn: string | null; subPartitions: RawSub[] }
interface RawInventory {
  exists: boolean; citus: boolean; relkind: string | null; comment: string | null; strategy: string | null; partitionKey: string | null; rangeColumn: string | null;
  defaultPartition: string | null; columns: ColumnInfo[] | null; primaryKey: string[] | null; indexes: IndexInfo[] | null; windows: RawWindow[] | null;
}

const STRATEGIES: Record<string, ParentTableInfo['strategy']> = { r: 'range', l: 'list', h: 'hash' };

/**
 * The inventory of `schema.parent`, in one round trip (two more on a Citus coordinator when the
 * parent is distributed: its distribution, and the rows and bytes of its windows read from their
 * shards on every node, see ./citus.ts). Range bounds are normalised for a range
 * column of `rangeType` (see `parseCatalogBound`), so they compare equal to planned bounds whatever
 * the session's TimeZone; without `rangeType` it is read from each printed value's shape. A missing
 * parent is not an error: `parent.exists` is false.
 * Do not call it with a client inside a transaction that must keep its own TimeZone: the `SET LOCAL`s
 * then last until that transaction ends.
 * @throws Error when a window's bound cannot be read as `rangeType` (wrong type for this parent),
 *   a Citus node cannot be read, or the server's error.
 */
export async function readInventory(client: ClientBase | Pool, schema: string, parent: string, rangeType?: RangeColumnType): Promise<PartitionInventory> {
  const results = (await client.query(inventorySql(schema, parent))) as unknown as QueryResult[];
  const raw = results[results.length - 1].rows[0].inventory as RawInventory;
  const distribution = raw.exists && raw.citus ? await readDistribution(client, schema, parent, true) : null;
  const onShards = distribution ? await readDistributedPartitionTotals(client, schema, parent) : null;
  const windows = (raw.windows ?? []).map((w) => toWindow(w, rangeType, `${schema}.${w.name}`, onShards?.get(w.name)));
  return {
    parent: {
      schema,
      name: parent,
      exists: raw.exists,
      relkind: raw.relkind,
      isPartitioned: raw.relkind === 'p',
      strategy: raw.strategy ? STRATEGIES[raw.strategy] ?? null : null,
      partitionKey: raw.partitionKey,
      rangeColumn: raw.rangeColumn ?? null,
      columns: raw.columns ?? [],
      primaryKey: raw.primaryKey ?? [],
      indexes: raw.indexes ?? [],
      comment: raw.comment,
      defaultPartition: raw.defaultPartition,
      distribution,
    },
    windows: windows.sort(windowOrder),
  };
}

/** A window as read; `onShards`: its rows and bytes on the workers when it is distributed (its shell on the coordinator holds none). */
function toWindow(w: RawWindow, rangeType: RangeColumnType | undefined, qualified: string, onShards: ShardTotals | undefined): WindowInfo {
  let bound;
  try {
    bound = parseCatalogBound(w.bound, rangeType);
  } catch (err) {
    throw new Error(`Partition ${qualified}: ${(err as Error).message}. Is the range column of this parent really ${rangeType ?? 'timestamptz, timestamp or date'}?`, { cause: err });
  }
  return {
    name: w.name,
    kind: bound.kind,
    bound: w.bound,
    from: bound.kind === 'range' ? bound.from : null,
    to: bound.kind === 'range' ? bound.to : null,
    values: bound.kind === 'list' ? bound.values : null,
    isPartitioned: w.isPartitioned,
    listColumn: w.listColumn,
    subPartitions: w.subPartitions.map((s) => toSubPartition(s, rangeType)),
    comment: w.comment,
    managed: isManaged(w.comment),
    detachPending: w.detachPending,
    rowEstimate: Number(onShards?.rowEstimate ?? w.rowEstimate),
    sizeBytes: Number(onShards?.sizeBytes ?? w.sizeBytes),
  };
}

// Sub-partitions of a foreign design (range or hash) are listed with their raw bound only.
function toSubPartition(s: RawSub, rangeType: RangeColumnType | undefined): SubPartitionInfo {
  const listOrDefault = s.bound === 'DEFAULT' || /^FOR VALUES IN /.test(s.bound);
  const bound = listOrDefault ? parseCatalogBound(s.bound, rangeType) : null;
  return {
    name: s.name,
    bound: s.bound,
    isDefault: bound?.kind === 'default',
    values: bound?.kind === 'list' ? bound.values : null,
    isPartitioned: s.isPartitioned,
    comment: s.comment,
    rowEstimate: Number(s.rowEstimate ?? 0),
    sizeBytes: Number(s.sizeBytes ?? 0),
  };
}

/**
 * The partitions a change of the parent reaches, as a plan shows them: direct partitions, leaves
 * (sub-partitions, and windows without sub-partitions) and their bytes.
 */
export function treeSizeOf(inventory: PartitionInventory): TreeSize {
  const windows = inventory.windows;
  return {
    windows: windows.length,
    leaves: windows.reduce((n, w) => n + (w.isPartitioned ? w.subPartitions.length : 1), 0),
    bytes: windows.reduce((n, w) => n + w.sizeBytes, 0),
  };
}

// Range windows by lower bound (MINVALUE/-infinity first), then list partitions, then DEFAULT.
function windowOrder(a: WindowInfo, b: WindowInfo): number {
  const rank = (w: WindowInfo) => ({ range: 0, list: 1, default: 2 })[w.kind];
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const key = (w: WindowInfo) => (w.from === 'MINVALUE' || w.from === '-infinity' ? '' : w.from ?? w.name);
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/** Rows and bytes of one window, summed over its leaves (see `readWindowStats`). */
export interface WindowStats {
  readonly rowEstimate: number;
  readonly sizeBytes: number;
}

/**
 * Row estimate and size (bytes) of the table `schema.window` and its partitions, estimated as the
 * inventory does, without reading the rest of the parent: for a window just created or changed.
 * A distributed window is read from its shards on every node (./citus.ts).
 * Null when no such table exists. Like `readInventory`, do not call it with a client inside a
 * transaction: its `SET LOCAL`s (planner settings) would last until that transaction ends.
 * @throws the server's error, or an Error naming a Citus node that cannot be read.
 */
export async function readWindowStats(client: ClientBase | Pool, schema: string, window: string): Promise<WindowStats | null> {
  const results = (await client.query(windowStatsSql(schema, window))) as unknown as QueryResult<{ row_estimate: string; size_bytes: string; citus: boolean }>[];
  const { rows } = results[results.length - 1];
  if (rows.length === 0) return null;
  const onShards = rows[0].citus ? await readDistributedTableTotals(client, schema, window) : null;
  return onShards ?? { rowEstimate: Number(rows[0].row_estimate), sizeBytes: Number(rows[0].size_bytes) };
}

/** A managed window table of a parent that is no partition (see {@link readStandaloneWindows}). */
export interface StandaloneWindow {
  readonly name: string;
  /** Start date of the window its name gives, `YYYY-MM-DD`. */
  readonly startDate: string;
  /**
   * `never attached`: it still carries the bound CHECK constraint the build adds and the attach drops,
   * so an apply was cut short between the two; `detached`: it was a partition once.
   */
  readonly state: 'never attached' | 'detached';
  /** Rows and bytes, summed over its leaves, estimated as the inventory does. */
  readonly rowEstimate: number;
  readonly sizeBytes: number;
}

type StandaloneRow = { schema: string; name: string; comment: string | null; checks: string[]; row_estimate: string; size_bytes: string };

/**
 * The tables carrying the ownership mark in `schema` that are named as windows of `parent` but are
 * no partition and not archived: left standalone by a killed apply, or detached (a retirement cut
 * short before its DROP, or retention mode `detach`). One round trip.
 * @throws the server's error.
 */
export async function readStandaloneWindows(client: ClientBase | Pool, schema: string, parent: string): Promise<StandaloneWindow[]> {
  const { rows } = await client.query<StandaloneRow>(standaloneTablesSql({ schema }, windowNamePrefix(parent)));
  return rows.flatMap((r) => {
    const startDate = windowStartOfName(parent, r.name);
    const mark = readMark(r.comment);
    // the earlier mark names no parent: a window-like name is all there is to go by
    if (startDate === null || (mark.kind === 'owned' ? mark.ownership.table !== `${schema}.${parent}` || mark.ownership.archivedUntil !== undefined : mark.kind !== 'legacy')) return [];
    return [{
      name: r.name,
      startDate,
      state: r.checks.includes(boundCheckName(r.name)) ? 'never attached' as const : 'detached' as const,
      rowEstimate: Number(r.row_estimate),
      sizeBytes: Number(r.size_bytes),
    }];
  });
}

/** A window of a parent archived by retention mode `archive` (see {@link readArchivedWindows}). */
export interface ArchivedWindow {
  /** The archive schema it is in. */
  readonly schema: string;
  readonly name: string;
  /** Start date of the window its name gives, `YYYY-MM-DD`. */
  readonly startDate: string;
  /** From when a deploy may drop it, as its mark says: the bound text of the range column's type (UTC). */
  readonly archivedUntil: string;
  /** Rows and bytes, summed over its leaves, estimated as the inventory does. */
  readonly rowEstimate: number;
  readonly sizeBytes: number;
}

/**
 * The archived windows of `schema.parent`, in whatever schema they were archived to: tables no
 * partition whose ownership mark names the parent and an `archived_until`. One round trip.
 * @throws the server's error.
 */
export async function readArchivedWindows(client: ClientBase | Pool, schema: string, parent: string): Promise<ArchivedWindow[]> {
  const { rows } = await client.query<StandaloneRow>(standaloneTablesSql({ archivedOf: `${schema}.${parent}` }, windowNamePrefix(parent)));
  return rows.flatMap((r) => {
    const startDate = windowStartOfName(parent, r.name);
    const mark = readMark(r.comment);
    if (startDate === null || mark.kind !== 'owned' || mark.ownership.table !== `${schema}.${parent}` || mark.ownership.archivedUntil === undefined) return [];
    return [{ schema: r.schema, name: r.name, startDate, archivedUntil: mark.ownership.archivedUntil, rowEstimate: Number(r.row_estimate), sizeBytes: Number(r.size_bytes) }];
  });
}
