// pgpartition_window_set against the real terraform and a real PostgreSQL (src/provider/resources/window-set.ts).
// The steps build on each other (one cluster, one parent table), so they run in order.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertOk, type TerraformWorkdir } from '../support/terraform';
import { flat, addWeeks, PROVIDER_HCL, parentHcl, partitionsOf, startFixture, windowHcl, withEnv, type ProviderFixture } from './support/fixture';

interface SetOptions {
  /** Window starts (Mondays) that are expired-retirable (retention 1 week, drop). */
  readonly expiring?: readonly string[];
  readonly groups?: Readonly<Record<string, readonly string[]>>;
  /** Retention of the other windows. @default null (kept forever, mode keep) */
  readonly retention?: string;
  /** Extra attributes of the set, HCL. */
  readonly extra?: string;
}

/** A `pgpartition_window_set` of `parent` with one window per Monday in `starts`. */
function setHcl(parent: string, starts: readonly string[], o: SetOptions = {}): string {
  const groups = Object.entries(o.groups ?? { a: ['a1', 'a2'], b: ['b1'] });
  const windows = starts.map((start) => {
    const name = `${parent}_${start.replace(/-/g, '_')}`;
    const expiring = o.expiring?.includes(start);
    const retention = expiring ? '"1 week"' : o.retention ? `"${o.retention}"` : 'null';
    return `    ${name} = {
      from = "${start}T00:00:00Z"
      to   = "${addWeeks(start, 1)}T00:00:00Z"
      sub_partitions = [${groups.map(([g, vs]) => `{ name = "${name}_${g}", values = [${vs.map((v) => `"${v}"`).join(', ')}] }`).join(', ')}]
      default_sub_partition = "${name}_default"
      retention      = ${retention}
      retention_mode = "${retention === 'null' ? 'keep' : 'drop'}"
    }`;
  });
  return `
resource "pgpartition_window_set" "${parent}" {
  parent_table = pgpartition_parent_table.${parent}.name
  range_column = "ts"
  range_type   = "timestamptz"
  list_column  = "activity_id"
${o.extra ?? ''}
  windows = {
${windows.join('\n')}
  }
}
`;
}


