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
