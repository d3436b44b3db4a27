/**
 * Two contenders on a Citus cluster, for the interleaved bench: create 52 weekly windows of a
 * distributed `account_balances`-shaped table, then retire all 52.
 * - `provider`: the pgpartition provider through terraform (plain HCL, the parent table and one
 *   `pgpartition_window_set`, as the construct emits): one apply creates them (each built
 *   standalone, distributed colocated, attached), one apply with an empty set retires them (plain
 *   DETACH, then DROP; Citus refuses CONCURRENTLY);
 * - `citus functions`: Citus's own `create_time_partitions(table, '1 week', end_at, start_from)`
 *   and `CALL drop_old_time_partitions(table, older_than)` (Citus docs, "Timeseries Data").
 * Both work on a fresh parent of the same shape, distributed the same way (by `account_address`,
 * the cluster's `citus.shard_count`), each its own table, so both can run in one database. The
 * windows lie in the past (2023), so the provider's retention guard lets them go.
 *
 * Interface for the harness: `citusContenders(url)` gives both, each with `run()` resolving with
 * one repetition's `{ createMs, retireMs }` (wall clock, untimed set-up excluded) and `cleanup()`.
 * Run alone: `npx tsx bench/citus.ts` starts a throwaway Citus cluster and prints BENCH_REPEATS
 * (default 3) interleaved repetitions of both.
 */
import { Client } from 'pg';
import { qualifiedName, quoteIdent, quoteLiteral } from '../src/core';
import { startLocalCitus } from '../src/local-server/citus';
import { assertOk, terraformWorkdir, type TerraformWorkdir } from '../test/support/terraform';
import { timed } from './stats';

/** Windows each contender creates and retires. */
export const CITUS_WINDOW_COUNT = 52;
/** Monday 00:00 UTC of the first window. */
const FIRST_WINDOW = Date.parse('2023-01-02T00:00:00Z');
const WEEK_MS = 7 * 86_400_000;
const URL_VARIABLE = 'PGPARTITION_BENCH_CITUS_URL';

/** One repetition of a contender, wall-clock milliseconds. */
export interface CitusTimings {
  /** Creating all windows (empty, distributed, attached). */
  readonly createMs: number;
  /** Retiring all windows (detached and dropped, shards included). */
  readonly retireMs: number;
}

/** A contender the harness runs in turn with the other. */
export interface CitusContender {
  readonly name: 'provider' | 'citus functions';
  /** A fresh parent (untimed), then the two timed steps; checks the window count after each. */
  run(): Promise<CitusTimings>;
  /** Drops the contender's table and deletes its files. */
  cleanup(): Promise<void>;
}

const COLUMNS = `"timestamp" timestamptz NOT NULL, account_address varchar(255) NOT NULL, usd_value numeric(18,2) NOT NULL,
  activity_id text NOT NULL, data jsonb NOT NULL`;

/** Window `i` (0-based): name date and bounds. */
function window(i: number): { date: string; from: string; to: string } {
  const from = new Date(FIRST_WINDOW + i * WEEK_MS).toISOString();
  return { date: from.slice(0, 10), from: from.replace('.000Z', 'Z'), to: new Date(FIRST_WINDOW + (i + 1) * WEEK_MS).toISOString().replace('.000Z', 'Z') };
}

/** Runs `sql` on `url` (one connection, UTC), returning the rows of the last statement. */
async function sql<R extends Record<string, unknown>>(url: string, text: string): Promise<R[]> {
  const client = new Client({ connectionString: url, options: '-c TimeZone=UTC' });
  await client.connect();
  try {
    const result = await client.query(text);
    return (Array.isArray(result) ? result[result.length - 1] : result).rows as R[];
  } finally {
    await client.end();
  }
}

/** Attached partitions of `table`. */
async function partitionCount(url: string, table: string): Promise<number> {
  const [row] = await sql<{ n: number }>(url, `SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = ${quoteLiteral(qualifiedName('public', table))}::regclass`);
  return row.n;
}

async function expectPartitions(url: string, table: string, n: number, step: string): Promise<void> {
  const found = await partitionCount(url, table);
  if (found !== n) throw new Error(`${step}: ${table} has ${found} partitions afterwards, expected ${n}`);
}

