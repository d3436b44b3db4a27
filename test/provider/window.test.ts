// pgpartition_window against the real terraform and a real PostgreSQL (src/provider/resources/window.ts).
// The steps build on each other (one cluster, one parent table), so they run in order.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { assertOk, type TerraformWorkdir } from '../support/terraform';
import { PROVIDER_HCL, parentHcl, partitionsOf, startFixture, windowHcl, withEnv, type ProviderFixture } from './support/fixture';

describe('pgpartition_window', () => {
  let f: ProviderFixture;
  let tf: TerraformWorkdir;
  // two future windows (never expired); more are added per step
  const base = PROVIDER_HCL + parentHcl('events') + windowHcl('events', '2030-01-07') + windowHcl('events', '2030-01-14');
  const count = async (table: string) => Number((await f.admin.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);

  before(async () => {
    f = await startFixture();
    tf = await f.workdir(base);
    assertOk(await tf.init());
  });
  after(async () => f?.stop());

  it('plans a create per window, creates every window and sub-partition, then plans nothing', async () => {
    const plan = assertOk(await tf.plan());
    assert.match(plan.stdout, /pgpartition_window\.events_2030_01_07 will be created/);
    assert.match(plan.stdout, /Plan: 3 to add, 0 to change, 0 to destroy/);
    assertOk(await tf.apply());
    assert.deepEqual(await partitionsOf(f.admin, 'events'), ['events_2030_01_07', 'events_2030_01_14']);
    for (const w of ['events_2030_01_07', 'events_2030_01_14']) {
      assert.deepEqual(await partitionsOf(f.admin, w), [`${w}_a`, `${w}_b`, `${w}_default`]);
    }
    const { rows } = await f.admin.query(`SELECT count(*) AS n FROM pg_constraint WHERE conname LIKE 'events_%_bound'`);
    assert.equal(Number(rows[0].n), 0, 'the bound CHECK is dropped after attach');
    assert.equal((await tf.planExitCode()).code, 0);
  });

  it('re-creates a window dropped by hand', async () => {
    await f.admin.query('DROP TABLE events_2030_01_14');
    const plan = await tf.planExitCode();
    assert.equal(plan.code, 2, plan.stderr);
    assert.match(plan.stdout, /pgpartition_window\.events_2030_01_14 will be created/);
    assertOk(await tf.apply());
    assert.deepEqual(await partitionsOf(f.admin, 'events_2030_01_14'), ['events_2030_01_14_a', 'events_2030_01_14_b', 'events_2030_01_14_default']);
    assert.equal((await tf.planExitCode()).code, 0);
  });

  it('re-creates a sub-partition dropped by hand in place, moving its rows out of the DEFAULT sub-partition', async () => {
    await f.admin.query('DROP TABLE events_2030_01_07_b');
    await f.admin.query(`INSERT INTO events VALUES ('2030-01-08T10:00:00Z', 'b1', 1), ('2030-01-09T10:00:00Z', 'b1', 2)`);
    assert.equal(await count('events_2030_01_07_default'), 2);
    const plan = await tf.planExitCode();
    assert.equal(plan.code, 2, plan.stderr);
    assert.match(plan.stdout, /pgpartition_window\.events_2030_01_07 will be updated in-place/);
    assertOk(await tf.apply());
    assert.equal(await count('events_2030_01_07_b'), 2);
    assert.equal(await count('events_2030_01_07_default'), 0);
    assert.equal((await tf.planExitCode()).code, 0);
  });

  it('refuses at plan to change the groups of an existing window', async () => {
    tf.write('main.tf', PROVIDER_HCL + parentHcl('events') + windowHcl('events', '2030-01-07', { groups: { a: ['a1'], b: ['b1', 'a2'] } }) + windowHcl('events', '2030-01-14'));
    const plan = await tf.plan();
    assert.equal(plan.code, 1);
    assert.match(plan.stderr, /Cannot change sub-partition public\.events_2030_01_07_a/);
    assert.match(plan.stderr, /dated layout/);
    tf.write('main.tf', base);
  });

  it('fails when a window\'s range type is not its parent\'s, creating nothing', async () => {
    const naive = windowHcl('events', '2030-02-04').replace('"timestamptz"', '"timestamp"').replace(/T00:00:00Z/g, ' 00:00:00');
    tf.write('main.tf', base + naive);
    const apply = await tf.apply();
    assert.equal(apply.code, 1);
    assert.match(apply.stderr, /Window does not match its parent table/);
    assert.ok(!(await partitionsOf(f.admin, 'events')).includes('events_2030_02_04'));
    tf.write('main.tf', base);
  });

  it('retires several expired windows in one apply (terraform\'s default parallelism), showing the rows a drop deletes in the plan', async () => {
    const expired = ['2020-01-06', '2020-01-13', '2020-01-20', '2020-01-27', '2020-02-03', '2020-02-10'];
    tf.write('main.tf', base + expired.map((d) => windowHcl('events', d, { retention: '12 weeks', mode: 'drop' })).join(''));
    assertOk(await tf.apply());
    assert.ok((await partitionsOf(f.admin, 'events')).includes('events_2020_01_06'));
    // rows arrive after the create: the refresh must report them, not the create-time 0
    await f.admin.query(`INSERT INTO events SELECT '2020-01-07T00:00:00Z'::timestamptz + n * interval '1 minute', 'a1', n FROM generate_series(1, 3) n`);
    const refresh = assertOk(await tf.plan('-refresh-only'));
    assert.match(refresh.stdout, /events_2020_01_06 has changed[^}]*~ row_estimate\s+= 0 -> 3/);
    tf.write('main.tf', base);
    // terraform 1.11 shows an orphan's pre-refresh state in the destroy diff (and sends it as the
    // destroy plan's prior state), so the rows a drop deletes are in the warning, read from the catalog
    const plan = assertOk(await tf.plan());
    assert.match(plan.stdout, /pgpartition_window\.events_2020_01_06 will be destroyed/);
    assert.match(plan.stdout + plan.stderr, /deletes its rows[\s\S]*holds\s+about 3 rows/);
    assert.match(plan.stdout, /Plan: 0 to add, 0 to change, 6 to destroy/);
    assertOk(await tf.apply());
    assert.deepEqual(await partitionsOf(f.admin, 'events'), ['events_2030_01_07', 'events_2030_01_14']);
    const { rows } = await f.admin.query(`SELECT count(*) AS n FROM pg_class WHERE relname LIKE 'events_2020_%'`);
    assert.equal(Number(rows[0].n), 0, 'every detached window is dropped, sub-partitions with it');
    const locks = await f.admin.query(`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory'`);
    assert.equal(Number(locks.rows[0].n), 0, 'no advisory lock is left behind');
    assert.equal((await tf.planExitCode()).code, 0);
  });

  it('fails to drop a window holding a sub-partition it does not own, keeping that table', async () => {
    const expired = windowHcl('events', '2020-03-02', { retention: '12 weeks', mode: 'drop' });
    tf.write('main.tf', base + expired);
    assertOk(await tf.apply());
    await f.admin.query(`CREATE TABLE events_2020_03_02_hand PARTITION OF events_2020_03_02 FOR VALUES IN ('zz')`);
    tf.write('main.tf', base);
    const apply = await tf.apply();
    assert.equal(apply.code, 1);
    assert.match(apply.stderr, /Refusing to drop public\.events_2020_03_02\n/);
    assert.match(apply.stderr, /does\s+not\s+own:\s+public\.events_2020_03_02_hand/);
    assert.ok(!(await partitionsOf(f.admin, 'events')).includes('events_2020_03_02'), 'detached from the parent');
    assert.deepEqual(await partitionsOf(f.admin, 'events_2020_03_02'), ['events_2020_03_02_a', 'events_2020_03_02_b', 'events_2020_03_02_default', 'events_2020_03_02_hand']);
    await f.admin.query('DROP TABLE events_2020_03_02'); // by hand, as the message says
    assertOk(await tf.apply());
  });

  it('waits for another deploy holding the parent\'s advisory lock past lock_timeout, then retires the window', async () => {
    // a short lock_timeout: the advisory lock wait must not be bounded by it (the holder is another deploy)
    const shortTimeout = (hcl: string) => hcl.replace('lock_timeout_ms  = 5000', 'lock_timeout_ms  = 300');
    const expired = windowHcl('events', '2020-03-02', { retention: '12 weeks', mode: 'drop' });
    tf.write('main.tf', shortTimeout(base + expired));
    assertOk(await tf.apply());
    const other = new Client({ connectionString: f.pg.url }); // the other deploy
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(hashtextextended('pgpartition:public.events', 0))`);
      tf.write('main.tf', shortTimeout(base));
      const apply = tf.apply();
      const waiting = async () => Number((await f.admin.query(`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)).rows[0].n);
      for (let i = 0; i < 400 && (await waiting()) === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(await waiting(), 1, 'the retire waits for the advisory lock');
      await new Promise((r) => setTimeout(r, 900)); // three lock_timeouts
      assert.ok((await partitionsOf(f.admin, 'events')).includes('events_2020_03_02'), 'nothing is detached while another deploy holds the lock');
      await other.query(`SELECT pg_advisory_unlock(hashtextextended('pgpartition:public.events', 0))`);
      assertOk(await apply);
    } finally {
      await other.end();
    }
    assert.deepEqual(await partitionsOf(f.admin, 'events'), ['events_2030_01_07', 'events_2030_01_14']);
    const { rows } = await f.admin.query(`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory'`);
    assert.equal(Number(rows[0].n), 0, 'no advisory lock is left behind');
    tf.write('main.tf', base);
  });

  it('fails the plan when a window before its retention horizon leaves the configuration', async () => {
    tf.write('main.tf', PROVIDER_HCL + parentHcl('events') + windowHcl('events', '2030-01-07', { retention: '12 weeks', mode: 'drop' }) + windowHcl('events', '2030-01-14'));
    assertOk(await tf.apply()); // retention and mode change in place (state only)
    tf.write('main.tf', PROVIDER_HCL + parentHcl('events') + windowHcl('events', '2030-01-14'));
    const plan = await tf.plan();
    assert.equal(plan.code, 1);
    assert.match(plan.stderr, /Refusing to drop window public\.events_2030_01_07: not expired/);
    assert.match(plan.stderr, /upper bound 2030-01-14T00:00:00Z, later than the retention horizon/);
    // and a window that keeps forever is refused too
    tf.write('main.tf', PROVIDER_HCL + parentHcl('events') + windowHcl('events', '2030-01-07', { retention: '12 weeks', mode: 'drop' }));
    const keep = await tf.plan();
    assert.equal(keep.code, 1);
    assert.match(keep.stderr, /Refusing to retire window public\.events_2030_01_14/);
    tf.write('main.tf', base);
    assertOk(await tf.apply());
    assert.deepEqual(await partitionsOf(f.admin, 'events'), ['events_2030_01_07', 'events_2030_01_14']);
  });

  it('imports an existing partition and adopts it', async () => {
    await f.admin.query(`CREATE TABLE events_2030_01_21 PARTITION OF events FOR VALUES FROM ('2030-01-21T00:00:00Z') TO ('2030-01-28T00:00:00Z') PARTITION BY LIST (activity_id)`);
    await f.admin.query(`CREATE TABLE events_2030_01_21_a PARTITION OF events_2030_01_21 FOR VALUES IN ('a1', 'a2')`);
    await f.admin.query(`CREATE TABLE events_2030_01_21_b PARTITION OF events_2030_01_21 FOR VALUES IN ('b1')`);
    await f.admin.query(`CREATE TABLE events_2030_01_21_default PARTITION OF events_2030_01_21 DEFAULT`);
    tf.write('main.tf', base + windowHcl('events', '2030-01-21'));
    const bad = await tf.import('pgpartition_window.events_2030_01_21', 'events_2030_01_21');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /is not <schema>\.<name>; import a window/);
    assertOk(await tf.import('pgpartition_window.events_2030_01_21', 'public.events_2030_01_21'));
    const comment = async () => (await f.admin.query(`SELECT obj_description('public.events_2030_01_21'::regclass, 'pg_class') AS c`)).rows[0].c;
    assert.equal(await comment(), null, 'import itself changes nothing');
    const plan = await tf.planExitCode();
    assert.equal(plan.code, 2, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /owner\s+= "\(imported\)" -> "default"/, 'the plan shows the adoption');
    assertOk(await tf.apply());
    assert.equal(await comment(), 'pgpartition:managed table=public.events owner=default');
    assert.equal((await tf.planExitCode()).code, 0);
    tf.write('main.tf', base);
    assertOk(await tf.run('state rm', 'pgpartition_window.events_2030_01_21'));
  });

  it('converges after the provider dies between building and attaching a window', async () => {
    tf.write('main.tf', base + windowHcl('events', '2030-02-04'));
    const killed = await withEnv(tf, { PGPARTITION_FAULT: 'exit-after-build', PGPARTITION_TEST_DATABASE_URL: f.pg.url }).apply();
    assert.notEqual(killed.code, 0);
    assert.ok(!(await partitionsOf(f.admin, 'events')).includes('events_2030_02_04'), 'not attached yet');
    assert.deepEqual(await partitionsOf(f.admin, 'events_2030_02_04'), ['events_2030_02_04_a', 'events_2030_02_04_b', 'events_2030_02_04_default'], 'the standalone window is complete');
    assertOk(await tf.apply());
    assert.ok((await partitionsOf(f.admin, 'events')).includes('events_2030_02_04'));
    assert.equal((await tf.planExitCode()).code, 0);
  });

  it('moves rows of a new window out of the parent\'s DEFAULT partition', async () => {
    const hcl = PROVIDER_HCL + parentHcl('facts', { defaultPartition: true });
    const dt = await f.workdir(hcl);
    assertOk(await dt.init());
    assertOk(await dt.apply());
    await f.admin.query(`INSERT INTO facts SELECT '2030-03-04T00:00:00Z'::timestamptz + n * interval '1 hour', (ARRAY['a1','b1','zz'])[1 + n % 3], n FROM generate_series(0, 99) n`);
    await f.admin.query(`INSERT INTO facts VALUES ('2031-01-01T00:00:00Z', 'a1', 0)`); // outside the new window: stays
    const before = await count('facts');
    dt.write('main.tf', hcl + windowHcl('facts', '2030-03-04'));
    assertOk(await dt.apply());
    assert.equal(await count('facts'), before);
    assert.equal(await count('facts_default'), 1);
    assert.equal(await count('facts_2030_03_04'), 100);
    assert.equal(await count('facts_2030_03_04_default'), 33);
    assert.equal((await dt.planExitCode()).code, 0);
  });
});
