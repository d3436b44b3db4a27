// pgpartition_parent_table against the real terraform and a real PostgreSQL (src/provider/resources/parent-table.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertOk, type TerraformWorkdir } from '../support/terraform';
import { PROVIDER_HCL, parentHcl, startFixture, URL_VARIABLE, windowHcl, withEnv, type ProviderFixture } from './support/fixture';

describe('pgpartition_parent_table', () => {
  let f: ProviderFixture;
  const comment = async (table: string) => (await f.admin.query(`SELECT obj_description($1::regclass, 'pg_class') AS c`, [table])).rows[0].c;
  /** The ownership mark of a table of parent `table` owned by the default owner (HCL without `owner`). */
  const mark = (table: string) => `pgpartition:managed table=public.${table} owner=default`;

  before(async () => {
    f = await startFixture();
  });
  after(async () => f?.stop());

  it('creates the table PARTITION BY RANGE with its DEFAULT partition, then plans nothing, and drops it while empty', async () => {
    const tf = await f.workdir(PROVIDER_HCL + parentHcl('created', { defaultPartition: true }));
    assertOk(await tf.init());
    assertOk(await tf.apply());
    const { rows } = await f.admin.query(`SELECT pg_get_partkeydef('created'::regclass) AS k`);
    assert.equal(rows[0].k, 'RANGE (ts)');
    assert.equal(await comment('created'), mark('created'));
    assert.equal(await comment('created_default'), mark('created'));
    assert.equal((await tf.planExitCode()).code, 0);
    assertOk(await tf.destroy());
    assert.equal((await f.admin.query(`SELECT to_regclass('created') AS t`)).rows[0].t, null);
  });

  it('adopts an existing table of the same shape and refuses to drop it while it holds rows', async () => {
    await f.admin.query(`CREATE TABLE adopted (ts timestamp with time zone NOT NULL, activity_id text NOT NULL, v numeric(18,2),
      PRIMARY KEY (ts, activity_id)) PARTITION BY RANGE (ts)`);
    await f.admin.query(`CREATE TABLE adopted_any PARTITION OF adopted DEFAULT`);
    await f.admin.query(`COMMENT ON TABLE adopted_any IS 'pgpartition:managed'`);
    await f.admin.query(`INSERT INTO adopted VALUES (now(), 'a1', 1)`);
    const tf = await f.workdir(PROVIDER_HCL + parentHcl('adopted'));
    assertOk(await tf.init());
    assertOk(await tf.apply());
    assert.equal(await comment('adopted'), mark('adopted'));
    assert.equal((await tf.planExitCode()).code, 0);
    const destroy = await tf.destroy();
    assert.equal(destroy.code, 1);
    assert.match(destroy.stderr, /Refusing to drop public\.adopted: it holds rows/);
    assert.match(destroy.stderr, /holds 1 rows/);
    assert.equal((await f.admin.query(`SELECT count(*) AS n FROM adopted`)).rows[0].n, '1');
  });

  it('fails with a readable difference and changes nothing when an existing table differs', async () => {
    await f.admin.query(`CREATE TABLE differs (ts timestamp NOT NULL, activity_id text NOT NULL, PRIMARY KEY (ts, activity_id)) PARTITION BY RANGE (ts)`);
    const tf = await f.workdir(PROVIDER_HCL + parentHcl('differs'));
    assertOk(await tf.init());
    const apply = await tf.apply();
    assert.equal(apply.code, 1);
    assert.match(apply.stderr, /public\.differs exists with another shape/);
    assert.match(apply.stderr.replace(/\s+/g, ' '), /columns: declared \[ts timestamp with time zone NOT NULL, activity_id text NOT NULL, v numeric\(18,2\)\], live \[ts timestamp without time zone NOT NULL/);
    assert.equal(await comment('differs'), null);
  });

  it('imports a parent table by <schema>.<name>; type spellings differing from the catalog plan no replacement', async () => {
    await f.admin.query(`CREATE TABLE imported (ts timestamptz NOT NULL, activity_id text NOT NULL, v numeric(18,2),
      PRIMARY KEY (ts, activity_id)) PARTITION BY RANGE (ts)`);
    await f.admin.query(`CREATE INDEX imported_activity_id_idx ON imported (activity_id)`);
    const tf = await f.workdir(PROVIDER_HCL + parentHcl('imported'));
    assertOk(await tf.init());
    const bad = await tf.import('pgpartition_parent_table.imported', 'imported');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /is not <schema>\.<name>/);
    assertOk(await tf.import('pgpartition_parent_table.imported', 'public.imported'));
    assert.equal(await comment('imported'), null, 'import changes nothing; the first apply adopts');
    const plan = await tf.planExitCode();
    assert.doesNotMatch(plan.stdout, /must be replaced/, plan.stdout);
    assert.match(plan.stdout, /owner\s+= "\(imported\)" -> "default"/, 'the plan shows the adoption');
    assertOk(await tf.apply());
    assert.equal(await comment('imported'), mark('imported'));
    assert.equal((await tf.planExitCode()).code, 0);
  });

  it('fails at plan when a column type does not exist, naming columns[2].type, and creates nothing', async () => {
    const tf = await f.workdir(PROVIDER_HCL + parentHcl('typo').replace('"numeric(18,2)"', '"jsonbb"'));
    assertOk(await tf.init());
    const plan = await tf.plan('-no-color');
    assert.equal(plan.code, 1, plan.stdout);
    assert.match(plan.stderr, /Invalid column type in public\.typo/);
    assert.match(plan.stderr.replace(/\s+/g, ' '), /columns\[2\]\.type: type "jsonbb" does not exist \(or its schema does not\); fix the spelling, or create the type/);
    assert.match(plan.stderr, /\{ name = "v", type = "jsonbb", nullable = true \}/, 'terraform points at the column');
    assert.equal((await f.admin.query(`SELECT to_regclass('typo') AS t`)).rows[0].t, null);
  });

  it('fails at plan when a distributed table is declared on a server without Citus, naming the missing extension, and creates nothing', async () => {
    const tf = await f.workdir(PROVIDER_HCL + parentHcl('spread', { distribution: { column: 'activity_id' } }) + windowHcl('spread', '2030-01-07', { oneLevel: true }));
    assertOk(await tf.init());
    const plan = await tf.plan('-no-color');
    assert.equal(plan.code, 1, plan.stdout);
    const text = plan.stderr.replace(/[│╷╵]/g, ' ').replace(/\s+/g, ' ');
    assert.match(text, /Error: The citus extension is not installed/);
    assert.match(text, /distribution_column = "activity_id" distributes public\.spread with Citus, but postgres@127\.0\.0\.1:\d+\/pgpartition has no extension "citus"/);
    assert.match(text, /CREATE EXTENSION citus/);
    assert.equal((await f.admin.query(`SELECT to_regclass('spread') AS t`)).rows[0].t, null);
  });

  it('plans a parent table, its windows and the partitions data source under a role with default_transaction_read_only = on', async () => {
    await f.admin.query(`CREATE ROLE planner LOGIN PASSWORD 'planner' IN ROLE pg_read_all_data`);
    await f.admin.query(`ALTER ROLE planner SET default_transaction_read_only = on`);
    const url = new URL(f.pg.url);
    [url.username, url.password] = ['planner', 'planner'];
    const hcl = (parent: string) => PROVIDER_HCL + parent + windowHcl('readonly', '2030-01-07') + windowHcl('readonly', '2030-01-14');
    const expired = windowHcl('readonly', '2020-01-06', { retention: '12 weeks', mode: 'drop' });

    // a first plan: every resource is created; the declared types are checked in the catalog
    const fresh = await f.workdir(hcl(parentHcl('readonly')), { [URL_VARIABLE]: url.toString() });
    assertOk(await fresh.init());
    const created = assertOk(await fresh.plan('-no-color'));
    assert.match(created.stdout, /Plan: 3 to add, 0 to change, 0 to destroy/);

    // applied by the deployer; then the planner plans a change that forces replacement unless the
    // types are only spelled differently (they are: an update of state), a window to add, an
    // expired one to retire (the retention check reads the database clock) and a data source read
    const deployer = await f.workdir(hcl(parentHcl('readonly')) + expired);
    assertOk(await deployer.init());
    assertOk(await deployer.apply());
    const respelled = parentHcl('readonly').replace('"timestamptz"', '"timestamp with time zone"').replace('"numeric(18,2)"', '"decimal(18, 2)"');
    const partitions = 'data "pgpartition_partitions" "readonly" {\n  parent_table = "readonly"\n}\n';
    const changed = withState(deployer, hcl(respelled) + windowHcl('readonly', '2030-01-21') + partitions, url);
    const plan = assertOk(await changed.plan('-no-color'));
    assert.match(plan.stdout, /pgpartition_parent_table\.readonly will be updated in-place/);
    assert.match(plan.stdout, /pgpartition_window\.readonly_2020_01_06 will be destroyed/);
    assert.match(plan.stdout, /data\.pgpartition_partitions\.readonly: Read complete/);
    assert.doesNotMatch(plan.stdout, /must be replaced/);
    assert.match(plan.stdout, /Plan: 1 to add, 1 to change, 1 to destroy/);
  });
});

/** `tf`'s working directory (and state) with `mainTf` written, run with the provider connecting as `url`. */
function withState(tf: TerraformWorkdir, mainTf: string, url: URL): TerraformWorkdir {
  tf.write('main.tf', mainTf);
  return withEnv(tf, { [URL_VARIABLE]: url.toString() });
}
