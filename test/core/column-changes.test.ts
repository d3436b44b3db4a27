// Classification of column changes (src/core/column-changes.ts) and index changes (src/core/schema-changes.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  columnChanges,
  describeChanges,
  describeRefusals,
  indexChanges,
  resolveParentTable,
  sameType,
  schemaChanges,
  widens,
  type ColumnSpec,
  type ParentTableSpec,
  type ResolvedParentTable,
} from '../../src/core';
import { accountBalances } from './support/specs';

const base: ParentTableSpec = { ...accountBalances, columns: [...accountBalances.columns, { name: 'note', type: 'varchar(10)' }] };
const resolve = (t: Partial<ParentTableSpec>): ResolvedParentTable => resolveParentTable({ ...base, ...t });
const withColumns = (columns: ColumnSpec[], extra: Partial<ParentTableSpec> = {}) => resolve({ columns, ...extra });
const note = (c: Partial<ColumnSpec>): ColumnSpec[] => [...accountBalances.columns, { name: 'note', type: 'varchar(10)', ...c }];
const classes = (prior: ResolvedParentTable, next: ResolvedParentTable) => columnChanges(prior, next).map((c) => [c.column, c.class]);

describe('columnChanges', () => {
  const prior = resolve({});

  it('finds nothing when only spellings or the column order change', () => {
    const respelled = resolve({ columns: [...base.columns].reverse().map((c) => ({ ...c, type: c.type === 'varchar(10)' ? 'character varying(10)' : c.type.replace('timestamptz', 'timestamp with time zone').replace('numeric(18,2)', 'decimal(18, 2)') })) });
    assert.deepEqual(columnChanges(prior, respelled), []);
  });

  it('adds a nullable column, or one with a constant default (NOT NULL too), as metadata only', () => {
    const next = withColumns([...base.columns, { name: 'a', type: 'int' }, { name: 'b', type: 'text', nullable: false, default: "'x'" }]);
    const changes = columnChanges(prior, next);
    assert.deepEqual(changes.map((c) => [c.column, c.class]), [['a', 'metadata-only'], ['b', 'metadata-only']]);
    assert.deepEqual(changes[1].statements.map((s) => [s.sql, s.lock, s.duration]), [
      [`ALTER TABLE "public"."account_balances" ADD COLUMN IF NOT EXISTS "b" text DEFAULT 'x' NOT NULL`, 'ACCESS EXCLUSIVE', 'momentary'],
    ]);
  });

  it('refuses a NOT NULL column without a default, with the options', () => {
    const [c] = columnChanges(prior, withColumns([...base.columns, { name: 'a', type: 'int', nullable: false }]));
    assert.equal(c.class, 'refused');
    assert.match(c.reason!, /every existing row would hold NULL/);
    assert.match(c.options!, /nullable = true, fill it, then set nullable = false/);
  });

  it('widens varchar(n) to a larger n, to varchar and to text as metadata only', () => {
    for (const type of ['varchar(20)', 'character varying', 'text']) assert.deepEqual(classes(prior, withColumns(note({ type }))), [['note', 'metadata-only']], type);
  });

  it('refuses a type change that rewrites every partition, or a narrowing', () => {
    for (const type of ['integer', 'varchar(5)', 'char(10)', 'text[]']) {
      const [c] = columnChanges(prior, withColumns(note({ type })));
      assert.equal(c.class, 'refused', type);
      assert.match(c.reason!, /rewrites every partition/);
      assert.match(c.options!, /add a new column of type/);
    }
  });

  it('refuses to widen a column an index reads (its indexes would be built again under ACCESS EXCLUSIVE), naming the indexes', () => {
    const indexes = [{ columns: ['timestamp'], include: ['note'] }, { name: 'partial', columns: ['timestamp'], where: "note <> ''" }];
    const [c] = columnChanges(resolve({ indexes }), resolve({ indexes, columns: note({ type: 'text' }) }));
    assert.equal(c.class, 'refused');
    assert.match(c.reason!, /builds index "account_balances_timestamp_idx", index "partial" again on every partition under ACCESS EXCLUSIVE/);
  });

  it('refuses a type change of a partition key column', () => {
    const [c] = columnChanges(prior, withColumns(accountBalances.columns.map((c) => (c.name === 'activity_id' ? { ...c, type: 'varchar(20)' } : c)).concat([{ name: 'note', type: 'varchar(10)' }])));
    assert.equal(c.class, 'refused');
    assert.match(c.reason!, /partition key column/);
  });

  it('sets NOT NULL by a CHECK validated under SHARE UPDATE EXCLUSIVE (a scan that lets writes go on), then drops NOT NULL as metadata only', () => {
    const [set] = columnChanges(prior, withColumns(note({ nullable: false })));
    assert.equal(set.class, 'scans');
    assert.deepEqual(set.statements.map((s) => `${s.lock} ${s.duration}: ${s.sql}`), [
      'ACCESS EXCLUSIVE momentary: ALTER TABLE "public"."account_balances" DROP CONSTRAINT IF EXISTS "account_balances_note_not_null"',
      'ACCESS EXCLUSIVE momentary: ALTER TABLE "public"."account_balances" ADD CONSTRAINT "account_balances_note_not_null" CHECK ("note" IS NOT NULL) NOT VALID',
      'SHARE UPDATE EXCLUSIVE scan: ALTER TABLE "public"."account_balances" VALIDATE CONSTRAINT "account_balances_note_not_null"',
      'ACCESS EXCLUSIVE momentary: ALTER TABLE "public"."account_balances" ALTER COLUMN "note" SET NOT NULL',
      'ACCESS EXCLUSIVE momentary: ALTER TABLE "public"."account_balances" DROP CONSTRAINT IF EXISTS "account_balances_note_not_null"',
    ]);
    assert.deepEqual(classes(withColumns(note({ nullable: false })), prior), [['note', 'metadata-only']]);
  });

  it('never changes the nullability of a primary key column (PostgreSQL keeps it NOT NULL)', () => {
    const nullableKey = withColumns(base.columns.map((c) => (c.name === 'account_address' ? { ...c, nullable: true } : c)));
    assert.deepEqual(columnChanges(prior, nullableKey), []);
  });

  it('sets and drops a default as metadata only', () => {
    assert.deepEqual(columnChanges(prior, withColumns(note({ default: "'-'" }))).map((c) => c.statements[0].sql), [`ALTER TABLE "public"."account_balances" ALTER COLUMN "note" SET DEFAULT '-'`]);
    assert.deepEqual(columnChanges(withColumns(note({ default: "'-'" })), prior).map((c) => c.statements[0].sql), ['ALTER TABLE "public"."account_balances" ALTER COLUMN "note" DROP DEFAULT']);
  });

  it('refuses to drop a column without the opt-in, and drops it loudly with it', () => {
    const [refused] = columnChanges(prior, resolve({ columns: accountBalances.columns }));
    assert.equal(refused.class, 'refused');
    assert.match(refused.options!, /list it in drop_columns \(dropColumns\)/);
    const [dropped] = columnChanges(prior, resolve({ columns: accountBalances.columns, dropColumns: ['note'] }));
    assert.equal(dropped.class, 'drops-data');
    assert.match(dropped.summary, /ITS VALUES IN EVERY ROW ARE LOST/);
    assert.equal(dropped.statements[0].sql, 'ALTER TABLE "public"."account_balances" DROP COLUMN IF EXISTS "note"');
  });

  it('refuses a new primary key, offering a unique index', () => {
    const [c] = columnChanges(prior, resolve({ primaryKey: ['timestamp', 'activity_id'] }));
    assert.equal(c.class, 'refused');
    assert.match(c.options!, /declare a unique index on the new columns instead/);
  });

  it('compares types in the spelling it is given (the catalog\'s), writing the declared type', () => {
    const spell = (t: string) => (t === 'mytype' ? 'public.mytype' : t === 'public.mytype' ? 'public.mytype' : t);
    assert.deepEqual(columnChanges(withColumns(note({ type: 'mytype' })), withColumns(note({ type: 'public.mytype' })), spell), []);
  });
});

