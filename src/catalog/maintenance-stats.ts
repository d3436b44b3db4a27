/**
 * The activity counters maintenance decides by: per partition of a parent table, its bound and, for
 * each leaf under it, the cumulative statistics of `pg_stat_user_tables` (rows changed since the
 * last ANALYZE, rows inserted since the last VACUUM, dead rows). One round trip. These counters
 * reach the view when a writing session flushes its statistics (within about a second of its
 * transaction ending, PostgreSQL docs, "The Cumulative Statistics System").
 */
import type { ClientBase, Pool, QueryResult } from 'pg';
import { boundTime } from '../core/bounds';
import { parseCatalogBound } from '../core/catalog-bounds';
import { quoteLiteral } from '../core/sql';

/** One leaf table (a sub-partition, or a window that is not sub-partitioned). */
export interface LeafActivity {
  readonly name: string;
  /** `n_mod_since_analyze`: rows inserted, updated or deleted since the last ANALYZE (manual or auto). */
  readonly modifiedSinceAnalyze: number;
  /** `n_ins_since_vacuum`: rows inserted since the last VACUUM. */
  readonly insertedSinceVacuum: number;
  /** `n_dead_tup`: dead row versions VACUUM would reclaim. */
  readonly deadRows: number;
}

/** One partition of the parent with its leaves' counters. */
export interface PartitionActivity {
  readonly name: string;
  readonly kind: 'range' | 'list' | 'default';
  /** Canonical bounds of a range partition, else null. */
  readonly from: string | null;
  readonly to: string | null;
  readonly detachPending: boolean;
  /** Its leaf tables (itself when it is one), by name. */
  readonly leaves: readonly LeafActivity[];
}

/** The parent table's partitions and the server version that decides how ANALYZE treats the parent. */
export interface TableActivity {
  /** The parent exists and is partitioned. */
  readonly partitioned: boolean;
  /** `server_version_num`, e.g. 150004. */
  readonly serverVersionNum: number;
  /** Windows by lower bound, then list and DEFAULT partitions. */
  readonly partitions: readonly PartitionActivity[];
}

interface RawPartition { name: string; bound: string; detachPending: boolean; leaves: { name: string; mod: number; ins: number; dead: number }[] }

/**
 * The activity of every partition of `schema.parent` (leaves found recursively via pg_inherits).
 * Bounds deparse with relation 0 (no lock on the partition, as in the inventory) in UTC and ISO.
 * @throws Error naming a partition whose bound cannot be read; the server's error otherwise.
 */
export async function readTableActivity(client: ClientBase | Pool, schema: string, parent: string): Promise<TableActivity> {
  const sql = `SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO';
WITH RECURSIVE
parent AS (
  SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ${quoteLiteral(schema)} AND c.relname = ${quoteLiteral(parent)} AND c.relkind = 'p'
),
tree AS (
  SELECT i.inhrelid AS oid, i.inhrelid AS partition_oid FROM pg_catalog.pg_inherits i JOIN parent p ON i.inhparent = p.oid
  UNION ALL
  SELECT i.inhrelid, t.partition_oid FROM pg_catalog.pg_inherits i JOIN tree t ON i.inhparent = t.oid
),
leaves AS (
  SELECT t.partition_oid, json_agg(json_build_object('name', c.relname, 'mod', coalesce(s.n_mod_since_analyze, 0),
      'ins', coalesce(s.n_ins_since_vacuum, 0), 'dead', coalesce(s.n_dead_tup, 0)) ORDER BY c.relname) AS list
  FROM tree t JOIN pg_catalog.pg_class c ON c.oid = t.oid LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid
  WHERE c.relkind = 'r' GROUP BY t.partition_oid
)
SELECT (SELECT count(*) FROM parent) = 1 AS partitioned, pg_catalog.current_setting('server_version_num')::int AS server_version_num,
  (SELECT coalesce(json_agg(json_build_object('name', c.relname, 'bound', pg_catalog.pg_get_expr(c.relpartbound, 0),
      'detachPending', i.inhdetachpending, 'leaves', coalesce(l.list, '[]'::json)) ORDER BY c.relname), '[]'::json)
    FROM parent p JOIN pg_catalog.pg_inherits i ON i.inhparent = p.oid JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
    LEFT JOIN leaves l ON l.partition_oid = c.oid) AS partitions`;
  const results = (await client.query(sql)) as unknown as QueryResult<{ partitioned: boolean; server_version_num: number; partitions: RawPartition[] }>[];
  const row = results[results.length - 1].rows[0];
  const partitions = row.partitions.map((p): PartitionActivity => {
    let bound;
    try {
      bound = parseCatalogBound(p.bound);
    } catch (err) {
      throw new Error(`Partition ${schema}.${p.name}: ${(err as Error).message}`, { cause: err });
    }
    return {
      name: p.name,
      kind: bound.kind,
      from: bound.kind === 'range' ? bound.from : null,
      to: bound.kind === 'range' ? bound.to : null,
      detachPending: p.detachPending,
      leaves: p.leaves.map((l) => ({ name: l.name, modifiedSinceAnalyze: Number(l.mod), insertedSinceVacuum: Number(l.ins), deadRows: Number(l.dead) })),
    };
  });
  const rank = { range: 0, list: 1, default: 2 };
  const key = (p: PartitionActivity) => boundTime(p.from ?? '') || 0;
  partitions.sort((a, b) => rank[a.kind] - rank[b.kind] || key(a) - key(b) || (a.name < b.name ? -1 : 1));
  return { partitioned: row.partitioned, serverVersionNum: row.server_version_num, partitions };
}
