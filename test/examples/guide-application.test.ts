// Runs examples/guide-application.ts as a reader would (`npx tsx`, DATABASE_URL set) against a real
// PostgreSQL holding the example app's account_balances as a deploy leaves it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Pool } from 'pg';
import { startLocalPostgres, LocalPostgres } from '../support/postgres';
import { createDeclaredTable } from '../support/declared-table';
import { accountBalancesProps } from '../../stacks/account-balances';
import { ENVIRONMENTS } from '../../stacks/environments';

const ROOT = path.join(__dirname, '../..');
const example = (env: NodeJS.ProcessEnv) =>
  spawnSync('npx', ['tsx', 'examples/guide-application.ts'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });

describe('examples/guide-application.ts', () => {
  let pg: LocalPostgres;
  before(async () => {
    pg = await startLocalPostgres();
    const pool = new Pool({ connectionString: pg.url, max: 1 });
    try {
      await createDeclaredTable(pool, accountBalancesProps(ENVIRONMENTS.find((e) => e.name === 'staging')!), new Date());
    } finally {
      await pool.end();
    }
  });
  after(async () => { await pg?.stop(); });

  it('runs every replacement of the guide\'s calls and reports the unlisted activity, twice in a row', () => {
    for (let i = 0; i < 2; i++) {
      const r = example({ DATABASE_URL: pg.url });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^CopyInserter: 1001 rows written to public\.account_balances$/m);
      assert.match(r.stdout, /^partitionInfo: 17 partitions, \d+ bytes, 17 managed$/m);
      assert.match(r.stdout, /^maintain: ANALYZE \(SKIP_LOCKED\) "public"\."account_balances" -> done/m);
      assert.match(r.stdout, /^checkHealth: runway 4 windows after account_balances_\d{4}_\d{2}_\d{2}, 1 findings$/m);
      assert.match(r.stdout, /^checkHealth: problem default-rows: account_balances_\d{4}_\d{2}_\d{2}_default holds \d+ rows? whose activity_id is in no activity group \(example_unlisted_activity \(\d+\)\)/m);
      assert.match(r.stdout, /^explainPruning: one week scans 11 partitions of account_balances_\d{4}_\d{2}_\d{2}; with activity_id = 'dex_swap', account_balances_\d{4}_\d{2}_\d{2}_g\d+$/m);
    }
  });

  it('fails saying what to set when DATABASE_URL is unset', () => {
    const r = example({ DATABASE_URL: '' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^guide-application: DATABASE_URL is not set\n {2}fix: export DATABASE_URL=/);
  });
});
