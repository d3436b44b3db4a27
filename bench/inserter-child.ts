/**
 * Child process of the inserter's peak-memory step: inserts `rows` generated rows (made one at a
 * time, never held) with CopyInserter's defaults into `table`, then prints
 * `{"rows":N,"maxRssBytes":B}`: the peak resident set size of this process (getrusage ru_maxrss).
 * Usage: tsx bench/inserter-child.ts <rows> <schema> <table>, the URL in BENCH_DATABASE_URL.
 */
import { Pool } from 'pg';
import { CopyInserter } from '../src/runtime/copy-inserter';
import { INSERTER_COLUMNS, inserterRows } from './inserter-table';

async function main(): Promise<void> {
  const [rows, schema, table] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
  const pool = new Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 1 });
  try {
    const inserter = new CopyInserter(pool, schema, table, { columns: INSERTER_COLUMNS });
    const written = await inserter.insert(inserterRows(rows));
    process.stdout.write(`${JSON.stringify({ rows: written, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
