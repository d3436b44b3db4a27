// pgpartition_parent_table and pgpartition_window on a real Citus cluster (a coordinator and two
// workers; src/provider/windows/citus.ts), through the real terraform. The steps build on each
// other (one cluster, one distributed parent), so they run in order. Skipped, saying so, where
// Citus is not installed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { readInventory } from '../../src/catalog';
import { assertOk, type TerraformWorkdir } from '../support/terraform';
import { citusSkipReason } from '../support/citus';
import { flat, PROVIDER_HCL, parentHcl, partitionsOf, startFixture, windowHcl, type ProviderFixture } from './support/fixture';

describe('windows of a table distributed with Citus', { skip: citusSkipReason }, () => {
  let f: ProviderFixture;
  let tf: TerraformWorkdir;
  const parent = parentHcl('events', { distribution: { column: 'activity_id', shardCount: 4 } });
  const window = (start: string, o: Parameters<typeof windowHcl>[2] = {}) => windowHcl('events', start, { oneLevel: true, ...o });
  const base = PROVIDER_HCL + parent + window('2030-01-07');
  /** Colocation group and shard count of each distributed table asked for, from the coordinator. */
  const distribution = async (...tables: string[]) =>
    (await f.admin.query(`SELECT logicalrelid::text AS t, colocationid AS c, (SELECT count(*)::int FROM pg_dist_shard s WHERE s.logicalrelid = p.logicalrelid) AS shards
      FROM pg_dist_partition p WHERE logicalrelid::text = ANY($1) ORDER BY 1`, [tables])).rows;

  before(async () => {
    f = await startFixture({ citus: {} });
    tf = await f.workdir(base);
    assertOk(await tf.init());
  });
  after(async () => f?.stop());

  it('creates the distributed parent and windows distributed colocated with it; attaches a window while a writer\'s transaction is open on the table', async () => {
    const plan = assertOk(await tf.plan());
    assert.match(plan.stdout, /\+ distribution_column = "activity_id"/, 'the plan shows the distribution');
    assertOk(await tf.apply());
    const [p, w] = await distribution('events', 'events_2030_01_07');
    assert.deepEqual([p, w], [{ t: 'events', c: p.c, shards: 4 }, { t: 'events_2030_01_07', c: p.c, shards: 4 }]);

    const writer = new Client({ connectionString: f.pg.url });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(`INSERT INTO events VALUES ('2030-01-08T10:00:00Z', 'a1', 1)`); // ROW EXCLUSIVE on the table and its shards, held
      tf.write('main.tf', base + window('2030-01-14'));
      assertOk(await tf.apply(), 'ATTACH takes SHARE UPDATE EXCLUSIVE: it goes through beside the writer');
      await writer.query('COMMIT');
    } finally {
      await writer.end();
    }
    assert.deepEqual(await partitionsOf(f.admin, 'events'), ['events_2030_01_07', 'events_2030_01_14']);
    assert.equal((await distribution('events_2030_01_14'))[0].c, p.c);
    assert.equal((await tf.planExitCode()).code, 0);
  });

  it('fails the plan of a window with sub-partitions on the distributed table, naming list_column, and creates nothing', async () => {
    tf.write('main.tf', base + window('2030-01-14') + windowHcl('events', '2030-01-21'));
    const plan = await tf.plan('-no-color');
    assert.equal(plan.code, 1, plan.stdout);
    const text = flat(plan.stderr);
    assert.match(text, /Window public\.events_2030_01_21 cannot be sub-partitioned on Citus/);
    assert.match(text, /cannot distribute multi-level partitioned tables/);
    assert.match(text, /list_column = "activity_id"/, 'terraform points at the attribute');
    tf.write('main.tf', base + window('2030-01-14'));
  });

  it('fails the plan of a column or index change on the distributed table, saying to use Citus\'s own DDL, and changes nothing', async () => {
    const changed = base.replace('{ name = "v", type = "numeric(18,2)", nullable = true },', '{ name = "v", type = "numeric(18,2)", nullable = true },\n    { name = "note", type = "text", nullable = true },');
    assert.notEqual(changed, base);
    tf.write('main.tf', changed + window('2030-01-14'));
    const plan = await tf.plan('-no-color');
    assert.equal(plan.code, 1, plan.stdout);
    const text = flat(plan.stderr);
    assert.match(text, /Schema changes to public\.events on Citus are not supported/);
    assert.match(text, /changed nothing\. Fix: make the change with Citus's own DDL/);
    const { rows } = await f.admin.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'note'`);
    assert.equal(rows[0].n, 0);
    tf.write('main.tf', base + window('2030-01-14'));
  });

  it('bounds the retirement\'s lock waits on the workers: a reader on a worker\'s shard makes the plain DETACH give up, leaving the window attached; then it is retired', async () => {
    const short = (hcl: string) => hcl.replace('lock_timeout_ms  = 5000', 'lock_timeout_ms  = 300\n  lock_retries     = 1');
    const expired = window('2020-01-06', { retention: '12 weeks', mode: 'drop' });
    tf.write('main.tf', short(base + window('2030-01-14') + expired));
    assertOk(await tf.apply());
    await f.admin.query(`INSERT INTO events SELECT '2020-01-07T00:00:00Z'::timestamptz + n * interval '1 minute', 'a' || n, n FROM generate_series(1, 3) n`);

    tf.write('main.tf', short(base + window('2030-01-14')));
    const plan = flat(assertOk(await tf.plan()).stdout);
    assert.match(plan, /Retiring public\.events_2020_01_06 takes ACCESS EXCLUSIVE on public\.events \(Citus\)/);
    assert.match(plan, /refuses DETACH PARTITION \.\.\. CONCURRENTLY/);
    assert.match(plan, /Dropping window public\.events_2020_01_06 deletes its rows .*holds about 3 rows/, 'rows counted on the workers');

    const worker = f.citus!.workers[0];
    const reader = new Client({ connectionString: worker.url });
    await reader.connect();
    try {
      const { rows } = await reader.query<{ shard: string }>(
        `SELECT shard_name(s.logicalrelid, s.shardid) AS shard FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid)
          WHERE s.logicalrelid = 'events'::regclass AND p.groupid = (SELECT groupid FROM pg_dist_local_group) LIMIT 1`);
      await reader.query('BEGIN');
      await reader.query(`SELECT count(*) FROM ${rows[0].shard}`); // ACCESS SHARE on a shard of the table, on this worker only
      const blocked = await tf.apply();
      assert.equal(blocked.code, 1, blocked.stdout);
      assert.match(flat(blocked.stderr), /Gave up waiting for a lock to detach window public\.events_2020_01_06/);
      assert.match(flat(blocked.stderr), /public\.events_2020_01_06 is still attached and in state/);
      assert.match(flat(blocked.stderr), new RegExp(`Lock held by: pid \\d+ on node 127\\.0\\.0\\.1:${worker.port} \\(app '[^']*', idle in transaction, .*AccessShareLock on ${rows[0].shard}, a shard of public\\.events`), 'the holder on the worker is named');
      assert.ok((await partitionsOf(f.admin, 'events')).includes('events_2020_01_06'));
      await reader.query('COMMIT');
    } finally {
      await reader.end();
    }
    assertOk(await tf.apply());
    assert.deepEqual(await partitionsOf(f.admin, 'events'), ['events_2030_01_07', 'events_2030_01_14']);
    assert.deepEqual(await distribution('events_2020_01_06'), [], 'dropped with its shards');
    assert.equal((await tf.planExitCode()).code, 0);
  });

  it('reads windows, never shards, from the catalog: rows from the workers on the coordinator, the same windows on a node holding shards', async () => {
    const onCoordinator = await readInventory(f.admin, 'public', 'events', 'timestamptz');
    assert.deepEqual(onCoordinator.parent.distribution, { column: 'activity_id', colocationId: onCoordinator.parent.distribution?.colocationId, shardCount: 4 });
    assert.deepEqual(onCoordinator.windows.map((w) => [w.name, w.rowEstimate]), [['events_2030_01_07', 1], ['events_2030_01_14', 0]]);
    const worker = new Client({ connectionString: f.citus!.workers[0].url, options: '-c citus.override_table_visibility=off' });
    await worker.connect();
    try {
      const { rows } = await worker.query(`SELECT count(*)::int AS n FROM pg_class WHERE relname ~ '^events_2030_01_07_[0-9]+$'`);
      assert.ok(rows[0].n > 0, 'the worker holds shards of the window, visible in pg_class');
      const onWorker = await readInventory(worker, 'public', 'events', 'timestamptz');
      assert.deepEqual(onWorker.windows.map((w) => w.name), ['events_2030_01_07', 'events_2030_01_14']);
    } finally {
      await worker.end();
    }
  });
});
