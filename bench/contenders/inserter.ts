/**
 * The runtime's CopyInserter against its floor, `psql \copy` of the same rows already encoded in a
 * file, and against one multi-row INSERT for a small batch; and its peak memory for a small and a
 * large insert (a child process each: bench/inserter-child.ts). The table is the example app's
 * `account_balances` (../inserter-table.ts); the peak-memory runs write to an unlogged copy of its
 * columns without indexes, so the server keeps up and the runs stay short.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { qualifiedName, quoteIdent } from '../../src/core';
import { CopyInserter } from '../../src/runtime/copy-inserter';
import { CopyTextEncoder } from '../../src/runtime/copy-text';
import { ACCOUNT_BALANCES } from '../../stacks/account-balances';
import type { BalanceRow } from '../../stacks/sample-balances';
import { runCommand } from '../command';
import { once, type BenchContext, type Contender, type ContenderModule } from '../contender';
import type { BenchDatabase } from '../database';
import { createInserterTable, INSERTER_COLUMNS, inserterRows } from '../inserter-table';
import { runPsqlCommand } from '../psql';
import { NAMES } from '../steps';

const { schema, name: table } = ACCOUNT_BALANCES;
const MEMORY_TABLE = 'inserter_memory';
const CHILD = join(__dirname, '..', 'inserter-child.ts');

const rowCount = async (db: BenchDatabase, t: string) => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${qualifiedName(schema, t)}`))[0].n);

async function expectRows(db: BenchDatabase, t: string, want: number): Promise<void> {
  const found = await rowCount(db, t);
  if (found !== want) throw new Error(`${schema}.${t} holds ${found} rows afterwards, expected ${want}`);
}

const inserter: ContenderModule = {
  contenders(ctx: BenchContext): Contender[] {
    const { copyRows, smallInsertRows, rssRows } = ctx.sizes;
    let db: BenchDatabase | undefined;
    let pool: Pool | undefined;
    const prepare = once(async () => {
      db = await ctx.database('bench_inserter');
      await createInserterTable(db);
      await db.query(`CREATE UNLOGGED TABLE ${qualifiedName(schema, MEMORY_TABLE)} (LIKE ${qualifiedName(schema, table)})`);
      pool = new Pool({ connectionString: db.url, max: 1 });
      pool.on('error', () => undefined); // an idle client the server drops at the end is reported here, not thrown
      ctx.onCleanup(() => pool?.end());
    });
    const emptied = async () => {
      await prepare();
      await db!.query(`TRUNCATE ${qualifiedName(schema, table)}`);
    };
    // the rows, made untimed and held, so both contenders time only the writing
    const rows = once(async () => [...inserterRows(copyRows)]);
    const copyFile = once(async () => {
      const encoder = new CopyTextEncoder(INSERTER_COLUMNS);
      const file = join(ctx.tempDir('pgpartition-bench-copy-'), 'rows.copy');
      let text = '';
      for (const row of await rows()) text += encoder.encodeRow(row);
      writeFileSync(file, text);
      return file;
    });
    const small = once(async () => [...inserterRows(smallInsertRows)]);
    const insertSql = `INSERT INTO ${qualifiedName(schema, table)} (${INSERTER_COLUMNS.map(quoteIdent).join(', ')}) VALUES ` +
      Array.from({ length: smallInsertRows }, (_, i) => `(${INSERTER_COLUMNS.map((_c, j) => `$${i * INSERTER_COLUMNS.length + j + 1}`).join(', ')})`).join(', ');
    const columnList = INSERTER_COLUMNS.map(quoteIdent).join(', ');

    /** A contender writing `input` (made untimed, once) into the emptied table, which must then hold `want` rows. */
    const writer = <T>(step: string, name: string, description: string, input: () => Promise<T>, want: number, write: (input: T) => Promise<unknown>): Contender => {
      let held: T;
      return {
        step,
        name,
        description,
        setUp: async () => {
          await emptied();
          held = await input();
        },
        run: async () => void (await write(held)),
        check: () => expectRows(db!, table, want),
        database: () => db!,
      };
    };
    const copyInserter = (rows: readonly BalanceRow[]) => new CopyInserter(pool!, schema, table, { columns: INSERTER_COLUMNS }).insert(rows);
    const memory = (count: number): Contender => ({
      step: 'inserter-memory',
      name: NAMES.inserterRows(count),
      description: `\`tsx bench/inserter-child.ts\`: CopyInserter with its defaults (5,000-row batches) on a pool of one connection, inserting ${count.toLocaleString('en-US')} rows made one at a time; the child's peak RSS (getrusage).`,
      setUp: async () => {
        await prepare();
        await db!.query(`TRUNCATE ${qualifiedName(schema, MEMORY_TABLE)}`);
      },
      run: async () => {
        const out = await runCommand(process.execPath, ['--import', 'tsx', CHILD, String(count), schema, MEMORY_TABLE], { env: { ...process.env, BENCH_DATABASE_URL: db!.url }, label: 'bench/inserter-child.ts' });
        const result = JSON.parse(out.trim().split('\n').pop()!) as { rows: number; maxRssBytes: number };
        if (result.rows !== count) throw new Error(`the child wrote ${result.rows} rows, expected ${count}`);
        return result.maxRssBytes;
      },
      check: () => expectRows(db!, MEMORY_TABLE, count),
    });
    return [
      writer('copy-rows', NAMES.copyInserter,
        'CopyInserter with its defaults (5,000-row batches, one COPY each) on a pool of one warm connection, `insert(rows)` of the rows held in memory (generated untimed).',
        rows, copyRows, copyInserter),
      writer('copy-rows', NAMES.psqlCopy,
        '`psql -c "\\copy account_balances (...) FROM \'file\'"`: the same rows, already in COPY text (encoded untimed by the inserter\'s encoder), in one COPY.',
        copyFile, copyRows, (file) => runPsqlCommand(db!.url, `\\copy ${qualifiedName(schema, table)} (${columnList}) FROM '${file}'`)),
      writer('small-insert', NAMES.copyInserter,
        `a new CopyInserter on the pool, \`insert(rows)\` of ${smallInsertRows.toLocaleString('en-US')} rows held in memory: one COPY.`,
        small, smallInsertRows, copyInserter),
      writer('small-insert', NAMES.multiRowInsert,
        `one \`INSERT ... VALUES (...), (...)\` of the same ${smallInsertRows.toLocaleString('en-US')} rows with ${smallInsertRows * INSERTER_COLUMNS.length} parameters (\`pool.query(text, values)\`; the values array built in the run).`,
        small, smallInsertRows, (rows) => pool!.query(insertSql, rows.flatMap((r) => INSERTER_COLUMNS.map((c) => r[c as keyof BalanceRow])))),
      memory(rssRows[0]),
      memory(rssRows[1]),
    ];
  },
};

export default inserter;
