/**
 * The live catalog is the truth at apply time (src/provider/windows): real terraform, real
 * PostgreSQL, one parent table per case. Two deploys at once, a partition the tool does not manage,
 * dependencies that block a retirement, pending detaches, lock waits, lost connections, and explicit
 * names of everything the tool creates.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { assertOk, type TerraformWorkdir } from '../support/terraform';
import { flat, PROVIDER_HCL, parentHcl, partitionsOf, startFixture, windowHcl, type ProviderFixture } from './support/fixture';

/** Terraform's text with its line wrapping and box characters undone, for matching sentences. */

describe('the live catalog at plan and apply time', () => {
  let f: ProviderFixture;
  const count = async (table: string) => Number((await f.admin.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
  const exists = async (table: string) => (await f.admin.query('SELECT to_regclass($1) AS t', [`public."${table}"`])).rows[0].t !== null;
  /** A working directory deploying `hcl`, initialised. */
  const deployer = async (hcl: string): Promise<TerraformWorkdir> => {
    const tf = await f.workdir(hcl);
    assertOk(await tf.init());
    return tf;
  };

  before(async () => {
    f = await startFixture();
  });
  after(async () => f?.stop());

  it('two deploys of one table at once, each with its own state, both succeed with one layout, on an empty database and on a roll-forward', async () => {
    const expired = (start: string) => windowHcl('twice', start, { retention: '1 week', mode: 'drop' });
    const first = PROVIDER_HCL + parentHcl('twice') + expired('2020-01-06') + expired('2020-01-13') + windowHcl('twice', '2030-01-07') + windowHcl('twice', '2030-01-14');
    const [a, b] = await Promise.all([deployer(first), deployer(first)]);
    const [ra, rb] = await Promise.all([a.apply(), b.apply()]);
    assertOk(ra, 'deploy A');
    assertOk(rb, 'deploy B');
    assert.deepEqual(await partitionsOf(f.admin, 'twice'), ['twice_2020_01_06', 'twice_2020_01_13', 'twice_2030_01_07', 'twice_2030_01_14']);
    await f.admin.query(`INSERT INTO twice SELECT '2030-01-07'::timestamptz + n * interval '1 hour', 'a1', n FROM generate_series(0, 99) n`);

    // the roll: the oldest leaves (expired), a new one enters, in both deploys at once
    const rolled = PROVIDER_HCL + parentHcl('twice') + expired('2020-01-13') + windowHcl('twice', '2030-01-07') + windowHcl('twice', '2030-01-14') + windowHcl('twice', '2030-01-21');
    a.write('main.tf', rolled);
    b.write('main.tf', rolled);
    const [qa, qb] = await Promise.all([a.apply(), b.apply()]);
    assertOk(qa, 'roll A');
    assertOk(qb, 'roll B');
    assert.match(flat(qa.stdout + qa.stderr + qb.stdout + qb.stderr), /Window public\.twice_2020_01_06 was already gone/, 'one of them found the work done');
    assert.deepEqual(await partitionsOf(f.admin, 'twice'), ['twice_2020_01_13', 'twice_2030_01_07', 'twice_2030_01_14', 'twice_2030_01_21']);
    assert.equal(await count('twice'), 100, 'rows unchanged');
    for (const tf of [a, b]) assert.equal((await tf.planExitCode()).code, 0);
  });

  it('fails the plan, applying nothing, when a partition the tool does not manage overlaps declared windows', async () => {
    const tf = await deployer(PROVIDER_HCL + parentHcl('legacy'));
    assertOk(await tf.apply());
    await f.admin.query(`CREATE TABLE legacy_january PARTITION OF legacy FOR VALUES FROM ('2030-01-01T00:00:00Z') TO ('2030-02-01T00:00:00Z')`);
    tf.write('main.tf', PROVIDER_HCL + parentHcl('legacy') + windowHcl('legacy', '2029-12-24') + windowHcl('legacy', '2030-01-07') + windowHcl('legacy', '2030-01-14'));
    const plan = await tf.plan();
    assert.equal(plan.code, 1, plan.stdout);
    const text = flat(plan.stderr);
    for (const w of ['legacy_2030_01_07 \\[2030-01-07T00:00:00Z, 2030-01-14T00:00:00Z\\)', 'legacy_2030_01_14 \\[2030-01-14T00:00:00Z, 2030-01-21T00:00:00Z\\)']) {
      assert.match(text, new RegExp(`public\\.legacy_january is a partition pgpartition does not manage, attached to public\\.legacy for \\[2030-01-01T00:00:00Z, 2030-02-01T00:00:00Z\\), and overlaps the declared window public\\.${w}`));
    }
    assert.doesNotMatch(text, /legacy_2029_12_24/, 'the window before it does not overlap');
    assert.match(text, /Fix: detach public\.legacy_january .* or import it .* or start the declared windows at or after its upper bound 2030-02-01T00:00:00Z/);
    const apply = await tf.apply();
    assert.equal(apply.code, 1);
    assert.deepEqual(await partitionsOf(f.admin, 'legacy'), ['legacy_january'], 'nothing applied, not even the window that does not overlap');
    assert.equal(await exists('legacy_2030_01_07'), false, 'no standalone table left behind');
  });

  it('keeps a window a foreign key or a view depends on attached and in state, retires the rest, and retires it once the dependency is gone', async () => {
    const expired = (start: string) => windowHcl('deps', start, { retention: '1 week', mode: 'drop' });
    const tf = await deployer(PROVIDER_HCL + parentHcl('deps') + expired('2020-01-06') + expired('2020-01-13') + expired('2020-01-20'));
    assertOk(await tf.apply());
    await f.admin.query(`INSERT INTO deps VALUES ('2020-01-07T00:00:00Z', 'a1', 1), ('2020-01-14T00:00:00Z', 'a1', 2)`);
    await f.admin.query(`CREATE TABLE deps_audit (ts timestamptz, activity_id text, FOREIGN KEY (ts, activity_id) REFERENCES deps_2020_01_06_a (ts, activity_id))`);
    await f.admin.query(`CREATE VIEW deps_week_two AS SELECT * FROM deps_2020_01_13`);
    tf.write('main.tf', PROVIDER_HCL + parentHcl('deps') + windowHcl('deps', '2030-01-07'));
    const plan = await tf.plan();
    assertOk(plan);
    const warnings = flat(plan.stdout + plan.stderr);
    assert.match(warnings, /Retiring window public\.deps_2020_01_06 is blocked by foreign key deps_audit_ts_activity_id_fkey of public\.deps_audit \(on public\.deps_2020_01_06_a\)/);
    assert.match(warnings, /Retiring window public\.deps_2020_01_13 is blocked by view public\.deps_week_two/);

    const apply = await tf.apply();
    assert.equal(apply.code, 1, 'the deploy exits non-zero so the pipeline shows it');
    const errors = flat(apply.stderr);
    assert.match(errors, /Retiring window public\.deps_2020_01_06 is blocked by foreign key .* public\.deps_2020_01_06 is still attached and in state; the next deploy retires it\. .*Fix: ALTER TABLE public\.deps_audit DROP CONSTRAINT deps_audit_ts_activity_id_fkey/);
    assert.match(errors, /Fix: DROP VIEW public\.deps_week_two/);
    assert.deepEqual(await partitionsOf(f.admin, 'deps'), ['deps_2020_01_06', 'deps_2020_01_13', 'deps_2030_01_07'], 'blocked windows stay attached; the unblocked one retired; the new one created');
    assert.equal(await count('deps'), 2, 'no row vanished from the parent');
    const state = await tf.showJson();
    const inState = state.values.root_module.resources.filter((r: any) => r.type === 'pgpartition_window').map((r: any) => r.values.name).sort();
    assert.deepEqual(inState, ['deps_2020_01_06', 'deps_2020_01_13', 'deps_2030_01_07'], 'blocked windows are never forgotten');

    await f.admin.query('DROP TABLE deps_audit; DROP VIEW deps_week_two');
    assertOk(await tf.apply());
    assert.deepEqual(await partitionsOf(f.admin, 'deps'), ['deps_2030_01_07']);
  });

  it('finishes a managed window\'s pending detach before the next detach, says what state a cut-short detach leaves, and refuses a foreign pending detach at plan', async () => {
    const expired = (start: string) => windowHcl('pend', start, { retention: '1 week', mode: 'drop' });
    const tf = await deployer(PROVIDER_HCL + parentHcl('pend') + expired('2020-01-06') + expired('2020-01-13') + expired('2020-01-20') + windowHcl('pend', '2030-01-07'));
    assertOk(await tf.apply());

    // a DETACH CONCURRENTLY of ours cut short: the message says the window is detach pending now, and what happens next
    const quick = PROVIDER_HCL.replace('lock_timeout_ms  = 5000', 'lock_timeout_ms  = 200\n  lock_retries     = 0');
    const reader = new Client({ connectionString: f.pg.url });
    await reader.connect();
    try {
      await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await reader.query('SELECT count(*) FROM pend'); // a snapshot the detach must wait out
      tf.write('main.tf', quick + parentHcl('pend') + expired('2020-01-06') + expired('2020-01-13') + windowHcl('pend', '2030-01-07'));
      const cut = await tf.apply();
      assert.equal(cut.code, 1);
      assert.match(flat(cut.stderr), /public\.pend_2020_01_20 is now detach pending: its rows are invisible through public\.pend\. The next deploy finishes the detach \(FINALIZE\) first, then drops it/);
      assert.doesNotMatch(flat(cut.stderr), /Nothing was changed/);
    } finally {
      await reader.end();
    }
    // the pending one is finished first (PostgreSQL allows one pending detach per parent), then the others retire
    tf.write('main.tf', PROVIDER_HCL + parentHcl('pend') + windowHcl('pend', '2030-01-07'));
    assertOk(await tf.apply());
    assert.deepEqual(await partitionsOf(f.admin, 'pend'), ['pend_2030_01_07']);
    for (const gone of ['pend_2020_01_06', 'pend_2020_01_13', 'pend_2020_01_20']) assert.equal(await exists(gone), false, gone);

    // a partition of the parent pgpartition does not manage, left detach pending: the plan stops
    await f.admin.query(`CREATE TABLE pend_hand PARTITION OF pend FOR VALUES FROM ('2031-01-01T00:00:00Z') TO ('2031-02-01T00:00:00Z')`);
    await leaveDetachPending('pend', 'pend_hand');
    tf.write('main.tf', PROVIDER_HCL + parentHcl('pend') + windowHcl('pend', '2030-01-07') + windowHcl('pend', '2030-01-14'));
    const plan = await tf.plan();
    assert.equal(plan.code, 1);
    assert.match(flat(plan.stderr), /Partition public\.pend_hand of public\.pend is detach pending and not managed by pgpartition .* Fix: finish it \(ALTER TABLE public\.pend DETACH PARTITION public\.pend_hand FINALIZE\)/);
  });

  it('gives up on a lock after lock_retries, naming the session that holds it, and converges once it is gone', async () => {
    const hcl = (extra: string) => PROVIDER_HCL.replace('lock_timeout_ms  = 5000', 'lock_timeout_ms  = 200\n  lock_retries     = 1') + parentHcl('locked') + extra;
    const tf = await deployer(hcl(''));
    assertOk(await tf.apply());
    const reporting = new Client({ connectionString: f.pg.url, application_name: 'reporting' });
    await reporting.connect();
    try {
      await reporting.query('BEGIN');
      await reporting.query('LOCK TABLE locked IN SHARE MODE'); // conflicts with ATTACH's SHARE UPDATE EXCLUSIVE
      tf.write('main.tf', hcl(windowHcl('locked', '2030-01-07')));
      const apply = await tf.apply();
      assert.equal(apply.code, 1);
      const text = flat(apply.stderr);
      assert.match(text, /Gave up waiting for a lock to attach window public\.locked_2030_01_07/);
      assert.match(text, /2 tries of 200 ms each \(lock_timeout_ms, lock_retries\)/);
      assert.match(text, /Lock held by: pid \d+ \(app 'reporting', idle in transaction, transaction open \d+ s, query started [^)]+\): ShareLock on public\.locked/);
      assert.match(text, /The window is built but not attached .* the next deploy attaches it\./);
      assert.equal(await exists('locked_2030_01_07'), true, 'the window is built (standalone)');
    } finally {
      await reporting.end();
    }
    assertOk(await tf.apply());
    assert.deepEqual(await partitionsOf(f.admin, 'locked'), ['locked_2030_01_07']);
  });

  it('reports lost connections as errors naming the window and the step, never crashing the provider, and converges afterwards', async () => {
    const windows = ['2030-01-07', '2030-01-14', '2030-01-21', '2030-01-28', '2030-02-04', '2030-02-11'];
    const tf = await deployer(PROVIDER_HCL + parentHcl('lost'));
    assertOk(await tf.apply());
    tf.write('main.tf', PROVIDER_HCL + parentHcl('lost') + windows.map((w) => windowHcl('lost', w)).join(''));
    let finished = false;
    const apply = tf.apply().finally(() => {
      finished = true;
    });
    // cut every connection of the provider as soon as it opens one, for 4 s from the first cut
    // (however long terraform takes to start the provider on a loaded machine)
    let until = Infinity;
    let cut = 0;
    while (!finished && Date.now() < until) {
      const { rows } = await f.admin.query(`SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE application_name = 'terraform-provider-pgpartition'`);
      cut += Number(rows[0].n);
      if (cut > 0 && until === Infinity) until = Date.now() + 4000;
      await new Promise((r) => setTimeout(r, 20));
    }
    const result = await apply;
    assert.ok(cut > 0, 'the test cut connections');
    const text = flat(result.stdout + result.stderr);
    assert.doesNotMatch(text, /Plugin did not respond|uncaught exception|panic|crash/i);
    if (result.code !== 0) assert.match(text, /(terminating connection due to administrator command|Lost the connection)/);
    assertOk(await tf.apply(), 'a re-run converges');
    assert.deepEqual(await partitionsOf(f.admin, 'lost'), windows.map((w) => `lost_${w.replace(/-/g, '_')}`));
    assert.equal((await tf.planExitCode()).code, 0);
  });

  it('names every index and constraint it creates itself: a long parent name builds many windows in parallel at the first try', async () => {
    const parent = 'account_balances_with_a_rather_long_name_x';
    const hcl = PROVIDER_HCL + parentHcl(parent) + ['2030-01-07', '2030-01-14', '2030-01-21', '2030-01-28', '2030-02-04', '2030-02-11', '2030-02-18', '2030-02-25']
      // sub-partition names of 59 and 60 bytes: their index and constraint names need shortening; longer
      // names themselves are refused at validate (PostgreSQL would truncate them)
      .map((w) => windowHcl(parent, w, { groups: { first: ['a1'], second: ['b1'] } })).join('');
    const tf = await deployer(hcl);
    assertOk(await tf.apply());
    const { rows } = await f.admin.query(
      `SELECT t.relname AS t, c.relname AS i FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class c ON c.oid = x.indexrelid
        WHERE starts_with(t.relname, $1) AND t.relname <> $1 AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = x.indexrelid)`,
      [parent],
    );
    assert.deepEqual(rows, [], 'every index of a window or sub-partition is attached to the parent\'s');
    assert.equal((await tf.planExitCode()).code, 0);
  });

  /** Leaves `partition` of `parent` "detach pending": a DETACH CONCURRENTLY cut short while a transaction still reads it. */
  async function leaveDetachPending(parent: string, partition: string): Promise<void> {
    const reader = new Client({ connectionString: f.pg.url });
    const detacher = new Client({ connectionString: f.pg.url });
    await Promise.all([reader.connect(), detacher.connect()]);
    try {
      await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await reader.query(`SELECT count(*) FROM ${parent}`); // a snapshot the detach must wait out
      await detacher.query(`SET lock_timeout = '300ms'`);
      await assert.rejects(detacher.query(`ALTER TABLE ${parent} DETACH PARTITION ${partition} CONCURRENTLY`), /lock timeout|canceling statement/);
      await reader.query('COMMIT');
    } finally {
      await Promise.all([reader.end(), detacher.end()]);
    }
    const { rows } = await f.admin.query(`SELECT inhdetachpending AS p FROM pg_inherits WHERE inhrelid = $1::regclass`, [partition]);
    assert.equal(rows[0]?.p, true, `${partition} is detach pending`);
  }
});
