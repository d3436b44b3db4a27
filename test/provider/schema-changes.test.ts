/**
 * Columns and indexes of pgpartition_parent_table changing in place on a live table (issue 14),
 * against the real terraform and a real PostgreSQL: 17 weekly windows of rows, three leaves each
 * (two groups and DEFAULT), and a writer inserting through the parent at a steady rate while the
 * applies run. Writer stalls are reported with t.diagnostic, never asserted (they depend on the
 * machine); writer errors are asserted to be none.
 */
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { assertOk, type TerraformWorkdir } from '../support/terraform';
import { startWriter, type WriterReport } from '../support/writer';
import { addWeeks, PROVIDER_HCL, startFixture, URL_VARIABLE, windowHcl, withEnv, type ProviderFixture } from './support/fixture';

const TABLE = 'evolving';
const WINDOWS = 17;

/** Monday 00:00 UTC of the current week, `YYYY-MM-DD`. */
function currentMonday(): string {
  const now = new Date();
  const day = (now.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - day)).toISOString().slice(0, 10);
}
const FIRST = addWeeks(currentMonday(), -8);
const starts = (n: number) => Array.from({ length: n }, (_, i) => addWeeks(FIRST, i));

interface Shape {
  readonly columns: readonly string[];
  readonly indexes: readonly string[];
  readonly dropColumns?: readonly string[];
  readonly primaryKey?: string;
}

const V1: Shape = {
  columns: [
    '{ name = "id", type = "bigint", nullable = false }',
    '{ name = "ts", type = "timestamptz", nullable = false }',
    '{ name = "activity_id", type = "text", nullable = false }',
    '{ name = "account", type = "text", nullable = false }',
    '{ name = "v", type = "numeric(18,2)" }',
    '{ name = "note", type = "varchar(10)" }',
  ],
  indexes: ['{ columns = ["account"] }'],
};

const ADDED_COLUMNS = ['{ name = "state", type = "text", nullable = false, default = "\'new\'" }', '{ name = "note2", type = "text" }'];
const ADDED_INDEXES = [
  '{ columns = ["ts"], method = "brin", storage_parameters = { pages_per_range = "4" } }',
  '{ name = "evolving_account_unique", columns = ["account", "ts", "activity_id"], unique = true, include = ["v"] }',
  '{ columns = ["v"], where = "state = \'new\' AND v > 1000" }',
];

function parentHcl(s: Shape): string {
  return `
resource "pgpartition_parent_table" "${TABLE}" {
  name    = "${TABLE}"
  columns = [
    ${s.columns.join(',\n    ')},
  ]
  primary_key  = ${s.primaryKey ?? '["id", "ts", "activity_id"]'}
  indexes      = [${s.indexes.join(', ')}]
  drop_columns = ${s.dropColumns ? JSON.stringify(s.dropColumns) : 'null'}
  range_column = "ts"
  list_column  = "activity_id"
}
`;
}

const config = (s: Shape, windows = WINDOWS, provider = PROVIDER_HCL) => provider + parentHcl(s) + starts(windows).map((w) => windowHcl(TABLE, w)).join('');
const squash = (text: string) => text.replace(/\s+/g, ' ');

