/**
 * What the add-index contenders (./contenders/add-index.ts) share: adding one btree index to a
 * parent table that already holds rows, while a writer inserts through the parent every 10 ms.
 *
 * - the provider's own code path (src/provider/internal/schema-apply.ts, as an apply of
 *   `pgpartition_parent_table` runs it): ON ONLY on the parent and each window, CREATE INDEX
 *   CONCURRENTLY on each leaf, ATTACH bottom-up; every step under lock_timeout 1 s with 5 retries.
 * - one plain `CREATE INDEX` on the parent, which PostgreSQL recurses to every partition holding
 *   SHARE locks (writes wait) until the last leaf is built.
 *
 * The table is a window workload (./workload.ts: weekly windows of 10 groups plus DEFAULT), its
 * windows built and attached with the core's SQL and loaded with rows once ({@link prepareAddIndex}).
 * Each build starts without the index ({@link dropBenchIndex}) and is timed from its first statement
 * until the parent's index is valid; the writer's longest INSERT is its worst stall.
 */
import { Client, Pool } from 'pg';
import { checkIdentifier, indexChanges, qualifiedName, quoteIdent, resolveIndex, windowSql, type ResolvedIndex, type ResolvedParentTable } from '../src/core';
import { applySchemaChanges } from '../src/provider/internal/schema-apply';
import { withSession } from '../src/provider/internal/session';
import { startWriter, type WriterReport } from '../test/support/writer';
import type { BenchDatabase } from './database';
import { BENCH_OWNERSHIP, type Workload } from './workload';

/** The column the added index is on. */
const INDEXED_COLUMN = 'balance';

/** What one build measured. Times in milliseconds. */
export interface AddIndexResult {
  /** From the first statement of the build until it returned. */
  readonly wallMs: number;
  /** What the writer saw meanwhile; `worstMs` is its longest stall. */
  readonly writer: WriterReport;
}

/** The added index, as the core resolves `{ columns: ['balance'] }` declared on the workload's table. */
function benchIndex(t: ResolvedParentTable): ResolvedIndex {
  const partitionKey = [t.rangeColumn, ...(t.listColumn === null ? [] : [t.listColumn])];
  return resolveIndex({ columns: [INDEXED_COLUMN] }, t.indexes.length, { table: t.name, columns: t.columns, partitionKey }, checkIdentifier);
}

/** First instant of the workload and its span, ms: rows and the writer's inserts spread over it. */
function span(w: Workload): { from: number; ms: number } {
  const from = w.windows[0].fromInstant.getTime();
  return { from, ms: w.windows.at(-1)!.toInstant.getTime() - from };
}

/**
 * Creates the workload's parent table (dropping any earlier one) with all its windows, built and
 * attached with the core's SQL, and loads `rows` rows spread evenly over the windows and all
 * groups, then ANALYZE. Untimed.
 */
export async function prepareAddIndex(db: BenchDatabase, w: Workload, rows: number): Promise<void> {
  const t = w.spec.table;
  await db.dropTable(t.schema, t.name);
  for (const sql of w.parentSql) await db.query(sql);
  for (const window of w.windows) {
    const { build, attach } = windowSql(w.spec, window, BENCH_OWNERSHIP(t));
    for (const sql of [...build, ...attach]) await db.query(sql);
  }
  const { from, ms } = span(w);
  await db.query(
    `INSERT INTO ${qualifiedName(t.schema, t.name)} (ts, account_id, activity_id, balance)
     SELECT $1::timestamptz + (i * ($2::float8 / $3)) * interval '1 second', i, 'act_' || lpad((i % 110)::text, 3, '0'), (i % 100000) / 100.0
       FROM generate_series(0, $3 - 1) AS i`,
    [new Date(from).toISOString(), ms / 1000, rows],
  );
  await db.query(`ANALYZE ${qualifiedName(t.schema, t.name)}`);
}

/** Drops the bench index an earlier build left (untimed), so each build starts without it. */
export async function dropBenchIndex(db: BenchDatabase, w: Workload): Promise<void> {
  const t = w.spec.table;
  await db.query(`DROP INDEX IF EXISTS ${qualifiedName(t.schema, benchIndex(t).name)}`);
}

/**
 * Throws unless the parent's bench index is valid and the writer saw no error.
 * @returns the leaves of the parent (every one carries the index once the parent's is valid)
 */
export async function checkBuilt(db: BenchDatabase, w: Workload, result: AddIndexResult | undefined): Promise<number> {
  const t = w.spec.table;
  const index = benchIndex(t).name;
  const [row] = await db.query<{ leaves: string; valid: boolean | null }>(
    `SELECT (SELECT count(*) FROM pg_partition_tree($1::regclass) WHERE isleaf) AS leaves,
            (SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass($2)) AS valid`,
    [qualifiedName(t.schema, t.name), qualifiedName(t.schema, index)],
  );
  if (row.valid !== true) throw new Error(`${index} is not valid after the build`);
  if (!result) throw new Error('the build measured nothing');
  if (result.writer.errors.length > 0) throw new Error(`the writer saw ${result.writer.errors.length} errors, the first: ${result.writer.errors[0]}`);
  return Number(row.leaves);
}

/** Times `build` while a writer inserts a row through the parent every 10 ms. */
async function timedWithWriter(url: string, w: Workload, build: () => Promise<void>): Promise<AddIndexResult> {
  const t = w.spec.table;
  const { from, ms } = span(w);
  const writer = await startWriter(url, (i) => [
    `INSERT INTO ${qualifiedName(t.schema, t.name)} (ts, account_id, activity_id, balance) VALUES ($1, $2, $3, $4)`,
    [new Date(from + Math.floor(Math.random() * ms)).toISOString(), 100_000_000 + i, `act_${String(i % 110).padStart(3, '0')}`, i],
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
  return { wallMs, writer: report };
}

/** The provider's path: the index build of an apply that adds the index to the declaration (one pooled connection). */
export function addIndexProvider(url: string, w: Workload): Promise<AddIndexResult> {
  return timedWithWriter(url, w, async () => {
    const pool = new Pool({ connectionString: url, max: 1 });
    try {
      const prior = w.spec.table;
      const next = { ...prior, indexes: [...prior.indexes, benchIndex(prior)] };
      const locks = { lockTimeoutMs: 1000, lockRetries: 5, target: 'bench' };
      await withSession(pool, locks, { object: `${prior.schema}.${prior.name}`, step: 'add the bench index to' }, (s) =>
        applySchemaChanges(s, next, { columns: [], indexes: indexChanges(prior, next) }));
    } finally {
      await pool.end();
    }
  });
}

/** One plain `CREATE INDEX` on the parent (no lock_timeout: it waits and builds under SHARE locks). */
export function addIndexPlain(url: string, w: Workload): Promise<AddIndexResult> {
  return timedWithWriter(url, w, async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const t = w.spec.table;
      await client.query(`CREATE INDEX ${quoteIdent(benchIndex(t).name)} ON ${qualifiedName(t.schema, t.name)} (${quoteIdent(INDEXED_COLUMN)})`);
    } finally {
      await client.end();
    }
  });
}
