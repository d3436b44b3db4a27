/**
 * Bench contenders of issue 14: adding one btree index to a parent table that already holds rows,
 * while a writer inserts through the parent every 10 ms.
 *
 * - `pgpartition`: the provider's own code path (src/provider/internal/schema-apply.ts, as an apply
 *   of `pgpartition_parent_table` runs it): ON ONLY on the parent and each window, CREATE INDEX
 *   CONCURRENTLY on each leaf, ATTACH bottom-up; every step under lock_timeout 1 s with 5 retries.
 * - `plain CREATE INDEX`: one `CREATE INDEX` on the parent, which PostgreSQL recurses to every
 *   partition holding SHARE locks (writes wait) until the last leaf is built.
 *
 * The table is the bench workload (./workload.ts): 52 weekly windows of 10 groups plus DEFAULT, so
 * 572 leaves, holding {@link ADD_INDEX_ROWS} rows. Each contender takes a database URL, drops the
 * index a previous run left (untimed), then times the build from its first statement until the
 * parent's index is valid, and reports the writer's worst INSERT latency (its longest stall).
 * Interleave the contenders (pgpartition, plain, pgpartition, ...) on one database prepared once with
 * {@link prepareAddIndex}, so background load on a shared machine spreads over both.
 *
 * Run alone: `npx tsx bench/add-index.ts` (BENCH_REPEATS, default 3) starts a throwaway PostgreSQL,
 * prepares it, interleaves the contenders and prints each run.
 */
import { Client, Pool } from 'pg';
import { checkIdentifier, indexChanges, qualifiedName, quoteIdent, resolveIndex, windowSql, type ResolvedIndex, type ResolvedParentTable } from '../src/core';
import { applySchemaChanges } from '../src/provider/internal/schema-apply';
import { withSession } from '../src/provider/internal/session';
import { startLocalPostgres } from '../src/local-server/postgres';
import { startWriter, type WriterReport } from '../test/support/writer';
import { BENCH_OWNERSHIP, buildWorkload, type Workload } from './workload';

/** Rows the table holds before any index is added, spread evenly over the 52 windows and all groups. */
export const ADD_INDEX_ROWS = 1_000_000;

/** The column the added index is on. */
const INDEXED_COLUMN = 'balance';

/** What one contender's run measured. Times in milliseconds. */
export interface AddIndexResult {
  readonly contender: string;
  /** From the first statement of the build until the parent's index is valid. */
  readonly wallMs: number;
  /** What the writer saw meanwhile; `worstMs` is its longest stall. */
  readonly writer: WriterReport;
  /** Leaves the index was built on. */
  readonly leaves: number;
}

/** A contender: takes the URL of a database prepared by {@link prepareAddIndex}. */
export interface AddIndexContender {
  readonly name: string;
  run(url: string): Promise<AddIndexResult>;
}

const workload: Workload = buildWorkload(52, 0);

/** The added index, as the core resolves `{ columns: ['balance'] }` declared on the workload's table. */
const benchIndex: ResolvedIndex = (() => {
  const t = workload.spec.table;
  const partitionKey = [t.rangeColumn, ...(t.listColumn === null ? [] : [t.listColumn])];
  return resolveIndex({ columns: [INDEXED_COLUMN] }, t.indexes.length, { table: t.name, columns: t.columns, partitionKey }, checkIdentifier);
})();

/** The workload's parent table with the bench index declared. */
const withBenchIndex = (t: ResolvedParentTable): ResolvedParentTable => ({ ...t, indexes: [...t.indexes, benchIndex] });

/**
 * Creates the workload's parent table (dropping any earlier one) with its 52 windows, built and
 * attached with the core's SQL, and loads {@link ADD_INDEX_ROWS} rows, then ANALYZE. Untimed.
 */
export async function prepareAddIndex(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const t = workload.spec.table;
    const parent = qualifiedName(t.schema, t.name);
    await client.query(`DROP TABLE IF EXISTS ${parent} CASCADE`);
    for (const sql of workload.parentSql) await client.query(sql);
    for (const w of workload.windows) {
      const { build, attach } = windowSql(workload.spec, w, BENCH_OWNERSHIP(t));
      for (const sql of [...build, ...attach]) await client.query(sql);
    }
    const first = workload.windows[0].from;
    const spanSeconds = (workload.windows.at(-1)!.toInstant.getTime() - workload.windows[0].fromInstant.getTime()) / 1000;
    await client.query(
      `INSERT INTO ${parent} (ts, account_id, activity_id, balance)
       SELECT $1::timestamptz + (i * ($2::float8 / $3)) * interval '1 second', i, 'act_' || lpad((i % 110)::text, 3, '0'), (i % 100000) / 100.0
         FROM generate_series(0, $3 - 1) AS i`,
      [first, spanSeconds, ADD_INDEX_ROWS],
    );
    await client.query(`ANALYZE ${parent}`);
  } finally {
    await client.end();
  }
}

