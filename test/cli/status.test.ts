// Tests `pgpartition status` (src/cli/commands/status.ts) end to end: the real CLI against a real
// PostgreSQL holding a declared table with rows, one finding at a time, in the three formats.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startLocalPostgres, LocalPostgres } from '../support/postgres';
import { createDeclaredTable } from '../support/declared-table';
import { leaveDetachPending } from '../support/detach-pending';
import { RetentionPolicy, type PartitionedTableProps } from '../../src/runtime';
import type { TablePlan } from '../../src/constructs/table-plan';
import { formatBytes } from '../../src/cli/inventory-table';
import { statusCommand, type StatusOptions } from '../../src/cli/commands/status';
import { CliError, ExitCode } from '../../src/cli/errors';

const BIN = join(__dirname, '../../src/cli/bin.cjs');
const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', ...env }, timeout: 60_000 });

const props: PartitionedTableProps = {
  schema: 'app',
  parentTable: 'ab',
  columns: [{ name: 'ts', type: 'timestamptz', nullable: false }, { name: 'activity_id', type: 'text', nullable: false }],
  primaryKey: ['ts', 'activity_id'],
  rangeColumn: 'ts',
  listColumn: 'activity_id',
  activityGroups: [{ name: 'swaps', values: ['dex_swap'] }],
  premake: 3,
  retention: RetentionPolicy.dropAfterWindows(2),
};

/** Metric lines as node_exporter's textfile collector reads them: `# HELP` and `# TYPE` once before each family, samples without timestamps. */
function assertExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  let family = '';
  const lines = text.trimEnd().split('\n');
  lines.forEach((line, i) => {
    const help = /^# HELP (\w+) \S/.exec(line);
    if (help) {
      assert.equal(lines[i + 1], `# TYPE ${help[1]} gauge`, `TYPE follows HELP for ${help[1]}`);
      assert.ok(!samples.has(`family:${help[1]}`), `${help[1]} appears once`);
      samples.set(`family:${help[1]}`, 0);
      family = help[1];
      return;
    }
    if (line.startsWith('# TYPE ')) return;
    const m = /^(\w+)(\{[^}]*\})? (-?[\d.e+]+)$/.exec(line);
    assert.ok(m, `sample line "${line}": name, labels, value and no timestamp`);
    assert.equal(m[1], family, `"${line}" belongs to the family announced above it`);
    samples.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  });
  return samples;
}

