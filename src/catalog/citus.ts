/**
 * Catalog reads of a Citus cluster, run on the coordinator (Citus docs, "Citus Tables and Views":
 * `pg_dist_partition`, `pg_dist_shard`, `pg_dist_placement`; "Citus Utility Functions":
 * `run_command_on_all_nodes`). A distributed table's rows live in its shards on the worker nodes;
 * on the coordinator the table and its partitions are empty shells, so their `pg_class` statistics
 * and sizes say nothing. Rows and bytes of a distributed window are therefore read on every node,
 * from the shards placed there, by the same rules as the inventory (./inventory-query.ts), and
 * summed. Shard relations are never taken for windows: windows are read from `pg_inherits` of the
 * parent on the coordinator, where only the shells are partitions of it (a shard is a partition of
 * a shard of the parent), and shards carry no ownership mark (a table comment stays on the
 * coordinator).
 *
 * Every function here works on a server without Citus: `pg_dist_*` is referenced only after
 * `to_regclass('pg_catalog.pg_dist_partition')` says it exists.
 */
import type { ClientBase, Pool } from 'pg';
import { qualifiedName, quoteLiteral } from '../core/sql';
import { leafCtes } from './inventory-query';

/** How Citus distributes a table (hash distribution only; reference and local tables are null). */
export interface Distribution {
  /** The distribution column. */
  readonly column: string;
  /** Its colocation group: tables of one group have their shards for one value on one node. */
  readonly colocationId: number;
  /** Shards of the table. */
  readonly shardCount: number;
}

/** `extversion` of the citus extension in the current database, or null when it is not installed. */
export async function citusVersion(db: ClientBase | Pool): Promise<string | null> {
  const { rows } = await db.query<{ v: string }>(`SELECT extversion AS v FROM pg_catalog.pg_extension WHERE extname = 'citus'`);
  return rows[0]?.v ?? null;
}

/** True when the Citus catalog exists in this database (without reading it). */
async function hasCitusCatalog(db: ClientBase | Pool): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>(`SELECT pg_catalog.to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL AS ok`);
  return rows[0].ok;
}

/**
 * How `schema.table` is hash-distributed, or null when it is not (no Citus, a local table, a
 * reference or Citus-local table, or no such table). `citusKnown`: the caller already knows the
 * Citus catalog exists (saves a round trip).
 */
export async function readDistribution(db: ClientBase | Pool, schema: string, table: string, citusKnown = false): Promise<Distribution | null> {
  if (!citusKnown && !(await hasCitusCatalog(db))) return null;
  const { rows } = await db.query<{ column: string; colocation_id: number; shard_count: number }>(
    `SELECT pg_catalog.column_to_column_name(p.logicalrelid, p.partkey) AS column, p.colocationid AS colocation_id,
            (SELECT count(*)::int FROM pg_catalog.pg_dist_shard s WHERE s.logicalrelid = p.logicalrelid) AS shard_count
       FROM pg_catalog.pg_dist_partition p WHERE p.logicalrelid = pg_catalog.to_regclass($1) AND p.partmethod = 'h'`,
    [qualifiedName(schema, table)],
  );
  return rows.length === 0 ? null : { column: rows[0].column, colocationId: rows[0].colocation_id, shardCount: rows[0].shard_count };
}

/** Rows and bytes of one distributed table, summed over its shards on every node. */
export interface ShardTotals {
  readonly rowEstimate: number;
  readonly sizeBytes: number;
}

/**
 * The command each node runs: for every shard placed on that node of a distributed table that
 * `tables` selects (an SQL condition on `t`, the table's pg_class row on that node, where the
 * metadata Citus syncs to every node has it), the rows and bytes by the inventory's rules, as JSON
 * text `[{ name, rowEstimate, sizeBytes }]`, one entry per table.
 */
function shardTotalsCommand(tables: string): string {
  return `WITH RECURSIVE
roots AS (
  SELECT pg_catalog.to_regclass(pg_catalog.shard_name(s.logicalrelid, s.shardid))::oid AS oid, false AS detach_pending, t.relname AS table_name
  FROM pg_catalog.pg_class t JOIN pg_catalog.pg_dist_shard s ON s.logicalrelid = t.oid
  JOIN pg_catalog.pg_dist_placement p ON p.shardid = s.shardid AND p.groupid = (SELECT g.groupid FROM pg_catalog.pg_dist_local_group g)
  WHERE ${tables}
),
${leafCtes()}
SELECT coalesce(pg_catalog.json_agg(pg_catalog.json_build_object('name', x.name, 'rowEstimate', x.row_estimate, 'sizeBytes', x.size_bytes)), '[]')::text
FROM (SELECT r.table_name AS name, sum(e.row_estimate) AS row_estimate, sum(e.size_bytes) AS size_bytes
      FROM est e JOIN roots r ON r.oid = e.window_oid GROUP BY r.table_name) x`;
}

/**
 * Runs {@link shardTotalsCommand} on every node (`run_command_on_all_nodes`, in parallel) and sums
 * the answers per table name.
 * @throws Error naming the node whose command failed, with its error.
 */
async function shardTotals(db: ClientBase | Pool, tables: string): Promise<Map<string, ShardTotals>> {
  const { rows } = await db.query<{ nodeid: number; success: boolean; result: string }>(
    `SELECT nodeid, success, result FROM pg_catalog.run_command_on_all_nodes(${quoteLiteral(shardTotalsCommand(tables))})`,
  );
  const totals = new Map<string, { rowEstimate: number; sizeBytes: number }>();
  for (const r of rows) {
    if (!r.success) throw new Error(`Reading the shard sizes on Citus node ${r.nodeid} failed: ${r.result}`);
    for (const t of JSON.parse(r.result) as { name: string; rowEstimate: number | string; sizeBytes: number | string }[]) {
      const sum = totals.get(t.name) ?? { rowEstimate: 0, sizeBytes: 0 };
      totals.set(t.name, { rowEstimate: sum.rowEstimate + Number(t.rowEstimate), sizeBytes: sum.sizeBytes + Number(t.sizeBytes) });
    }
  }
  return totals;
}

/** The partitions of the parent `schema.parent` (by name, so the condition reads the same on every node). */
function partitionsOf(schema: string, parent: string): string {
  return `t.oid IN (SELECT i.inhrelid FROM pg_catalog.pg_inherits i WHERE i.inhparent = pg_catalog.to_regclass(${quoteLiteral(qualifiedName(schema, parent))}))`;
}

/**
 * Rows and bytes of every distributed partition of `schema.parent`, by partition name, read from
 * the shards on every node of the cluster. Call it for a distributed parent only.
 * @throws Error naming a node whose read failed, or the server's error.
 */
export async function readDistributedPartitionTotals(db: ClientBase | Pool, schema: string, parent: string): Promise<Map<string, ShardTotals>> {
  return shardTotals(db, partitionsOf(schema, parent));
}

/**
 * Rows and bytes of the distributed table `schema.table`, from its shards on every node; null when
 * it is not a distributed table (or Citus is not installed).
 * @throws Error naming a node whose read failed, or the server's error.
 */
export async function readDistributedTableTotals(db: ClientBase | Pool, schema: string, table: string): Promise<ShardTotals | null> {
  if ((await readDistribution(db, schema, table)) === null) return null;
  const totals = await shardTotals(db, `t.oid = pg_catalog.to_regclass(${quoteLiteral(qualifiedName(schema, table))})`);
  return totals.get(table) ?? { rowEstimate: 0, sizeBytes: 0 };
}
