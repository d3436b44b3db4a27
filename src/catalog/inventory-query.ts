/**
 * The one SQL statement that reads a parent table's whole layout (see `readInventory`): the parent's
 * shape, every partition under it (recursively, via pg_inherits), bounds as `pg_get_expr` text,
 * comments, detach-pending flags, row estimates and sizes. It answers one row with one JSON column.
 * `windowStatsSql` reads the row estimate and size of one window with the same rules, and
 * `standaloneTablesSql` the managed tables of a schema that are no partition.
 */
import { markPrefix, OWNERSHIP_PREFIX } from '../core/ownership';
import { quoteLiteral } from '../core/sql';

/** Leaf partitions up to this many pages (8 MB at the default 8 kB block size) are counted exactly when never analysed. */
export const EXACT_COUNT_MAX_PAGES = 1000;
/** Pages a TABLESAMPLE SYSTEM reads, on average, to estimate a larger never-analysed leaf. */
export const SAMPLE_PAGES = 100;

/**
 * Row estimate of a leaf partition `r` (columns relkind, reltuples, relpages, pages, busy, nspname, relname).
 * - busy (another session holds or waits for ACCESS EXCLUSIVE on it): the statistics as they are,
 *   because counting would queue behind that lock;
 * - analysed (reltuples >= 0, relpages > 0): rows per page from the statistics x the current size
 *   in pages, as the planner does (PostgreSQL docs 14.2, "Statistics Used by the Planner");
 * - never analysed (reltuples = -1) or analysed while empty, and at most EXACT_COUNT_MAX_PAGES: count(*);
 * - larger: rows per page in a TABLESAMPLE SYSTEM of about SAMPLE_PAGES pages (rows over distinct
 *   pages seen, from ctid) x the current size in pages.
 * `query_to_xml` runs the dynamic count inside this one statement; CASE evaluates only the branch taken.
 */
const ROW_ESTIMATE = `CASE
      WHEN r.relkind <> 'r' OR r.pages = 0 THEN 0
      WHEN r.busy THEN greatest(r.reltuples, 0)::bigint
      WHEN r.reltuples >= 0 AND r.relpages > 0 THEN round(r.reltuples / r.relpages * r.pages)::bigint
      WHEN r.pages <= ${EXACT_COUNT_MAX_PAGES} THEN (pg_catalog.xpath('/row/n/text()', pg_catalog.query_to_xml(
        pg_catalog.format('SELECT count(*) AS n FROM %I.%I', r.nspname, r.relname), false, true, '')))[1]::text::bigint
      ELSE round((pg_catalog.xpath('/row/d/text()', pg_catalog.query_to_xml(pg_catalog.format(
        'SELECT count(*)::numeric / greatest(count(DISTINCT (ctid::text::point)[0]), 1) AS d FROM %I.%I TABLESAMPLE SYSTEM (%s) REPEATABLE (0)',
          r.nspname, r.relname, 100.0 * ${SAMPLE_PAGES} / r.pages), false, true, '')))[1]::text::numeric * r.pages)::bigint
    END`;

/**
 * CTEs `tree`, `busy`, `rel` and `est` below a CTE `roots(oid, detach_pending)` (the windows): every
 * relation under each root (depth 1 = the window; `window_oid`, and `sub_oid` = its depth-2 ancestor),
 * with catalog columns, bound text, comment, and for leaves `size_bytes`, `pages` and `row_estimate`.
 *
 * Sizes come from `pg_total_relation_size`/`pg_relation_size`, which take ACCESS SHARE on each leaf,
 * so a leaf another session holds (or waits for) ACCESS EXCLUSIVE on (a concurrent CREATE/DROP/
 * ATTACH) would make the whole read queue behind that DDL. Such a leaf is `busy` and is sized from
 * pg_class statistics (relpages x block size), which needs no lock. For the same reason bounds
 * deparse with relation 0: `pg_get_expr` opens (and locks) the relation it is given, and a partition
 * bound holds only constants, no column references (PostgreSQL docs 9.27, `pg_get_expr`). A
 * relation dropped while the query runs has NULL sizes: coalesced to 0.
 */
