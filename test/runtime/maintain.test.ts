// Tests src/runtime/maintain.ts against a real PostgreSQL: which steps the statistics call for,
// what they do to the table, and how a locked leaf is skipped rather than waited for.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Pool } from 'pg';
import { startLocalPostgres, LocalPostgres } from '../support/postgres';
import { createDeclaredTable } from '../support/declared-table';
import { maintain, planMaintenance, RetentionPolicy, type PartitionedTableProps } from '../../src/runtime';
import type { TableActivity } from '../../src/catalog/maintenance-stats';

// Wednesday 2024-12-25: windows start 12-09, 12-16 (ended), 12-23 (current), 12-30, 2025-01-06.
const NOW = new Date('2024-12-25T12:00:00Z');

function declaration(name: string): PartitionedTableProps {
  return {
    parentTable: name,
    columns: [{ name: 'ts', type: 'timestamptz', nullable: false }, { name: 'activity_id', type: 'text', nullable: false }],
    primaryKey: ['ts', 'activity_id'],
    rangeColumn: 'ts',
    listColumn: 'activity_id',
    activityGroups: [{ name: 'swaps', values: ['dex_swap'] }, { name: 'holdings', values: ['xrd_holding'] }],
    premake: 2,
    retention: RetentionPolicy.dropAfterWindows(2),
  };
}

