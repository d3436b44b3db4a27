/**
 * Small catalog look-ups, one round trip each, about one table by name rather than every partition
 * of a parent (the inventory, src/catalog, which plans and refreshes share): one window being created
 * or retired (attached or standalone, e.g. left by a killed apply), which parent a partition
 * belongs to (import), and a partitioned table's key column and type. Applies use these, so a
 * create or drop costs O(1) catalog work, not a re-read of the whole parent.
 */
import type { ClientBase, Pool } from 'pg';
import { parseCatalogBound, type CatalogBound } from '../../core/catalog-bounds';
import type { RangeColumnType } from '../../core';

/** A table found by name that is not attached to the parent (yet). */
export interface TableByName {
  /** pg_class.relkind: `p` partitioned, `r` plain. */
  readonly relkind: string;
  /** Attached to some partitioned table (then it is not standalone). */
  readonly isPartition: boolean;
  readonly comment: string | null;
  /** The window's bound CHECK constraint (named by the core's `boundCheckName`) is present. */
  readonly hasBoundCheck: boolean;
  /** Its list column, when it is `PARTITION BY LIST`. */
  readonly listColumn: string | null;
  /** Its partitions (sub-partitions), with their list bound parsed, comment (ownership mark) and indexes. */
  readonly subPartitions: readonly { readonly name: string; readonly bound: CatalogBound; readonly comment: string | null; readonly indexes: TableIndexes }[];
  /** Its own indexes. */
  readonly indexes: TableIndexes;
  /** The table it is a partition of (`schema`, `name`), when `isPartition`. */
  readonly attachedTo: { readonly schema: string; readonly name: string } | null;
  /** Its own partition bound, parsed, when `isPartition`. */
  readonly bound: CatalogBound | null;
  /** A DETACH CONCURRENTLY of it was cut short (pg_inherits.inhdetachpending). */
  readonly detachPending: boolean;
}

/** Names of a table's indexes, and whether it has a primary key. */
export interface TableIndexes {
  readonly names: readonly string[];
  readonly hasPrimaryKey: boolean;
}

/** JSON of the indexes of pg_class alias `alias`: `{ names, hasPrimaryKey }`. */
const indexesJson = (alias: string) => `json_build_object(
      'names', COALESCE((SELECT json_agg(ic.relname) FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid WHERE x.indrelid = ${alias}.oid), '[]'),
      'hasPrimaryKey', EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = ${alias}.oid AND x.indisprimary))`;

/**
 * Columns of the table `t` (a pg_class alias) that {@link toTableByName} reads; $3 is the bound CHECK's
 * name. Bounds deparse with relation 0: `pg_get_expr` would otherwise open and lock each table.
 */
const TABLE_COLUMNS = `t.relkind, t.relispartition, obj_description(t.oid, 'pg_class') AS comment,
    EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = t.oid AND k.conname = $3) AS has_check,
    (SELECT a.attname FROM pg_partitioned_table pt JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
      WHERE pt.partrelid = t.oid AND pt.partstrat = 'l') AS list_column,
    COALESCE((SELECT json_agg(json_build_object('name', s.relname, 'bound', pg_get_expr(s.relpartbound, 0), 'comment', obj_description(s.oid, 'pg_class'),
                                                 'indexes', ${indexesJson('s')}))
                FROM pg_inherits i JOIN pg_class s ON s.oid = i.inhrelid WHERE i.inhparent = t.oid), '[]') AS subs,
    ${indexesJson('t')} AS indexes,
    pg_get_expr(t.relpartbound, 0) AS bound,
    (SELECT json_build_object('schema', an.nspname, 'name', ap.relname, 'detachPending', i.inhdetachpending)
       FROM pg_inherits i JOIN pg_class ap ON ap.oid = i.inhparent JOIN pg_namespace an ON an.oid = ap.relnamespace
      WHERE i.inhrelid = t.oid) AS attached_to`;

function toTableByName(r: Record<string, any>, rangeType: RangeColumnType): TableByName {
  const attached = r.attached_to as { schema: string; name: string; detachPending: boolean } | null;
  return {
    relkind: r.relkind,
    isPartition: r.relispartition,
    comment: r.comment,
    hasBoundCheck: r.has_check,
    listColumn: r.list_column,
    subPartitions: (r.subs as { name: string; bound: string; comment: string | null; indexes: TableIndexes }[])
      .map((s) => ({ name: s.name, bound: parseCatalogBound(s.bound, rangeType), comment: s.comment, indexes: s.indexes })),
    indexes: r.indexes,
    attachedTo: attached ? { schema: attached.schema, name: attached.name } : null,
    bound: r.bound ? parseCatalogBound(r.bound, rangeType) : null,
    detachPending: attached?.detachPending ?? false,
  };
}

