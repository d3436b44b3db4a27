import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { ParentTable } from '../../src/constructs/.gen/providers/pgpartition/parent-table';
import { WindowSet } from '../../src/constructs/.gen/providers/pgpartition/window-set';
import { ACTIVITIES } from '../../stacks/activities';
import { buildBalancesStack } from '../../stacks/balances-stack';
import { ENVIRONMENTS } from '../../stacks/environments';
import { STATE_BACKEND_ENV, STATE_DIR_ENV } from '../../src/constructs/state-env';
import { testApp } from '../support/cdktf';

const ROOT = path.resolve(__dirname, '..', '..');
const SECRET = 's3cr3t-password';
const temps: string[] = [];
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs the example app (`app` of cdktf.json) into a temporary outdir; returns each stack's cdk.tf.json text. */
function synthApp(env: NodeJS.ProcessEnv): Record<string, string> {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'pgpartition-synth-'));
  temps.push(outdir);
  execFileSync(process.execPath, ['--import', 'tsx', 'stacks/main.ts'], { cwd: ROOT, env: appEnv({ ...env, CDKTF_OUTDIR: outdir }), stdio: 'pipe' });
  return Object.fromEntries(ENVIRONMENTS.map((e) => [e.name, readFileSync(path.join(outdir, 'stacks', e.name, 'cdk.tf.json'), 'utf8')]));
}

/** The environment of the example app without connection variables or a pinned asOf, plus `env`. */
function appEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.endsWith('DATABASE_URL') && !k.startsWith('PGPARTITION_')));
  return { ...clean, ...env };
}

/** One environment's stack synthesized in-process with `env`. */
function synthStack(name: string, env: NodeJS.ProcessEnv): any {
  const config = ENVIRONMENTS.find((e) => e.name === name)!;
  return JSON.parse(Testing.synth(buildBalancesStack(testApp(), config, env)));
}

