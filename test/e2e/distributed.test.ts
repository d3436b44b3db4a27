/**
 * End to end on Citus: the example app's `distributed` stack through `pgpartition deploy` / `plan`
 * (the app synthesized, the real terraform, the installed provider) against a throwaway Citus
 * cluster (a coordinator and two workers). Rows are counted on each worker, in the shards placed
 * there, before and after every change. Skipped, saying so, where Citus is not installed.
 * The cluster's citus.shard_count is 4 (the stack declares none, so it takes the server's), which
 * keeps 17 windows x shards quick to create on a shared machine.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { readDistribution } from '../../src/catalog';
import { qualifiedName } from '../../src/core/sql';
import { checkHealth } from '../../src/runtime/health';
import { CopyInserter, NoWindowForRowError } from '../../src/runtime/copy-inserter';
import { partitionInfo } from '../../src/runtime/partition-info';
import { ACCOUNT_BALANCES, accountBalancesProps } from '../../stacks/account-balances';
import { ENVIRONMENTS } from '../../stacks/environments';
import { sampleBalances } from '../../stacks/sample-balances';
import { citusSkipReason } from '../support/citus';
import { cleanEnv, runPgpartition, startExampleStack, type ExampleStack } from '../support/example-stack';
import type { LocalPostgres } from '../support/postgres';

const WEEK_MS = 7 * 86_400_000;
const ROWS = 60_000;
const { schema, name: table } = ACCOUNT_BALANCES;
const COLUMNS = ['timestamp', 'account_address', 'usd_value', 'activity_id', 'data'];

describe('pgpartition deploy distributed against a real Citus cluster', { skip: citusSkipReason }, () => {
  let stack: ExampleStack;
  const now = new Date();
  const weekAgo = new Date(now.getTime() - WEEK_MS);
  const flat = (text: string) => text.replace(/[│╷╵]/g, ' ').replace(/\s+/g, ' ');

  before(async () => {
    stack = await startExampleStack(4, { stack: 'distributed', citus: { settings: { 'citus.shard_count': 4 } } });
  });
  after(async () => stack?.stop());

  /** The windows attached to the parent (names, oldest first). */
  async function windows(): Promise<string[]> {
    return (await partitionInfo(stack.pool, schema, table, 'timestamptz')).filter((p) => p.kind === 'range').map((p) => p.name);
  }

  /** Rows of every window on one worker: the shards placed there, counted directly (not through the coordinator). */
  async function rowsOn(worker: LocalPostgres): Promise<Map<string, number>> {
    const client = new Client({ connectionString: worker.url });
    await client.connect();
    try {
      const { rows: shards } = await client.query<{ window: string; shard: string }>(
        `SELECT c.relname AS window, shard_name(s.logicalrelid, s.shardid) AS shard FROM pg_dist_shard s
           JOIN pg_dist_placement p ON p.shardid = s.shardid AND p.groupid = (SELECT groupid FROM pg_dist_local_group)
           JOIN pg_class c ON c.oid = s.logicalrelid
          WHERE s.logicalrelid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = $1::regclass)`,
        [qualifiedName(schema, table)],
      );
      const counts = new Map<string, number>();
      for (const s of shards) {
        const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${s.shard}`);
        counts.set(s.window, (counts.get(s.window) ?? 0) + rows[0].n);
      }
      return counts;
    } finally {
      await client.end();
    }
  }

  /** Rows of every window on each worker, in worker order. */
  const rowsPerWorker = () => Promise.all(stack.citus!.workers.map(rowsOn));

  it('deploys account_balances distributed by account_address, its one-level windows colocated with it, nothing of them on the coordinator', async () => {
    const output = await stack.pgpartition('deploy', weekAgo);
    assert.match(output, /Apply complete! Resources: 2 added, 0 changed, 0 destroyed\./); // the parent table and the window set
    const names = await windows();
    assert.equal(names.length, 17);
    const parent = await readDistribution(stack.pool, schema, table);
    assert.deepEqual({ column: parent?.column, shardCount: parent?.shardCount }, { column: 'account_address', shardCount: 4 });
    for (const w of names) {
      assert.deepEqual(await readDistribution(stack.pool, schema, w), parent, `${w} is distributed like the parent, in its colocation group`);
    }
    const { rows } = await stack.pool.query<{ partitioned: number; onCoordinator: number; heapBytes: string; indexed: number }>(
      `SELECT count(*) FILTER (WHERE c.relkind = 'p')::int AS partitioned,
              (SELECT count(*)::int FROM pg_dist_placement WHERE groupid = 0) AS "onCoordinator",
              sum(pg_relation_size(c.oid))::text AS "heapBytes",
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM pg_index x JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0]
                                               WHERE x.indrelid = c.oid AND a.attname = 'activity_id'))::int AS indexed
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass`,
      [qualifiedName(schema, table)],
    );
    assert.deepEqual(rows[0], { partitioned: 0, onCoordinator: 0, heapBytes: '0', indexed: 17 }, 'no sub-partitions; no shard and no table page on the coordinator; activity_id indexed instead');
    for (const counts of await rowsPerWorker()) assert.equal(counts.size, 17, 'every window has shards on every worker');
  });

  it('a second deploy changes nothing', async () => {
    const output = await stack.pgpartition('deploy', weekAgo);
    assert.match(output, /No changes\./);
    assert.doesNotMatch(output, /Apply complete/);
  });

  it('COPYs rows into the distributed table, spread over both workers; a row no window takes fails its batch with NoWindowForRowError', async () => {
    const info = (await partitionInfo(stack.pool, schema, table, 'timestamptz')).filter((p) => p.kind === 'range');
    const currentEnd = info.find((w) => Date.parse(w.from!) <= weekAgo.getTime() && weekAgo.getTime() < Date.parse(w.to!))!.to!;
    const hours = (Date.parse(currentEnd) - Date.parse(info[0].from!)) / 3_600_000;
    const inserter = new CopyInserter(stack.pool, schema, table, { columns: COLUMNS, maxBatchRows: 20_000 });
    assert.equal(await inserter.insert(sampleBalances({ from: new Date(info[0].from!), hours, rows: ROWS })), ROWS);
    const perWorker = await rowsPerWorker();
    const totals = perWorker.map((counts) => [...counts.values()].reduce((a, b) => a + b, 0));
    assert.equal(totals[0] + totals[1], ROWS);
    assert.ok(totals.every((n) => n > ROWS / 4), `rows on each worker: ${totals.join(', ')}`);

    const stray = { timestamp: new Date('2001-01-01T00:00:00Z'), account_address: 'account_x', usd_value: '1.00', activity_id: 'dex_swap', data: '{}' };
    await assert.rejects(inserter.insert([stray]), (err: unknown) =>
      err instanceof NoWindowForRowError && err.relation === table && /2001-01-01/.test(err.detail));
    assert.equal(Number((await stack.pool.query(`SELECT count(*) AS n FROM ${qualifiedName(schema, table)}`)).rows[0].n), ROWS);
  });

  it('status and checkHealth read the rows and bytes of each window from the workers', async () => {
    await stack.pool.query(`ANALYZE ${qualifiedName(schema, table)}`);
    const counts = await rowsPerWorker();
    const exact = (w: string) => counts.reduce((sum, c) => sum + (c.get(w) ?? 0), 0);
    const report = await checkHealth(stack.pool, accountBalancesProps(ENVIRONMENTS.find((e) => e.name === 'distributed')!), { now: weekAgo });
    assert.deepEqual(report.findings.filter((f) => f.severity === 'problem'), []);
    assert.deepEqual(report.drift, []);
    for (const p of report.partitions) {
      const n = exact(p.name);
      assert.ok(Math.abs(p.rows - n) <= Math.max(10, n * 0.1), `${p.name}: estimate ${p.rows}, ${n} rows on the workers`);
      assert.ok(p.bytes > 0, `${p.name}: bytes read from the shards`);
    }
    const status = runPgpartition(['status', '--table', table, '--format', 'json'], { ...cleanEnv(), DATABASE_URL: stack.pg.url });
    assert.equal(status.status, 0, status.stderr);
    const json = JSON.parse(status.stdout);
    assert.equal(json.partitions.reduce((sum: number, p: { rows: number }) => sum + p.rows, 0) > ROWS * 0.9, true);
  });

  it('rolls one window forward a week later: the plan shows the rows the drop deletes and the table lock; the other windows keep their rows on each worker', async () => {
    const before = await rowsPerWorker();
    const oldest = (await windows())[0];
    const oldestRows = before.reduce((sum, c) => sum + (c.get(oldest) ?? 0), 0);
    assert.ok(oldestRows > 0);

    const plan = flat(await stack.pgpartition('plan', now));
    assert.match(plan, /Plan: 0 to add, 1 to change, 0 to destroy\./); // the window set: one key leaves, one enters
    assert.match(plan, / 1 to create, 1 to drop, 0 to detach /);
    const warning = new RegExp(`Dropping window public\\.${oldest} deletes its rows .*? holds about (\\d+) rows \\((\\d+) bytes\\)`).exec(plan);
    assert.ok(warning, `the plan does not warn that dropping ${oldest} deletes rows:\n${plan}`);
    assert.ok(Math.abs(Number(warning[1]) - oldestRows) <= oldestRows * 0.5, `estimate ${warning[1]} for ${oldestRows} rows`);
    assert.match(plan, new RegExp(`Retiring public\\.${oldest} takes ACCESS EXCLUSIVE on public\\.${table} \\(Citus\\)`));

    const output = await stack.pgpartition('apply', now);
    assert.match(output, /Apply complete! Resources: 0 added, 1 changed, 0 destroyed\./);
    const after = await rowsPerWorker();
    for (const [i, counts] of after.entries()) {
      assert.equal(counts.has(oldest), false, `${oldest} has no shard left on worker ${i + 1}`);
      for (const [w, n] of before[i]) if (w !== oldest) assert.equal(counts.get(w), n, `rows of ${w} on worker ${i + 1}`);
    }
    assert.equal((await stack.pool.query('SELECT to_regclass($1) AS t', [qualifiedName(schema, oldest)])).rows[0].t, null, `${oldest} was dropped`);
    assert.equal((await windows()).length, 17);
  });

  it('fails the plan when a later asOf would retire windows still inside their retention on the database clock, changing nothing', async () => {
    const before = await windows();
    const early = await stack.run('plan', new Date(now.getTime() + 3 * WEEK_MS));
    assert.equal(early.code, 1, early.output);
    assert.match(flat(early.output), /Refusing to drop window public\.account_balances_\d{4}_\d{2}_\d{2}: not expired/);
    assert.deepEqual(await windows(), before);
  });

  it('re-creates a window dropped by hand, and converges after the provider dies between building and attaching it', async () => {
    const newest = (await windows()).at(-1)!;
    await stack.pool.query(`DROP TABLE ${qualifiedName(schema, newest)}`);
    const killed = await stack.run('deploy', now, { env: { PGPARTITION_FAULT: 'exit-after-build' } });
    assert.match(killed.output, new RegExp(`\\+ "?${newest}"? = \\{[\\s\\S]*Plan: 0 to add, 1 to change, 0 to destroy\\.`), 'the refresh found it gone');
    assert.notEqual(killed.code, 0, killed.output);
    assert.ok(!(await windows()).includes(newest), 'not attached yet');
    const parent = await readDistribution(stack.pool, schema, table);
    assert.deepEqual(await readDistribution(stack.pool, schema, newest), parent, 'the standalone window is already distributed, colocated with the parent');

    const output = await stack.pgpartition('deploy', now);
    assert.match(output, /Apply complete! Resources: 0 added, 1 changed, 0 destroyed\./);
    assert.equal((await windows()).at(-1), newest);
    assert.match(await stack.pgpartition('plan', now), /No changes\./);
  });
});
