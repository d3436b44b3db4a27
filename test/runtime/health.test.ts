// Tests src/runtime/health.ts against a real PostgreSQL: checkHealth from the declaration (props or
// the construct) and checkLiveHealth from the live table alone, one finding at a time.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TerraformStack } from 'cdktf';
import { Pool } from 'pg';
import { startLocalPostgres, LocalPostgres } from '../support/postgres';
import { createDeclaredTable, declaredOwnership } from '../support/declared-table';
import { leaveDetachPending } from '../support/detach-pending';
import { testApp } from '../support/cdktf';
import { checkHealth, checkLiveHealth, DefaultPartitionLockedError, partitionInfo, RetentionPolicy, type PartitionedTableProps } from '../../src/runtime';
import { PartitionedTable } from '../../src/constructs';
import { createStandaloneWindowSql } from '../../src/core/sql';

// Wednesday 2024-12-25, weekly, retention 2, premake 2: windows start 12-09, 12-16, 12-23 (current), 12-30, 2025-01-06.
const NOW = new Date('2024-12-25T12:00:00Z');

/** The declaration of a table `name`: two activity groups, a DEFAULT partition on the parent. */
function declaration(name: string): PartitionedTableProps {
  return {
    parentTable: name,
    columns: [
      { name: 'ts', type: 'timestamptz', nullable: false },
      { name: 'account', type: 'text', nullable: false },
      { name: 'activity_id', type: 'text', nullable: false },
    ],
    primaryKey: ['account', 'ts', 'activity_id'],
    rangeColumn: 'ts',
    listColumn: 'activity_id',
    activityGroups: [{ name: 'swaps', values: ['dex_swap'] }, { name: 'holdings', values: ['xrd_holding', 'lsu_holding'] }],
    defaultPartition: true,
    premake: 2,
    retention: RetentionPolicy.dropAfterWindows(2),
  };
}