describe('maintain', () => {
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

  /** Inserts `sql` and waits until the cumulative statistics show at least `rows` more rows changed since ANALYZE in `table`'s leaves. */
  async function write(table: string, sql: string, rows: number): Promise<void> {
    const changed = async () => Number((await pool.query(`SELECT coalesce(sum(n_mod_since_analyze), 0) AS n FROM pg_stat_user_tables WHERE relname LIKE $1`, [`${table}\\_%`])).rows[0].n);
    const before = await changed();
    const client = await pool.connect();
    try {
      await client.query(sql);
      await client.query('SELECT pg_stat_force_next_flush()'); // flushed when the session goes idle
    } finally {
      client.release();
    }
    for (let i = 0; i < 200 && (await changed()) < before + rows; i++) await new Promise((r) => setTimeout(r, 25));
  }

  it('analyses the parent first (on PostgreSQL before 18 that analyses every leaf), then vacuums the ended window that was written', async () => {
    await createDeclaredTable(pool, declaration('mt'), NOW);
    await write('mt', `INSERT INTO mt SELECT '2024-12-16T00:00:00Z'::timestamptz + i * interval '1 hour', a FROM generate_series(1, 50) i, unnest(ARRAY['dex_swap', 'xrd_holding']) a;
      INSERT INTO mt SELECT '2024-12-23T00:00:00Z'::timestamptz + i * interval '1 hour', 'dex_swap' FROM generate_series(1, 30) i`, 130);
    const steps: string[] = [];
    const report = await maintain(pool, { table: 'mt' }, { now: NOW, onStep: (i, total, s) => steps.push(`${i}/${total} ${s.kind} ${s.target}`) });
    assert.equal(report.serverVersion, pg.majorVersion);
    assert.ok(pg.majorVersion < 18, 'this test expects the pre-18 path; the 18 path analyses the parent with ONLY, last');
    assert.deepEqual(report.actions.map((a) => [a.kind, a.target, a.tables, a.outcome, a.skipped]), [
      ['analyze-parent', 'mt', ['mt'], 'done', []],
      ['vacuum', 'mt_2024_12_16', ['mt_2024_12_16_holdings', 'mt_2024_12_16_swaps'], 'done', []],
    ]);
    assert.deepEqual(report.actions.map((a) => a.statement), [
      'ANALYZE (SKIP_LOCKED) "public"."mt"',
      'VACUUM (SKIP_LOCKED) "public"."mt_2024_12_16_holdings", "public"."mt_2024_12_16_swaps"',
    ]);
    assert.equal(report.actions[1].reason, 'ended 2024-12-23T00:00:00Z; 100 rows inserted and 0 dead since the last VACUUM');
    assert.deepEqual(steps, ['1/2 analyze-parent mt', '2/2 vacuum mt_2024_12_16']);
    assert.ok(report.actions.every((a) => a.durationMs >= 0 && a.message === null));

    const { rows } = await pool.query(`SELECT relname, n_mod_since_analyze::int AS mod, last_analyze IS NOT NULL AS analysed, last_vacuum IS NOT NULL AS vacuumed
      FROM pg_stat_user_tables WHERE relname IN ('mt_2024_12_16_swaps', 'mt_2024_12_23_swaps') ORDER BY relname`);
    assert.deepEqual(rows, [
      { relname: 'mt_2024_12_16_swaps', mod: 0, analysed: true, vacuumed: true },
      { relname: 'mt_2024_12_23_swaps', mod: 0, analysed: true, vacuumed: false },
    ]);
    const inherited = await pool.query(`SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'mt' AND inherited`);
    assert.ok(inherited.rows[0].n > 0, 'the parent has statistics of the whole table');

    const again = await maintain(pool, { schema: 'public', table: 'mt' }, { now: NOW });
    assert.deepEqual(again.actions.map((a) => a.kind), ['analyze-parent'], 'a second run has nothing left but the parent');
  });

  it('skips a leaf another session holds locked instead of waiting for it, and says who holds it', async () => {
    await createDeclaredTable(pool, declaration('lk'), NOW);
    await write('lk', `INSERT INTO lk SELECT '2024-12-23T00:00:00Z'::timestamptz + i * interval '1 hour', a FROM generate_series(1, 10) i, unnest(ARRAY['dex_swap', 'xrd_holding']) a`, 20);
    const holder = await pool.connect();
    try {
      await holder.query(`SET application_name = 'reporting'; BEGIN; LOCK TABLE lk_2024_12_23_swaps IN ACCESS EXCLUSIVE MODE`);
      const report = await maintain(pool, { table: 'lk' }, { now: NOW, lockTimeoutMs: 200 });
      // the parent's ANALYZE samples the locked leaf and times out; the leaves are then analysed one by one
      assert.deepEqual(report.actions.map((a) => [a.kind, a.target, a.outcome, a.skipped]), [
        ['analyze-parent', 'lk', 'skipped', ['lk']],
        ['analyze', 'lk_2024_12_23', 'done', ['lk_2024_12_23_swaps']],
      ]);
      assert.match(report.actions[0].message ?? '', /^waited 200 ms for a lock held by pid \d+ \(application "reporting", idle in transaction\)$/);
      assert.match(report.actions[1].message ?? '', /skipping analyze of "lk_2024_12_23_swaps" --- lock not available/);
      assert.equal(report.actions[1].statement, 'ANALYZE (SKIP_LOCKED) "public"."lk_2024_12_23_holdings", "public"."lk_2024_12_23_swaps"');
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
  });

  it('plans VACUUM (ANALYZE) for ended windows and ANALYZE for the others when the parent did not analyse the leaves', () => {
    const leaf = (name: string, mod: number, ins: number, dead = 0) => ({ name, modifiedSinceAnalyze: mod, insertedSinceVacuum: ins, deadRows: dead });
    const activity: TableActivity = {
      partitioned: true,
      serverVersionNum: 180000,
      partitions: [
        { name: 'w_old', kind: 'range', from: '2024-12-16T00:00:00Z', to: '2024-12-23T00:00:00Z', detachPending: false, leaves: [leaf('w_old_a', 5, 5), leaf('w_old_b', 0, 0, 3), leaf('w_old_c', 0, 0)] },
        { name: 'w_now', kind: 'range', from: '2024-12-23T00:00:00Z', to: '2024-12-30T00:00:00Z', detachPending: false, leaves: [leaf('w_now_a', 7, 7), leaf('w_now_b', 0, 0)] },
        { name: 'w_gone', kind: 'range', from: '2024-12-02T00:00:00Z', to: '2024-12-09T00:00:00Z', detachPending: true, leaves: [leaf('w_gone_a', 9, 9)] },
        { name: 'w_default', kind: 'default', from: null, to: null, detachPending: false, leaves: [leaf('w_default', 2, 2)] },
      ],
    };
    assert.deepEqual(planMaintenance(activity, NOW, false).map((s) => [s.kind, s.target, s.tables]), [
      ['vacuum-analyze', 'w_old', ['w_old_a', 'w_old_b']],
      ['analyze', 'w_now', ['w_now_a']],
      ['analyze', 'w_default', ['w_default']],
    ]);
    assert.deepEqual(planMaintenance(activity, NOW, true).map((s) => [s.kind, s.target, s.tables]), [['vacuum', 'w_old', ['w_old_a', 'w_old_b']]]);
  });

  it('fails naming the table when it does not exist or is not partitioned', async () => {
    await pool.query('CREATE TABLE plain_table (x int)');
    await assert.rejects(maintain(pool, { table: 'nope' }), /public\.nope does not exist or is not partitioned/);
    await assert.rejects(maintain(pool, { table: 'plain_table' }), /public\.plain_table does not exist or is not partitioned/);
    await assert.rejects(maintain(pool, { table: 'mt' }, { lockTimeoutMs: 0 }), /lockTimeoutMs must be an integer >= 1 \(got 0\)/);
  });
});