export function leafCtes(): string {
  return `tree AS (
  SELECT r.oid, 1 AS depth, r.oid AS window_oid, NULL::oid AS sub_oid, r.detach_pending FROM roots r
  UNION ALL
  SELECT i.inhrelid, t.depth + 1, t.window_oid, coalesce(t.sub_oid, i.inhrelid), i.inhdetachpending
  FROM pg_catalog.pg_inherits i JOIN tree t ON i.inhparent = t.oid
),
busy AS (
  SELECT DISTINCT l.relation AS oid FROM pg_catalog.pg_locks l
  WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock' AND l.pid <> pg_catalog.pg_backend_pid()
    AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
),
rel AS (
  SELECT t.*, c.relname, n.nspname, c.relkind::text AS relkind, c.reltuples, c.relpages,
    pg_catalog.pg_get_expr(c.relpartbound, 0) AS bound, d.description AS comment, b.oid IS NOT NULL AS busy,
    pg_catalog.current_setting('block_size')::bigint AS block_size
  FROM tree t JOIN pg_catalog.pg_class c ON c.oid = t.oid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objsubid = 0
  LEFT JOIN busy b ON b.oid = c.oid
),
sized AS (
  SELECT r.*,
    CASE WHEN r.relkind <> 'r' THEN 0 WHEN r.busy THEN r.relpages::bigint * r.block_size
      ELSE coalesce(pg_catalog.pg_total_relation_size(r.oid), 0) END AS size_bytes,
    CASE WHEN r.relkind <> 'r' THEN 0 WHEN r.busy THEN r.relpages::bigint
      ELSE coalesce(pg_catalog.pg_relation_size(r.oid), 0) / r.block_size END AS pages
  FROM rel r
),
est AS (
  SELECT r.*, ${ROW_ESTIMATE} AS row_estimate FROM sized r
)`;
}

/**
 * The inventory statement for `schema.parent`, as one simple-protocol query string. The leading
 * `SET LOCAL`s apply to the implicit transaction of the multi-statement query only (PostgreSQL docs
 * 55.2.2.1, "Multiple Statements in a Simple Query"): bounds print in UTC and ISO for this read and
 * the session's own settings come back afterwards. Names are inlined as quoted literals because the
 * simple protocol takes no parameters. Totals per window and per sub-partition are one GROUP BY each
 * (not a sub-query per row, which made the read quadratic in the number of partitions).
 */
export function inventorySql(schema: string, parent: string): string {
  return `SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO';
WITH RECURSIVE
parent AS (
  SELECT c.oid, c.relkind::text AS relkind, pg_catalog.obj_description(c.oid, 'pg_class') AS comment
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ${quoteLiteral(schema)} AND c.relname = ${quoteLiteral(parent)}
),
roots AS (
  SELECT i.inhrelid AS oid, i.inhdetachpending AS detach_pending FROM pg_catalog.pg_inherits i JOIN parent p ON i.inhparent = p.oid
),
${leafCtes()},
window_totals AS (
  SELECT e.window_oid AS oid, sum(e.row_estimate) AS row_estimate, sum(e.size_bytes) AS size_bytes FROM est e GROUP BY e.window_oid
),
sub_totals AS (
  SELECT e.sub_oid AS oid, sum(e.row_estimate) AS row_estimate, sum(e.size_bytes) AS size_bytes FROM est e WHERE e.sub_oid IS NOT NULL GROUP BY e.sub_oid
),
subs AS (
  SELECT s.window_oid, json_agg(json_build_object(
      'name', s.relname, 'bound', s.bound, 'comment', s.comment, 'isPartitioned', s.relkind = 'p',
      'rowEstimate', st.row_estimate, 'sizeBytes', st.size_bytes) ORDER BY s.relname) AS list
  FROM est s JOIN sub_totals st ON st.oid = s.oid WHERE s.depth = 2 GROUP BY s.window_oid
),
windows AS (
  SELECT w.relname AS name, w.bound, w.comment, w.relkind = 'p' AS is_partitioned, w.detach_pending,
    (SELECT a.attname FROM pg_catalog.pg_partitioned_table pt JOIN pg_catalog.pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
      WHERE pt.partrelid = w.oid AND pt.partstrat = 'l' AND pt.partnatts = 1) AS list_column,
    coalesce(wt.row_estimate, 0) AS row_estimate, coalesce(wt.size_bytes, 0) AS size_bytes, coalesce(s.list, '[]'::json) AS sub_partitions
  FROM est w LEFT JOIN window_totals wt ON wt.oid = w.oid LEFT JOIN subs s ON s.window_oid = w.oid WHERE w.depth = 1
)
SELECT json_build_object(
  'exists', p.oid IS NOT NULL,
  'citus', pg_catalog.to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL,
  'relkind', p.relkind,
  'comment', p.comment,
  'strategy', pt.partstrat::text,
  'partitionKey', CASE WHEN pt.partrelid IS NOT NULL THEN pg_catalog.pg_get_partkeydef(p.oid) END,
  'rangeColumn', (SELECT a.attname FROM pg_catalog.pg_attribute a
    WHERE pt.partstrat = 'r' AND pt.partnatts = 1 AND a.attrelid = p.oid AND a.attnum = pt.partattrs[0]),
  'defaultPartition', (SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid = pt.partdefid),
  'columns', (SELECT coalesce(json_agg(json_build_object(
      'name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod), 'notNull', a.attnotnull) ORDER BY a.attnum), '[]'::json)
    FROM pg_catalog.pg_attribute a WHERE a.attrelid = p.oid AND a.attnum > 0 AND NOT a.attisdropped),
  'primaryKey', (SELECT json_agg(a.attname ORDER BY k.ord)
    FROM pg_catalog.pg_constraint con CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
    WHERE con.conrelid = p.oid AND con.contype = 'p'),
  'indexes', (SELECT coalesce(json_agg(json_build_object(
      'name', ic.relname, 'definition', pg_catalog.pg_get_indexdef(ix.indexrelid), 'unique', ix.indisunique, 'primary', ix.indisprimary,
      'columns', (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
        LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum)) ORDER BY ic.relname), '[]'::json)
    FROM pg_catalog.pg_index ix JOIN pg_catalog.pg_class ic ON ic.oid = ix.indexrelid WHERE ix.indrelid = p.oid),
  'windows', (SELECT coalesce(json_agg(json_build_object(
      'name', w.name, 'bound', w.bound, 'comment', w.comment, 'isPartitioned', w.is_partitioned, 'detachPending', w.detach_pending, 'listColumn', w.list_column,
      'rowEstimate', w.row_estimate, 'sizeBytes', w.size_bytes, 'subPartitions', w.sub_partitions) ORDER BY w.name), '[]'::json)
    FROM windows w)
) AS inventory
FROM (SELECT 1) AS one LEFT JOIN parent p ON true LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = p.oid`;
}

