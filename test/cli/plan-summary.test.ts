/**
 * `pgpartition plan-summary`: the pure plan JSON -> summary step on a small hand-made plan, the
 * two-line errors, and one run against a real PostgreSQL and terraform: the example stack deployed
 * a week ago, then diffed now (one window to create, the oldest to drop, its live rows shown).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatPlanSummary, planSummaryCommand, summarizePlan, summaryLine, type PlanSummary, type TerraformPlanJson } from '../../src/cli/commands/plan-summary';
import { ExitCode } from '../../src/cli/errors';
import { quoteIdent } from '../../src/core/sql';
import { partitionInfo } from '../../src/runtime/partition-info';
import { ACCOUNT_BALANCES } from '../../stacks/account-balances';
import { cleanEnv, runPgpartition, startExampleStack, type ExampleStack } from '../support/example-stack';

const WEEK_MS = 7 * 86_400_000;

/** The table's cells separated by single spaces, one table row a line. */
function cells(table: string): string {
  return table.replace(/│/g, ' ').replace(/ +/g, ' ');
}

function window(name: string, from: string, to: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema: 'public', parent_table: 'events', name, from, to, range_type: 'timestamptz', retention_mode: 'drop',
    sub_partitions: [{ name: `${name}_g0`, values: ['a'] }, { name: `${name}_g1`, values: ['b'] }],
    default_sub_partition: `${name}_default`, ...extra,
  };
}

const PLAN: TerraformPlanJson = {
  resource_changes: [
    { address: 'pgpartition_parent_table.Events', type: 'pgpartition_parent_table', change: { actions: ['update'], before: {}, after: {} } },
    { address: 'pgpartition_window.W3', type: 'pgpartition_window', change: { actions: ['create'], before: null, after: window('events_2025_01_13', '2025-01-13T00:00:00Z', '2025-01-20T00:00:00Z') } },
    { address: 'pgpartition_window.W0', type: 'pgpartition_window', change: { actions: ['delete'], before: window('events_2024_12_23', '2024-12-23T00:00:00Z', '2024-12-30T00:00:00Z', { row_estimate: 1200, size_bytes: 81920 }), after: null } },
    { address: 'pgpartition_window.W1', type: 'pgpartition_window', change: { actions: ['delete'], before: window('events_2024_12_30', '2024-12-30T00:00:00Z', '2025-01-06T00:00:00Z', { retention_mode: 'detach', row_estimate: 5, size_bytes: 8192 }), after: null } },
    { address: 'pgpartition_window.W2', type: 'pgpartition_window', change: { actions: ['delete', 'create'], before: window('events_2025_01_06', '2025-01-06T00:00:00Z', '2025-01-13T00:00:00Z', { row_estimate: 7, size_bytes: 16384 }), after: window('events_2025_01_06', '2025-01-06T00:00:00Z', '2025-01-13T00:00:00Z') } },
    { address: 'pgpartition_window.W4', type: 'pgpartition_window', change: { actions: ['no-op'], before: {}, after: {} } },
    { address: 'pgpartition_window.W5', type: 'pgpartition_window', change: { actions: ['update'], before: {}, after: {} } },
    { address: 'data.pgpartition_partitions.All', type: 'pgpartition_partitions', change: { actions: ['read'], before: null, after: {} } },
  ],
};