describe('pgpartition_parent_table schema changes in place', () => {
  let f: ProviderFixture;
  let tf: TerraformWorkdir;
  const query = async <R extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await f.admin.query<R>(sql, params)).rows;
  const rowsOf = async (where = "account <> 'writer'") => Number((await query<{ n: string }>(`SELECT count(*) AS n FROM ${TABLE} WHERE ${where}`))[0].n);
  /** Validity of index `name` (on any table). */
  const validity = async (name: string) => (await query<{ valid: boolean }>('SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = to_regclass($1)', [name]))[0]?.valid ?? null;
  /** Names of the leaves (partitions that hold rows) of the parent. */
  const leaves = async () => (await query<{ name: string }>(`SELECT relid::regclass::text AS name FROM pg_partition_tree('${TABLE}') WHERE isleaf ORDER BY 1`)).map((r) => r.name);
  /** How many leaves carry an index attached (through its window's) to the parent's index `name`. */
  const leavesWith = async (name: string) =>
    Number((await query<{ n: string }>(`SELECT count(*) AS n FROM pg_partition_tree($1::regclass) t WHERE t.isleaf AND t.level > 0`, [name]))[0].n);

  /** Runs `run` while a writer inserts a row through the parent every 10 ms (into the current window); returns what the writer saw. */
  async function withWriter(run: () => Promise<void>): Promise<WriterReport> {
    const activities = ['a1', 'a2', 'b1', 'zz'];
    const writer = await startWriter(f.pg.url, (i) => [
      `INSERT INTO ${TABLE} (id, ts, activity_id, account, v, note) VALUES ($1, clock_timestamp(), $2, 'writer', $3, 'w')`,
      [10_000_000 + i, activities[i % 4], i],
    ], { intervalMs: 10 });
    let failure: unknown;
    try {
      await run();
    } catch (err) {
      failure = err;
    }
    const seen = await writer.stop(); // stopped either way, so no connection is left behind
    if (failure !== undefined) throw failure;
    return seen;
  }

  const report = (t: TestContext, what: string, r: WriterReport) =>
    t.diagnostic(`${what}: writer made ${r.inserts} inserts in ${(r.elapsedMs / 1000).toFixed(1)} s, worst stall ${r.worstMs.toFixed(1)} ms (p99 ${r.p99Ms.toFixed(1)} ms, median ${r.medianMs.toFixed(1)} ms), ${r.errors.length} errors`);

  before(async () => {
    f = await startFixture();
    tf = await f.workdir(config(V1));
    assertOk(await tf.init());
    assertOk(await tf.apply());
    // rows in every window: one every two minutes over the 17 weeks, spread over the groups and DEFAULT
    await f.admin.query(`INSERT INTO ${TABLE} (id, ts, activity_id, account, v, note)
      SELECT i, '${FIRST}T00:00:00Z'::timestamptz + i * interval '2 minutes', (ARRAY['a1','a2','b1','zz'])[1 + i % 4], 'acct' || (i % 1000), i, 'n'
        FROM generate_series(0, ${WINDOWS * 7 * 720 - 1}) AS i`);
    await f.admin.query(`ANALYZE ${TABLE}`);
  });
  after(async () => f?.stop());

  it('adds columns in place while a writer inserts: no writer error, row counts equal, the plan lists statements and locks', async (t) => {
    const next: Shape = { ...V1, columns: [...V1.columns, ...ADDED_COLUMNS] };
    tf.write('main.tf', config(next));
    const plan = assertOk(await tf.plan());
    const text = squash(plan.stdout + plan.stderr);
    assert.match(text, /pgpartition_parent_table\.evolving will be updated in-place/);
    assert.match(text, /Schema changes to public\.evolving \(applied in place\)/);
    assert.match(text, /public\.evolving \(17 windows, 51 leaves, [0-9.]+ MiB\): 2 changes in place, in this order:/);
    assert.match(text, /- add column "state" text DEFAULT 'new' NOT NULL: metadata only, no row is rewritten/);
    assert.match(text, /\[ACCESS EXCLUSIVE on the parent and every partition, momentary: blocks reads and writes\] ALTER TABLE "public"\."evolving" ADD COLUMN IF NOT EXISTS "state" text DEFAULT 'new' NOT NULL/);
    assert.doesNotMatch(text, /must be replaced/);

    const before = await rowsOf();
    const r = await withWriter(async () => {
      assertOk(await tf.apply());
    });
    report(t, 'add 2 columns', r);
    assert.deepEqual(r.errors, []);
    assert.equal(await rowsOf(), before, 'no row lost or added');
    assert.equal(await rowsOf("account <> 'writer' AND state = 'new'"), before, 'existing rows read the default');
    assert.equal((await tf.planExitCode()).code, 0);
  });

  it('adds a BRIN, a unique covering and a partial index while a writer inserts, built on every leaf without blocking writes', async (t) => {
    const next: Shape = { ...V1, columns: [...V1.columns, ...ADDED_COLUMNS], indexes: [...V1.indexes, ...ADDED_INDEXES] };
    tf.write('main.tf', config(next));
    const plan = squash((await tf.plan()).stdout);
    assert.match(plan, /- build index "evolving_ts_brin_idx" brin \("ts"\) WITH \(pages_per_range = 4\) on every leaf without blocking writes/);
    assert.match(plan, /- build index "evolving_account_unique" UNIQUE btree \("account", "ts", "activity_id"\) INCLUDE \("v"\)/);
    assert.match(plan, /\[SHARE UPDATE EXCLUSIVE on each leaf, one at a time, held while it builds: reads and writes go on\] CREATE INDEX CONCURRENTLY "<leaf>_ts_brin_idx" ON <leaf> USING brin/);
    assert.match(plan, /\[SHARE on the parent only, momentary: blocks writes\] CREATE INDEX IF NOT EXISTS "evolving_ts_brin_idx" ON ONLY "public"\."evolving"/);

    const r = await withWriter(async () => {
      assertOk(await tf.apply());
    });
    report(t, 'add 3 indexes to 51 leaves', r);
    assert.deepEqual(r.errors, []);
    for (const name of ['evolving_ts_brin_idx', 'evolving_account_unique', 'evolving_v_idx']) {
      assert.equal(await validity(name), true, `${name} is valid`);
      assert.equal(await leavesWith(name), 51, `${name} is on every leaf`);
    }
    const leaf = (await leaves())[0];
    const [def] = await query<{ d: string }>(`SELECT pg_get_indexdef(indexrelid) AS d FROM pg_index WHERE indrelid = $1::regclass AND pg_get_indexdef(indexrelid) LIKE '%(v)%WHERE%'`, [leaf]);
    assert.match(def.d, /USING btree \(v\) WHERE \(\(state = 'new'::text\) AND \(v > /, def.d);
    assert.equal((await tf.planExitCode()).code, 0);
  });

  it('rejects a duplicate key of the declared unique index (23505) in an old window and in a window created after it', async () => {
    const next: Shape = { ...V1, columns: [...V1.columns, ...ADDED_COLUMNS], indexes: [...V1.indexes, ...ADDED_INDEXES] };
    tf.write('main.tf', config(next, WINDOWS + 1));
    assertOk(await tf.apply());
    const newest = addWeeks(FIRST, WINDOWS);
    for (const ts of [`${FIRST}T03:00:00Z`, `${newest}T03:00:00Z`]) {
      const insert = (id: number) => f.admin.query(`INSERT INTO ${TABLE} (id, ts, activity_id, account, v) VALUES ($1, $2, 'a1', 'dup', 1)`, [id, ts]);
      await insert(90_000_001);
      await assert.rejects(insert(90_000_002), (err: { code?: string; constraint?: string }) => {
        assert.equal(err.code, '23505');
        assert.match(err.constraint ?? '', /_account_unique$/);
        return true;
      }, ts);
    }
    const newLeaf = `${TABLE}_${newest.replace(/-/g, '_')}_a`;
    assert.equal(await validity(`${newLeaf}_account_unique`), true, 'the new window built its copy before the attach');
  });

  it('uses the BRIN index for a time-bounded query (EXPLAIN)', async () => {
    const client = new Client({ connectionString: f.pg.url });
    await client.connect();
    try {
      await client.query(`ANALYZE ${TABLE}`);
      await client.query('SET enable_seqscan = off');
      const from = `${addWeeks(FIRST, 2)}T06:00:00Z`;
      const { rows } = await client.query(`EXPLAIN SELECT count(*) FROM ${TABLE} WHERE ts >= $1 AND ts < $1::timestamptz + interval '1 hour'`, [from]);
      const text = rows.map((r) => r['QUERY PLAN']).join('\n');
      assert.match(text, /Bitmap Index Scan on evolving_\d{4}_\d{2}_\d{2}_\w+_ts_brin_idx/, text);
    } finally {
      await client.end();
    }
  });

  it('finishes an index build that a killed apply cut short', async () => {
    const shape: Shape = { ...V1, columns: [...V1.columns, ...ADDED_COLUMNS], indexes: [...V1.indexes, ...ADDED_INDEXES, '{ columns = ["note2"] }'] };
    tf.write('main.tf', config(shape, WINDOWS + 1));
    const killed = await withEnv(tf, { [URL_VARIABLE]: f.pg.url, PGPARTITION_FAULT: 'exit-after-leaf-index' }).apply();
    assert.notEqual(killed.code, 0, 'the apply was cut short');
    assert.equal(await validity('evolving_note2_idx'), false, `the parent's index is left invalid\n${killed.stdout}\n${killed.stderr}`);
    const plan = squash((await tf.plan()).stdout);
    assert.match(plan, /- build index "evolving_note2_idx"/, 'the next plan builds it again');
    assertOk(await tf.apply());
    assert.equal(await validity('evolving_note2_idx'), true);
    assert.equal(await leavesWith('evolving_note2_idx'), 54);
    assert.equal((await tf.planExitCode()).code, 0);
  });

  it('drops and rebuilds an INVALID index left by a CREATE INDEX CONCURRENTLY that gave up waiting for a lock', async () => {
    const shape: Shape = { ...V1, columns: [...V1.columns, ...ADDED_COLUMNS], indexes: [...V1.indexes, ...ADDED_INDEXES, '{ columns = ["note2"] }', '{ columns = ["state"] }'] };
    const impatient = PROVIDER_HCL.replace('lock_timeout_ms  = 5000', 'lock_timeout_ms  = 200\n  lock_retries     = 1');
    tf.write('main.tf', config(shape, WINDOWS + 1, impatient));
    const leaf = `${TABLE}_${addWeeks(FIRST, 3).replace(/-/g, '_')}_b`;
    const blocker = new Client({ connectionString: f.pg.url });
    await blocker.connect();
    try {
      // an open transaction that wrote to the leaf: CREATE INDEX CONCURRENTLY waits for it, then gives up
      await blocker.query('BEGIN');
      await blocker.query(`INSERT INTO ${leaf} (id, ts, activity_id, account, v) VALUES (95000000, '${addWeeks(FIRST, 3)}T01:00:00Z', 'b1', 'blocker', 1)`);
      const apply = await tf.apply();
      assert.equal(apply.code, 1);
      assert.match(squash(apply.stderr), new RegExp(`Gave up waiting for a lock to build index "evolving_state_idx" \\(CONCURRENTLY\\) on public\\.${leaf}`));
      assert.equal(await validity(`${leaf}_state_idx`), false, 'the failed build left an INVALID index');
    } finally {
      await blocker.query('COMMIT');
      await blocker.end();
    }
    assertOk(await tf.apply());
    assert.equal(await validity(`${leaf}_state_idx`), true);
    assert.equal(await validity('evolving_state_idx'), true);
    assert.equal((await tf.planExitCode()).code, 0);
  });

  it('refuses at plan what cannot be done in place, with the reason and the options, and changes nothing', async () => {
    const base: Shape = { ...V1, columns: [...V1.columns, ...ADDED_COLUMNS], indexes: [...V1.indexes, ...ADDED_INDEXES, '{ columns = ["note2"] }', '{ columns = ["state"] }'] };
    const refused = async (shape: Shape, pattern: RegExp) => {
      tf.write('main.tf', config(shape, WINDOWS + 1));
      const plan = await tf.plan();
      assert.equal(plan.code, 1, plan.stdout);
      assert.match(squash(plan.stderr), pattern);
    };
    await refused({ ...base, columns: base.columns.map((c) => c.replace('"varchar(10)"', '"integer"')) },
      /Change refused on public\.evolving: column "note": type varchar\(10\) -> integer .* PostgreSQL rewrites every partition .* Options: keep the type; or add a new column of type integer/);
    await refused({ ...base, columns: base.columns.filter((c) => !c.includes('"note2"')), indexes: base.indexes.filter((i) => !i.includes('note2')) },
      /Change refused on public\.evolving: drop column "note2" .* needs an explicit opt-in.* list it in drop_columns/);
    await refused({ ...base, columns: [...base.columns, '{ name = "must", type = "int", nullable = false }'] }, /add column "must" int NOT NULL .* every existing row would hold NULL/);
    await refused({ ...base, primaryKey: '["id", "ts", "activity_id", "account"]' },
      /Changing primary_key would replace public\.evolving .* has 18 partitions \(54 leaves, about \d+ rows\); replacing it would drop them all.* declare a unique index on the new columns instead/);
  });

  it('widens a type and sets NOT NULL in place (refusing, changing nothing, while a row holds NULL), then drops a column with the opt-in; row counts stay equal', async (t) => {
    const base: Shape = { ...V1, columns: [...V1.columns, ...ADDED_COLUMNS], indexes: [...V1.indexes, ...ADDED_INDEXES, '{ columns = ["note2"] }', '{ columns = ["state"] }'] };
    const widened = { ...base, columns: base.columns.map((c) => c.replace('{ name = "note", type = "varchar(10)" }', '{ name = "note", type = "varchar(40)", nullable = false }')) };
    tf.write('main.tf', config(widened, WINDOWS + 1));
    const plan = squash((await tf.plan()).stdout);
    assert.match(plan, /- column "note": type varchar\(10\) -> varchar\(40\): metadata only/);
    assert.match(plan, /\[SHARE UPDATE EXCLUSIVE on the parent and every partition, held while it scans: reads and writes go on\] ALTER TABLE "public"\."evolving" VALIDATE CONSTRAINT "evolving_note_not_null"/);
    const counted = await rowsOf('true');
    const failed = await tf.apply();
    assert.equal(failed.code, 1, 'the blocker\'s and the duplicate rows hold NULL in note');
    assert.match(squash(failed.stderr), /Cannot set NOT NULL on column "note" of public\.evolving .* Some rows hold NULL in "note"/);
    assert.deepEqual(await query(`SELECT conname FROM pg_constraint WHERE conname = 'evolving_note_not_null'`), [], 'the NOT VALID check is gone again');
    await f.admin.query(`UPDATE ${TABLE} SET note = 'w' WHERE note IS NULL`);
    const r = await withWriter(async () => {
      assertOk(await tf.apply()); // the NOT NULL scan runs while the writer writes
    });
    report(t, 'widen varchar(10) to varchar(40), set NOT NULL (validated by a scan)', r);
    assert.deepEqual(r.errors, []);
    assert.equal(await rowsOf('true'), counted + r.inserts, 'no row lost');
    assert.equal((await query<{ n: boolean }>(`SELECT attnotnull AS n FROM pg_attribute WHERE attrelid = '${TABLE}'::regclass AND attname = 'note'`))[0].n, true);

    const dropped: Shape = { ...widened, columns: widened.columns.filter((c) => !c.includes('"note2"')), indexes: widened.indexes.filter((i) => !i.includes('note2')), dropColumns: ['note2'] };
    tf.write('main.tf', config(dropped, WINDOWS + 1));
    const dropPlan = squash((await tf.plan()).stdout);
    assert.match(dropPlan, /- drop index "evolving_note2_idx" btree \("note2"\) from the parent and every partition/);
    assert.match(dropPlan, /- DROP COLUMN "note2": ITS VALUES IN EVERY ROW ARE LOST/);
    const before = await rowsOf('true');
    assertOk(await tf.apply());
    assert.equal(await rowsOf('true'), before);
    assert.deepEqual(await query(`SELECT 1 FROM pg_attribute WHERE attrelid = '${TABLE}'::regclass AND attname = 'note2' AND NOT attisdropped`), []);
    assert.equal((await tf.planExitCode()).code, 0);
  });

  it('upgrades state written by schema version 1 without replacing or changing anything', async () => {
    const hcl = PROVIDER_HCL + `
resource "pgpartition_parent_table" "old" {
  name = "old"
  columns = [
    { name = "ts", type = "timestamptz", nullable = false },
    { name = "activity_id", type = "text", nullable = false },
  ]
  primary_key  = ["ts", "activity_id"]
  indexes      = [{ name = null, columns = ["activity_id"] }]
  range_column = "ts"
}
`;
    const old = await f.workdir(hcl);
    assertOk(await old.init());
    assertOk(await old.apply());
    // the state as version 1 wrote it: no defaults, no index options, no drop_columns
    const file = join(old.dir, 'terraform.tfstate');
    const state = JSON.parse(readFileSync(file, 'utf8'));
    const instance = state.resources.find((r: { type: string }) => r.type === 'pgpartition_parent_table').instances[0];
    instance.schema_version = 1;
    delete instance.attributes.drop_columns;
    instance.attributes.columns = instance.attributes.columns.map((c: Record<string, unknown>) => ({ name: c.name, type: c.type, nullable: c.nullable }));
    instance.attributes.indexes = instance.attributes.indexes.map((ix: Record<string, unknown>) => ({ name: ix.name, columns: ix.columns }));
    state.serial += 1;
    writeFileSync(file, JSON.stringify(state));
    const plan = await old.planExitCode();
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
  });
});