/**
 * Row estimate and size of one window `schema.window` (any table; its partitions recursively), by
 * the same rules as the inventory: one row `{ row_estimate, size_bytes, citus }` (bigint as text;
 * `citus`: the Citus catalog exists, so the table may be distributed and its rows on other nodes,
 * see ./citus.ts), or no row when the table does not exist. Parameterless, like `inventorySql`, and a multi-statement
 * query for the same reason: the planner cannot estimate the recursive CTE's dozen rows and would
 * hash all of pg_class and pg_description (half the query's time), so this one read plans with
 * nested loops over their indexes.
 */
export function windowStatsSql(schema: string, window: string): string {
  return `SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off;
WITH RECURSIVE
roots AS (
  SELECT c.oid, false AS detach_pending FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ${quoteLiteral(schema)} AND c.relname = ${quoteLiteral(window)}
),
${leafCtes()}
SELECT sum(e.row_estimate) AS row_estimate, sum(e.size_bytes) AS size_bytes,
  pg_catalog.to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL AS citus FROM est e HAVING count(*) > 0`;
}

/** Which unattached tables {@link standaloneTablesSql} reads: those of a schema, or a parent's archived windows anywhere. */
export type StandaloneFilter = { readonly schema: string } | { readonly archivedOf: string };

/**
 * Tables with a comment starting like an ownership mark that are no partition of anything and
 * whose name ends in a window date and starts with `namePrefix` (the caller keeps those that are
 * window names of its parent, and the real marks, see core/ownership.ts): with `{ schema }` the
 * ones in that schema (windows a killed apply built but never attached, or detached and left
 * behind); with `{ archivedOf: '<schema>.<parent>' }` the ones in any schema whose mark names that
 * parent and an `archived_until` (archived windows). One row per table: `schema`, `name`,
 * `comment`, the names of its CHECK constraints (`checks`, JSON), `row_estimate` and `size_bytes`
 * by the inventory's rules. Parameterless like `inventorySql`.
 */
export function standaloneTablesSql(filter: StandaloneFilter, namePrefix: string): string {
  const where = 'schema' in filter
    ? `n.nspname = ${quoteLiteral(filter.schema)} AND pg_catalog.starts_with(d.description, ${quoteLiteral(OWNERSHIP_PREFIX)})`
    : `pg_catalog.starts_with(d.description, ${quoteLiteral(markPrefix(filter.archivedOf))}) AND pg_catalog.strpos(d.description, ' archived_until=') > 0`;
  return `WITH RECURSIVE
roots AS (
  SELECT c.oid, false AS detach_pending
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objsubid = 0
  WHERE ${where} AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    AND pg_catalog.starts_with(c.relname, ${quoteLiteral(namePrefix)}) AND c.relname ~ '_[0-9]{4}_[0-9]{2}_[0-9]{2}$'
),
${leafCtes()}
SELECT w.nspname AS schema, w.relname AS name, pg_catalog.obj_description(w.oid, 'pg_class') AS comment,
  (SELECT coalesce(json_agg(k.conname ORDER BY k.conname), '[]'::json) FROM pg_catalog.pg_constraint k WHERE k.conrelid = w.oid AND k.contype = 'c') AS checks,
  sum(e.row_estimate) AS row_estimate, sum(e.size_bytes) AS size_bytes
FROM est w JOIN est e ON e.window_oid = w.oid WHERE w.depth = 1 GROUP BY w.oid, w.nspname, w.relname ORDER BY w.nspname, w.relname`;
}