describe('checkHealth and checkLiveHealth', () => {
  let pg: LocalPostgres;
  let pool: Pool;
  before(async () => {
    pg = await startLocalPostgres();
    pool = new Pool({ connectionString: pg.url, max: 4 });
    pool.on('error', () => undefined); // node-postgres: an idle client the server drops (e.g. at stop) is reported here, not thrown
  });
  after(async () => {
    await pool?.end();
    await pg?.stop();
  });

  it('finds nothing wrong in a table as declared, with rows of known activities', async () => {
    await createDeclaredTable(pool, declaration('ok'), NOW);
    await pool.query(`INSERT INTO ok SELECT '2024-12-23T00:00:00Z'::timestamptz + i * interval '1 hour', 'acct', 'dex_swap' FROM generate_series(1, 20) i`);
    const report = await checkHealth(pool, declaration('ok'), { now: NOW });
    assert.deepEqual(report.findings, []);
    assert.equal(report.declared, true);
    assert.equal(report.checkedAt, '2024-12-25T12:00:00.000Z');
    assert.deepEqual(report.defaultPartitions.map((d) => [d.partition, d.window, d.rows]), [
      ['ok_2024_12_09_default', 'ok_2024_12_09', 0],
      ['ok_2024_12_16_default', 'ok_2024_12_16', 0],
      ['ok_2024_12_23_default', 'ok_2024_12_23', 0],
      ['ok_2024_12_30_default', 'ok_2024_12_30', 0],
      ['ok_2025_01_06_default', 'ok_2025_01_06', 0],
      ['ok_default', null, 0],
    ]);
    assert.deepEqual(report.runway, { windows: 2, currentWindow: 'ok_2024_12_23', coveredUntil: '2025-01-13T00:00:00Z', minimumWindows: 2 });
    assert.deepEqual([report.expiredWindows, report.drift, report.detachPending, report.standaloneTables, report.oversizedWindows], [[], [], [], [], []]);
    assert.deepEqual(report.partitions, await partitionInfo(pool, 'public', 'ok'), 'the inventory rows of partitionInfo');
  });

  it('finds a row of an unknown activity in a window\'s DEFAULT sub-partition and rows outside every window in the parent\'s DEFAULT', async () => {
    await createDeclaredTable(pool, declaration('unknown'), NOW);
    await pool.query(`INSERT INTO unknown VALUES ('2024-12-24T10:00:00Z', 'acct', 'new_activity'), ('2024-12-24T11:00:00Z', 'acct', 'dex_swap');
      INSERT INTO unknown SELECT '2030-01-07T00:00:00Z'::timestamptz + i * interval '1 hour', 'acct', 'dex_swap' FROM generate_series(0, 2) i`);
    const report = await checkHealth(pool, declaration('unknown'), { now: NOW });
    const sub = report.defaultPartitions.find((d) => d.partition === 'unknown_2024_12_23_default');
    assert.deepEqual(sub, {
      partition: 'unknown_2024_12_23_default', window: 'unknown_2024_12_23', rows: 1, complete: true,
      values: [{ value: 'new_activity', rows: 1 }], distinctValues: 1, earliest: '2024-12-24T10:00:00Z', latest: '2024-12-24T10:00:00Z',
    });
    const parentDefault = report.defaultPartitions.find((d) => d.window === null);
    assert.deepEqual(parentDefault, {
      partition: 'unknown_default', window: null, rows: 3, complete: true,
      values: [{ value: 'dex_swap', rows: 3 }], distinctValues: 1, earliest: '2030-01-07T00:00:00Z', latest: '2030-01-07T02:00:00Z',
    });
    assert.deepEqual(report.findings.map((f) => [f.kind, f.severity, f.subject]), [
      ['default-rows', 'problem', 'unknown_2024_12_23_default'],
      ['default-rows', 'problem', 'unknown_default'],
    ]);
    assert.match(report.findings[0].message, /unknown_2024_12_23_default holds 1 row whose activity_id is in no activity group \(new_activity \(1\)\): add those activities/);
    assert.match(report.findings[1].message, /unknown_default holds 3 rows \(2030-01-07T00:00:00Z to 2030-01-07T02:00:00Z\): no window covers them/);
  });

  it('counts DEFAULT rows only up to the scan limit and lists the most frequent values first', async () => {
    await createDeclaredTable(pool, declaration('many'), NOW);
    await pool.query(`INSERT INTO many SELECT '2024-12-24T00:00:00Z'::timestamptz + i * interval '1 second', 'acct', 'a' || (i % 3 = 0)::int FROM generate_series(1, 30) i`);
    const report = await checkHealth(pool, declaration('many'), { now: NOW, scanLimitRows: 20, maxListValues: 1 });
    const sub = report.defaultPartitions.find((d) => d.partition === 'many_2024_12_23_default')!;
    assert.deepEqual([sub.rows, sub.complete, sub.values.length, sub.distinctValues], [20, false, 1, 2]);
    assert.match(report.findings[0].message, /holds at least 20 rows .*\(a0 \(\d+\), and 1 more value\)/);
  });

  it('reports expired windows still attached, drifted windows and a short runway at a later instant', async () => {
    await createDeclaredTable(pool, declaration('later'), NOW);
    // a window re-made with other bounds, and a sub-partition detached from another one
    await pool.query(`DROP TABLE later_2024_12_23;
      CREATE TABLE later_2024_12_23 PARTITION OF later FOR VALUES FROM ('2024-12-23T00:00:00Z') TO ('2024-12-29T00:00:00Z');
      ALTER TABLE later_2024_12_30 DETACH PARTITION later_2024_12_30_holdings`);
    const report = await checkHealth(pool, declaration('later'), { now: new Date('2025-01-08T00:00:00Z') });
    assert.deepEqual(report.expiredWindows, ['later_2024_12_09', 'later_2024_12_16']);
    assert.deepEqual(report.drift, [
      { window: 'later_2024_12_23', problem: 'bounds', detail: 'planned [2024-12-23T00:00:00Z, 2024-12-30T00:00:00Z), live [2024-12-23T00:00:00Z, 2024-12-29T00:00:00Z)' },
      { window: 'later_2024_12_30', problem: 'sub-partitions', detail: 'missing later_2024_12_30_holdings' },
    ]);
    assert.deepEqual(report.runway, { windows: 0, currentWindow: 'later_2025_01_06', coveredUntil: '2025-01-13T00:00:00Z', minimumWindows: 2 });
    assert.deepEqual(report.findings.map((f) => [f.kind, f.subject]), [
      ['runway', 'public.later'],
      ['expired-window', 'later_2024_12_09'],
      ['expired-window', 'later_2024_12_16'],
      ['drift', 'later_2024_12_23'],
      ['drift', 'later_2024_12_30'],
    ]);
    assert.match(report.findings[0].message, /^0 premade windows after the current one \(minimum 2\): rows from 2025-01-13T00:00:00Z on have no window; deploy/);
  });

  it('reports a missing current window, and a window already begun that is missing as drift', async () => {
    await createDeclaredTable(pool, declaration('gap'), NOW);
    await pool.query('DROP TABLE gap_2024_12_23');
    const report = await checkHealth(pool, declaration('gap'), { now: NOW });
    assert.deepEqual(report.runway, { windows: 0, currentWindow: null, coveredUntil: null, minimumWindows: 2 });
    assert.deepEqual(report.drift, [{ window: 'gap_2024_12_23', problem: 'missing', detail: 'no partition holds [2024-12-23T00:00:00Z, 2024-12-30T00:00:00Z)' }]);
    assert.deepEqual(report.findings.map((f) => f.kind), ['no-current-window', 'drift']);
  });

  it('reports windows over the size limit', async () => {
    await createDeclaredTable(pool, declaration('big'), NOW);
    assert.deepEqual((await checkHealth(pool, declaration('big'), { now: NOW })).oversizedWindows, [], 'none reach the default 1 GiB');
    const report = await checkHealth(pool, declaration('big'), { now: NOW, maxWindowBytes: 1 });
    assert.deepEqual(report.oversizedWindows.map((w) => w.window), ['big_2024_12_09', 'big_2024_12_16', 'big_2024_12_23', 'big_2024_12_30', 'big_2025_01_06']);
    assert.ok(report.oversizedWindows.every((w) => w.sizeBytes > 1));
    assert.deepEqual(new Set(report.findings.map((f) => f.kind)), new Set(['window-size']));
  });

  it('lists managed window tables left standalone or detached as notices, and leaves unmarked tables alone', async () => {
    await createDeclaredTable(pool, declaration('stray'), NOW);
    // built as the provider builds a window (bound CHECK, ownership mark), never attached
    const later = { name: 'stray_2025_02_03', from: '2025-02-03T00:00:00Z', to: '2025-02-10T00:00:00Z', subPartitions: [] };
    await pool.query(createStandaloneWindowSql({ schema: 'public', parent: 'stray', window: later, rangeColumn: 'ts', rangeType: 'timestamptz', listColumn: null, indexes: [], ownership: declaredOwnership('public', 'stray') }).join(';'));
    await pool.query(`ALTER TABLE stray DETACH PARTITION stray_2024_12_09; CREATE TABLE stray_2025_03_03 (LIKE stray)`);
    const report = await checkHealth(pool, declaration('stray'), { now: NOW });
    assert.deepEqual(report.standaloneTables.map((s) => [s.name, s.startDate, s.state]), [
      ['stray_2024_12_09', '2024-12-09', 'detached'],
      ['stray_2025_02_03', '2025-02-03', 'never attached'],
    ]);
    assert.deepEqual(report.findings.map((f) => [f.kind, f.severity, f.subject]), [
      ['drift', 'problem', 'stray_2024_12_09'], // a declared window no longer attached
      ['standalone-table', 'notice', 'stray_2024_12_09'],
      ['standalone-table', 'notice', 'stray_2025_02_03'],
    ]);
  });

  it('takes the PartitionedTable construct as well as its props', async () => {
    await createDeclaredTable(pool, declaration('built'), NOW);
    const table = new PartitionedTable(new TerraformStack(testApp(), 'stack'), 'Built', declaration('built'));
    assert.deepEqual(await checkHealth(pool, table, { now: NOW }), await checkHealth(pool, declaration('built'), { now: NOW }));
  });

  it('without a declaration: no drift, expiry only with retentionWindows, the runway against minRunwayWindows', async () => {
    await createDeclaredTable(pool, declaration('live'), NOW);
    const at = new Date('2025-01-08T00:00:00Z');
    const plain = await checkLiveHealth(pool, { table: 'live' }, { now: at });
    assert.deepEqual([plain.declared, plain.drift, plain.expiredWindows], [false, null, null]);
    assert.deepEqual(plain.findings.map((f) => f.kind), ['runway']);
    const judged = await checkLiveHealth(pool, { schema: 'public', table: 'live' }, { now: at, retentionWindows: 2, minRunwayWindows: 0 });
    assert.deepEqual(judged.expiredWindows, ['live_2024_12_09', 'live_2024_12_16']);
    assert.deepEqual(judged.findings.map((f) => f.kind), ['expired-window', 'expired-window']);
  });

  it('reports a partition left detach pending', async () => {
    await pool.query(`CREATE TABLE dp (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
      CREATE TABLE dp_2024_12_16 PARTITION OF dp FOR VALUES FROM ('2024-12-16T00:00:00Z') TO ('2024-12-23T00:00:00Z');
      CREATE TABLE dp_2024_12_23 PARTITION OF dp FOR VALUES FROM ('2024-12-23T00:00:00Z') TO ('2024-12-30T00:00:00Z')`);
    await leaveDetachPending(pool, 'public', 'dp', 'dp_2024_12_16');
    const report = await checkLiveHealth(pool, { table: 'dp' }, { now: NOW, minRunwayWindows: 0 });
    assert.deepEqual(report.detachPending, ['dp_2024_12_16']);
    assert.deepEqual(report.findings.map((f) => [f.kind, f.subject]), [['detach-pending', 'dp_2024_12_16']]);
    assert.match(report.findings[0].message, /DETACH PARTITION dp_2024_12_16 FINALIZE/);
  });

  it('fails naming the DEFAULT partitions when one stays locked, instead of queueing behind the lock', async () => {
    await createDeclaredTable(pool, declaration('locked'), NOW);
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN; LOCK TABLE locked_default IN ACCESS EXCLUSIVE MODE');
      await assert.rejects(checkHealth(pool, declaration('locked'), { now: NOW, lockTimeoutMs: 100 }), (err: Error) => {
        assert.ok(err instanceof DefaultPartitionLockedError);
        assert.match(err.message, /public\.locked_default.*waited 100 ms for a lock/);
        return true;
      });
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
  });

  it('fails naming the table when the parent does not exist', async () => {
    await assert.rejects(checkHealth(pool, declaration('nope'), { now: NOW }), /public\.nope does not exist/);
    await assert.rejects(checkLiveHealth(pool, { table: 'nope' }), /public\.nope does not exist/);
  });

  it('fails naming the prop for an invalid declaration, and the option for an invalid option', async () => {
    await assert.rejects(checkHealth(pool, { ...declaration('ok'), premake: -1 }, { now: NOW }), /premake/);
    await assert.rejects(checkHealth(pool, declaration('ok'), { now: NOW, minRunwayWindows: 1.5 }), /minRunwayWindows must be an integer >= 0 \(got 1\.5\)/);
    await assert.rejects(checkLiveHealth(pool, { table: 'ok' }, { retentionWindows: 0 }), /retentionWindows must be an integer >= 1 \(got 0\)/);
  });
});
