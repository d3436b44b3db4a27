// The index rules and the SQL of an index definition (src/core/indexes.ts), through resolveParentTable.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createParentTableSql, declaredParentIndexes, indexDefinitionSql, resolveParentTable, SpecError, type IndexSpec, type ParentTableSpec } from '../../src/core';
import { accountBalances } from './support/specs';

const table = (indexes: IndexSpec[], extra: Partial<ParentTableSpec> = {}): ParentTableSpec => ({ ...accountBalances, indexes, ...extra });

function rejects(spec: ParentTableSpec, message: string): void {
  assert.throws(() => resolveParentTable(spec), (err: unknown) => {
    assert.ok(err instanceof SpecError, `expected a SpecError, got ${String(err)}`);
    assert.equal(err.message, message);
    assert.ok(err.message.startsWith(`${err.field}: `));
    return true;
  });
}

describe('declared indexes', () => {
  it('fills the defaults: btree, not unique, no INCLUDE, no predicate, named after the columns (and the method)', () => {
    const t = resolveParentTable(table([{ columns: ['timestamp'] }, { columns: ['timestamp'], method: 'brin' }]));
    assert.deepEqual(t.indexes[0], { name: 'account_balances_timestamp_idx', columns: ['timestamp'], unique: false, include: [], method: 'btree', where: null, storageParameters: [] });
    assert.equal(t.indexes[1].name, 'account_balances_timestamp_brin_idx');
  });

  it('writes a unique covering partial index and a BRIN index with storage parameters as PostgreSQL reads them', () => {
    const t = resolveParentTable(table([
      { name: 'ab_unique', columns: ['account_address', 'timestamp', 'activity_id'], unique: true, include: ['usd_value'], where: "usd_value > 0 and account_address <> 'x'" },
      { columns: ['timestamp'], method: 'brin', storageParameters: { pages_per_range: 16, autosummarize: 'true' } },
      { columns: ['data'], method: 'gin', storageParameters: { fastupdate: false } },
    ]));
    assert.deepEqual(t.indexes.map(indexDefinitionSql), [
      `USING btree ("account_address", "timestamp", "activity_id") INCLUDE ("usd_value") WHERE ("usd_value" > 0 AND "account_address" <> 'x')`,
      'USING brin ("timestamp") WITH (autosummarize = on, pages_per_range = 16)',
      'USING gin ("data") WITH (fastupdate = off)',
    ]);
    const sql = createParentTableSql(t, { table: 'public.account_balances', owner: 'test' });
    assert.ok(sql.includes(`CREATE UNIQUE INDEX "ab_unique" ON "public"."account_balances" USING btree ("account_address", "timestamp", "activity_id") INCLUDE ("usd_value") WHERE ("usd_value" > 0 AND "account_address" <> 'x')`), sql.join('\n'));
    assert.deepEqual(declaredParentIndexes(t).map((ix) => [ix.name, ix.unique]), [['account_balances_pkey', true], ['ab_unique', true], ['account_balances_timestamp_brin_idx', false], ['account_balances_data_gin_idx', false]]);
  });

  it('writes column defaults as canonical constants', () => {
    const t = resolveParentTable({ ...accountBalances, columns: [...accountBalances.columns, { name: 'state', type: 'text', nullable: false, default: "'new'" }, { name: 'n', type: 'int', default: ' -1 ' }] });
    assert.deepEqual(t.columns.slice(-2).map((c) => c.default), ["'new'", '-1']);
    assert.match(createParentTableSql(t, { table: 'public.account_balances', owner: 'test' })[0], /"state" text DEFAULT 'new' NOT NULL, "n" int DEFAULT -1,/);
  });

  describe('bad input', () => {
    const cases: [string, ParentTableSpec, string][] = [
      ['a unique index lacks a partition key column, naming it', table([{ columns: ['account_address', 'timestamp'], unique: true }]),
        'table.indexes[0].columns: a unique index on a partitioned table must contain every partition key column, and ["account_address","timestamp"] lacks "activity_id"; add "activity_id" to the key columns (PostgreSQL docs 5.11.2.3: uniqueness is enforced per partition)'],
      ['a unique index is not btree', table([{ columns: ['timestamp', 'activity_id'], unique: true, method: 'brin' }]),
        'table.indexes[0].unique: a brin index cannot be unique (PostgreSQL: only B-tree indexes can); use method "btree", or drop unique'],
      ['the method is unknown', table([{ columns: ['timestamp'], method: 'gist' as never }]),
        'table.indexes[0].method: "gist" is not an index method pgpartition declares; use one of "btree", "brin", "hash", "gin"'],
      ['a hash index has two columns', table([{ columns: ['timestamp', 'activity_id'], method: 'hash' }]),
        'table.indexes[0].columns: a hash index has one key column, not 2; index one column, or use method "btree"'],
      ['gin indexes a column without a GIN operator class', table([{ columns: ['usd_value'], method: 'gin' }]),
        'table.indexes[0].columns[0]: column "usd_value" has type "numeric(18,2)", which has no default GIN operator class; use gin for jsonb, tsvector and array columns, or method "btree"'],
      ['INCLUDE on a brin index', table([{ columns: ['timestamp'], method: 'brin', include: ['usd_value'] }]),
        'table.indexes[0].include: a brin index cannot have INCLUDE columns (PostgreSQL: B-tree, GiST and SP-GiST only); use method "btree", or remove include'],
      ['an INCLUDE column is a key column', table([{ columns: ['timestamp'], include: ['timestamp'] }]),
        'table.indexes[0].include[0]: "timestamp" is already a key column; list it in columns or in include, not both'],
      ['an INCLUDE column does not exist', table([{ columns: ['timestamp'], include: ['nope'] }]),
        'table.indexes[0].include[0]: "nope" is not a column of the table; use one of "timestamp", "account_address", "usd_value", "activity_id", "data"'],
      ['the predicate calls a function', table([{ columns: ['timestamp'], where: 'timestamp > now()' }]),
        'table.indexes[0].where: "timestamp > now()" is not a predicate pgpartition accepts: unexpected "(" at character 16; compare columns with constants, combined with AND, OR, NOT and parentheses, e.g. "status = \'open\' AND amount > 0": =, <>, <, <=, >, >=, IS [NOT] NULL, [NOT] IN (...), [NOT] BETWEEN, [NOT] LIKE \'pattern\'; no function calls, casts or semicolons'],
      ['the predicate names an unknown column', table([{ columns: ['timestamp'], where: 'nope IS NULL' }]),
        'table.indexes[0].where: "nope" is not a column of the table; use one of "timestamp", "account_address", "usd_value", "activity_id", "data"'],
      ['a storage parameter belongs to another method', table([{ columns: ['timestamp'], storageParameters: { pages_per_range: 16 } }]),
        'table.indexes[0].storageParameters.pages_per_range: "pages_per_range" is not a storage parameter of btree indexes; use "fillfactor" or "deduplicate_items"'],
      ['a storage parameter is out of range', table([{ columns: ['timestamp'], method: 'brin', storageParameters: { pages_per_range: 0 } }]),
        'table.indexes[0].storageParameters.pages_per_range: 0 is not a valid pages_per_range; write an integer from 1 to 131072'],
      ['a column default is an expression', { ...accountBalances, columns: [...accountBalances.columns, { name: 'at', type: 'timestamptz', default: 'now()' }] },
        'table.columns[5].default: "now()" is not a constant default: unexpected "now" at character 1; write one constant as SQL: a number (0, -1.5), a string in single quotes (\'pending\', \'{}\'), true or false; omit it for no default'],
      ['a column to drop is still declared', { ...accountBalances, dropColumns: ['data'] },
        'table.dropColumns[0]: "data" is still declared in columns; remove it from columns to drop it, or from dropColumns to keep it'],
    ];
    for (const [what, spec, message] of cases) it(`fails when ${what}`, () => rejects(spec, message));
  });
});
