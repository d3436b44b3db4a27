/**
 * End to end: the example app's state in PostgreSQL (PGPARTITION_STATE_BACKEND=pg, terraform's own
 * `pg` backend through PG_CONN_STR) against a throwaway cluster, through the CLI's stack commands
 * and the real terraform: staging and prod in schemas of their own; a deploy while another
 * terraform run holds the state lock fails at once with --lock-timeout 0s, or waits and then
 * deploys; a deploy whose plan another run's apply made stale plans again; a moved
 * backend re-initialises, copying the state only with --migrate-state.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Pool } from 'pg';
import { partitionInfo } from '../../src/runtime/partition-info';
import { ACCOUNT_BALANCES } from '../../stacks/account-balances';
import { startExampleStack, type ExampleStack } from '../support/example-stack';

const WEEK_MS = 7 * 86_400_000;

describe('state in PostgreSQL with the pg backend', () => {
  let stack: ExampleStack;
  const pools = new Map<string, Pool>();
  const urls = new Map<string, string>();

  before(async () => {
    stack = await startExampleStack(2);
    for (const name of ['staging', 'prod']) {
      await stack.pool.query(`CREATE DATABASE ${name}`);
      const url = new URL(stack.pg.url);
      url.pathname = `/${name}`;
      urls.set(name, url.toString());
      const pool = new Pool({ connectionString: url.toString(), max: 1 });
      pool.on('error', () => undefined);
      pools.set(name, pool);
    }
  });
  after(async () => {
    for (const pool of pools.values()) await pool.end();
    await stack?.stop();
  });

  /** The stacks' databases, and their state in the cluster's own database (the one PG_CONN_STR names). */
  const pgEnv = (): NodeJS.ProcessEnv => ({
    PGPARTITION_STATE_BACKEND: 'pg',
    // terraform's driver defaults to sslmode=require; the throwaway cluster serves no TLS
    PG_CONN_STR: `${stack.pg.url}?sslmode=disable`,
    STAGING_DATABASE_URL: urls.get('staging'),
    PROD_DATABASE_URL: urls.get('prod'),
  });

  /** Window names in a stack's state (its schema's `states` row), sorted. */
  async function stateWindows(name: string): Promise<string[]> {
    const { rows } = await stack.pool.query<{ data: string }>(`SELECT data FROM pgpartition_state_${name}.states WHERE name = 'default'`);
    const state = JSON.parse(rows[0].data) as { resources: { type: string; instances: { attributes: { windows: Record<string, unknown> } }[] }[] };
    return state.resources.filter((r) => r.type === 'pgpartition_window_set').flatMap((r) => Object.keys(r.instances[0].attributes.windows)).sort();
  }

  /** Window names attached in a stack's database, sorted. */
  async function databaseWindows(name: string): Promise<string[]> {
    const parts = await partitionInfo(pools.get(name)!, ACCOUNT_BALANCES.schema, ACCOUNT_BALANCES.name, 'timestamptz');
    return parts.filter((p) => p.kind === 'range').map((p) => p.name).sort();
  }

  const deploy = (name: string, asOf: Date, command: Record<string, unknown> = {}) =>
    stack.run('deploy', asOf, { env: pgEnv(), command: { stack: name, ...command } });

  it('fails before terraform runs, naming PG_CONN_STR and its sslmode default, when it is unset', async () => {
    const r = await stack.run('plan', new Date(), { env: { ...pgEnv(), PG_CONN_STR: '' } });
    assert.equal(r.code, 1, r.output);
    assert.match(r.output, /stack staging keeps its state in PostgreSQL \(pg backend, schema pgpartition_state_staging\), but PG_CONN_STR is not set/);
    assert.match(r.output, /defaults to sslmode=require/);
  });

  it('keeps staging and prod apart, each in its own schema, each state matching its database', async () => {
    const now = new Date();
    const staging = await deploy('staging', new Date(now.getTime() - WEEK_MS));
    assert.equal(staging.code, 0, staging.output);
    assert.match(staging.output, /state: pg schema pgpartition_state_staging of postgres@127\.0\.0\.1:\d+\/pgpartition \(PG_CONN_STR\)/);
    const prod = await deploy('prod', now);
    assert.equal(prod.code, 0, prod.output);

    const { rows } = await stack.pool.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'pgpartition_state_%' ORDER BY 1");
    assert.deepEqual(rows.map((r) => r.nspname), ['pgpartition_state_prod', 'pgpartition_state_staging']);
    assert.deepEqual(await stateWindows('staging'), await databaseWindows('staging'));
    assert.deepEqual(await stateWindows('prod'), await databaseWindows('prod'));
    // planned a week apart: staging keeps a week prod no longer has
    assert.notDeepEqual(await stateWindows('staging'), await stateWindows('prod'));
    for (const text of [staging.output, prod.output]) assert.doesNotMatch(text, new RegExp(stack.pg.password));
  });

  it('while another terraform run holds the state lock: fails at once with --lock-timeout 0s, or waits and then deploys', async () => {
    const stackDir = path.join(stack.outputDir, 'stacks', 'staging');
    // `terraform console` holds the state lock for as long as it runs: another terraform run, for real
    const holder = spawn('terraform', ['console'], {
      cwd: stackDir,
      env: { ...stack.env(), ...pgEnv(), TF_CLI_CONFIG_FILE: stack.provider.cliConfigFile, CHECKPOINT_DISABLE: '1' },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => holder.on('close', resolve));
    try {
      await until(async () => Number((await stack.pool.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
      )).rows[0].n) > 0, 'terraform console to take the state lock');
      const before = await stateWindows('staging');

      const refused = await deploy('staging', new Date(), { lockTimeout: '0s' });
      assert.equal(refused.code, 1, refused.output);
      assert.match(refused.output, /Error acquiring the state lock/); // terraform's own diagnostic, in full
      assert.match(refused.output, /the state of stack staging \(pg schema pgpartition_state_staging of .*\) is locked by another terraform run, and the lock was not released within --lock-timeout 0s/);
      assert.deepEqual(await stateWindows('staging'), before);

      let printed = '';
      let waiting: () => void = () => undefined;
      const seenWaiting = new Promise<void>((resolve) => (waiting = resolve));
      const sink = (t: string) => {
        printed += t;
        if (printed.includes('Acquiring state lock')) waiting();
      };
      const patient = deploy('staging', new Date(), { lockTimeout: '5m', stdout: sink, stderr: sink, log: (l: string) => sink(`${l}\n`) });
      await seenWaiting; // terraform says it is waiting for the lock
      holder.stdin.end();
      assert.equal(await exited, 0);
      const r = await patient;
      assert.equal(r.code, 0, printed + r.output);
      assert.match(printed, /Apply complete! Resources: 0 added, 1 changed, 0 destroyed\./);
      assert.match(printed, /^window [12]\/2 retired: public\.account_balances_\d{4}_\d{2}_\d{2}$/m);
      assert.deepEqual(await stateWindows('staging'), await databaseWindows('staging'));
    } finally {
      holder.kill();
    }
  });

  it('a deploy whose plan went stale before its apply (another run applied in between) plans again and applies that', async () => {
    const staging = pools.get('staging')!;
    const windows = (await partitionInfo(staging, ACCOUNT_BALANCES.schema, ACCOUNT_BALANCES.name, 'timestamptz')).filter((p) => p.kind === 'range');
    const future = windows.at(-1)!.name;
    // drift to repair, and rows the refresh sees: applying the repair writes a state with new row estimates
    await staging.query(`DROP TABLE public.${future}`);
    await staging.query(
      `INSERT INTO public.account_balances ("timestamp", account_address, usd_value, activity_id, data)
       SELECT $1::timestamptz + i * interval '1 minute', 'acct-' || i, 1, 'xrd_holding', '{}' FROM generate_series(1, 500) i`,
      [windows[0].from],
    );
    await staging.query(`ANALYZE public.account_balances`);

    // another runner's saved plan of the same repair
    const otherDir = path.join(stack.outputDir, '..', 'runner-b');
    const other = await stack.run('plan', new Date(), { env: pgEnv(), command: { outputDir: otherDir } });
    assert.equal(other.code, 0, other.output);
    let applied: ReturnType<typeof spawnSync> | null = null;
    let printed = '';
    const sink = (t: string) => {
      printed += t;
      if (applied === null && / to create, /.test(printed)) {
        // this deploy has planned and printed its plan; the other runner applies first
        applied = spawnSync('terraform', ['apply', '-input=false', '-no-color', 'plan'], {
          cwd: path.join(otherDir, 'stacks', 'staging'),
          env: { ...stack.env(), ...pgEnv(), TF_CLI_CONFIG_FILE: stack.provider.cliConfigFile, CHECKPOINT_DISABLE: '1' },
          encoding: 'utf8',
        });
      }
    };
    const r = await deploy('staging', new Date(), { stdout: sink, stderr: sink, log: (l: string) => sink(`${l}\n`) });
    assert.equal(applied!.status, 0, `${applied!.stdout}${applied!.stderr}`);
    assert.equal(r.code, 0, printed + r.output);
    assert.match(printed, /another run changed the state of stack staging after this plan was made: planning again/);
    assert.match(printed, /stack staging is up to date; nothing to apply/); // the other runner's apply did it all
    assert.deepEqual(await stateWindows('staging'), await databaseWindows('staging'));
  });

  it('re-initialises when the backend moves: copies the state with --migrate-state, starts from what is there without', async () => {
    const local = { ...pgEnv(), PGPARTITION_STATE_BACKEND: 'local' };
    const moved = await stack.run('plan', new Date(), { env: local, command: { migrateState: true } });
    assert.equal(moved.code, 0, moved.output);
    assert.match(moved.output, /the state of stack staging moved from pg schema pgpartition_state_staging of .* to local file .*terraform\.staging\.tfstate: copying it over \(--migrate-state\)/);
    assert.match(moved.output, /No changes\./); // the copy is the state the database matches

    const back = await stack.run('plan', new Date(), { env: pgEnv() });
    assert.equal(back.code, 0, back.output);
    assert.match(back.output, /moved from local file .* to pg schema pgpartition_state_staging .*: using the state found there, the old one is not copied \(to copy it, run again with --migrate-state\)/);
    assert.match(back.output, /No changes\./);
  });
});

/** Polls `condition` every 100 ms; fails naming what it waited for after 60 s. */
async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`gave up waiting for ${what}`);
}