describe('sameType and widens', () => {
  it('treat every spelling of a type as the same type', () => {
    for (const [a, b] of [['int', 'integer'], ['int4', 'pg_catalog.int4'], ['timestamptz(3)', 'timestamp(3) with time zone'], ['numeric(10)', 'numeric(10,0)'], ['float', 'double precision'], ['float(10)', 'real'], ['char', 'character(1)']]) {
      assert.ok(sameType(a, b), `${a} = ${b}`);
    }
    assert.ok(!sameType('varchar(10)', 'varchar(11)'));
  });

  it('never calls a change that narrows a limit a widening (a law over varchar and numeric limits)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1000 }), (a, b) => {
      assert.equal(widens(`varchar(${a})`, `varchar(${b})`), a < b);
      assert.equal(widens(`numeric(${a},2)`, `numeric(${b},2)`), a < b);
      assert.ok(!widens(`numeric(${a},2)`, `numeric(${b},3)`), 'a changed scale rewrites');
      assert.ok(widens(`varchar(${a})`, 'text') && !widens('text', `varchar(${a})`));
    }));
  });
});

describe('indexChanges', () => {
  const prior = resolve({});

  it('builds a new index concurrently, bottom-up, and drops a removed one', () => {
    const next = resolve({ indexes: [{ columns: ['timestamp'] }, { columns: ['timestamp'], method: 'brin' }] });
    const changes = indexChanges(prior, next);
    assert.deepEqual(changes.map((c) => [c.index, c.class, c.operation?.kind]), [
      ['account_balances_timestamp_brin_idx', 'builds', 'build-index'],
      ['account_balances_account_address_idx', 'metadata-only', 'drop-index'],
    ]);
    assert.deepEqual(changes[0].statements.map((s) => `${s.lock} on ${s.on}: ${s.sql}`), [
      'SHARE on the parent only: CREATE INDEX IF NOT EXISTS "account_balances_timestamp_brin_idx" ON ONLY "public"."account_balances" USING brin ("timestamp")',
      'SHARE on each sub-partitioned window only: CREATE INDEX IF NOT EXISTS "<window>_timestamp_brin_idx" ON ONLY <window> USING brin ("timestamp")',
      'SHARE UPDATE EXCLUSIVE on each leaf, one at a time: CREATE INDEX CONCURRENTLY "<leaf>_timestamp_brin_idx" ON <leaf> USING brin ("timestamp")',
      'ACCESS EXCLUSIVE on the attached index only (SHARE UPDATE EXCLUSIVE on its parent index): ALTER INDEX <index of the leaf\'s parent> ATTACH PARTITION <index of the leaf>',
      'ACCESS EXCLUSIVE on the attached index only (SHARE UPDATE EXCLUSIVE on the parent\'s index): ALTER INDEX "public"."account_balances_timestamp_brin_idx" ATTACH PARTITION <index of each window>',
    ]);
  });

  it('refuses a changed definition under the same name', () => {
    const [c] = indexChanges(prior, resolve({ indexes: [{ columns: ['timestamp'], where: 'usd_value > 0' }, { columns: ['account_address'] }] }));
    assert.equal(c.class, 'refused');
    assert.match(c.options!, /declare the new definition under another name/);
  });
});

