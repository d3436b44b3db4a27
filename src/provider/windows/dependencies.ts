/**
 * What blocks retiring a window: objects outside the window that depend on it or one of its
 * sub-partitions, which would make its DROP fail after the DETACH already took its rows out of the
 * parent (or make the drop take them along). Checked before anything changes, at plan (a warning)
 * and again at apply (the window stays attached and in state). From the catalog (PostgreSQL docs
 * 53.15 "pg_depend", 53.13 "pg_constraint", 53.41 "pg_publication_rel", 53.44 "pg_rewrite"):
 * - foreign keys of other tables that reference the window or a sub-partition directly (a foreign
 *   key on the parent table is PostgreSQL's own business at DETACH);
 * - views and materialized views reading them;
 * - publications listing them (a DROP would silently take them out of logical replication).
 */
import type { ClientBase, Pool } from 'pg';

/** One object in the way of a retirement. */
export interface Blocker {
  /** e.g. `foreign key orders_window_fk of public.orders`, `view public.last_week`, `publication balances_pub`. */
  readonly what: string;
  /** The table of the window it depends on. */
  readonly on: string;
  /** How to remove it, as SQL or words. */
  readonly fix: string;
}

/**
 * Objects outside `tables` (names in `schema`: a window and its sub-partitions) that depend on any
 * of them. Empty when none, or when the tables do not exist.
 */
export async function retirementBlockers(db: ClientBase | Pool, schema: string, tables: readonly string[]): Promise<Blocker[]> {
  const { rows } = await db.query<{ kind: string; name: string; owner: string | null; on_table: string }>(
    `WITH t AS (
       SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = ANY($2::text[])
     )
     SELECT 'foreign key' AS kind, con.conname AS name, con.conrelid::regclass::text AS owner, t.relname AS on_table
       FROM pg_constraint con JOIN t ON t.oid = con.confrelid
      WHERE con.contype = 'f' AND con.conparentid = 0 AND con.conrelid NOT IN (SELECT oid FROM t)
     UNION
     SELECT CASE v.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END, v.oid::regclass::text, NULL, t.relname
       FROM pg_depend d JOIN t ON t.oid = d.refobjid
       JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class
      WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND v.oid NOT IN (SELECT oid FROM t)
     UNION
     SELECT 'publication', p.pubname, NULL, t.relname
       FROM pg_publication_rel pr JOIN t ON t.oid = pr.prrelid JOIN pg_publication p ON p.oid = pr.prpubid
     ORDER BY 1, 2`,
    [schema, tables],
  );
  return rows.map((r) => {
    const on = `${schema}.${r.on_table}`;
    switch (r.kind) {
      case 'foreign key':
        return { what: `foreign key ${r.name} of ${r.owner}`, on, fix: `ALTER TABLE ${r.owner} DROP CONSTRAINT ${r.name} (or make it reference the parent table)` };
      case 'publication':
        return { what: `publication ${r.name}`, on, fix: `ALTER PUBLICATION ${r.name} DROP TABLE ${on}` };
      default:
        return { what: `${r.kind} ${r.name}`, on, fix: `DROP ${r.kind.toUpperCase()} ${r.name} (or define it on the parent table)` };
    }
  });
}

/** `a (on t1), b (on t2)`: the blockers in one line. */
export function describeBlockers(blockers: readonly Blocker[]): string {
  return blockers.map((b) => `${b.what} (on ${b.on})`).join(', ');
}

/** `fix 1; fix 2`: what removes them. */
export function blockerFixes(blockers: readonly Blocker[]): string {
  return [...new Set(blockers.map((b) => b.fix))].join('; ');
}
