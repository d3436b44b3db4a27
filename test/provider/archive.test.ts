// Two-phase retention (retention_mode "archive") through pgpartition_window_set, with the real
// terraform and a real PostgreSQL: archive (detach, move to the archive schema, rows kept), restore
// (move back, attach, rows counted before and after), drop once keep_for has passed, and the plan's
// refusals. The steps build on each other (one cluster, one parent table), so they run in order.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkLiveHealth } from '../../src/runtime/health';
import { summarizePlan } from '../../src/cli/plan/summary';
import { formatStatus } from '../../src/cli/status-printers';
import { assertOk, type TerraformWorkdir } from '../support/terraform';
import { flat, addWeeks, PROVIDER_HCL, parentHcl, partitionsOf, startFixture, type ProviderFixture } from './support/fixture';

const OLD = '2020-01-06'; // long past retention and keep_for by any clock
const NEW = '2030-01-07'; // inside retention for years to come
const name = (start: string) => `arch_${start.replace(/-/g, '_')}`;

/** One window of the set; `archived` null leaves the attribute out. */
function entry(start: string, archived: boolean | null, extra = ''): string {
  const n = name(start);
  return `    ${n} = {
      from = "${start}T00:00:00Z"
      to   = "${addWeeks(start, 1)}T00:00:00Z"
      sub_partitions = [{ name = "${n}_a", values = ["a1", "a2"] }]
      default_sub_partition = "${n}_default"
      retention      = "1 week"
      retention_mode = "archive"
      archive_schema = "archive"
      keep_for       = "7 days"
      ${archived === null ? '' : `archived = ${archived}`}
      ${extra}
    }`;
}

function setHcl(entries: readonly string[]): string {
  return `${PROVIDER_HCL}${parentHcl('arch')}
resource "pgpartition_window_set" "arch" {
  parent_table = pgpartition_parent_table.arch.name
  range_column = "ts"
  range_type   = "timestamptz"
  list_column  = "activity_id"
  windows = {
${entries.join('\n')}
  }
}
`;
}


