// Tests `pgpartition status` (src/cli/commands/status.ts) end to end: the real CLI against a real PostgreSQL.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { startLocalPostgres, LocalPostgres } from '../support/postgres';
import { formatBytes } from '../../src/cli/inventory-table';

const BIN = join(__dirname, '../../src/cli/bin.cjs');
const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });

describe('pgpartition status', () => {
  let pg: LocalPostgres;
  before(async () => {
    pg = await startLocalPostgres();
    const client = new Client({ connectionString: pg.url });
    await client.connect();
    await client.query(`CREATE SCHEMA app; CREATE TABLE app.ab (ts timestamptz NOT NULL, activity_id text NOT NULL) PARTITION BY RANGE (ts);
      CREATE TABLE app.ab_2024_12_23 PARTITION OF app.ab FOR VALUES FROM ('2024-12-23T00:00:00Z') TO ('2024-12-30T00:00:00Z') PARTITION BY LIST (activity_id);
      CREATE TABLE app.ab_2024_12_23_swaps PARTITION OF app.ab_2024_12_23 FOR VALUES IN ('dex_swap');
      CREATE TABLE app.ab_2024_12_23_default PARTITION OF app.ab_2024_12_23 DEFAULT;
      COMMENT ON TABLE app.ab_2024_12_23 IS 'pgpartition:managed';
      INSERT INTO app.ab SELECT '2024-12-23T00:00:00Z'::timestamptz + i * interval '1 minute', 'dex_swap' FROM generate_series(1, 42) i;`);
    await client.end();
  });
  after(async () => { await pg?.stop(); });

  it('prints the inventory as a table, reading the URL from the named variable', () => {
    const r = run(['status', '--database-url-env', 'MY_DB', '--schema', 'app', '--table', 'ab'], { MY_DB: pg.url });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^app\.ab: 1 partitions, ~42 rows, /);
    assert.match(r.stdout, /ab_2024_12_23 .*│ range .*│ 2024-12-23T00:00:00Z .*│ 2024-12-30T00:00:00Z .*│ +2 │ +42 │ +\d+\.\d kB │ managed/);
    assert.doesNotMatch(r.stdout + r.stderr, new RegExp(pg.password), 'the password is never printed');
  });

  it('prints JSON with --json', () => {
    const r = run(['status', '--database-url', pg.url, '--schema', 'app', '--table', 'ab', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const parsed = JSON.parse(r.stdout);
    assert.deepEqual(parsed.partitions.map((p: { name: string; rows: number; from: string }) => [p.name, p.rows, p.from]), [['ab_2024_12_23', 42, '2024-12-23T00:00:00Z']]);
  });

  it('fails with a two-line error when the variable is unset', () => {
    const r = run(['status', '--database-url-env', 'UNSET_DB_URL_FOR_TEST', '--table', 'ab']);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'pgpartition: environment variable UNSET_DB_URL_FOR_TEST is not set\n  fix: export UNSET_DB_URL_FOR_TEST=postgres://USER:PASSWORD@HOST:5432/DATABASE\n');
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

  it('fails naming the table when it does not exist', () => {
    const r = run(['status', '--database-url', pg.url, '--table', 'missing']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /public\.missing does not exist/);
  });

  it('formats sizes in pg_size_pretty units', () => {
    assert.deepEqual([formatBytes(512), formatBytes(8192), formatBytes(1.5 * 1024 ** 3)], ['512 bytes', '8.0 kB', '1.5 GB']);
  });
});
