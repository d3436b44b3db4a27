/**
 * Small catalog look-ups the parent's inventory (src/catalog) does not cover, because they are
 * about one table by name rather than the partitions attached to a known parent: a standalone
 * window left by a killed apply, which parent a partition belongs to (import), and a partitioned
 * table's key column and type.
 */
import type { Pool } from 'pg';
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
  /** Its partitions (sub-partitions), with their list bound parsed. */
  readonly subPartitions: readonly { readonly name: string; readonly bound: CatalogBound }[];
}

/** The table `schema.name` with what reusing it as a window needs, or null when there is none. */
export async function tableByName(pool: Pool, schema: string, name: string, checkName: string, rangeType: RangeColumnType): Promise<TableByName | null> {
  const { rows } = await pool.query(
    `SELECT c.relkind, c.relispartition, obj_description(c.oid, 'pg_class') AS comment,
            EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.conname = $3) AS has_check,
            (SELECT a.attname FROM pg_partitioned_table t JOIN pg_attribute a ON a.attrelid = t.partrelid AND a.attnum = t.partattrs[0]
              WHERE t.partrelid = c.oid AND t.partstrat = 'l') AS list_column,
            COALESCE((SELECT json_agg(json_build_object('name', s.relname, 'bound', pg_get_expr(s.relpartbound, s.oid)))
                        FROM pg_inherits i JOIN pg_class s ON s.oid = i.inhrelid WHERE i.inhparent = c.oid), '[]') AS subs
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2`,
    [schema, name, checkName],
  );
  if (rows.length === 0) return null;
  const r = rows[0];
  return {
    relkind: r.relkind,
    isPartition: r.relispartition,
    comment: r.comment,
    hasBoundCheck: r.has_check,
    listColumn: r.list_column,
    subPartitions: (r.subs as { name: string; bound: string }[]).map((s) => ({ name: s.name, bound: parseCatalogBound(s.bound, rangeType) })),
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
export async function partitionKeyOf(pool: Pool, schema: string, table: string): Promise<PartitionKey | null> {
  const { rows } = await pool.query(
    `SELECT a.attname, format_type(a.atttypid, NULL) AS type
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_partitioned_table t ON t.partrelid = c.oid
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = t.partattrs[0]
      WHERE n.nspname = $1 AND c.relname = $2`,
    [schema, table],
  );
  if (rows.length === 0) return null;
  return { column: rows[0].attname, typeText: rows[0].type, rangeType: RANGE_TYPES[rows[0].type] ?? null };
}

/** The parent a partition `schema.name` is attached to, or null when it is not a partition. */
export async function parentOf(pool: Pool, schema: string, name: string): Promise<{ schema: string; name: string } | null> {
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
