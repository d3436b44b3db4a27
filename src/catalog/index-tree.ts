/**
 * Where one index of a partitioned parent table stands on every level of its partition tree: what
 * an index build that may have been cut short (a killed apply, a failed `CREATE INDEX CONCURRENTLY`)
 * has to find before it goes on. One round trip, read-only: `pg_partition_tree` of the parent
 * (every window and sub-partition, PostgreSQL 12+) and of the parent's index (the partitions'
 * indexes already attached to it), and the index a partition carries under the name a copy would
 * take (PostgreSQL docs 9.27, "System Catalog Information Functions"; 53.26, "pg_index").
 */
import type { ClientBase, Pool } from 'pg';
import { quoteIdent as quote } from '../core/sql-quote';

/** The parent's index of that name. */
export interface TreeRootIndex {
  /** The table it is on is the parent (not another table holding an index of that name). */
  readonly onParent: boolean;
  /** pg_index.indisvalid: true once every partition's index is attached. */
  readonly valid: boolean;
}

/** One partition of the tree (a window, a sub-partition, the DEFAULT partition). */
export interface TreePartition {
  readonly schema: string;
  readonly name: string;
  /** The table it is a partition of (the parent for a window). */
  readonly parentSchema: string;
  readonly parentName: string;
  /** 1 for a window, 2 for a sub-partition. */
  readonly level: number;
  /** A table that holds rows (not partitioned itself). */
  readonly isLeaf: boolean;
  /** Its index that is attached to the parent's index (directly or through its own parent's), or null. */
  readonly attached: string | null;
  /** The index named `copyNames.get(name)` on this table, when there is one: whether it is valid. */
  readonly copy: { readonly valid: boolean } | null;
  /** An index of that name exists on another table (the name is taken). */
  readonly copyNameTaken: boolean;
}

/** The state of index `index` of `schema.parent` on every level. */
export interface IndexTree {
  /** Null when the parent has no index of that name. */
  readonly root: TreeRootIndex | null;
  /** Partitions, by level (windows first), then name. */
  readonly partitions: readonly TreePartition[];
}

/**
 * Reads {@link IndexTree}. `copyName(table)` is the name the copy of the index takes on a partition
 * (`indexCopies` of the core), looked up in the partition's schema.
 * @throws the server's error (the caller names the step), or when the parent does not exist.
 */
export async function readIndexTree(db: ClientBase | Pool, schema: string, parent: string, index: string, copyName: (table: string) => string): Promise<IndexTree> {
  const qualified = `${quote(schema)}.${quote(parent)}`;
  const { rows: [root] } = await db.query<{ on_parent: boolean; valid: boolean }>(
    `SELECT x.indrelid = to_regclass($1) AS on_parent, x.indisvalid AS valid
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_index x ON x.indexrelid = c.oid
      WHERE n.nspname = $2 AND c.relname = $3`,
    [qualified, schema, index],
  );
  const { rows } = await db.query<{ schema: string; name: string; parent_schema: string; parent_name: string; level: number; is_leaf: boolean; attached: string | null }>(
    `WITH tables AS (SELECT relid, parentrelid, isleaf, level FROM pg_partition_tree(to_regclass($1)) WHERE level > 0),
          attached AS (
            SELECT x.indrelid, ic.relname
              FROM pg_partition_tree(to_regclass($2)) t JOIN pg_index x ON x.indexrelid = t.relid JOIN pg_class ic ON ic.oid = t.relid
             WHERE t.level > 0 AND to_regclass($2) IS NOT NULL)
     SELECT n.nspname AS schema, c.relname AS name, pn.nspname AS parent_schema, p.relname AS parent_name, t.level, t.isleaf AS is_leaf, a.relname AS attached
       FROM tables t JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class p ON p.oid = t.parentrelid JOIN pg_namespace pn ON pn.oid = p.relnamespace
       LEFT JOIN attached a ON a.indrelid = t.relid
      ORDER BY t.level, c.relname`,
    [qualified, root?.on_parent ? `${quote(schema)}.${quote(index)}` : null],
  );
  const copies = rows.map((r) => ({ schema: r.schema, name: copyName(r.name), table: `${quote(r.schema)}.${quote(r.name)}` }));
  const { rows: found } = await db.query<{ k: number; on_table: boolean; valid: boolean }>(
    `SELECT u.k, x.indrelid = to_regclass(u.t) AS on_table, x.indisvalid AS valid
       FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u(s, i, t, k)
       JOIN pg_namespace n ON n.nspname = u.s JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = u.i JOIN pg_index x ON x.indexrelid = c.oid`,
    [copies.map((c) => c.schema), copies.map((c) => c.name), copies.map((c) => c.table)],
  );
  const byRow = new Map(found.map((f) => [Number(f.k) - 1, f]));
  return {
    root: root === undefined ? null : { onParent: root.on_parent, valid: root.valid },
    partitions: rows.map((r, k) => {
      const copy = byRow.get(k);
      return {
        schema: r.schema,
        name: r.name,
        parentSchema: r.parent_schema,
        parentName: r.parent_name,
        level: Number(r.level),
        isLeaf: r.is_leaf,
        attached: r.attached,
        copy: copy?.on_table ? { valid: copy.valid } : null,
        copyNameTaken: copy !== undefined && !copy.on_table,
      };
    }),
  };
}
