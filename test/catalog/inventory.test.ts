import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Pool } from 'pg';
import { startLocalPostgres, LocalPostgres } from '../support/postgres';
import { readInventory, readWindowStats } from '../../src/catalog';
import { leaveDetachPending } from '../support/detach-pending';

// A parent laid out by hand the way pgpartition lays it out, read from a session in Asia/Kolkata
// (+05:30), so every bound PostgreSQL prints carries that offset.
const SETUP = `
CREATE SCHEMA "odd schema";
CREATE TABLE "odd schema".ab (ts timestamptz NOT NULL, account text NOT NULL, activity_id text NOT NULL, v numeric(18,2),
  PRIMARY KEY (account, ts, activity_id)) PARTITION BY RANGE (ts);
CREATE INDEX ab_ts_idx ON "odd schema".ab (ts);
COMMENT ON TABLE "odd schema".ab IS 'pgpartition:managed';
CREATE TABLE "odd schema".ab_2024_12_30 PARTITION OF "odd schema".ab FOR VALUES FROM ('2024-12-30T00:00:00Z') TO ('2025-01-06T00:00:00Z');
CREATE TABLE "odd schema".ab_2024_12_23 PARTITION OF "odd schema".ab
  FOR VALUES FROM ('2024-12-23T00:00:00Z') TO ('2024-12-30T00:00:00Z') PARTITION BY LIST (activity_id);
COMMENT ON TABLE "odd schema".ab_2024_12_23 IS 'pgpartition:managed';
CREATE TABLE "odd schema".ab_2024_12_23_swaps PARTITION OF "odd schema".ab_2024_12_23 FOR VALUES IN ('dex_swap', 'it''s');
CREATE TABLE "odd schema".ab_2024_12_23_default PARTITION OF "odd schema".ab_2024_12_23 DEFAULT;
CREATE TABLE "odd schema".ab_default PARTITION OF "odd schema".ab DEFAULT;
INSERT INTO "odd schema".ab SELECT '2024-12-23T00:00:00Z'::timestamptz + i * interval '1 minute', 'acct' || i, 'dex_swap', i FROM generate_series(1, 100) i;
INSERT INTO "odd schema".ab SELECT '2024-12-24T00:00:00Z'::timestamptz + i * interval '1 minute', 'acct' || i, 'lending', i FROM generate_series(1, 50) i;
INSERT INTO "odd schema".ab SELECT '2025-01-01T00:00:00Z'::timestamptz + i * interval '1 minute', 'acct' || i, 'lending', i FROM generate_series(1, 7) i;
INSERT INTO "odd schema".ab SELECT '2023-01-01T00:00:00Z'::timestamptz + i * interval '1 minute', 'acct' || i, 'lending', i FROM generate_series(1, 3) i;
`;

