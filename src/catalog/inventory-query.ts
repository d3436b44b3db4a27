/**
 * The one SQL statement that reads a parent table's whole layout (see `readInventory`): the parent's
 * shape, every partition under it (recursively, via pg_inherits), bounds as `pg_get_expr` text,
 * comments, detach-pending flags, row estimates and sizes. It answers one row with one JSON column.
 */
import { quoteLiteral } from '../core/sql';

/** Leaf partitions up to this many pages (8 MB at the default 8 kB block size) are counted exactly when never analysed. */
export const EXACT_COUNT_MAX_PAGES = 1000;
/** Pages a TABLESAMPLE SYSTEM reads, on average, to estimate a larger never-analysed leaf. */
export const SAMPLE_PAGES = 100;

/**
 * Row estimate of a leaf partition `r` (columns reltuples, relpages, pages, nspname, relname).
 * - analysed (reltuples >= 0, relpages > 0): rows per page from the statistics x the current size
 *   in pages, as the planner does (PostgreSQL docs 14.2, "Statistics Used by the Planner");
 * - never analysed (reltuples = -1) or analysed while empty, and at most EXACT_COUNT_MAX_PAGES: count(*);
 * - larger: rows per page in a TABLESAMPLE SYSTEM of about SAMPLE_PAGES pages (rows over distinct
 *   pages seen, from ctid) x the current size in pages.
 * `query_to_xml` runs the dynamic count inside this one statement; CASE evaluates only the branch taken.
 */
const ROW_ESTIMATE = `CASE
      WHEN r.relkind <> 'r' OR r.pages = 0 THEN 0
      WHEN r.reltuples >= 0 AND r.relpages > 0 THEN round(r.reltuples / r.relpages * r.pages)::bigint
      WHEN r.pages <= ${EXACT_COUNT_MAX_PAGES} THEN (pg_catalog.xpath('/row/n/text()', pg_catalog.query_to_xml(
        pg_catalog.format('SELECT count(*) AS n FROM %I.%I', r.nspname, r.relname), false, true, '')))[1]::text::bigint
      ELSE round((pg_catalog.xpath('/row/d/text()', pg_catalog.query_to_xml(pg_catalog.format(
        'SELECT count(*)::numeric / greatest(count(DISTINCT (ctid::text::point)[0]), 1) AS d FROM %I.%I TABLESAMPLE SYSTEM (%s) REPEATABLE (0)',
          r.nspname, r.relname, 100.0 * ${SAMPLE_PAGES} / r.pages), false, true, '')))[1]::text::numeric * r.pages)::bigint
    END`;

/**
 * The inventory statement for `schema.parent`, as one simple-protocol query string. The leading
 * `SET LOCAL`s apply to the implicit transaction of the multi-statement query only (PostgreSQL docs
 * 55.2.2.1, "Multiple Statements in a Simple Query"): bounds print in UTC and ISO for this read and
 * the session's own settings come back afterwards. Names are inlined as quoted literals because the
 * simple protocol takes no parameters.
 */
export function inventorySql(schema: string, parent: string): string {
  return `SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO';
WITH RECURSIVE
parent AS (
  SELECT c.oid, c.relkind::text AS relkind, pg_catalog.obj_description(c.oid, 'pg_class') AS comment
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ${quoteLiteral(schema)} AND c.relname = ${quoteLiteral(parent)}
),
tree AS (
  SELECT i.inhrelid AS oid, 1 AS depth, i.inhrelid AS window_oid, NULL::oid AS sub_oid, i.inhdetachpending AS detach_pending
  FROM pg_catalog.pg_inherits i JOIN parent p ON i.inhparent = p.oid
  UNION ALL
  SELECT i.inhrelid, t.depth + 1, t.window_oid, coalesce(t.sub_oid, i.inhrelid), i.inhdetachpending
  FROM pg_catalog.pg_inherits i JOIN tree t ON i.inhparent = t.oid
),
rel AS (
  SELECT t.*, c.relname, n.nspname, c.relkind::text AS relkind, c.reltuples, c.relpages,
    pg_catalog.pg_get_expr(c.relpartbound, c.oid) AS bound,
    pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
    CASE WHEN c.relkind = 'r' THEN pg_catalog.pg_total_relation_size(c.oid) ELSE 0 END AS size_bytes,
    CASE WHEN c.relkind = 'r' THEN pg_catalog.pg_relation_size(c.oid) / pg_catalog.current_setting('block_size')::bigint ELSE 0 END AS pages
  FROM tree t JOIN pg_catalog.pg_class c ON c.oid = t.oid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
),
est AS (
  SELECT r.*, ${ROW_ESTIMATE} AS row_estimate FROM rel r
),
windows AS (
  SELECT w.relname AS name, w.bound, w.comment, w.relkind = 'p' AS is_partitioned, w.detach_pending,
    (SELECT coalesce(sum(d.row_estimate), 0) FROM est d WHERE d.window_oid = w.oid) AS row_estimate,
    (SELECT coalesce(sum(d.size_bytes), 0) FROM est d WHERE d.window_oid = w.oid) AS size_bytes,
    (SELECT coalesce(json_agg(json_build_object(
        'name', s.relname, 'bound', s.bound, 'comment', s.comment, 'isPartitioned', s.relkind = 'p',
        'rowEstimate', (SELECT sum(x.row_estimate) FROM est x WHERE x.sub_oid = s.oid),
        'sizeBytes', (SELECT sum(x.size_bytes) FROM est x WHERE x.sub_oid = s.oid)) ORDER BY s.relname), '[]'::json)
      FROM est s WHERE s.window_oid = w.oid AND s.depth = 2) AS sub_partitions
  FROM est w WHERE w.depth = 1
)
SELECT json_build_object(
  'exists', p.oid IS NOT NULL,
  'relkind', p.relkind,
  'comment', p.comment,
  'strategy', pt.partstrat::text,
  'partitionKey', CASE WHEN pt.partrelid IS NOT NULL THEN pg_catalog.pg_get_partkeydef(p.oid) END,
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
      'name', w.name, 'bound', w.bound, 'comment', w.comment, 'isPartitioned', w.is_partitioned, 'detachPending', w.detach_pending,
      'rowEstimate', w.row_estimate, 'sizeBytes', w.size_bytes, 'subPartitions', w.sub_partitions) ORDER BY w.name), '[]'::json)
    FROM windows w)
) AS inventory
FROM (SELECT 1) AS one LEFT JOIN parent p ON true LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = p.oid`;
}
