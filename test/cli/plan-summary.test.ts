/**
 * `pgpartition plan-summary` and the plan report: the pure plan JSON -> report step and its three
 * printers on a small hand-made plan, the two-line errors, and runs against a real PostgreSQL and
 * terraform: the example stack deployed a week ago, then planned now (one window to create, the
 * oldest to drop with its live rows), a failed plan (errors first, exit 1, never applied), and a
 * saved plan applied against another database (refused).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExitCode } from '../../src/cli/errors';
import { formatPlanReport } from '../../src/cli/plan/format';
import { planReport, type PlanReport } from '../../src/cli/plan/report';
import type { PlanRecord } from '../../src/cli/plan/saved-plan';
import { summaryLine, type TerraformPlanJson } from '../../src/cli/plan/summary';
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
    schema: 'public', parent_table: 'events', name, from, to, range_type: 'timestamptz', retention_mode: 'drop', retention: '2 weeks',
    sub_partitions: [{ name: `${name}_g0`, values: ['a'] }, { name: `${name}_g1`, values: ['b'] }],
    default_sub_partition: `${name}_default`, ...extra,
  };
}

const PLAN: TerraformPlanJson = {
  resource_changes: [
    { address: 'pgpartition_parent_table.Events', type: 'pgpartition_parent_table', change: { actions: ['update'], before: { name: 'events', indexes: [] }, after: { name: 'events', indexes: [{ columns: ['a'] }] } } },
    { address: 'pgpartition_window.W3', type: 'pgpartition_window', change: { actions: ['create'], before: null, after: window('events_2025_01_13', '2025-01-13T00:00:00Z', '2025-01-20T00:00:00Z') } },
    { address: 'pgpartition_window.W0', type: 'pgpartition_window', change: { actions: ['delete'], before: window('events_2024_12_23', '2024-12-23T00:00:00Z', '2024-12-30T00:00:00Z', { row_estimate: 1200, size_bytes: 81920 }), after: null } },
    { address: 'pgpartition_window.W1', type: 'pgpartition_window', change: { actions: ['delete'], before: window('events_2024_12_30', '2024-12-30T00:00:00Z', '2025-01-06T00:00:00Z', { retention_mode: 'detach', row_estimate: 5, size_bytes: 8192 }), after: null } },
    { address: 'pgpartition_window.W2', type: 'pgpartition_window', change: { actions: ['delete', 'create'], before: window('events_2025_01_06', '2025-01-06T00:00:00Z', '2025-01-13T00:00:00Z', { row_estimate: 7, size_bytes: 16384 }), after: window('events_2025_01_06', '2025-01-06T00:00:00Z', '2025-01-13T00:00:00Z') } },
    { address: 'pgpartition_window.W4', type: 'pgpartition_window', change: { actions: ['no-op'], before: {}, after: {} } },
    { address: 'pgpartition_window.W5', type: 'pgpartition_window', change: { actions: ['update'], before: window('events_2025_01_20', '2025-01-20T00:00:00Z', '2025-01-27T00:00:00Z', { row_estimate: 3 }), after: window('events_2025_01_20', '2025-01-20T00:00:00Z', '2025-01-27T00:00:00Z', { retention: '4 weeks', row_estimate: 9 }) } },
    { address: 'data.pgpartition_partitions.All', type: 'pgpartition_partitions', change: { actions: ['read'], before: null, after: {} } },
  ],
  planned_values: { outputs: { Events_CurrentWindowStart_1234: { value: '2025-01-06T00:00:00Z' } } },
};

const RECORD: PlanRecord = {
  version: 1, stack: 'staging', target: 'deployer@db:5432/app', variable: 'STAGING_DATABASE_URL', asOf: '2025-01-08T00:00:00.000Z',
  createdAt: '2025-01-08T00:00:01.000Z', terraformExitCode: 2, errors: [],
};

const report = (plan: TerraformPlanJson, record: PlanRecord | null = RECORD): PlanReport => planReport('staging', '/x/plan', plan, record);

describe('planReport', () => {
  it('keeps the calendar roll apart from the declaration changes', () => {
    const r = report(PLAN);
    assert.equal(r.status, 'changes');
    assert.deepEqual(r.roll.create.map((w) => w.name), ['events_2025_01_13']);
    assert.deepEqual(r.roll.retire.map((w) => [w.name, w.retentionMode, w.rows, w.bytes]), [['events_2024_12_23', 'drop', 1200, 81920], ['events_2024_12_30', 'detach', 5, 8192]]);
    assert.deepEqual(r.declaration.replace.map((w) => w.name), ['events_2025_01_06']);
    assert.deepEqual(r.declaration.update, [{ address: 'pgpartition_window.W5', type: 'pgpartition_window', actions: ['update'], attributes: ['retention'] }]);
    assert.deepEqual(r.declaration.parentTables.map((c) => c.attributes), [['indexes']]);
    assert.deepEqual([r.target, r.asOf, r.currentWindowStarts], ['deployer@db:5432/app', '2025-01-08T00:00:00.000Z', ['2025-01-06T00:00:00Z']]);
    assert.equal(summaryLine(r), '1 to create, 1 to drop, 1 to detach, 1 to replace, 2 other changes');
  });

  it('reports a plan terraform marks errored as errored, with the recorded errors, whatever it lists', () => {
    const r = report({ ...PLAN, errored: true }, { ...RECORD, terraformExitCode: 1, errors: ['Error: Refusing to drop window public.events_2025_01_06: not expired\n\nwait'] });
    assert.equal(r.status, 'errored');
    assert.deepEqual(r.errors, ['Error: Refusing to drop window public.events_2025_01_06: not expired\n\nwait']);
  });

  it('reports an errored plan without a record as errored, saying how to see why', () => {
    const r = report({ errored: true, applyable: false }, null);
    assert.equal(r.status, 'errored');
    assert.match(r.errors[0], /no record of why\. Make the plan again with `pgpartition plan`/);
  });

  it('reads a window set\'s map: keys entering are creates, keys leaving retirements, changed bounds replacements, other changes updates', () => {
    const entry = (from: string, to: string, extra: Record<string, unknown> = {}) => ({ from, to, sub_partitions: [{ name: 'x', values: ['a'] }], default_sub_partition: 'd', retention: '2 weeks', retention_mode: 'drop', ...extra });
    const set = (windows: Record<string, unknown>, owner = 'o') => ({ schema: 'public', parent_table: 'events', range_type: 'timestamptz', owner, windows });
    const r = report({
      resource_changes: [{
        address: 'pgpartition_window_set.Events', type: 'pgpartition_window_set',
        change: {
          actions: ['update'],
          before: set({ events_2024_12_23: entry('2024-12-23T00:00:00Z', '2024-12-30T00:00:00Z', { row_estimate: 12 }), events_2024_12_30: entry('2024-12-30T00:00:00Z', '2025-01-06T00:00:00Z'), events_2025_01_06: entry('2025-01-06T00:00:00Z', '2025-01-13T00:00:00Z') }),
          after: set({ events_2024_12_30: entry('2024-12-30T00:00:00Z', '2025-01-07T00:00:00Z'), events_2025_01_06: entry('2025-01-06T00:00:00Z', '2025-01-13T00:00:00Z', { retention: '4 weeks' }), events_2025_01_13: entry('2025-01-13T00:00:00Z', '2025-01-20T00:00:00Z') }, 'p'),
        },
      }],
    });
    assert.deepEqual(r.roll.create.map((w) => [w.name, w.parentTable, w.subPartitions]), [['events_2025_01_13', 'events', 2]]);
    assert.deepEqual(r.roll.retire.map((w) => [w.name, w.retentionMode, w.rows]), [['events_2024_12_23', 'drop', 12]]);
    assert.deepEqual(r.declaration.replace.map((w) => w.name), ['events_2024_12_30']);
    assert.deepEqual(r.declaration.update.map((c) => [c.address, c.attributes]), [
      ['pgpartition_window_set.Events.windows["events_2025_01_06"]', ['retention']],
      ['pgpartition_window_set.Events', ['owner']],
    ]);
  });

  it('reports a plan of no-op changes as no changes', () => {
    const r = report({ resource_changes: [PLAN.resource_changes![5]] });
    assert.equal(r.status, 'no-changes');
    assert.equal(summaryLine(r), '0 to create, 0 to drop, 0 to detach');
  });
});

describe('plan report printers', () => {
  it('text: a table for the roll and one for the declaration changes, without colour', () => {
    const text = formatPlanReport(report(PLAN), 'text');
    const lines = cells(text).split('\n');
    for (const row of [
      ' create public.events_2025_01_13 2025-01-13T00:00:00Z 2025-01-20T00:00:00Z 3 ',
      ' drop public.events_2024_12_23 2024-12-23T00:00:00Z 2024-12-30T00:00:00Z 3 1,200 80.0 kB ',
      ' detach public.events_2024_12_30 2024-12-30T00:00:00Z 2025-01-06T00:00:00Z 3 5 8.0 kB ',
      ' REPLACE (rows deleted) public.events_2025_01_06 [2025-01-06T00:00:00Z, 2025-01-13T00:00:00Z) 7 16.0 kB ',
      ' update pgpartition_window.W5 retention ',
      ' update pgpartition_parent_table.Events indexes ',
    ]) assert.ok(lines.includes(row), `no row "${row}" in\n${text}`);
    assert.ok(text.startsWith('stack staging · target deployer@db:5432/app · as of 2025-01-08T00:00:00.000Z · current window from 2025-01-06T00:00:00Z\n'), text);
    assert.ok(text.endsWith('1 to create, 1 to drop, 1 to detach, 1 to replace, 2 other changes\n'));
    assert.doesNotMatch(text, /\x1b\[/);
  });

  it('markdown: a pull-request comment with the target, asOf, the roll and the flagged replacement', () => {
    const md = formatPlanReport(report(PLAN), 'markdown');
    assert.match(md, /^### pgpartition plan for `staging`: 1 to create, 1 to drop, 1 to detach, 1 to replace, 2 other changes\n/);
    assert.match(md, /target `deployer@db:5432\/app` · as of `2025-01-08T00:00:00\.000Z`/);
    assert.match(md, /#### Calendar roll \(routine\)\n\n\| change \| window \|/);
    assert.match(md, /^\| drop \| `public\.events_2024_12_23` \| 2024-12-23T00:00:00Z \| 2024-12-30T00:00:00Z \| 3 \| 1,200 \| 80\.0 kB \|$/m);
    assert.match(md, /^\| :warning: \*\*replace\*\*: dropped and created empty, its rows are deleted \| `public\.events_2025_01_06` \|/m);
    assert.match(md, /^\| update \| `pgpartition_window\.W5` \| retention \| \| \|$/m);
  });

  it('markdown and text of a failed plan: the errors, and that nothing can be applied', () => {
    const failed = report({ errored: true }, { ...RECORD, terraformExitCode: 1, errors: ['Error: boom\n\ndetail | with ``` fence'] });
    const md = formatPlanReport(failed, 'markdown');
    assert.match(md, /^### :x: pgpartition plan for `staging` failed\n/);
    assert.match(md, /```text\nError: boom\n\ndetail \| with ''' fence\n```/);
    assert.match(formatPlanReport(failed, 'text'), /the plan FAILED; it cannot be applied\. terraform's errors:\n\nError: boom/);
  });

  it('json: the report with its summary line', () => {
    const json = JSON.parse(formatPlanReport(report(PLAN), 'json'));
    assert.equal(json.summary, '1 to create, 1 to drop, 1 to detach, 1 to replace, 2 other changes');
    assert.equal(json.roll.retire[0].name, 'events_2024_12_23');
  });
});

describe('pgpartition plan-summary usage', () => {
  it('fails naming the variable to set when the stack has no connection', () => {
    const r = runPgpartition(['plan-summary', 'staging'], cleanEnv());
    assert.equal(r.status, ExitCode.Failed, r.stderr);
    assert.match(r.stderr, /^pgpartition: no database connection for stack "staging": STAGING_DATABASE_URL is not set\n  fix: export STAGING_DATABASE_URL=/);
  });

  it('fails with the usage exit code on an unknown format', () => {
    const r = runPgpartition(['plan-summary', 'staging', '--format', 'html'], { ...cleanEnv(), STAGING_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    assert.equal(r.status, ExitCode.Usage, r.stderr);
    assert.equal(r.stderr, 'pgpartition: --format "html" is not a plan summary format\n  fix: use one of text, markdown, json\n');
  });
});

describe('plan, plan-summary and apply of the example stack against a real PostgreSQL', () => {
  let stack: ExampleStack;
  const now = new Date();

  before(async () => {
    stack = await startExampleStack(1);
    await stack.pgpartition('deploy', new Date(now.getTime() - WEEK_MS));
  });
  after(async () => stack?.stop());

  it('summarises the window to create and the oldest to drop with the rows it holds now; exit 2', async () => {
    const [oldest] = (await partitionInfo(stack.pool, ACCOUNT_BALANCES.schema, ACCOUNT_BALANCES.name, 'timestamptz')).filter((p) => p.kind === 'range');
    const plan = await stack.pgpartition('plan', now);
    assert.match(plan, /Plan: 0 to add, 1 to change, 0 to destroy\./);
    assert.match(plan, /pgpartition: planning stack staging against postgres@127\.0\.0\.1:\d+\/pgpartition \(from STAGING_DATABASE_URL\)/);
    assert.match(plan, /\n1 to create, 1 to drop, 0 to detach\n/);

    // rows loaded after the plan: the plan's row_estimate (state; terraform does not refresh a destroyed window) stays 0
    await stack.pool.query(
      `INSERT INTO ${quoteIdent(ACCOUNT_BALANCES.schema)}.${quoteIdent(ACCOUNT_BALANCES.name)} ("timestamp", account_address, usd_value, activity_id, data)
       SELECT $1::timestamptz + (n % 100) * interval '1 hour', 'account_' || n, n, 'xrd_holding', '{}' FROM generate_series(1, 1000) n`,
      [oldest.from],
    );
    const text = await stack.run('plan-summary', now);
    assert.equal(text.code, ExitCode.Changes, text.output);
    const table = cells(text.stdout);
    assert.match(table, /^ create public\.account_balances_\d{4}_\d{2}_\d{2} \S+ \S+ 11 $/m, text.stdout);
    assert.match(table, new RegExp(`^ drop public\\.${oldest.name} ${oldest.from} ${oldest.to} 11 1,000 \\d+\\.\\d kB $`, 'm'), `the drop shows the live 1,000 rows:\n${text.stdout}`);

    const md = await stack.run('plan-summary', now, { format: 'markdown' });
    assert.equal(md.code, ExitCode.Changes, md.output);
    assert.match(md.stdout, /target `postgres@127\.0\.0\.1:\d+\/pgpartition` · as of `/);
    assert.match(md.stdout, /None: only the calendar moves\./);
  });

  it('refuses to apply a plan made against another database', async () => {
    const elsewhere = stack.pg.url.replace('postgres://postgres:', 'postgres://reader:');
    const r = await stack.run('apply', now, { env: { STAGING_DATABASE_URL: elsewhere } });
    assert.equal(r.code, ExitCode.Failed, r.output);
    assert.match(r.output, /pgpartition: the plan at \S+ was made against postgres@127\.0\.0\.1:\d+\/pgpartition, but STAGING_DATABASE_URL now points at reader@127\.0\.0\.1:\d+\/pgpartition\n/);
    assert.doesNotMatch(r.output, /Apply complete/);
  });

  it('a failed plan prints its errors in plan-summary, exits 1, and is never applied', async () => {
    const r = await stack.run('plan', new Date(now.getTime() + 20 * WEEK_MS)); // lowers nothing, but asks to drop windows not yet expired
    assert.equal(r.code, ExitCode.Failed, r.output);
    assert.match(r.output, /Error: Refusing to drop window public\.account_balances_\S+: not expired/);
    assert.match(r.output, /pgpartition: the plan of stack staging failed; nothing can be applied\n/);
    assert.doesNotMatch(r.output, /\d+ to create, \d+ to drop/, 'no clean summary for a failed plan');

    const summary = await stack.run('plan-summary', now, { format: 'markdown' });
    assert.equal(summary.code, ExitCode.Failed, summary.output);
    assert.match(summary.stdout, /^### :x: pgpartition plan for `staging` failed\n/);
    assert.match(summary.stdout, /```text\nError: Refusing to drop window public\.account_balances_\S+: not expired/);

    const apply = await stack.run('apply', now);
    assert.equal(apply.code, ExitCode.Failed, apply.output);
    assert.match(apply.output, /pgpartition: the plan at \S+ failed when it was made; it cannot be applied\n/);
  });
});
