// Tests `pgpartition explain` (src/cli/commands/explain.ts) end to end on the example app's
// account_balances, laid out in a real PostgreSQL as the provider lays it out.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startLocalPostgres, LocalPostgres } from '../support/postgres';
import { createDeclaredTable } from '../support/declared-table';
import { accountBalancesProps } from '../../stacks/account-balances';
import { ENVIRONMENTS } from '../../stacks/environments';
import type { WindowPlan } from '../../src/core';

const BIN = join(__dirname, '../../src/cli/bin.cjs');

describe('pgpartition explain', () => {
  let pg: LocalPostgres;
  let current: WindowPlan;
  let dexSwapGroup: string;
  const explain = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, 'explain', '--table', 'account_balances', ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: pg.url }, timeout: 60_000 });
  before(async () => {
    pg = await startLocalPostgres();
    const pool = new Pool({ connectionString: pg.url, max: 1 });
    try {
      const props = accountBalancesProps(ENVIRONMENTS[0]);
      const { plan } = await createDeclaredTable(pool, props, new Date());
      current = plan.windows.find((w) => w.current)!;
      dexSwapGroup = props.activityGroups!.find((g) => g.values.includes('dex_swap'))!.name;
    } finally {
      await pool.end();
    }
  });
  after(async () => { await pg?.stop(); });

  it('prints the 11 leaf partitions of the one window a one-week query touches, one a line', () => {
    const r = explain('--param', current.from, '--param', current.to, 'SELECT * FROM account_balances WHERE "timestamp" >= $1 AND "timestamp" < $2');
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 11);
    assert.ok(lines.every((l) => l.startsWith(`${current.name}_`)), r.stdout);
  });

  it('prints the one sub-partition an activity_id filter touches', () => {
    const r = explain('--param', current.from, `SELECT * FROM account_balances WHERE "timestamp" = $1 AND activity_id = 'dex_swap'`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${current.name}_${dexSwapGroup}\n`);
  });

  it('says so on stderr when the query scans no partition of the table', () => {
    const r = explain('SELECT 1');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'pgpartition: the query scans no partition of public.account_balances\n');
  });

  it('fails with the planner\'s message and a fix when the query cannot be planned', () => {
    const r = explain('SELECT * FROM account_balances WHERE "timestamp" = $1');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^pgpartition: cannot plan the query: .*\n {2}fix: pass one SELECT .* with a --param for each \$n/);
  });
});
