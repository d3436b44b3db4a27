/**
 * What the Citus contenders (./contenders/citus.ts) share: a distributed `account_balances`-shaped
 * parent table (distributed by `account_address`, no list column: Citus cannot distribute
 * multi-level partitioned tables) and its weekly windows starting 2023-01-02, long past a '1 week'
 * retention, so the provider's retention guard lets them go.
 *
 * - the provider through terraform: plain HCL, the parent table and one `pgpartition_window_set`
 *   (as the construct emits); each window built standalone, distributed colocated, attached; retired
 *   with a plain DETACH (Citus refuses CONCURRENTLY), then DROP.
 * - Citus's own `create_time_partitions(table, '1 week', end_at, start_from)` and
 *   `CALL drop_old_time_partitions(table, older_than)` (Citus docs, "Timeseries Data").
 * Each contender has its own table, so both run in one database.
 */
import { Client } from 'pg';
import { qualifiedName, quoteLiteral } from '../src/core';

/** Monday 00:00 UTC of the first window. */
const FIRST_WINDOW = Date.parse('2023-01-02T00:00:00Z');
const WEEK_MS = 7 * 86_400_000;
/** Environment variable holding the coordinator's URL (with its password) for the provider. */
export const CITUS_URL_VARIABLE = 'PGPARTITION_BENCH_CITUS_URL';

const COLUMNS = `"timestamp" timestamptz NOT NULL, account_address varchar(255) NOT NULL, usd_value numeric(18,2) NOT NULL,
  activity_id text NOT NULL, data jsonb NOT NULL`;

/** Window `i` (0-based): the date in its name and its bounds (canonical timestamptz text). */
function window(i: number): { date: string; from: string; to: string } {
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return { date: iso(FIRST_WINDOW + i * WEEK_MS).slice(0, 10), from: iso(FIRST_WINDOW + i * WEEK_MS), to: iso(FIRST_WINDOW + (i + 1) * WEEK_MS) };
}

/** Runs `text` (one or more statements) on `url` on one connection in UTC. */
export async function citusSql(url: string, text: string): Promise<void> {
  const client = new Client({ connectionString: url, options: '-c TimeZone=UTC' });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Attached partitions of `public.<table>`; 0 when the table does not exist. */
export async function citusPartitionCount(url: string, table: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = to_regclass($1)', [qualifiedName('public', table)]);
    return rows[0].n;
  } finally {
    await client.end();
  }
}

/** HCL of the provider contender: the distributed parent and its window set with windows 0..count-1 (retention 1 week, drop). */
export function citusProviderHcl(table: string, count: number): string {
  const windows = Array.from({ length: count }, (_, i) => {
    const w = window(i);
    return `    ${table}_${w.date.replace(/-/g, '_')} = {
      from                  = "${w.from}"
      to                    = "${w.to}"
      sub_partitions        = []
      default_sub_partition = null
      retention             = "1 week"
      retention_mode        = "drop"
    }`;
  });
  return `terraform {
  required_providers {
    pgpartition = { source = "pgpartition/pgpartition" }
  }
}

provider "pgpartition" {
  database_url_env = "${CITUS_URL_VARIABLE}"
}

resource "pgpartition_parent_table" "t" {
  name = "${table}"
  columns = [
    { name = "timestamp", type = "timestamptz", nullable = false },
    { name = "account_address", type = "varchar(255)", nullable = false },
    { name = "usd_value", type = "numeric(18,2)", nullable = false },
    { name = "activity_id", type = "text", nullable = false },
    { name = "data", type = "jsonb", nullable = false },
  ]
  primary_key         = ["account_address", "timestamp", "activity_id"]
  indexes             = [{ name = null, columns = ["timestamp"] }, { name = null, columns = ["account_address"] }, { name = null, columns = ["activity_id"] }]
  range_column        = "timestamp"
  distribution_column = "account_address"
}

resource "pgpartition_window_set" "t" {
  parent_table = pgpartition_parent_table.t.name
  range_column = "timestamp"
  range_type   = "timestamptz"
  windows = {
${windows.join('\n')}
  }
}
`;
}

/** The same parent as the provider's, created afresh (dropping any earlier one) and distributed: the Citus functions' starting point. */
export function createDistributedParent(url: string, table: string): Promise<void> {
  const parent = qualifiedName('public', table);
  return citusSql(url, `DROP TABLE IF EXISTS ${parent};
    CREATE TABLE ${parent} (${COLUMNS}, PRIMARY KEY (account_address, "timestamp", activity_id)) PARTITION BY RANGE ("timestamp");
    CREATE INDEX ON ${parent} ("timestamp"); CREATE INDEX ON ${parent} (account_address); CREATE INDEX ON ${parent} (activity_id);
    SELECT create_distributed_table(${quoteLiteral(parent)}, 'account_address')`);
}

/** `create_time_partitions`: weekly windows 0..count-1 of `table`, in one statement. */
export function createTimePartitions(url: string, table: string, count: number): Promise<void> {
  return citusSql(url, `SELECT create_time_partitions(${quoteLiteral(qualifiedName('public', table))}, '1 week', ${quoteLiteral(window(count - 1).to)}, ${quoteLiteral(window(0).from)})`);
}

/** `drop_old_time_partitions`: every window of `table` ending by the end of window count-1, in one statement. */
export function dropOldTimePartitions(url: string, table: string, count: number): Promise<void> {
  return citusSql(url, `CALL drop_old_time_partitions(${quoteLiteral(qualifiedName('public', table))}, ${quoteLiteral(window(count - 1).to)})`);
}