describe('pgpartition_window_set', () => {
  let f: ProviderFixture;
  let tf: TerraformWorkdir;
  const base = PROVIDER_HCL + parentHcl('roll');
  const count = async (table: string) => Number((await f.admin.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);

  before(async () => {
    f = await startFixture();
    tf = await f.workdir(base + setHcl('roll', ['2020-01-06', '2030-01-07', '2030-01-14'], { expiring: ['2020-01-06'] }));
    assertOk(await tf.init());
  });
  after(async () => f?.stop());

  it('creates every window of the map in one resource, then plans nothing', async () => {
    const plan = await tf.plan();
    assertOk(plan);
    assert.match(plan.stdout, /Plan: 2 to add, 0 to change, 0 to destroy\./);
    assertOk(await tf.apply());
    assert.deepEqual(await partitionsOf(f.admin, 'roll'), ['roll_2020_01_06', 'roll_2030_01_07', 'roll_2030_01_14']);
    assert.deepEqual(await partitionsOf(f.admin, 'roll_2030_01_07'), ['roll_2030_01_07_a', 'roll_2030_01_07_b', 'roll_2030_01_07_default']);
    assert.equal((await tf.planExitCode()).code, 0);
  });

  it('re-creates a window dropped by hand (drift shows as that window entering the map again)', async () => {
    await f.admin.query('DROP TABLE roll_2030_01_14');
    const plan = await tf.planExitCode();
    assert.equal(plan.code, 2);
    assert.match(plan.stdout, /\+ "?roll_2030_01_14"? = \{/);
    assertOk(await tf.apply());
    assert.ok((await partitionsOf(f.admin, 'roll')).includes('roll_2030_01_14'));
    assert.equal((await tf.planExitCode()).code, 0);
  });

  it('rolls forward in one update: the expired window retired showing its rows, a new one created, other rows untouched', async () => {
    await f.admin.query(`INSERT INTO roll VALUES ('2020-01-07T00:00:00Z', 'a1', 1), ('2030-01-08T00:00:00Z', 'b1', 2)`);
    tf.write('main.tf', base + setHcl('roll', ['2030-01-07', '2030-01-14', '2030-01-21']));
    const plan = await tf.plan();
    assertOk(plan);
    assert.match(plan.stdout, /Plan: 0 to add, 1 to change, 0 to destroy\./);
    assert.match(plan.stdout, /- "?roll_2020_01_06"? = \{/);
    assert.match(plan.stdout, /\+ "?roll_2030_01_21"? = \{/);
    assert.match(flat(plan.stdout + plan.stderr), /Dropping window public\.roll_2020_01_06 deletes its rows .* holds about 1 rows/);
    assertOk(await tf.apply());
    assert.deepEqual(await partitionsOf(f.admin, 'roll'), ['roll_2030_01_07', 'roll_2030_01_14', 'roll_2030_01_21']);
    assert.equal(await count('roll'), 1);
    assert.equal((await tf.planExitCode()).code, 0);
  });

  it('refuses at plan to retire windows before their retention, and to change the groups of existing windows, each problem once', async () => {
    tf.write('main.tf', base + setHcl('roll', ['2030-01-21']));
    const early = await tf.plan();
    assert.equal(early.code, 1);
    assert.match(flat(early.stderr), /Refusing to retire window public\.roll_2030_01_07/);

    tf.write('main.tf', base + setHcl('roll', ['2030-01-07', '2030-01-14', '2030-01-21'], { groups: { a: ['a1'], b: ['b1', 'a2'] } }));
    const layout = await tf.plan();
    assert.equal(layout.code, 1);
    const errors = flat(layout.stderr).match(/Error: Cannot change sub-partition/g) ?? [];
    assert.equal(errors.length, 2, `one error per sub-partition problem, not per window:\n${layout.stderr}`);
    assert.match(flat(layout.stderr), /The same holds for 3 windows: roll_2030_01_07, roll_2030_01_14, roll_2030_01_21/);
    tf.write('main.tf', base + setHcl('roll', ['2030-01-07', '2030-01-14', '2030-01-21']));
  });

  it('imports the managed windows of a parent table; the first apply adopts them, changing no table', async () => {
    const other = await f.workdir(base + setHcl('roll', ['2030-01-07', '2030-01-14', '2030-01-21']));
    assertOk(await other.init());
    assertOk(await other.import('pgpartition_parent_table.roll', 'public.roll'));
    assertOk(await other.import('pgpartition_window_set.roll', 'public.roll'));
    const plan = await other.plan();
    assertOk(plan);
    assert.match(plan.stdout, /owner\s+= "\(imported\)" -> "default"/);
    assert.doesNotMatch(plan.stdout, /will be (created|destroyed)|must be replaced/);
    assertOk(await other.apply());
    assert.equal((await other.planExitCode()).code, 0);
    assertOk(await other.run('state rm', 'pgpartition_window_set.roll', 'pgpartition_parent_table.roll'));
  });

  it('takes over windows of per-window resources (state of version 0.1) through removed blocks, dropping and re-creating none', async () => {
    const starts = ['2030-01-07', '2030-01-14', '2030-01-21'];
    const old = await f.workdir(PROVIDER_HCL + parentHcl('moved') + starts.map((w) => windowHcl('moved', w)).join(''));
    assertOk(await old.init());
    assertOk(await old.apply());
    await f.admin.query(`INSERT INTO moved VALUES ('2030-01-08T00:00:00Z', 'a1', 1)`);
    const oids = async () => (await f.admin.query(`SELECT relname, oid::int FROM pg_class WHERE relname LIKE 'moved_2030%' ORDER BY 1`)).rows;
    const before = await oids();
    const removed = starts.map((w) => `removed {\n  from = pgpartition_window.moved_${w.replace(/-/g, '_')}\n  lifecycle {\n    destroy = false\n  }\n}\n`).join('');
    old.write('main.tf', PROVIDER_HCL + parentHcl('moved') + setHcl('moved', starts) + removed);
    const plan = await old.plan();
    assertOk(plan);
    assert.match(plan.stdout, /Plan: 1 to add, 0 to change, 0 to destroy\./);
    assert.match(flat(plan.stdout + plan.stderr), /will no longer be managed by Terraform|Terraform will discard its tracking information/);
    assertOk(await old.apply());
    assert.deepEqual(await oids(), before, 'no table dropped or created');
    assert.equal(await count('moved'), 1);
    assert.equal((await old.planExitCode()).code, 0);
  });

  it('retires windows before their retention only when the change lists them in retire_early, warning of each', async () => {
    const starts = ['2030-01-07', '2030-01-14', '2030-01-21'];
    const early = await f.workdir(PROVIDER_HCL + parentHcl('early') + setHcl('early', starts, { retention: '52 weeks' }));
    assertOk(await early.init());
    assertOk(await early.apply());
    early.write('main.tf', PROVIDER_HCL + parentHcl('early') + setHcl('early', ['2030-01-21'], { retention: '52 weeks' }));
    const refused = await early.plan();
    assert.equal(refused.code, 1);
    assert.match(flat(refused.stderr), /Refusing to drop window public\.early_2030_01_07: not expired .* it may be retired from 2031-01-13T00:00:00Z on/);
    early.write('main.tf', PROVIDER_HCL + parentHcl('early') + setHcl('early', ['2030-01-21'], { retention: '52 weeks', extra: '  retire_early = ["early_2030_01_07", "early_2030_01_14"]' }));
    const plan = await early.plan();
    assertOk(plan);
    assert.match(flat(plan.stdout + plan.stderr), /Retiring window public\.early_2030_01_07 BEFORE its retention has passed .* would be kept until 2031-01-13T00:00:00Z \(retention 52 weeks\); retire_early allows retiring it now/);
    assertOk(await early.apply());
    assert.deepEqual(await partitionsOf(f.admin, 'early'), ['early_2030_01_21']);
  });

  it('tears an environment down once allow_teardown is applied: every window and the parent with its rows', async () => {
    const hcl = (extra: string) => PROVIDER_HCL + parentHcl('teardown').replace('default_partition = false', `default_partition = false\n${extra}`) + setHcl('teardown', ['2030-01-07'], { retention: '52 weeks', extra });
    const down = await f.workdir(hcl(''));
    assertOk(await down.init());
    assertOk(await down.apply());
    await f.admin.query(`INSERT INTO teardown VALUES ('2030-01-08T00:00:00Z', 'a1', 1)`);
    assert.equal((await down.destroy()).code, 1, 'refused without allow_teardown');
    down.write('main.tf', hcl('  allow_teardown = true'));
    assertOk(await down.apply());
    const destroy = await down.destroy();
    assertOk(destroy);
    assert.match(flat(destroy.stdout + destroy.stderr), /Retiring window public\.teardown_2030_01_07 BEFORE its retention has passed/);
    assert.equal((await f.admin.query(`SELECT to_regclass('teardown') AS t`)).rows[0].t, null);
  });

  it('converges after the provider dies part-way through an update that adds windows', async () => {
    tf.write('main.tf', base + setHcl('roll', ['2030-01-07', '2030-01-14', '2030-01-21', '2030-01-28', '2030-02-04']));
    const killed = await withEnv(tf, { PGPARTITION_FAULT: 'exit-after-build', PGPARTITION_TEST_DATABASE_URL: f.pg.url }).apply();
    assert.notEqual(killed.code, 0);
    assertOk(await tf.apply(), 'the re-run adopts what was built');
    assert.deepEqual(await partitionsOf(f.admin, 'roll'), ['roll_2030_01_07', 'roll_2030_01_14', 'roll_2030_01_21', 'roll_2030_01_28', 'roll_2030_02_04']);
    assert.equal((await tf.planExitCode()).code, 0);
  });
});