describe('readInventory', () => {
  let pg: LocalPostgres;
  let client: Client;
  before(async () => {
    pg = await startLocalPostgres();
    client = new Client({ connectionString: pg.url, options: '-c TimeZone=Asia/Kolkata' });
    await client.connect();
    await client.query(SETUP);
  });
  after(async () => {
    await client?.end();
    await pg?.stop();
  });

  it('lists windows with canonical UTC bounds, read from a session in Asia/Kolkata', async () => {
    const [{ bound }] = (await client.query(`SELECT pg_get_expr(relpartbound, oid) AS bound FROM pg_class WHERE relname = 'ab_2024_12_23'`)).rows;
    assert.equal(bound, "FOR VALUES FROM ('2024-12-23 05:30:00+05:30') TO ('2024-12-30 05:30:00+05:30')"); // what a naive reader would see
    const inv = await readInventory(client, 'odd schema', 'ab', 'timestamptz');
    assert.deepEqual(inv.windows.map((w) => [w.name, w.kind, w.from, w.to]), [
      ['ab_2024_12_23', 'range', '2024-12-23T00:00:00Z', '2024-12-30T00:00:00Z'],
      ['ab_2024_12_30', 'range', '2024-12-30T00:00:00Z', '2025-01-06T00:00:00Z'],
      ['ab_default', 'default', null, null],
    ]);
    assert.deepEqual((await client.query('SHOW TimeZone')).rows, [{ TimeZone: 'Asia/Kolkata' }], 'the session keeps its own zone');
  });

  it('lists sub-partitions with their list values or DEFAULT, and the ownership mark', async () => {
    const inv = await readInventory(client, 'odd schema', 'ab', 'timestamptz');
    const [week, plain] = inv.windows;
    assert.equal(week.isPartitioned, true);
    assert.equal(week.managed, true);
    assert.equal(plain.managed, false);
    assert.equal(plain.isPartitioned, false);
    assert.deepEqual([week.listColumn, plain.listColumn], ['activity_id', null], 'the column a window is list-partitioned on');
    assert.deepEqual(plain.subPartitions, []);
    assert.deepEqual(week.subPartitions.map((s) => [s.name, s.isDefault, s.values]), [
      ['ab_2024_12_23_default', true, null],
      ['ab_2024_12_23_swaps', false, ['dex_swap', "it's"]],
    ]);
  });

  it('estimates rows of never-analysed partitions exactly, summed over sub-partitions', async () => {
    const [{ reltuples }] = (await client.query(`SELECT reltuples FROM pg_class WHERE relname = 'ab_2024_12_23_swaps'`)).rows;
    assert.equal(reltuples, -1);
    const inv = await readInventory(client, 'odd schema', 'ab', 'timestamptz');
    assert.deepEqual(inv.windows.map((w) => [w.name, w.rowEstimate]), [['ab_2024_12_23', 150], ['ab_2024_12_30', 7], ['ab_default', 3]]);
    assert.deepEqual(inv.windows[0].subPartitions.map((s) => s.rowEstimate), [50, 100]);
  });

  it('reports sizes in bytes as pg_total_relation_size summed over leaves', async () => {
    const sizes = Object.fromEntries((await client.query(`SELECT relname, pg_total_relation_size(oid)::int AS b FROM pg_class
      WHERE relname IN ('ab_2024_12_23_swaps', 'ab_2024_12_23_default', 'ab_2024_12_30')`)).rows.map((r) => [r.relname, r.b]));
    const inv = await readInventory(client, 'odd schema', 'ab', 'timestamptz');
    assert.ok(sizes.ab_2024_12_23_swaps > 0);
    assert.equal(inv.windows[0].sizeBytes, sizes.ab_2024_12_23_swaps + sizes.ab_2024_12_23_default);
    assert.equal(inv.windows[0].subPartitions[1].sizeBytes, sizes.ab_2024_12_23_swaps);
    assert.equal(inv.windows[1].sizeBytes, sizes.ab_2024_12_30);
  });

  it('reads one window\'s rows and bytes like the inventory, and null for a missing table', async () => {
    const inv = await readInventory(client, 'odd schema', 'ab', 'timestamptz');
    assert.deepEqual(await readWindowStats(client, 'odd schema', 'ab_2024_12_23'), { rowEstimate: inv.windows[0].rowEstimate, sizeBytes: inv.windows[0].sizeBytes });
    assert.equal(await readWindowStats(client, 'odd schema', 'nope'), null);
  });

  it('does not queue behind a partition another session holds ACCESS EXCLUSIVE on: sizes it from statistics', async () => {
    const pool = new Pool({ connectionString: pg.url, max: 2 });
    const holder = await pool.connect();
    const reader = await pool.connect();
    try {
      await holder.query(`BEGIN; LOCK TABLE "odd schema".ab_2024_12_23_swaps IN ACCESS EXCLUSIVE MODE`);
      await reader.query(`SET statement_timeout = '5s'`); // a read that queued would fail here instead of hanging the test
      const inv = await readInventory(reader, 'odd schema', 'ab', 'timestamptz');
      const [{ relpages, reltuples }] = (await reader.query(`SELECT relpages, reltuples FROM pg_class WHERE relname = 'ab_2024_12_23_swaps'`)).rows;
      const swaps = inv.windows[0].subPartitions.find((s) => s.name === 'ab_2024_12_23_swaps')!;
      assert.deepEqual([swaps.sizeBytes, swaps.rowEstimate], [relpages * 8192, Math.max(reltuples, 0)]);
      assert.equal(inv.windows[0].subPartitions.find((s) => s.isDefault)!.rowEstimate, 50, 'the other leaves are still counted');
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
      reader.release();
      await pool.end();
    }
  });

  it('reads the parent shape: strategy, key and its column, columns, primary key, indexes, comment, default partition', async () => {
    const { parent } = await readInventory(client, 'odd schema', 'ab', 'timestamptz');
    assert.deepEqual(
      { ...parent, indexes: parent.indexes.map((i) => [i.name, i.primary, i.columns]) },
      {
        schema: 'odd schema', name: 'ab', exists: true, relkind: 'p', isPartitioned: true, strategy: 'range', partitionKey: 'RANGE (ts)', rangeColumn: 'ts',
        columns: [
          { name: 'ts', type: 'timestamp with time zone', notNull: true },
          { name: 'account', type: 'text', notNull: true },
          { name: 'activity_id', type: 'text', notNull: true },
          { name: 'v', type: 'numeric(18,2)', notNull: false },
        ],
        primaryKey: ['account', 'ts', 'activity_id'],
        indexes: [['ab_pkey', true, ['account', 'ts', 'activity_id']], ['ab_ts_idx', false, ['ts']]],
        comment: 'pgpartition:managed',
        defaultPartition: 'ab_default',
        distribution: null,
      });
  });

  it('reports a missing parent as exists: false, and a plain table as not partitioned', async () => {
    await client.query('CREATE TABLE plain_t (id int)');
    const missing = await readInventory(client, 'public', 'nope', 'timestamptz');
    assert.equal(missing.parent.exists, false);
    assert.deepEqual(missing.windows, []);
    const plain = await readInventory(client, 'public', 'plain_t', 'timestamptz');
    assert.deepEqual([plain.parent.exists, plain.parent.relkind, plain.parent.isPartitioned, plain.parent.strategy], [true, 'r', false, null]);
  });

  it('estimates a large never-analysed partition from a sample, and an analysed one from its statistics', async () => {
    await client.query(`CREATE TABLE big (d date NOT NULL, x int) PARTITION BY RANGE (d);
      CREATE TABLE big_2024 PARTITION OF big FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') WITH (autovacuum_enabled = false);
      INSERT INTO big SELECT '2024-06-01', i FROM generate_series(1, 300000) i;`);
    const [{ pages }] = (await client.query(`SELECT pg_relation_size('big_2024') / 8192 AS pages`)).rows;
    assert.ok(Number(pages) > 1000, `the leaf must be past the exact-count threshold, has ${pages} pages`);
    const sampled = (await readInventory(client, 'public', 'big', 'date')).windows[0];
    assert.equal(sampled.from, '2024-01-01');
    assert.ok(Math.abs(sampled.rowEstimate - 300000) < 30000, `sampled estimate ${sampled.rowEstimate} should be within 10% of 300000`);
    await client.query(`ANALYZE big_2024; INSERT INTO big SELECT '2024-06-01', i FROM generate_series(1, 300000) i`);
    const grown = (await readInventory(client, 'public', 'big', 'date')).windows[0];
    assert.ok(Math.abs(grown.rowEstimate - 600000) < 30000, `statistics x current pages ${grown.rowEstimate} should be near 600000`);
  });

  it('flags a partition left detach-pending by an interrupted DETACH CONCURRENTLY', async () => {
    await client.query(`CREATE TABLE dp (ts timestamp NOT NULL) PARTITION BY RANGE (ts);
      CREATE TABLE dp_old PARTITION OF dp FOR VALUES FROM ('2024-01-01 00:00:00') TO ('2024-01-08 00:00:00')`);
    const pool = new Pool({ connectionString: pg.url, max: 3 });
    try {
      await leaveDetachPending(pool, 'public', 'dp', 'dp_old');
      const inv = await readInventory(pool, 'public', 'dp', 'timestamp');
      assert.deepEqual(inv.windows.map((w) => [w.name, w.from, w.to, w.detachPending]), [['dp_old', '2024-01-01 00:00:00', '2024-01-08 00:00:00', true]]);
    } finally {
      await pool.end();
    }
  });
});