describe('describeChanges', () => {
  it('lists each runnable change with its statements and locks under a heading with the tree it reaches, and each refusal with its options', () => {
    const prior = resolve({});
    const next = resolve({ columns: [...base.columns, { name: 'x', type: 'int' }], indexes: [...accountBalances.indexes!, { columns: ['timestamp'], method: 'brin' }], primaryKey: ['timestamp', 'activity_id'] });
    const c = schemaChanges(prior, next);
    const lines = describeChanges('public.account_balances', c, { windows: 17, leaves: 187, bytes: 3 * 1024 ** 3 });
    assert.equal(lines[0], 'public.account_balances (17 windows, 187 leaves, 3.0 GiB): 2 changes in place, in this order:');
    assert.equal(lines[1], '- add column "x" int: metadata only, no row is rewritten');
    assert.equal(lines[2], '    [ACCESS EXCLUSIVE on the parent and every partition, momentary: blocks reads and writes] ALTER TABLE "public"."account_balances" ADD COLUMN IF NOT EXISTS "x" int');
    assert.match(lines[3], /^- build index "account_balances_timestamp_brin_idx" brin \("timestamp"\) on every leaf without blocking writes/);
    assert.match(lines[6], /^ {4}\[SHARE UPDATE EXCLUSIVE on each leaf, one at a time, held while it builds: reads and writes go on\] CREATE INDEX CONCURRENTLY/);
    const [refusal] = describeRefusals(c);
    assert.match(refusal, /^primary key \("account_address", "timestamp", "activity_id"\) -> \("timestamp", "activity_id"\): refused, a new primary key is built under ACCESS EXCLUSIVE/);
  });
});