describe('pgpartition status', () => {
  let pg: LocalPostgres;
  let pool: Pool;
  let planned: TablePlan;
  let current: string;
  const status = (...args: string[]) => run(['status', '--schema', 'app', '--table', 'ab', ...args], { DATABASE_URL: pg.url });
  before(async () => {
    pg = await startLocalPostgres();
    pool = new Pool({ connectionString: pg.url, max: 4 });
    pool.on('error', () => undefined); // node-postgres: an idle client the server drops (e.g. at stop) is reported here, not thrown
    await pool.query('CREATE SCHEMA app');
    planned = await createDeclaredTable(pool, props, new Date()); // the CLI judges by the real clock
    current = planned.plan.windows.find((w) => w.current)!.name;
    await pool.query(`INSERT INTO app.ab SELECT $1::timestamptz + i * interval '1 minute', 'dex_swap' FROM generate_series(1, 42) i`, [planned.plan.currentWindowStart]);
  });
  after(async () => {
    await pool?.end();
    await pg?.stop();
  });

  it('prints the inventory and no findings for a healthy table, exit 0, reading the URL from the named variable', () => {
    const r = run(['status', '--database-url-env', 'MY_DB', '--schema', 'app', '--table', 'ab'], { MY_DB: pg.url });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^app\.ab: 6 partitions, ~42 rows, /);
    assert.match(r.stdout, new RegExp(`${current} .*│ range .*│ ${planned.plan.currentWindowStart} .*│ +2 │ +42 │ +\\d+\\.\\d kB │ current, managed`));
    assert.match(r.stdout, /DEFAULT partitions: 6 checked, 0 with rows\npremake runway: 3 windows after .* \(minimum 2\), rows have a window until .*\nno findings\n$/);
    assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colours when stdout is not a terminal');
    assert.doesNotMatch(r.stdout + r.stderr, new RegExp(pg.password), 'the password is never printed');
  });

  it('prints the report as JSON with --json or --format json, reading DATABASE_URL by default', () => {
    for (const flag of [['--json'], ['--format', 'json']]) {
      const r = status(...flag);
      assert.equal(r.status, 0, r.stderr);
      const report = JSON.parse(r.stdout);
      assert.deepEqual([report.schema, report.table, report.declared, report.drift, report.expiredWindows, report.findings], ['app', 'ab', false, null, null, []]);
      assert.equal(report.partitions.find((p: { name: string }) => p.name === current).rows, 42);
      assert.equal(report.runway.windows, 3);
    }
  });

  it('prints the metrics for node_exporter\'s textfile collector, with units in the names', () => {
    const r = status('--format', 'prometheus', '--retention-windows', '2');
    assert.equal(r.status, 0, r.stderr);
    const samples = assertExposition(r.stdout);
    const labels = `schema="app",table="ab"`;
    assert.equal(samples.get(`pgpartition_window_rows{${labels},window="${current}"}`), 42);
    assert.ok((samples.get(`pgpartition_window_size_bytes{${labels},window="${current}"}`) ?? 0) > 0);
    assert.equal(samples.get(`pgpartition_default_partition_rows{${labels},partition="${current}_default"}`), 0);
    assert.equal(samples.get(`pgpartition_premake_runway_windows{${labels}}`), 3);
    assert.equal(samples.get(`pgpartition_premake_runway_minimum_windows{${labels}}`), 2);
    assert.equal(samples.get(`pgpartition_expired_windows{${labels}}`), 0);
    assert.equal(samples.get(`pgpartition_window_size_limit_bytes{${labels}}`), 1024 ** 3);
    assert.equal(samples.get(`pgpartition_health_findings{${labels},severity="problem"}`), 0);
    assert.ok(!samples.has('family:pgpartition_drifted_windows'), 'drift needs a declaration');
  });

  // statusCommand in-process (what the CLI's action runs) where the options, not the process, are under test
  async function statusIn(o: Partial<StatusOptions>): Promise<{ code: ExitCode; stdout: string }> {
    let stdout = '';
    const code = await statusCommand({ schema: 'app', table: 'ab', ...o }, { DATABASE_URL: pg.url }, (t) => { stdout += t; });
    return { code, stdout };
  }

  it('exits 1 on a short runway (--min-runway) and a window over --max-window-bytes', async () => {
    const r = await statusIn({ minRunway: '4', maxWindowBytes: '1' });
    assert.equal(r.code, ExitCode.Failed);
    assert.match(r.stdout, /problem {2}3 premade windows after the current one \(minimum 4\)/);
    assert.match(r.stdout, new RegExp(`problem {2}${current} takes [\\d,]+ bytes, over the limit of 1`));
  });

  it('exits 1 on managed windows older than --retention-windows, still attached', async () => {
    const r = await statusIn({ retentionWindows: '1', json: true });
    assert.equal(r.code, ExitCode.Failed);
    assert.deepEqual(JSON.parse(r.stdout).expiredWindows, [planned.plan.windows[0].name]);
    const metrics = await statusIn({ retentionWindows: '1', format: 'prometheus' });
    assert.equal(metrics.code, ExitCode.Ok);
    assert.equal(assertExposition(metrics.stdout).get('pgpartition_expired_windows{schema="app",table="ab"}'), 1);
  });

  it('exits 1 on a row of an unknown activity, naming it; prometheus still exits 0 and carries it, so "> tmp && mv" installs the file', async () => {
    await pool.query(`INSERT INTO app.ab VALUES ($1::timestamptz + interval '1 hour', 'brand_new_activity')`, [planned.plan.currentWindowStart]);
    try {
      const text = status();
      assert.equal(text.status, 1);
      assert.match(text.stdout, new RegExp(`problem {2}${current}_default holds 1 row whose activity_id is in no activity group \\(brand_new_activity \\(1\\)\\)`));
      const json = status('--json');
      assert.equal(json.status, 1);
      assert.deepEqual(JSON.parse(json.stdout).findings.map((f: { kind: string }) => f.kind), ['default-rows']);

      const dir = mkdtempSync(join(os.tmpdir(), 'pgpartition-textfile-'));
      try {
        const cmd = `"${process.execPath}" "${BIN}" status --schema app --table ab --format prometheus > "${dir}/ab.prom.tmp" && mv "${dir}/ab.prom.tmp" "${dir}/ab.prom"`;
        const sh = spawnSync('sh', ['-c', cmd], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: pg.url } });
        assert.equal(sh.status, 0, sh.stderr);
        const samples = assertExposition(readFileSync(join(dir, 'ab.prom'), 'utf8'));
        assert.equal(samples.get(`pgpartition_default_partition_rows{schema="app",table="ab",partition="${current}_default"}`), 1);
        assert.equal(samples.get(`pgpartition_default_partition_value_rows{schema="app",table="ab",partition="${current}_default",value="brand_new_activity"}`), 1);
        assert.equal(samples.get('pgpartition_health_findings{schema="app",table="ab",severity="problem"}'), 1);

        const failed = spawnSync('sh', ['-c', cmd.replace('--table ab', '--table missing').replace(/ab\.prom/g, 'missing.prom')], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: pg.url } });
        assert.equal(failed.status, 1);
        assert.ok(!existsSync(join(dir, 'missing.prom')), 'a failed run leaves no metrics file to install');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      await pool.query(`DELETE FROM app.ab WHERE activity_id = 'brand_new_activity'`);
    }
  });

  it('exits 1 on a partition left detach pending', async () => {
    await pool.query(`CREATE TABLE app.dp (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
      CREATE TABLE app.dp_old PARTITION OF app.dp FOR VALUES FROM ('2024-01-01T00:00:00Z') TO ('2024-01-08T00:00:00Z')`);
    await leaveDetachPending(pool, 'app', 'dp', 'dp_old');
    const r = run(['status', '--schema', 'app', '--table', 'dp', '--min-runway', '0'], { DATABASE_URL: pg.url });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /DETACH PENDING/);
    assert.match(r.stdout, /problem {2}dp_old is detach pending/);
  });

  it('fails with a two-line error when the variable is unset', () => {
    const r = run(['status', '--database-url-env', 'UNSET_DB_URL_FOR_TEST', '--table', 'ab']);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'pgpartition: environment variable UNSET_DB_URL_FOR_TEST is not set\n  fix: export UNSET_DB_URL_FOR_TEST=postgres://USER:PASSWORD@HOST:5432/DATABASE\n');
    const byDefault = run(['status', '--table', 'ab']);
    assert.equal(byDefault.status, 1);
    assert.match(byDefault.stderr, /^pgpartition: environment variable DATABASE_URL is not set\n {2}fix: export DATABASE_URL=.*, or pass --database-url-env VAR/);
  });

  it('fails on a malformed URL naming the variable, quoting none of it', () => {
    const r = run(['status', '--database-url-env', 'MY_DB', '--table', 'ab'], { MY_DB: 'postgres:/deployer:Sekr3tPW@127.0.0.1:5432/db' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^pgpartition: MY_DB: not a valid connection URL: it does not start with postgresql:\/\/ or postgres:\/\/\n  fix: write it as postgres:\/\/USER:PASSWORD@HOST:5432\/DATABASE/);
    assert.doesNotMatch(r.stderr, /Sekr3tPW/);
  });

  it('fails naming the target, without the password, when the server cannot be reached', () => {
    const r = run(['status', '--database-url-env', 'MY_DB', '--table', 'ab'], { MY_DB: `postgres://deployer:Sekr3tPW@127.0.0.1:${pg.port}/nope?sslmode=disable` });
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`^pgpartition: connecting to deployer@127\\.0\\.0\\.1:${pg.port}/nope failed: `));
    assert.doesNotMatch(r.stderr, /Sekr3tPW/);
  });

  it('fails naming the table when it does not exist, printing nothing on stdout', () => {
    const r = run(['status', '--database-url', pg.url, '--table', 'missing']);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /public\.missing does not exist/);
  });

  it('fails with a usage error for a bad format or count', async () => {
    for (const [o, message] of [
      [{ format: 'xml' }, /^--format must be one of text, json, prometheus \(got "xml"\)$/],
      [{ json: true, format: 'prometheus' }, /^--json and --format prometheus disagree$/],
      [{ minRunway: '-1' }, /^--min-runway must be an integer >= 0 \(got "-1"\)$/],
      [{ maxWindowBytes: '1GB' }, /^--max-window-bytes must be an integer >= 1 \(got "1GB"\)$/],
    ] as const) {
      await assert.rejects(statusIn(o), (err: CliError) => {
        assert.ok(err instanceof CliError && err.exitCode === ExitCode.Usage, String(err));
        assert.match(err.message, message);
        assert.ok(err.fix.length > 0);
        return true;
      });
    }
    const r = status('--format', 'xml');
    assert.equal(r.status, ExitCode.Usage, 'the CLI maps it to the usage exit code');
    assert.match(r.stderr, /^pgpartition: --format must be one of .*\n {2}fix: pass --format text, json or prometheus\n$/);
  });

  it('formats sizes in pg_size_pretty units', () => {
    assert.deepEqual([formatBytes(512), formatBytes(8192), formatBytes(1.5 * 1024 ** 3)], ['512 bytes', '8.0 kB', '1.5 GB']);
  });
});
