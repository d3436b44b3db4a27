/**
 * The live parent table's primary key, unique constraints and indexes, as the core's
 * {@link ParentIndex}es that every new window and sub-partition copies (src/core/index-copies.ts).
 * Read from the catalog at apply time, so a window gets exactly the parent's indexes, whoever made them.
 */
import type { ClientBase, Pool } from 'pg';
import type { ParentIndex } from '../../core';

/**
 * The indexes of `schema.parent`: constraints (primary key, unique) with `pg_get_constraintdef`,
 * other indexes with the part of `pg_get_indexdef` after the table (PostgreSQL docs 9.27, "System
 * Catalog Information Functions"). Primary key first, then by name.
 * @throws Error when an index definition does not have the shape `pg_get_indexdef` documents.
 */
export async function parentIndexes(db: ClientBase | Pool, schema: string, parent: string): Promise<ParentIndex[]> {
  const { rows } = await db.query<{ name: string; unique: boolean; contype: string | null; condef: string | null; indexdef: string; qname: string; qtable: string }>(
    `SELECT c.relname AS name, x.indisunique AS unique, con.contype, pg_get_constraintdef(con.oid) AS condef,
            pg_get_indexdef(x.indexrelid) AS indexdef, quote_ident(c.relname) AS qname,
            quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS qtable
       FROM pg_index x
       JOIN pg_class c ON c.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u')
      WHERE n.nspname = $1 AND t.relname = $2
      ORDER BY con.contype = 'p' DESC NULLS LAST, c.relname`,
    [schema, parent],
  );
  return rows.map((r): ParentIndex => {
    if (r.contype === 'p' || r.contype === 'u') {
      return { name: r.name, kind: r.contype === 'p' ? 'primary' : 'unique', definition: r.condef!, unique: true };
    }
    return { name: r.name, kind: 'index', definition: indexTail(r.indexdef, r.unique, r.qname, r.qtable), unique: r.unique };
  });
}

/** `USING ...` of `CREATE [UNIQUE] INDEX <qname> ON [ONLY] <qtable> USING ...`. */
function indexTail(definition: string, unique: boolean, qname: string, qtable: string): string {
  const head = `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${qname} ON `;
  let rest = definition.startsWith(head) ? definition.slice(head.length) : null;
  if (rest?.startsWith('ONLY ')) rest = rest.slice('ONLY '.length);
  if (rest === null || !rest.startsWith(`${qtable} USING `)) {
    throw new Error(`Cannot copy index ${qname} of ${qtable}: its definition "${definition}" does not start with "${head}[ONLY ]${qtable} USING"`);
  }
  return rest.slice(qtable.length + 1);
}

/** Whether each index of `schema.parent` is valid (pg_index.indisvalid), by name: an index a build left unfinished is not. */
export async function parentIndexValidity(db: ClientBase | Pool, schema: string, parent: string): Promise<Map<string, boolean>> {
  const { rows } = await db.query<{ name: string; valid: boolean }>(
    `SELECT c.relname AS name, x.indisvalid AS valid
       FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND t.relname = $2`,
    [schema, parent],
  );
  return new Map(rows.map((r) => [r.name, r.valid]));
}

/** An index of the parent as `pgpartition_parent_table` declares one (see {@link declarableIndexes}). */
export interface DeclarableIndex {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
  readonly include: readonly string[];
  /** pg_am.amname: `btree`, `brin`, ... */
  readonly method: string;
  /** The predicate as `pg_get_expr` prints it (`((v)::text <> 'x'::text)`), or null. */
  readonly predicate: string | null;
  /** From pg_class.reloptions (`pages_per_range=16`). */
  readonly storageParameters: Readonly<Record<string, string>>;
}

/**
 * The indexes of `schema.parent` an import can declare: no primary key or constraint index, and
 * only plain columns (no expression). Key and INCLUDE columns come from pg_index.indkey and
 * indnkeyatts (PostgreSQL docs 53.26, "pg_index").
 */
export async function declarableIndexes(db: ClientBase | Pool, schema: string, parent: string): Promise<DeclarableIndex[]> {
  const { rows } = await db.query<{ name: string; columns: (string | null)[]; nkey: number; unique: boolean; method: string; predicate: string | null; reloptions: string[] | null }>(
    `SELECT c.relname AS name, x.indnkeyatts AS nkey, x.indisunique AS unique, am.amname AS method,
            pg_get_expr(x.indpred, x.indrelid) AS predicate, c.reloptions,
            ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                    LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum > 0 ORDER BY k.n) AS columns
       FROM pg_index x
       JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_am am ON am.oid = c.relam
       JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND t.relname = $2 AND NOT x.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid)
      ORDER BY c.relname`,
    [schema, parent],
  );
  return rows
    .filter((r) => r.columns.every((c) => c !== null))
    .map((r) => ({
      name: r.name,
      columns: (r.columns as string[]).slice(0, r.nkey),
      include: (r.columns as string[]).slice(r.nkey),
      unique: r.unique,
      method: r.method,
      predicate: r.predicate,
      storageParameters: Object.fromEntries((r.reloptions ?? []).map((o) => [o.slice(0, o.indexOf('=')), o.slice(o.indexOf('=') + 1)])),
    }));
}