/** Drops the bench index left by an earlier run (untimed), so each run starts without it. */
async function dropBenchIndex(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP INDEX IF EXISTS ${qualifiedName(workload.spec.table.schema, benchIndex.name)}`);
  } finally {
    await client.end();
  }
}

/** Leaves of the parent and whether its bench index is valid. */
async function checkBuilt(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const t = workload.spec.table;
    const { rows } = await client.query<{ leaves: string; valid: boolean | null }>(
      `SELECT (SELECT count(*) FROM pg_partition_tree($1::regclass) WHERE isleaf) AS leaves,
              (SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass($2)) AS valid`,
      [qualifiedName(t.schema, t.name), qualifiedName(t.schema, benchIndex.name)],
    );
    if (rows[0].valid !== true) throw new Error(`bench add-index: ${benchIndex.name} is not valid after the build`);
    return Number(rows[0].leaves);
  } finally {
    await client.end();
  }
}

/** Times `build` while a writer inserts a row through the parent every 10 ms. */
async function timedWithWriter(contender: string, url: string, build: () => Promise<void>): Promise<AddIndexResult> {
  await dropBenchIndex(url);
  const t = workload.spec.table;
  const [from, span] = [workload.windows[0].fromInstant.getTime(), workload.windows.at(-1)!.toInstant.getTime() - workload.windows[0].fromInstant.getTime()];
  const writer = await startWriter(url, (i) => [
    `INSERT INTO ${qualifiedName(t.schema, t.name)} (ts, account_id, activity_id, balance) VALUES ($1, $2, $3, $4)`,
    [new Date(from + Math.floor(Math.random() * span)).toISOString(), 10_000_000 + i, `act_${String(i % 110).padStart(3, '0')}`, i],
  ], { intervalMs: 10 });
  const started = performance.now();
  let failure: unknown;
  try {
    await build();
  } catch (err) {
    failure = err;
  }
  const wallMs = performance.now() - started;
  const report = await writer.stop();
  if (failure !== undefined) throw failure;
  return { contender, wallMs, writer: report, leaves: await checkBuilt(url) };
}

/** The provider's path: the index build of an apply that adds the index to the declaration. */
export async function addIndexPgpartition(url: string): Promise<AddIndexResult> {
  return timedWithWriter('pgpartition', url, async () => {
    const pool = new Pool({ connectionString: url, max: 1 });
    try {
      const prior = workload.spec.table;
      const next = withBenchIndex(prior);
      const locks = { lockTimeoutMs: 1000, lockRetries: 5, target: 'bench' };
      await withSession(pool, locks, { object: `${prior.schema}.${prior.name}`, step: 'add the bench index to' }, (s) =>
        applySchemaChanges(s, next, { columns: [], indexes: indexChanges(prior, next) }));
    } finally {
      await pool.end();
    }
  });
}

/** One plain `CREATE INDEX` on the parent (no lock_timeout: it waits and builds under SHARE locks). */
export async function addIndexPlain(url: string): Promise<AddIndexResult> {
  return timedWithWriter('plain CREATE INDEX', url, async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const t = workload.spec.table;
      await client.query(`CREATE INDEX ${quoteIdent(benchIndex.name)} ON ${qualifiedName(t.schema, t.name)} (${quoteIdent(INDEXED_COLUMN)})`);
    } finally {
      await client.end();
    }
  });
}

/** The two contenders, in the order to interleave them. */
export const ADD_INDEX_CONTENDERS: readonly AddIndexContender[] = [
  { name: 'pgpartition', run: addIndexPgpartition },
  { name: 'plain CREATE INDEX', run: addIndexPlain },
];

/** `npx tsx bench/add-index.ts`: a throwaway server, BENCH_REPEATS interleaved rounds, one line per run. */
async function main(): Promise<void> {
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  const pg = await startLocalPostgres();
  try {
    process.stderr.write(`bench add-index: preparing ${workload.windows.length} windows with ${ADD_INDEX_ROWS.toLocaleString('en-US')} rows\n`);
    await prepareAddIndex(pg.url);
    for (let r = 1; r <= repeats; r++) {
      for (const c of ADD_INDEX_CONTENDERS) {
        const res = await c.run(pg.url);
        process.stdout.write(`round ${r} ${res.contender.padEnd(18)} ${(res.wallMs / 1000).toFixed(2).padStart(7)} s on ${res.leaves} leaves; writer: ${res.writer.inserts} inserts, ` +
          `worst stall ${res.writer.worstMs.toFixed(0)} ms, p99 ${res.writer.p99Ms.toFixed(0)} ms, ${res.writer.errors.length} errors\n`);
      }
    }
  } finally {
    await pg.stop();
  }
}

if (process.argv[1]?.endsWith('add-index.ts')) {
  main().catch((err) => {
    process.stderr.write(`bench add-index failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
}