describe('retention_mode "archive" (pgpartition_window_set)', () => {
  let f: ProviderFixture;
  let tf: TerraformWorkdir;
  const count = async (table: string) => Number((await f.admin.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  const tablesIn = async (schema: string) =>
    (await f.admin.query<{ relname: string }>(`SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r','p') ORDER BY 1`, [schema])).rows.map((r) => r.relname);
  const deploy = async (entries: readonly string[]) => {
    tf.write('main.tf', setHcl(entries));
    return assertOk(await tf.apply());
  };

  before(async () => {
    f = await startFixture();
    tf = await f.workdir(setHcl([entry(OLD, false), entry(NEW, false)]));
    assertOk(await tf.init());
    assertOk(await tf.apply());
    // three rows in the old window, one of an activity no group lists (its DEFAULT sub-partition)
    await f.admin.query(`INSERT INTO arch (ts, activity_id, v) VALUES ('2020-01-07T01:00:00Z', 'a1', 1), ('2020-01-08T01:00:00Z', 'a2', 2), ('2020-01-09T01:00:00Z', 'unknown', 3), ('2030-01-08T00:00:00Z', 'a1', 4)`);
  });
  after(async () => f?.stop());

  it('plans the archive as a calendar step with the date the window will be dropped', async () => {
    tf.write('main.tf', setHcl([entry(OLD, true), entry(NEW, false)]));
    assertOk(await tf.plan('-out=archive.tfplan'));
    const shown = await tf.run('show', '-json', 'archive.tfplan');
    const changes = summarizePlan(JSON.parse(shown.stdout));
    assert.deepEqual(changes.roll.archive.map((w) => [w.name, w.archiveSchema, w.dropFrom]), [[name(OLD), 'archive', '2020-01-27T00:00:00Z']]);
    assert.deepEqual([changes.roll.create, changes.roll.retire, changes.declaration.update], [[], [], []]);
  });

  it('archives: detaches the window and moves it and its sub-partitions to the archive schema, rows kept', async () => {
    assert.equal(await count('arch'), 4);
    assertOk(await tf.apply('archive.tfplan'));
    assert.deepEqual(await partitionsOf(f.admin, 'arch'), [name(NEW)]);
    assert.deepEqual(await tablesIn('archive'), [name(OLD), `${name(OLD)}_a`, `${name(OLD)}_default`]);
    assert.equal(await count('arch'), 1);
    assert.equal(await count(`archive.${name(OLD)}`), 3);
    const mark = (await f.admin.query(`SELECT obj_description('archive.${name(OLD)}'::regclass, 'pg_class') AS c`)).rows[0].c;
    assert.match(mark, /^pgpartition:managed table=public\.arch owner=default archived_until=2020-01-27T00%3A00%3A00Z$/);
    assert.equal((await tf.planExitCode()).code, 0, 'the archived window is in sync');
  });

  it('status lists the archived window, a problem once its drop date has passed', async () => {
    const report = await checkLiveHealth(f.admin, { table: 'arch' });
    assert.deepEqual(report.archivedWindows.map((a) => [a.schema, a.name, a.archivedUntil, a.rowEstimate]), [['archive', name(OLD), '2020-01-27T00:00:00Z', 3]]);
    const finding = report.findings.find((x) => x.kind === 'archived-window');
    assert.equal(finding?.severity, 'problem');
    assert.match(finding!.message, /due to be dropped from 2020-01-27T00:00:00Z/);
    assert.deepEqual(report.standaloneTables, [], 'an archived window is not a table left behind');
    const metrics = formatStatus(report, 'prometheus');
    assert.match(metrics, /^pgpartition_archived_window_drop_timestamp_seconds\{schema="public",table="arch",window="arch_2020_01_06",archive_schema="archive"\} 1580083200$/m);
    assert.match(formatStatus(report, 'text'), /archived windows: archive\.arch_2020_01_06 until 2020-01-27T00:00:00Z/);
  });

  it('restores: declared attached again, it moves back and is attached with every row', async () => {
    await deploy([entry(OLD, false), entry(NEW, false)]);
    assert.deepEqual(await partitionsOf(f.admin, 'arch'), [name(OLD), name(NEW)]);
    assert.deepEqual(await partitionsOf(f.admin, name(OLD)), [`${name(OLD)}_a`, `${name(OLD)}_default`]);
    assert.deepEqual(await tablesIn('archive'), []);
    assert.equal(await count('arch'), 4);
    assert.equal(await count(`${name(OLD)}_default`), 1, 'the unknown activity is back in its DEFAULT sub-partition');
    const mark = (await f.admin.query(`SELECT obj_description('${name(OLD)}'::regclass, 'pg_class') AS c`)).rows[0].c;
    assert.equal(mark, 'pgpartition:managed table=public.arch owner=default');
    assert.equal((await tf.planExitCode()).code, 0);
  });

  it('drops an archived window leaving the declaration once retention and keep_for have passed', async () => {
    await deploy([entry(OLD, true), entry(NEW, false)]);
    assert.equal(await count(`archive.${name(OLD)}`), 3);
    await deploy([entry(NEW, false)]);
    assert.deepEqual(await tablesIn('archive'), []);
    assert.deepEqual(await partitionsOf(f.admin, 'arch'), [name(NEW)]);
    assert.equal((await tf.planExitCode()).code, 0);
  });

  it('records a window declared archived that never existed without building it', async () => {
    const never = '2020-01-13';
    await deploy([entry(never, true), entry(NEW, false)]);
    assert.deepEqual(await tablesIn('archive'), []);
    assert.equal((await tf.planExitCode()).code, 0, 'nothing to recreate');
    const applied = await deploy([entry(NEW, false)]);
    assert.doesNotMatch(applied.stdout + applied.stderr, /already gone/);
  });

  it('refuses at plan to archive a window inside its retention, naming the date it may go', async () => {
    tf.write('main.tf', setHcl([entry(NEW, true)]));
    const plan = await tf.plan();
    assert.equal(plan.code, 1);
    assert.match(flat(plan.stderr), /Refusing to archive window public\.arch_2030_01_07: not expired/);
    assert.match(flat(plan.stderr), /it may be archived from 2030-01-21T00:00:00Z on/);
  });

  it('refuses a table of the same name in the archive schema before anything changes', async () => {
    await deploy([entry(OLD, false), entry(NEW, false)]);
    await f.admin.query(`CREATE SCHEMA IF NOT EXISTS archive; CREATE TABLE archive.${name(OLD)}_a (x int)`);
    tf.write('main.tf', setHcl([entry(OLD, true), entry(NEW, false)]));
    const plan = await tf.plan();
    assert.equal(plan.code, 1);
    assert.match(flat(plan.stderr), /Cannot move public\.arch_2020_01_06 to archive: archive\.arch_2020_01_06_a already exists/);
    assert.ok((await partitionsOf(f.admin, 'arch')).includes(name(OLD)));
    await f.admin.query(`DROP TABLE archive.${name(OLD)}_a`);
  });

  it('validates the archive attributes, naming each', async () => {
    tf.write('main.tf', setHcl([entry(OLD, false).replace('archive_schema = "archive"', '').replace('keep_for       = "7 days"', '')]));
    const v = await tf.run('validate');
    assert.equal(v.code, 1);
    assert.match(flat(v.stderr), /retention_mode "archive" needs archive_schema/);
    assert.match(flat(v.stderr), /retention_mode "archive" needs keep_for/);
    tf.write('main.tf', setHcl([entry(OLD, false).replace('archive_schema = "archive"', 'archive_schema = "public"')]));
    assert.match(flat((await tf.run('validate')).stderr), /archive_schema is the parent's schema/);
  });
});
