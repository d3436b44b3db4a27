// Tests `pgpartition maintain` (src/cli/commands/maintain.ts) end to end against a real PostgreSQL,
// and runMaintenance, which `deploy --maintain` calls.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ExitCode } from '../../src/cli/errors';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startLocalPostgres, LocalPostgres } from '../support/postgres';
import { createDeclaredTable } from '../support/declared-table';
import { RetentionPolicy, type PartitionedTableProps } from '../../src/runtime';
import { runMaintenance } from '../../src/cli/commands/maintain';

const BIN = join(__dirname, '../../src/cli/bin.cjs');
const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });

const props: PartitionedTableProps = {
  parentTable: 'mb',
  columns: [{ name: 'ts', type: 'timestamptz', nullable: false }, { name: 'activity_id', type: 'text', nullable: false }],
  primaryKey: ['ts', 'activity_id'],
  rangeColumn: 'ts',
  listColumn: 'activity_id',
  activityGroups: [{ name: 'swaps', values: ['dex_swap'] }],
  premake: 1,
  retention: RetentionPolicy.dropAfterWindows(1),
};

describe('pgpartition maintain', () => {
  let pg: LocalPostgres;
  let pool: Pool;
  let previous: string;
  before(async () => {
    pg = await startLocalPostgres();
    pool = new Pool({ connectionString: pg.url, max: 2 });
    pool.on('error', () => undefined); // node-postgres: an idle client the server drops (e.g. at stop) is reported here, not thrown
    const { plan } = await createDeclaredTable(pool, props, new Date()); // the CLI judges by the real clock
    const [ended, current] = plan.windows;
    previous = ended.name;
    const client = await pool.connect();
    try {
      await client.query(`INSERT INTO mb SELECT $1::timestamptz + i * interval '1 minute', 'dex_swap' FROM generate_series(1, 20) i`, [ended.from]);
      await client.query(`INSERT INTO mb SELECT $1::timestamptz + i * interval '1 minute', 'dex_swap' FROM generate_series(1, 20) i`, [current.from]);
      await client.query('SELECT pg_stat_force_next_flush()'); // flushed when the session goes idle
    } finally {
      client.release();
    }
    for (let i = 0; i < 200; i++) {
      const { rows } = await pool.query(`SELECT coalesce(sum(n_ins_since_vacuum), 0)::int AS n FROM pg_stat_user_tables WHERE relname LIKE 'mb\\_%'`);
      if (rows[0].n >= 40) break;
      await new Promise((r) => setTimeout(r, 25));
    }
  });
  after(async () => {
    await pool?.end();
    await pg?.stop();
  });

  it('analyses the parent and vacuums the ended window, one row per step, no progress line without a terminal', () => {
    const r = run(['maintain', '--table', 'mb'], { DATABASE_URL: pg.url });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /│ ANALYZE +│ mb +│ autovacuum never analyses a partitioned table.*│ done +│ +\d+\.\d\d s │/);
    assert.match(r.stdout, new RegExp(`│ VACUUM +│ ${previous} \\(1 leaf\\) +│ ended .*; 20 rows inserted and 0 dead since the last VACUUM +│ done +│`));
    assert.match(r.stdout, /public\.mb: 2 steps in \d+\.\d\d s\n$/);
    assert.equal(r.stderr, '', 'no progress line in a pipe');
  });

  it('prints JSON with --format json; a second run only analyses the parent', () => {
    const r = run(['maintain', '--table', 'mb', '--format', 'json', '--database-url-env', 'MY_DB'], { MY_DB: pg.url });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.actions.map((a: { kind: string; outcome: string }) => [a.kind, a.outcome]), [['analyze-parent', 'done']]);
    assert.deepEqual([report.schema, report.table, report.serverVersion], ['public', 'mb', pg.majorVersion]);
  });

  it('runMaintenance (what deploy --maintain calls) prints the report and returns it', async () => {
    let printed = '';
    const report = await runMaintenance(pool, { table: 'mb' }, { out: (t) => { printed += t; }, env: { CI: 'true' } });
    assert.deepEqual(report.actions.map((a) => a.kind), ['analyze-parent']);
    assert.match(printed, /public\.mb: 1 step in /);
  });

  it('fails with a two-line error naming the table when it does not exist', () => {
    const r = run(['maintain', '--table', 'missing', '--database-url', pg.url]);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^pgpartition: cannot maintain public\.missing: Table public\.missing does not exist or is not partitioned.*\n {2}fix: check --database-url\(-env\), --schema and --table\n$/);
  });

  it('fails with a usage error for a bad option', () => {
    for (const [args, message] of [
      [['--format', 'prometheus'], /--format must be one of text, json \(got "prometheus"\)/],
      [['--lock-timeout-ms', '0'], /--lock-timeout-ms must be an integer >= 1 \(got "0"\)/],
    ] as const) {
      const r = run(['maintain', '--table', 'mb', ...args], { DATABASE_URL: pg.url });
      assert.equal(r.status, ExitCode.Usage, r.stderr);
      assert.match(r.stderr, message);
    }
  });
});