describe('example app (stacks/main.ts)', () => {
  it('synthesizes byte-identical cdk.tf.json for two plans made in one window, with no secret in it', () => {
    const env = { STAGING_DATABASE_URL: `postgres://deployer:${SECRET}@db:5432/app`, DATABASE_URL: `postgres://deployer:${SECRET}@db:5432/app` };
    const monday = synthApp({ ...env, PGPARTITION_AS_OF: '2025-01-06T00:00:00Z' });
    const sunday = synthApp({ ...env, PGPARTITION_AS_OF: '2025-01-12T23:59:59Z' });
    for (const e of ENVIRONMENTS) {
      assert.equal(monday[e.name], sunday[e.name], `${e.name}: cdk.tf.json differs between two plans in one window`);
      assert.ok(!monday[e.name].includes(SECRET), `${e.name}: the password was written into cdk.tf.json`);
    }
    assert.equal(JSON.parse(monday.staging).provider.pgpartition[0].database_url_env, 'STAGING_DATABASE_URL');
    assert.equal(JSON.parse(monday.prod).provider.pgpartition[0].database_url_env, 'PROD_DATABASE_URL', 'prod never falls back to DATABASE_URL');
  });

  it('declares account_balances as the original guide has it', () => {
    const json = synthStack('staging', { PGPARTITION_AS_OF: '2024-12-25T12:00:00Z' });
    const parent: any = Object.values(json.resource[ParentTable.tfResourceType])[0];
    assert.deepEqual(parent.columns, [
      { name: 'timestamp', type: 'timestamptz', nullable: false },
      { name: 'account_address', type: 'varchar(255)', nullable: false },
      { name: 'usd_value', type: 'numeric(18,2)', nullable: false },
      { name: 'activity_id', type: 'text', nullable: false },
      { name: 'data', type: 'jsonb', nullable: false },
    ]);
    assert.deepEqual(parent.primary_key, ['account_address', 'timestamp', 'activity_id']);
    assert.deepEqual(parent.indexes, [
      { name: 'account_balances_timestamp_brin_idx', columns: ['timestamp'], method: 'brin', storage_parameters: { pages_per_range: '32' } },
      { name: 'account_balances_account_address_idx', columns: ['account_address'] },
    ]);

    const set: any = Object.values(json.resource[WindowSet.tfResourceType])[0];
    const windows: any[] = Object.entries(set.windows).map(([name, w]) => ({ name, ...(w as object) }));
    assert.equal(windows.length, 12 + 1 + 4);
    for (const w of windows) {
      assert.equal(w.sub_partitions.length, 10);
      assert.deepEqual(w.sub_partitions.flatMap((s: any) => s.values).sort(), ACTIVITIES.map((a) => a.id).sort());
      assert.equal(w.default_sub_partition, `${w.name}_default`);
      assert.equal(w.retention, '12 weeks');
      assert.equal(w.retention_mode, 'drop');
    }
    for (const id of ['xrd_holding', 'lsu_holding', 'usdc_holding', 'dex_swap', 'liquidity_provision', 'lending']) {
      assert.ok(windows[0].sub_partitions.some((s: any) => s.values.includes(id)), id);
    }
  });

  it('declares the distributed stack\'s table for Citus: distributed by account_address, one-level windows on the same calendar, activity_id indexed', () => {
    const json = synthStack('distributed', { PGPARTITION_AS_OF: '2024-12-25T12:00:00Z' });
    assert.equal(json.provider.pgpartition[0].database_url_env, 'DISTRIBUTED_DATABASE_URL');
    const parent: any = Object.values(json.resource[ParentTable.tfResourceType])[0];
    assert.equal(parent.distribution_column, 'account_address');
    assert.equal(parent.list_column, undefined);
    assert.deepEqual(parent.indexes.map((i: any) => i.columns), [['timestamp'], ['account_address'], ['activity_id']]);
    const windowsOf = (stackJson: any) => {
      const set: any = Object.values(stackJson.resource[WindowSet.tfResourceType])[0];
      return { set, windows: Object.entries(set.windows).map(([name, w]) => ({ name, ...(w as any) })) };
    };
    const { set, windows } = windowsOf(json);
    const staging = windowsOf(synthStack('staging', { PGPARTITION_AS_OF: '2024-12-25T12:00:00Z' })).windows;
    assert.deepEqual(windows.map((w) => [w.name, w.from, w.to, w.retention, w.retention_mode]), staging.map((w) => [w.name, w.from, w.to, w.retention, w.retention_mode]));
    assert.equal(set.list_column, undefined);
    for (const w of windows) assert.deepEqual([w.sub_partitions ?? [], w.default_sub_partition ?? null], [[], null]);
  });

  it('reads only the stack\'s own variable, or the one named on purpose in PGPARTITION_DATABASE_URL_ENV', () => {
    assert.equal(synthStack('staging', { DATABASE_URL: 'postgres://x' }).provider.pgpartition[0].database_url_env, 'STAGING_DATABASE_URL');
    assert.equal(synthStack('staging', {}).provider.pgpartition[0].database_url_env, 'STAGING_DATABASE_URL');
    assert.equal(synthStack('prod', { PGPARTITION_DATABASE_URL_ENV: 'DATABASE_URL' }).provider.pgpartition[0].database_url_env, 'DATABASE_URL');
  });

  it(`keeps local state in ${STATE_DIR_ENV} when set`, () => {
    const json = synthStack('prod', { [STATE_DIR_ENV]: '/tmp/demo-state' });
    assert.equal(json.terraform.backend.local.path, '/tmp/demo-state/terraform.prod.tfstate');
  });

  it(`keeps each stack's state in its own schema with ${STATE_BACKEND_ENV}=pg, the connection left to PG_CONN_STR`, () => {
    const env = { [STATE_BACKEND_ENV]: 'pg', PG_CONN_STR: `postgres://deployer:${SECRET}@db/state` };
    assert.deepEqual(synthStack('staging', env).terraform.backend, { pg: { schema_name: 'pgpartition_state_staging' } });
    assert.deepEqual(synthStack('prod', env).terraform.backend, { pg: { schema_name: 'pgpartition_state_prod' } });
  });

  describe('with an invalid spec', () => {
    const problem = 'pgpartition: asOf (from env PGPARTITION_AS_OF): "next tuesday" is not a valid instant';
    const fix = '  fix: write it as ISO 8601 with an offset, e.g. "2024-12-25T12:00:00Z"';

    it('fails printing the problem and the fix on two lines, exit code 1 and no stack trace', () => {
      const outdir = mkdtempSync(path.join(os.tmpdir(), 'pgpartition-synth-'));
      temps.push(outdir);
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'stacks/main.ts'], {
        cwd: ROOT,
        env: appEnv({ PGPARTITION_AS_OF: 'next tuesday', CDKTF_OUTDIR: outdir }),
        encoding: 'utf8',
      });
      assert.equal(run.status, 1, run.stderr);
      assert.equal(run.stderr, `${problem}\n${fix}\n`);
      assert.equal(run.stdout, '');
    });

    it('fails under cdktf synth showing the two lines, not the app\'s stack trace', () => {
      const outdir = mkdtempSync(path.join(os.tmpdir(), 'pgpartition-synth-'));
      temps.push(outdir);
      const run = spawnSync(path.join(ROOT, 'node_modules/.bin/cdktf'), ['synth', '--output', outdir], {
        cwd: ROOT,
        env: appEnv({ PGPARTITION_AS_OF: 'next tuesday', CHECKPOINT_DISABLE: '1', CI: '1' }),
        encoding: 'utf8',
      });
      const output = (run.stdout + run.stderr).replace(/\x1b\[[0-9;]*m/g, '');
      assert.notEqual(run.status, 0, output);
      assert.ok(output.includes(problem) && output.includes(fix), output);
      assert.doesNotMatch(output, /^\s+at /m, 'a stack trace reached the user');
      assert.doesNotMatch(output, /SpecError|Node\.js v/, 'the app crashed instead of reporting');
    });
  });
});