describe('summarizePlan', () => {
  it('sorts window creates, drops, detaches and replacements apart from other changes', () => {
    const s = summarizePlan(PLAN);
    assert.deepEqual(s.create, [{ address: 'pgpartition_window.W3', schema: 'public', parentTable: 'events', name: 'events_2025_01_13', from: '2025-01-13T00:00:00Z', to: '2025-01-20T00:00:00Z', subPartitions: 3 }]);
    assert.deepEqual(s.destroy.map((w) => [w.name, w.retentionMode, w.rows, w.bytes]), [['events_2024_12_23', 'drop', 1200, 81920], ['events_2024_12_30', 'detach', 5, 8192]]);
    assert.deepEqual(s.replace.map((w) => w.name), ['events_2025_01_06']);
    assert.deepEqual(s.parentTables, [{ address: 'pgpartition_parent_table.Events', type: 'pgpartition_parent_table', actions: ['update'] }]);
    assert.deepEqual(s.other, [{ address: 'pgpartition_window.W5', type: 'pgpartition_window', actions: ['update'] }]);
    assert.equal(summaryLine(s), '1 to create, 1 to drop, 1 to detach, 1 to replace, 2 other changes');
  });

  it('prints a plain table with rows and sizes of retired windows, and the summary line', () => {
    const text = formatPlanSummary(summarizePlan(PLAN), false);
    const lines = cells(text).split('\n');
    for (const row of [
      ' create public.events_2025_01_13 2025-01-13T00:00:00Z 2025-01-20T00:00:00Z 3 ',
      ' drop public.events_2024_12_23 2024-12-23T00:00:00Z 2024-12-30T00:00:00Z 3 1,200 80.0 kB ',
      ' detach public.events_2024_12_30 2024-12-30T00:00:00Z 2025-01-06T00:00:00Z 3 5 8.0 kB ',
      ' replace public.events_2025_01_06 2025-01-06T00:00:00Z 2025-01-13T00:00:00Z 3 7 16.0 kB ',
      ' update pgpartition_parent_table.Events ',
      ' update pgpartition_window.W5 ',
    ]) assert.ok(lines.includes(row), `no row "${row}" in\n${text}`);
    assert.ok(text.endsWith('1 to create, 1 to drop, 1 to detach, 1 to replace, 2 other changes\n'));
    assert.doesNotMatch(text, /\x1b\[/);
  });

  it('reports an empty plan as no changes', () => {
    const s = summarizePlan({ resource_changes: [PLAN.resource_changes![5]] });
    assert.equal(formatPlanSummary(s, false), '0 to create, 0 to drop, 0 to detach\n');
  });
});

function cli(args: string[], env: NodeJS.ProcessEnv) {
  return runPgpartition(['plan-summary', ...args], env);
}

describe('pgpartition plan-summary errors', () => {
  it('fails naming the variable to set when the stack has no connection', () => {
    const r = cli(['staging'], cleanEnv());
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^pgpartition: no database connection for stack "staging": STAGING_DATABASE_URL and DATABASE_URL are not set\n  fix: export STAGING_DATABASE_URL=/);
  });

  it('fails telling to run the diff first when there is no saved plan', () => {
    const r = cli(['staging', '--output', path.join(os.tmpdir(), 'pgpartition-no-such-dir')], { ...cleanEnv(), STAGING_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^pgpartition: no saved plan for stack "staging" in \S+pgpartition-no-such-dir\/stacks\/staging\n  fix: run `npm run diff -- staging` first\n$/);
  });
});

describe('plan-summary of the example stack against a real PostgreSQL', () => {
  let stack: ExampleStack;

  before(async () => {
    stack = await startExampleStack(1);
  });
  after(async () => stack?.stop());

  it('lists the window to create and the oldest to drop with the rows it holds now', async () => {
    const now = new Date();
    await stack.cdktf('deploy', new Date(now.getTime() - WEEK_MS));
    const [oldest] = (await partitionInfo(stack.pool, ACCOUNT_BALANCES.schema, ACCOUNT_BALANCES.name, 'timestamptz')).filter((p) => p.kind === 'range');
    await stack.cdktf('diff', now);
    let text = '';
    const code = await planSummaryCommand({ stack: 'staging', json: true, output: stack.outputDir, env: stack.env(), cliConfigFile: stack.cliConfigFile, out: (t) => (text = t) });
    assert.equal(code, ExitCode.ChangesPending);
    const json = JSON.parse(text) as PlanSummary & { summary: string };
    assert.equal(json.summary, '1 to create, 1 to drop, 0 to detach');
    assert.equal(json.destroy[0].name, oldest.name);
    assert.equal(json.destroy[0].rows, 0);

    // rows loaded after the diff: the plan's row_estimate (state; terraform does not refresh a destroyed window) stays 0
    await stack.pool.query(
      `INSERT INTO ${quoteIdent(ACCOUNT_BALANCES.schema)}.${quoteIdent(ACCOUNT_BALANCES.name)} ("timestamp", account_address, usd_value, activity_id, data)
       SELECT $1::timestamptz + (n % 100) * interval '1 hour', 'account_' || n, n, 'xrd_holding', '{}' FROM generate_series(1, 1000) n`,
      [oldest.from],
    );
    const r = cli(['staging', '--output', stack.outputDir], stack.env());
    assert.equal(r.status, ExitCode.ChangesPending, r.stderr);
    const table = cells(r.stdout);
    assert.match(table, /^ create public\.account_balances_\d{4}_\d{2}_\d{2} \S+ \S+ 11 $/m, r.stdout);
    assert.match(table, new RegExp(`^ drop public\\.${oldest.name} ${oldest.from} ${oldest.to} 11 1,000 \\d+\\.\\d kB $`, 'm'), `the drop shows the live 1,000 rows:\n${r.stdout}`);
    assert.ok(r.stdout.endsWith('1 to create, 1 to drop, 0 to detach\n'), r.stdout);
  });
});