/** The table `schema.name` with what reusing it as a window needs, or null when there is none. */
export async function tableByName(pool: ClientBase | Pool, schema: string, name: string, checkName: string, rangeType: RangeColumnType): Promise<TableByName | null> {
  const { rows } = await pool.query(
    `SELECT ${TABLE_COLUMNS} FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = $1 AND t.relname = $2`,
    [schema, name, checkName],
  );
  return rows.length === 0 ? null : toTableByName(rows[0], rangeType);
}

/** What creating or retiring one window needs to know, from {@link windowLookup}. */
export interface WindowLookup {
  /** The parent table exists and is partitioned. */
  readonly parentPartitioned: boolean;
  /** The parent's partition key, or null when it is not partitioned. */
  readonly parentKey: PartitionKey | null;
  /** Name of the parent's DEFAULT partition, or null (then DETACH CONCURRENTLY is allowed). */
  readonly parentDefault: string | null;
  /** The window's table, attached or not, or null when there is none. */
  readonly table: TableByName | null;
}

/**
 * One round trip for one window (instead of the parent's whole inventory): whether the parent
 * `schema.parent` exists and has a DEFAULT partition, and the table `schema.name` as
 * {@link tableByName} reads it (`checkName`: its bound CHECK constraint's name).
 */
export async function windowLookup(pool: ClientBase | Pool, schema: string, parent: string, name: string, checkName: string, rangeType: RangeColumnType): Promise<WindowLookup> {
  const { rows } = await pool.query(
    `SELECT p.relkind = 'p' AS parent_partitioned,
            (SELECT d.relname FROM pg_partitioned_table pt JOIN pg_class d ON d.oid = pt.partdefid WHERE pt.partrelid = p.oid) AS parent_default,
            (SELECT a.attname FROM pg_partitioned_table pt JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
              WHERE pt.partrelid = p.oid) AS key_column,
            (SELECT format_type(a.atttypid, NULL) FROM pg_partitioned_table pt JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
              WHERE pt.partrelid = p.oid) AS key_type,
            w.*
       FROM (SELECT 1) AS one
       LEFT JOIN (pg_class p JOIN pg_namespace pn ON pn.oid = p.relnamespace) ON pn.nspname = $1 AND p.relname = $4
       LEFT JOIN LATERAL (SELECT ${TABLE_COLUMNS} FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
                           WHERE n.nspname = $1 AND t.relname = $2) AS w ON true`,
    [schema, name, checkName, parent],
  );
  const r = rows[0];
  return {
    parentPartitioned: r.parent_partitioned === true,
    parentKey: r.key_column ? toPartitionKey(r.key_column, r.key_type) : null,
    parentDefault: r.parent_default,
    table: r.relkind ? toTableByName(r, rangeType) : null,
  };
}

/** Column types a window's range column may have, as `format_type` prints them. */
const RANGE_TYPES: Record<string, RangeColumnType> = {
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  date: 'date',
};

/** A partitioned table's (first) key column and its range type (null when not one of the three). */
export interface PartitionKey {
  readonly column: string;
  readonly rangeType: RangeColumnType | null;
  /** `format_type` text of the column. */
  readonly typeText: string;
}

/** The key of the partitioned table `schema.table`, or null when it is missing or not partitioned. */
export async function partitionKeyOf(pool: ClientBase | Pool, schema: string, table: string): Promise<PartitionKey | null> {
  const { rows } = await pool.query(
    `SELECT a.attname, format_type(a.atttypid, NULL) AS type
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_partitioned_table t ON t.partrelid = c.oid
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = t.partattrs[0]
      WHERE n.nspname = $1 AND c.relname = $2`,
    [schema, table],
  );
  return rows.length === 0 ? null : toPartitionKey(rows[0].attname, rows[0].type);
}

function toPartitionKey(column: string, typeText: string): PartitionKey {
  return { column, typeText, rangeType: RANGE_TYPES[typeText] ?? null };
}

/** The parent a partition `schema.name` is attached to, or null when it is not a partition. */
export async function parentOf(pool: ClientBase | Pool, schema: string, name: string): Promise<{ schema: string; name: string } | null> {
  const { rows } = await pool.query(
    `SELECT pn.nspname AS schema, p.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_inherits i ON i.inhrelid = c.oid
       JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relispartition`,
    [schema, name],
  );
  return rows.length === 0 ? null : { schema: rows[0].schema, name: rows[0].name };
}
