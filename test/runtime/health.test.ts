import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Pool } from 'pg';
import { startLocalPostgres, LocalPostgres } from '../support/postgres';
import { checkHealth, partitionInfo } from '../../src/runtime';
import { planPartitions } from '../../src/core';

// asOf Wednesday 2024-12-25, weekly, retention 2, premake 2: planned windows start 12-09, 12-16, 12-23 (current), 12-30, 2025-01-06.
const plan = planPartitions({
  table: {
    name: 'ab',
    columns: [{ name: 'ts', type: 'timestamptz', nullable: false }, { name: 'activity_id', type: 'text', nullable: false }],
    primaryKey: ['ts', 'activity_id'],
    rangeColumn: 'ts',
  },
  premake: 2,
  retention: { windows: 2 },
  asOf: '2024-12-25T12:00:00Z',
}, new Date());

describe('checkHealth and partitionInfo', () => {
  let pg: LocalPostgres;
  let pool: Pool;
  before(async () => {
    pg = await startLocalPostgres();
    pool = new Pool({ connectionString: pg.url });
    pool.on('error', () => undefined); // node-postgres: an idle client the server drops (e.g. at stop) is reported here, not thrown
    const [w1209, w1216, w1223, w1230] = plan.windows;
    // 12-02 is past retention; 12-16 drifted (ends a day early); 2025-01-06 was never made; 5 rows sit in DEFAULT.
    await pool.query(`CREATE TABLE ab (ts timestamptz NOT NULL, activity_id text NOT NULL) PARTITION BY RANGE (ts);
      CREATE TABLE ab_2024_12_02 PARTITION OF ab FOR VALUES FROM ('2024-12-02T00:00:00Z') TO ('2024-12-09T00:00:00Z');
      CREATE TABLE "${w1209.name}" PARTITION OF ab FOR VALUES FROM ('${w1209.from}') TO ('${w1209.to}');
      CREATE TABLE "${w1216.name}" PARTITION OF ab FOR VALUES FROM ('${w1216.from}') TO ('2024-12-22T00:00:00Z');
      CREATE TABLE "${w1223.name}" PARTITION OF ab FOR VALUES FROM ('${w1223.from}') TO ('${w1223.to}');
      CREATE TABLE "${w1230.name}" PARTITION OF ab FOR VALUES FROM ('${w1230.from}') TO ('${w1230.to}');
      CREATE TABLE ab_default PARTITION OF ab DEFAULT;
      INSERT INTO ab SELECT '2025-01-07T00:00:00Z'::timestamptz + i * interval '1 hour', 'dex_swap' FROM generate_series(1, 5) i;
      INSERT INTO ab SELECT '2024-12-23T00:00:00Z'::timestamptz + i * interval '1 hour', 'dex_swap' FROM generate_series(1, 20) i;`);
  });
  after(async () => {
    await pool?.end();
    await pg?.stop();
  });

  it('finds a missing premake window, an expired window, default-partition rows and drift', async () => {
    assert.deepEqual(plan.windows.map((w) => w.name), ['ab_2024_12_09', 'ab_2024_12_16', 'ab_2024_12_23', 'ab_2024_12_30', 'ab_2025_01_06']);
    assert.deepEqual(await checkHealth(pool, plan, 'public', 'ab'), {
      missingPremakeWindows: ['ab_2025_01_06'],
      expiredWindows: ['ab_2024_12_02'],
      defaultPartitionRows: 5,
      drift: [{ window: 'ab_2024_12_16', plannedFrom: '2024-12-16T00:00:00Z', plannedTo: '2024-12-23T00:00:00Z', actualFrom: '2024-12-16T00:00:00Z', actualTo: '2024-12-22T00:00:00Z' }],
    });
  });

  it('fails naming the table when the parent does not exist', async () => {
    await assert.rejects(checkHealth(pool, plan, 'public', 'nope'), /public\.nope does not exist/);
  });

  it('lists partitions as rows with bounds, rows and bytes', async () => {
    const rows = await partitionInfo(pool, 'public', 'ab');
    assert.deepEqual(rows.map((r) => [r.name, r.kind, r.from, r.to, r.rows]), [
      ['ab_2024_12_02', 'range', '2024-12-02T00:00:00Z', '2024-12-09T00:00:00Z', 0],
      ['ab_2024_12_09', 'range', '2024-12-09T00:00:00Z', '2024-12-16T00:00:00Z', 0],
      ['ab_2024_12_16', 'range', '2024-12-16T00:00:00Z', '2024-12-22T00:00:00Z', 0],
      ['ab_2024_12_23', 'range', '2024-12-23T00:00:00Z', '2024-12-30T00:00:00Z', 20],
      ['ab_2024_12_30', 'range', '2024-12-30T00:00:00Z', '2025-01-06T00:00:00Z', 0],
      ['ab_default', 'default', null, null, 5],
    ]);
    assert.ok(rows[3].bytes > 0);
  });
});
