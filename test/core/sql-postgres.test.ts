/**
 * The SQL builders against a real PostgreSQL (a throwaway cluster this test starts and stops):
 * parent table, standalone windows attached without a validation scan, rows moved out of the
 * DEFAULT partition, DETACH CONCURRENTLY and DROP, with names that need quoting.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Client } from 'pg';
import {
  addCalendarInterval,
  createParentTableSql,
  formatCalendarInterval,
  detachWindowSql,
  dropWindowSql,
  planResolved,
  qualifiedName,
  quoteIdent,
  resolveSpec,
  ownershipMark,
  windowSql,
  type Ownership,
  type PartitionSpec,
  type ResolvedSpec,
} from '../../src/core';
import { renderPredicate } from '../../src/core/sql-predicate';
import { startLocalPostgres, type LocalPostgres } from '../support/postgres';
import { predicates } from './support/predicates';
import { withSpec } from './support/specs';

const NOW = new Date('2030-01-01T00:00:00Z');
const ownershipOf = (spec: ResolvedSpec): Ownership => ({ table: `${spec.table.schema}.${spec.table.name}`, owner: 'test' });

describe('sql against PostgreSQL', () => {
  let pg: LocalPostgres;
  let client: Client;
  const notices: string[] = [];

  before(async () => {
    pg = await startLocalPostgres();
    client = new Client({ connectionString: pg.url });
    await client.connect();
    client.on('notice', (n) => notices.push(n.message ?? ''));
  });

  after(async () => {
    await client?.end();
    await pg?.stop();
  });

  async function inTransaction(statements: string[]): Promise<void> {
    await client.query('BEGIN');
    try {
      for (const s of statements) await client.query(s);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    }
  }

  async function deploy(spec: PartitionSpec) {
    const resolved = resolveSpec(spec);
    const plan = planResolved(resolved, NOW);
    await client.query(`CREATE SCHEMA ${quoteIdent(resolved.table.schema)}`);
    await inTransaction(createParentTableSql(resolved.table, ownershipOf(resolved)));
    return { resolved, plan };
  }

  it('builds, attaches (moving DEFAULT rows), and keeps every row, with names that need quoting', async () => {
    const spec = withSpec({ premake: 1, retention: { windows: 1 } }, { schema: 'my "schema"; x', name: 'bal "x"; y', defaultPartition: true });
    const { resolved, plan } = await deploy(spec);
    const parent = qualifiedName(resolved.table.schema, resolved.table.name);
    const insert = `INSERT INTO ${parent} ("timestamp", account_address, usd_value, activity_id, data) VALUES ($1, 'acc', 1, $2, '{}')`;
    await client.query(insert, ['2024-12-24T10:00:00Z', 'dex_swap']); // lands in DEFAULT: no window yet
    await client.query(insert, ['2024-12-24T11:00:00Z', 'unknown_activity']);
    await client.query("SET client_min_messages = 'debug1'");
    for (const window of plan.windows) {
      const { build, attach } = windowSql(resolved, window, ownershipOf(resolved));
      await inTransaction(build);
      await inTransaction(attach);
    }
    await client.query("SET client_min_messages = 'notice'");
    const current = plan.windows.find((w) => w.current)!;
    const where = async (table: string) =>
      (await client.query(`SELECT count(*)::int AS n FROM ${qualifiedName(resolved.table.schema, table)}`)).rows[0].n;
    assert.equal(await where(resolved.table.name), 2, 'no row lost');
    assert.equal(await where(`${resolved.table.name}_default`), 0, 'DEFAULT partition emptied');
    assert.equal(await where(current.subPartitions.find((s) => s.group === 'trading')!.name), 1);
    assert.equal(await where(current.subPartitions.find((s) => s.group === 'default')!.name), 1);
    // the bound CHECK let every ATTACH skip its validation scan (PostgreSQL docs 5.11.2.2)
    for (const w of plan.windows) {
      assert.ok(notices.includes(`partition constraint for table "${w.name}" is implied by existing constraints`), w.name);
    }
    const marks = await client.query(
      `SELECT c.relname, obj_description(c.oid, 'pg_class') AS mark FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')`,
      [resolved.table.schema],
    );
    assert.equal(marks.rows.length, 1 + 1 + plan.windows.length * 4);
    assert.ok(marks.rows.every((r) => r.mark === ownershipMark(ownershipOf(resolved))), 'every table carries the ownership mark');
    // every index of every window and sub-partition is one of the parent's, attached up the tree (so ATTACH built none)
    const { rows: loose } = await client.query(
      `SELECT c.relname FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = $1 AND t.relname <> $2 AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = x.indexrelid)`,
      [resolved.table.schema, resolved.table.name],
    );
    assert.deepEqual(loose, [], 'index copies not attached to the parent\'s indexes');
    const checks = await client.query(`SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'c' AND conname LIKE '%_bound'`);
    assert.equal(checks.rows[0].n, 0, 'bound CHECK constraints dropped after attach');
  });

  it('copies a unique covering partial index, a BRIN index with storage parameters and column defaults onto every window, which ATTACH adopts', async () => {
    const indexes = [
      { name: 'cover', columns: ['account_address', 'timestamp', 'activity_id'], unique: true, include: ['usd_value'], where: "usd_value > 0 AND data IS NOT NULL" },
      { columns: ['timestamp'], method: 'brin' as const, storageParameters: { pages_per_range: 8, autosummarize: true } },
      { columns: ['data'], method: 'gin' as const },
    ];
    const columns = [...withSpec({}).table.columns, { name: 'state', type: 'text', nullable: false, default: "'it''s new'" }];
    const { resolved, plan } = await deploy(withSpec({ premake: 0, retention: { windows: 1 } }, { schema: 'options', indexes, columns }));
    for (const window of plan.windows) {
      const { build, attach } = windowSql(resolved, window, ownershipOf(resolved));
      await inTransaction(build);
      await inTransaction(attach);
    }
    const { rows } = await client.query(
      `SELECT c.relname, x.indisvalid AS valid, pg_get_indexdef(x.indexrelid) AS def FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
        WHERE x.indrelid = $1::regclass ORDER BY 1`,
      [qualifiedName('options', plan.windows[0].subPartitions[0].name)],
    );
    assert.equal(rows.length, 4, JSON.stringify(rows));
    const def = (suffix: string) => rows.find((r) => r.relname.endsWith(suffix))!.def;
    assert.match(def('_cover'), /^CREATE UNIQUE INDEX \S+ ON options\.\S+ USING btree \(account_address, "timestamp", activity_id\) INCLUDE \(usd_value\) WHERE \(\(usd_value > \(0\)::numeric\) AND \(data IS NOT NULL\)\)$/);
    assert.match(def('_timestamp_brin_idx'), /USING brin \("timestamp"\) WITH \(autosummarize='on', pages_per_range='8'\)$/);
    assert.match(def('_data_gin_idx'), /USING gin \(data\)$/);
    const { rows: parent } = await client.query(`SELECT bool_and(x.indisvalid) AS valid FROM pg_index x WHERE x.indrelid = $1::regclass`, [qualifiedName('options', resolved.table.name)]);
    assert.equal(parent[0].valid, true, 'every copy attached: the parent\'s indexes are valid');
    await client.query(`INSERT INTO ${qualifiedName('options', resolved.table.name)} ("timestamp", account_address, usd_value, activity_id, data) VALUES ($1, 'a', 1, 'x', '{}')`, [plan.windows[0].from]);
    const { rows: state } = await client.query(`SELECT state FROM ${qualifiedName('options', resolved.table.name)}`);
    assert.deepEqual(state, [{ state: "it's new" }]);
  });

  it('reads every predicate the grammar renders as valid SQL (no syntax error, no unknown column)', async () => {
    const names = ['a', 'Mixed Case', 'with "quote"', 'select'];
    await client.query(`CREATE TABLE predicates (${names.map((n) => `${quoteIdent(n)} text`).join(', ')})`);
    await fc.assert(
      fc.asyncProperty(predicates(names), async (tree) => {
        const sql = `SELECT 1 FROM predicates WHERE ${renderPredicate(tree)} LIMIT 0`;
        const code = await client.query(sql).then(() => null, (err: { code?: string }) => err.code ?? 'no code');
        assert.ok(code !== '42601' && code !== '42703', `${sql}: SQLSTATE ${code}`);
      }),
      { numRuns: 300 },
    );
  });

  it('retires a window with DETACH CONCURRENTLY, then DROP', async () => {
    const { resolved, plan } = await deploy(withSpec({ premake: 0, retention: { windows: 1 } }, { schema: 'retire' }));
    const [oldest] = plan.windows;
    for (const window of plan.windows) {
      const { build, attach } = windowSql(resolved, window, ownershipOf(resolved));
      await inTransaction(build);
      await inTransaction(attach);
    }
    for (const s of detachWindowSql('retire', resolved.table.name, oldest.name, { concurrently: true })) await client.query(s);
    for (const s of dropWindowSql('retire', oldest.name)) await client.query(s);
    const left = await client.query(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass`,
      [qualifiedName('retire', resolved.table.name)],
    );
    assert.deepEqual(left.rows.map((r) => r.relname), [plan.windows[1].name]);
  });

  it('adds calendar intervals to an instant as PostgreSQL adds them to a UTC timestamp (a law, 500 samples in one query)', async () => {
    const samples = fc.sample(fc.tuple(
      fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }),
      fc.nat(60), fc.nat(2000),
    ), { numRuns: 500, seed: 42 });
    const { rows } = await client.query<{ sum: string }>(
      `SELECT to_char((t AT TIME ZONE 'UTC') + i::interval, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS sum
         FROM unnest($1::timestamptz[], $2::text[]) WITH ORDINALITY AS x(t, i, n) ORDER BY n`,
      [samples.map(([t]) => t.toISOString()), samples.map(([, months, days]) => formatCalendarInterval({ months, days }))],
    );
    samples.forEach(([t, months, days], i) => assert.equal(addCalendarInterval(t, { months, days }).toISOString(), rows[i].sum, `${t.toISOString()} + ${months} months ${days} days`));
  });
});
