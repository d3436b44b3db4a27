/**
 * End to end: the example app's staging stack through `pgpartition deploy` / `pgpartition plan`
 * (the app synthesized, the real terraform, the installed provider) against a throwaway PostgreSQL, on the issue's
 * "real input": deploy a week ago, load 1,000,000 rows, roll forward one window, lose no row
 * outside the dropped week.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool } from 'pg';
import { quoteIdent } from '../../src/core/sql';
import { CopyInserter } from '../../src/runtime/copy-inserter';
import { partitionInfo } from '../../src/runtime/partition-info';
import { ACCOUNT_BALANCES } from '../../stacks/account-balances';
import { sampleBalances } from '../../stacks/sample-balances';
import { cleanEnv, runPgpartition, startExampleStack, type ExampleStack } from '../support/example-stack';

const WEEK_MS = 7 * 86_400_000;
const ROWS = 1_000_000;

describe('stack commands without the stack\'s own connection variable', () => {
  for (const command of ['plan', 'diff', 'apply', 'deploy', 'plan-summary']) {
    it(`${command} stops before terraform, naming the variable to set, even when DATABASE_URL is set`, () => {
      const r = runPgpartition([command, 'prod'], { ...cleanEnv(), DATABASE_URL: 'postgres://someone@elsewhere:5432/other' });
      assert.equal(r.status, 1, r.stderr);
      assert.equal(
        r.stderr,
        'pgpartition: no database connection for stack "prod": PROD_DATABASE_URL is not set\n' +
          '  fix: export PROD_DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DATABASE, then re-run (to use another variable on purpose, pass --database-url-env NAME)\n',
      );
      assert.equal(r.stdout, '');
    });
  }
});

describe('pgpartition deploy staging against a real PostgreSQL', () => {
  let stack: ExampleStack;
  let pool: Pool;

  before(async () => {
    stack = await startExampleStack(4);
    pool = stack.pool;
  });
  after(async () => stack?.stop());

  /** Exact rows per window (a window counts its sub-partitions), oldest first. */
  async function countsByWindow(): Promise<Map<string, number>> {
    const windows = (await partitionInfo(pool, ACCOUNT_BALANCES.schema, ACCOUNT_BALANCES.name, 'timestamptz')).filter((p) => p.kind === 'range');
    const counts = new Map<string, number>();
    for (const w of windows) {
      const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(ACCOUNT_BALANCES.schema)}.${quoteIdent(w.name)}`);
      counts.set(w.name, Number(rows[0].n));
    }
    return counts;
  }

  it('rolls one window forward a week later: adds one, drops the oldest showing its rows, keeps every other row', async (t) => {
    const now = new Date();
    const weekAgo = new Date(now.getTime() - WEEK_MS);

    let started = Date.now();
    const first = await stack.pgpartition('deploy', weekAgo);
    t.diagnostic(`deploy at ${weekAgo.toISOString()}: ${Date.now() - started} ms`);
    assert.match(first, /Apply complete! Resources: 2 added, 0 changed, 0 destroyed\./); // the parent table and the window set
    // outside a terminal: one plain line per window step with a count, no ANSI codes
    const steps = first.split('\n').filter((l) => /^window \d+\/\d+ /.test(l));
    assert.equal(steps.length, 17, first);
    assert.match(steps[16], /^window 17\/17 attached: public\.account_balances_\d{4}_\d{2}_\d{2}$/);
    assert.doesNotMatch(first, /\x1b/);
    const windows = (await partitionInfo(pool, ACCOUNT_BALANCES.schema, ACCOUNT_BALANCES.name, 'timestamptz')).filter((p) => p.kind === 'range');
    assert.equal(windows.length, 17);
    assert.ok(windows.every((w) => w.subPartitions === 11), 'every window has 10 group sub-partitions and DEFAULT');
    const oldest = windows[0];
    const currentEnd = windows.find((w) => Date.parse(w.from!) <= weekAgo.getTime() && weekAgo.getTime() < Date.parse(w.to!))!.to!;

    // 1,000,000 rows spread over every hour from the oldest window through the window of `weekAgo`
    started = Date.now();
    const hours = (Date.parse(currentEnd) - Date.parse(oldest.from!)) / 3_600_000;
    const inserter = new CopyInserter(pool, ACCOUNT_BALANCES.schema, ACCOUNT_BALANCES.name, {
      columns: ['timestamp', 'account_address', 'usd_value', 'activity_id', 'data'],
      maxBatchRows: 20_000,
    });
    assert.equal(await inserter.insert(sampleBalances({ from: new Date(oldest.from!), hours, rows: ROWS })), ROWS);
    t.diagnostic(`COPY of ${ROWS} rows over ${hours / 168} weeks: ${Date.now() - started} ms`);
    const before = await countsByWindow();
    assert.equal([...before.values()].reduce((a, b) => a + b, 0), ROWS);
    const oldestRows = before.get(oldest.name)!;
    assert.ok(oldestRows > 0);

    started = Date.now();
    const plan = await stack.pgpartition('plan', now);
    t.diagnostic(`plan at ${now.toISOString()}: ${Date.now() - started} ms`);
    assert.match(plan, /Plan: 0 to add, 1 to change, 0 to destroy\./); // the window set: one key leaves, one enters
    assert.match(plan, new RegExp(`- "?${oldest.name}"? = \\{`));
    assert.match(plan, /\n1 to create, 1 to drop, 0 to detach\n/);
    // safety rule 3: the plan warns with the rows and bytes a drop deletes (terraform wraps the text)
    const warnings = plan.replace(/[│╷╵]/g, ' ').replace(/\s+/g, ' ');
    const warning = new RegExp(`Dropping window public\\.${oldest.name} deletes its rows .*? holds about (\\d+) rows \\((\\d+) bytes\\)`).exec(warnings);
    assert.ok(warning, `the plan does not warn that dropping ${oldest.name} deletes rows:\n${plan}`);
    const estimate = Number(warning[1]);
    t.diagnostic(`${oldest.name}: the plan warns of about ${estimate} rows (${warning[2]} bytes); it holds ${oldestRows} rows`);
    assert.ok(estimate >= oldestRows / 2 && estimate <= oldestRows * 2, `row estimate ${estimate} is not near the ${oldestRows} rows the window holds`);

    started = Date.now();
    const second = await stack.pgpartition('apply', now); // exactly the plan just reviewed
    t.diagnostic(`deploy at ${now.toISOString()}: ${Date.now() - started} ms`);
    assert.match(second, /Apply complete! Resources: 0 added, 1 changed, 0 destroyed\./);
    assert.match(second, new RegExp(`^window [12]/2 retired: public\\.${oldest.name}$`, 'm'));
    assert.match(second, /^window [12]\/2 attached: public\.account_balances_\d{4}_\d{2}_\d{2}$/m);

    const afterCounts = await countsByWindow();
    assert.equal(afterCounts.has(oldest.name), false, `${oldest.name} is still attached`);
    const { rows: gone } = await pool.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [`${ACCOUNT_BALANCES.schema}.${quoteIdent(oldest.name)}`]);
    assert.equal(gone[0].t, null, `${oldest.name} was detached but not dropped`);
    assert.equal(afterCounts.size, 17);
    for (const [name, n] of before) if (name !== oldest.name) assert.equal(afterCounts.get(name), n, `rows of ${name}`);
    const total = Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${ACCOUNT_BALANCES.schema}.${ACCOUNT_BALANCES.name}`)).rows[0].n);
    assert.equal(total, ROWS - oldestRows);

    // nothing to apply; --maintain then analyses the parent and the windows that took rows
    const maintained = await stack.run('deploy', now, { command: { maintain: true } });
    assert.equal(maintained.code, 0, maintained.output);
    assert.match(maintained.output, /up to date; nothing to apply/);
    assert.match(maintained.output, /ANALYZE/);
    const { rows: analysed } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_user_tables WHERE relname LIKE 'account_balances_%' AND last_analyze IS NOT NULL`);
    assert.ok(Number(analysed[0].n) > 0, 'windows were analysed');
  });
});
