import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Pool } from 'pg';
import { startLocalPostgres, LocalPostgres } from '../support/postgres';
import { CopyInserter, NoWindowForRowError } from '../../src/runtime';

const COLUMNS = ['timestamp', 'account_address', 'usd_value', 'activity_id', 'data'];

describe('CopyInserter', () => {
  let pg: LocalPostgres;
  let pool: Pool;
  before(async () => {
    pg = await startLocalPostgres();
    pool = new Pool({ connectionString: pg.url, max: 4 });
    pool.on('error', () => undefined); // node-postgres: an idle client the server drops (e.g. at stop) is reported here, not thrown
    await pool.query(`CREATE TABLE account_balances ("timestamp" timestamptz NOT NULL, account_address varchar(255) NOT NULL,
        usd_value numeric(18,2) NOT NULL, activity_id text NOT NULL, data jsonb NOT NULL,
        PRIMARY KEY (account_address, "timestamp", activity_id)) PARTITION BY RANGE ("timestamp");
      CREATE TABLE account_balances_2024_12_23 PARTITION OF account_balances FOR VALUES FROM ('2024-12-23T00:00:00Z') TO ('2024-12-30T00:00:00Z')
        PARTITION BY LIST (activity_id);
      CREATE TABLE account_balances_2024_12_23_swaps PARTITION OF account_balances_2024_12_23 FOR VALUES IN ('dex_swap');
      CREATE TABLE account_balances_2024_12_23_default PARTITION OF account_balances_2024_12_23 DEFAULT;`);
  });
  after(async () => {
    await pool?.end();
    await pg?.stop();
  });

  const row = (i: number, at = Date.UTC(2024, 11, 23) + i * 1000) =>
    [new Date(at), `acct\t${i}\\"x"\n`, (i / 100).toFixed(2), i % 2 ? 'dex_swap' : 'lending', { i, note: "it's\ttabbed" }];

  it('inserts N rows in batches of maxBatchRows and returns the count', async () => {
    const inserter = new CopyInserter(pool, 'public', 'account_balances', { columns: COLUMNS, maxBatchRows: 1000 });
    const n = await inserter.insert(Array.from({ length: 2500 }, (_, i) => row(i)));
    assert.equal(n, 2500);
    assert.equal(await inserter.close(), 2500);
    const { rows } = await pool.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE activity_id = 'dex_swap')::int AS swaps FROM account_balances`);
    assert.deepEqual(rows, [{ n: 2500, swaps: 1250 }]);
  });

  it('writes special characters, dates and json exactly', async () => {
    const { rows } = await pool.query(`SELECT account_address, data, "timestamp" FROM account_balances WHERE usd_value = 0.07`);
    assert.deepEqual(rows, [{ account_address: 'acct\t7\\"x"\n', data: { i: 7, note: "it's\ttabbed" }, timestamp: new Date(Date.UTC(2024, 11, 23, 0, 0, 7)) }]);
  });

  it('accepts object rows and writes a partial batch after flushIntervalMs', async () => {
    const client = new Client({ connectionString: pg.url });
    await client.connect();
    try {
      const inserter = new CopyInserter(client, 'public', 'account_balances', { columns: COLUMNS, flushIntervalMs: 20 });
      const [ts, account_address, usd_value, activity_id, data] = row(90_001);
      await inserter.add({ timestamp: ts, account_address, usd_value, activity_id, data });
      for (let i = 0; i < 200 && inserter.rowCount === 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(inserter.rowCount, 1);
      assert.equal(await inserter.close(), 1);
    } finally {
      await client.end();
    }
  });

  it('fails with NoWindowForRowError keeping the partition key DETAIL and the cause, and rolls the whole batch back', async () => {
    const before = (await pool.query('SELECT count(*)::int AS n FROM account_balances')).rows[0].n;
    const inserter = new CopyInserter(pool, 'public', 'account_balances', { columns: COLUMNS });
    const rows = [row(100_001), row(100_002), row(100_003, Date.UTC(2030, 0, 7)), row(100_004)];
    await assert.rejects(inserter.insert(rows), (err: unknown) => {
      assert.ok(err instanceof NoWindowForRowError);
      assert.equal(err.table, 'public.account_balances');
      assert.equal(err.relation, 'account_balances');
      assert.equal(err.batchRows, 4);
      assert.match(err.detail, /^Partition key of the failing row contains \("timestamp"\) = \(2030-01-07 00:00:00\+00\)\.$/);
      assert.equal((err.cause as { code?: string }).code, '23514');
      assert.match(err.message, /rolled back/);
      return true;
    });
    assert.equal((await pool.query('SELECT count(*)::int AS n FROM account_balances')).rows[0].n, before, 'no row of the batch is visible');
  });

  it('passes other errors through unchanged', async () => {
    const inserter = new CopyInserter(pool, 'public', 'account_balances', { columns: COLUMNS });
    await assert.rejects(inserter.insert([row(7)]), (err: { code?: string }) => !(err instanceof NoWindowForRowError) && err.code === '23505');
  });

  it('fails with NoWindowForRowError for a batch still being streamed, and the next batch starts clean', async () => {
    const table = async () => (await pool.query('SELECT count(*)::int AS n FROM account_balances')).rows[0].n as number;
    const before = await table();
    // one batch of 20,000 rows is streamed in pieces while it fills; row 50 has no window
    const inserter = new CopyInserter(pool, 'public', 'account_balances', { columns: COLUMNS, maxBatchRows: 100_000 });
    const rows = Array.from({ length: 20_000 }, (_, i) => row(200_000 + i, i === 50 ? Date.UTC(2030, 0, 7) : undefined));
    await assert.rejects(inserter.insert(rows), (err: unknown) => err instanceof NoWindowForRowError && err.batchRows > 50 && err.batchRows <= 20_000);
    assert.equal(await table(), before, 'no row of the failed batch is visible');
    assert.equal(await inserter.insert([row(300_001), row(300_002)]), 2, 'the inserter and its pooled connection work on');
    assert.equal(await table(), before + 2);
  });

  it('keeps the batches around a failing one, and reports the failure once', async () => {
    const { rows: [{ n: before }] } = await pool.query('SELECT count(*)::int AS n FROM account_balances');
    const inserter = new CopyInserter(pool, 'public', 'account_balances', { columns: COLUMNS, maxBatchRows: 100 });
    const rows = Array.from({ length: 1000 }, (_, i) => row(400_000 + i, i === 250 ? Date.UTC(2030, 0, 7) : undefined));
    await assert.rejects(inserter.insert(rows), (err: unknown) => err instanceof NoWindowForRowError && err.batchRows === 100);
    // batch 3 holds the bad row; the rows taken while the server worked on it are their own batches
    // (how many depends on when the server answered), written before insert gave up
    const { rows: [{ n }] } = await pool.query('SELECT count(*)::int AS n FROM account_balances');
    assert.equal(n - before, inserter.rowCount, 'rowCount is what the table holds');
    assert.ok(inserter.rowCount >= 200 && inserter.rowCount <= 900, `batches 1 and 2 written, batch 3 not (rowCount ${inserter.rowCount})`);
    assert.equal(await inserter.close(), inserter.rowCount, 'close reports no failure twice and has nothing left to write');
  });

  it('fails on a value COPY cannot carry without taking the row, and takes the next ones', async () => {
    const inserter = new CopyInserter(pool, 'public', 'account_balances', { columns: COLUMNS });
    const [ts, account, usd, activity, data] = row(500_001);
    await assert.rejects(inserter.add([ts, 'nul\0', usd, activity, data]), /column "account_address": the text holds a NUL character/);
    await inserter.add(row(500_002));
    assert.equal(await inserter.close(), 1);
    void account;
  });

  it('writes on the caller\'s client inside its transaction, which can roll every batch back', async () => {
    const client = new Client({ connectionString: pg.url });
    await client.connect();
    try {
      const { rows: [{ n: before }] } = await client.query('SELECT count(*)::int AS n FROM account_balances');
      await client.query('BEGIN');
      const inserter = new CopyInserter(client, 'public', 'account_balances', { columns: COLUMNS, maxBatchRows: 300 });
      assert.equal(await inserter.insert(Array.from({ length: 1000 }, (_, i) => row(600_000 + i))), 1000);
      await client.query('ROLLBACK');
      const { rows: [{ n }] } = await client.query('SELECT count(*)::int AS n FROM account_balances');
      assert.equal(n, before);
    } finally {
      await client.end();
    }
  });

  it('fails on a maxBatchRows below 1', () => {
    assert.throws(() => new CopyInserter(pool, 'public', 'account_balances', { columns: COLUMNS, maxBatchRows: 0 }), /maxBatchRows must be an integer >= 1 \(got 0\)/);
  });
});