/** HCL of the provider contender: the distributed parent, and its window set with windows 0..count-1 (retention 1 week, drop). */
function providerHcl(table: string, count: number): string {
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
  database_url_env = "${URL_VARIABLE}"
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

/** The pgpartition provider through terraform (default -parallelism). */
export async function providerContender(url: string, table = 'bench_provider_balances'): Promise<CitusContender> {
  const tf: TerraformWorkdir = await terraformWorkdir({ 'main.tf': providerHcl(table, 0) }, { env: { [URL_VARIABLE]: url } });
  assertOk(await tf.init(), 'provider on Citus: terraform init');
  const apply = async (count: number, step: string) => {
    tf.write('main.tf', providerHcl(table, count));
    assertOk(await tf.apply(), `provider on Citus: ${step}`);
  };
  return {
    name: 'provider',
    async run() {
      await apply(0, 'apply (parent table)');
      const created = await timed(() => apply(CITUS_WINDOW_COUNT, `apply (create ${CITUS_WINDOW_COUNT})`));
      await expectPartitions(url, table, CITUS_WINDOW_COUNT, 'provider: create');
      const retired = await timed(() => apply(0, `apply (retire ${CITUS_WINDOW_COUNT})`));
      await expectPartitions(url, table, 0, 'provider: retire');
      return { createMs: created.ms, retireMs: retired.ms };
    },
    async cleanup() {
      assertOk(await tf.destroy(), 'provider on Citus: destroy');
      await tf.cleanup();
    },
  };
}

/** Citus's own time-partition functions, one statement each step. */
export function citusFunctionsContender(url: string, table = 'bench_citus_balances'): CitusContender {
  const parent = qualifiedName('public', table);
  const end = window(CITUS_WINDOW_COUNT - 1).to;
  return {
    name: 'citus functions',
    async run() {
      await sql(url, `DROP TABLE IF EXISTS ${parent};
        CREATE TABLE ${parent} (${COLUMNS}, PRIMARY KEY (account_address, "timestamp", activity_id)) PARTITION BY RANGE ("timestamp");
        CREATE INDEX ON ${parent} ("timestamp"); CREATE INDEX ON ${parent} (account_address); CREATE INDEX ON ${parent} (activity_id);
        SELECT create_distributed_table(${quoteLiteral(parent)}, 'account_address')`);
      const created = await timed(() => sql(url, `SELECT create_time_partitions(${quoteLiteral(parent)}, '1 week', ${quoteLiteral(end)}, ${quoteLiteral(window(0).from)})`));
      await expectPartitions(url, table, CITUS_WINDOW_COUNT, 'citus functions: create');
      const retired = await timed(() => sql(url, `CALL drop_old_time_partitions(${quoteLiteral(parent)}, ${quoteLiteral(end)})`));
      await expectPartitions(url, table, 0, 'citus functions: retire');
      return { createMs: created.ms, retireMs: retired.ms };
    },
    async cleanup() {
      await sql(url, `DROP TABLE IF EXISTS ${quoteIdent('public')}.${quoteIdent(table)}`);
    },
  };
}

/** Both contenders on the cluster whose coordinator `url` names (a libpq URL; pass it through the environment only). */
export async function citusContenders(url: string): Promise<CitusContender[]> {
  return [await providerContender(url), citusFunctionsContender(url)];
}

/** Alone: a throwaway cluster, BENCH_REPEATS interleaved repetitions, one line per step. */
async function main(): Promise<void> {
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  const citus = await startLocalCitus();
  try {
    const contenders = await citusContenders(citus.url);
    for (let r = 1; r <= repeats; r++) {
      for (const c of contenders) {
        const t = await c.run();
        process.stdout.write(`repetition ${r} ${c.name.padEnd(15)} create ${CITUS_WINDOW_COUNT}: ${t.createMs.toFixed(0).padStart(7)} ms   retire ${CITUS_WINDOW_COUNT}: ${t.retireMs.toFixed(0).padStart(7)} ms\n`);
      }
    }
    for (const c of contenders) await c.cleanup();
  } finally {
    await citus.stop();
  }
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`bench/citus: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
