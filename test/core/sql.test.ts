import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  attachWindowSql,
  createParentTableSql,
  createStandaloneWindowSql,
  detachWindowSql,
  distributeTableSql,
  distributeWindowSql,
  dropWindowSql,
  finalizeDetachSql,
  moveDefaultRowsSql,
  ownershipCommentSql,
  qualifiedName,
  quoteIdent,
  quoteLiteral,
  resolveSpec,
  type Ownership,
  type ParentIndex,
} from '../../src/core';
import { withSpec } from './support/specs';

const OWNED: Ownership = { table: 'public.bal', owner: 'staging/Bal' };
const MARK = 'pgpartition:managed table=public.bal owner=staging%2FBal';
const INDEXES: ParentIndex[] = [
  { name: 'bal_pkey', kind: 'primary', definition: 'PRIMARY KEY ("at", "activity_id")', unique: true },
  { name: 'bal_v_idx', kind: 'index', definition: 'USING btree ("v")', unique: false },
];

const window = {
  name: 'bal_2024_12_23',
  from: '2024-12-23T00:00:00Z',
  to: '2024-12-30T00:00:00Z',
  subPartitions: [
    { name: 'bal_2024_12_23_g01', group: 'g01', values: ['dex_swap', "o'brien"] },
    { name: 'bal_2024_12_23_default', group: 'default', values: null },
  ],
};

describe('sql', () => {
  it('quotes identifiers with quotes, semicolons and spaces', () => {
    assert.equal(quoteIdent('my "table"; DROP TABLE x; --'), '"my ""table""; DROP TABLE x; --"');
    assert.equal(quoteIdent('Account Balances'), '"Account Balances"');
    assert.equal(qualifiedName('s"', 't t'), '"s""".\"t t"');
  });

  it('quotes literals by doubling single quotes', () => {
    assert.equal(quoteLiteral("it's; --"), "'it''s; --'");
    assert.equal(quoteLiteral('back\\slash'), "'back\\slash'");
  });

  it('fails when a name contains a NUL character', () => {
    assert.throws(() => quoteIdent('a\u0000b'), /contains a NUL character/);
    assert.throws(() => quoteLiteral('a\u0000b'), /contains a NUL character/);
  });

  it('marks ownership with a table comment naming the parent table and the owner', () => {
    assert.equal(ownershipCommentSql('public', 'bal', OWNED), `COMMENT ON TABLE "public"."bal" IS 'pgpartition:managed table=public.bal owner=staging%2FBal'`);
  });

  it('creates the parent table with its key, indexes, mark and DEFAULT partition, all quoted', () => {
    const spec = resolveSpec(
      withSpec({}, {
        schema: 'my schema',
        name: 'bal"; DROP',
        columns: [
          { name: 'at', type: 'timestamptz', nullable: false },
          { name: 'activity id', type: 'text', nullable: false },
          { name: 'v', type: 'numeric(18,2)' },
        ],
        primaryKey: ['at', 'activity id'],
        rangeColumn: 'at',
        listColumn: 'activity id',
        indexes: [{ columns: ['v'] }],
        defaultPartition: true,
      }),
    );
    assert.deepEqual(createParentTableSql(spec.table, OWNED), [
      'CREATE TABLE "my schema"."bal""; DROP" ("at" timestamptz NOT NULL, "activity id" text NOT NULL, "v" numeric(18,2), CONSTRAINT "bal""; DROP_pkey" PRIMARY KEY ("at", "activity id")) PARTITION BY RANGE ("at")',
      'CREATE INDEX "bal""; DROP_v_idx" ON "my schema"."bal""; DROP" USING btree ("v")',
      `COMMENT ON TABLE "my schema"."bal""; DROP" IS '${MARK}'`,
      'CREATE TABLE "my schema"."bal""; DROP_default" PARTITION OF "my schema"."bal""; DROP" DEFAULT',
      `COMMENT ON TABLE "my schema"."bal""; DROP_default" IS '${MARK}'`,
    ]);
  });

  it('builds a standalone window with sub-partitions, the parent\'s indexes under its own names (leaves first), a bound CHECK and marks', () => {
    const sql = createStandaloneWindowSql({ schema: 'public', parent: 'bal', window, rangeColumn: 'at', rangeType: 'timestamptz', listColumn: 'activity_id', indexes: INDEXES, ownership: OWNED });
    assert.deepEqual(sql, [
      'CREATE TABLE "public"."bal_2024_12_23" (LIKE "public"."bal" INCLUDING DEFAULTS INCLUDING CONSTRAINTS, ' +
        `CONSTRAINT "bal_2024_12_23_bound" CHECK ("at" IS NOT NULL AND "at" >= '2024-12-23T00:00:00Z'::timestamptz AND "at" < '2024-12-30T00:00:00Z'::timestamptz)) ` +
        'PARTITION BY LIST ("activity_id")',
      `COMMENT ON TABLE "public"."bal_2024_12_23" IS '${MARK}'`,
      `CREATE TABLE "public"."bal_2024_12_23_g01" PARTITION OF "public"."bal_2024_12_23" FOR VALUES IN ('dex_swap', 'o''brien')`,
      `COMMENT ON TABLE "public"."bal_2024_12_23_g01" IS '${MARK}'`,
      'CREATE TABLE "public"."bal_2024_12_23_default" PARTITION OF "public"."bal_2024_12_23" DEFAULT',
      `COMMENT ON TABLE "public"."bal_2024_12_23_default" IS '${MARK}'`,
      'ALTER TABLE "public"."bal_2024_12_23_g01" ADD CONSTRAINT "bal_2024_12_23_g01_pkey" PRIMARY KEY ("at", "activity_id")',
      'CREATE INDEX "bal_2024_12_23_g01_v_idx" ON "public"."bal_2024_12_23_g01" USING btree ("v")',
      'ALTER TABLE "public"."bal_2024_12_23_default" ADD CONSTRAINT "bal_2024_12_23_default_pkey" PRIMARY KEY ("at", "activity_id")',
      'CREATE INDEX "bal_2024_12_23_default_v_idx" ON "public"."bal_2024_12_23_default" USING btree ("v")',
      'ALTER TABLE "public"."bal_2024_12_23" ADD CONSTRAINT "bal_2024_12_23_pkey" PRIMARY KEY ("at", "activity_id")',
      'CREATE INDEX "bal_2024_12_23_v_idx" ON "public"."bal_2024_12_23" USING btree ("v")',
    ]);
  });

  it('builds a plain window table without a list column, with its index copies', () => {
    const sql = createStandaloneWindowSql({ schema: 'public', parent: 'bal', window: { ...window, from: '2024-12-23', to: '2024-12-30' }, rangeColumn: 'day', rangeType: 'date', listColumn: null, indexes: INDEXES.slice(0, 1), ownership: OWNED });
    assert.deepEqual(sql, [
      `CREATE TABLE "public"."bal_2024_12_23" (LIKE "public"."bal" INCLUDING DEFAULTS INCLUDING CONSTRAINTS, CONSTRAINT "bal_2024_12_23_bound" CHECK ("day" IS NOT NULL AND "day" >= '2024-12-23'::date AND "day" < '2024-12-30'::date))`,
      `COMMENT ON TABLE "public"."bal_2024_12_23" IS '${MARK}'`,
      'ALTER TABLE "public"."bal_2024_12_23" ADD CONSTRAINT "bal_2024_12_23_pkey" PRIMARY KEY ("at", "activity_id")',
    ]);
  });

  it('attaches a window, then drops its bound CHECK', () => {
    assert.deepEqual(attachWindowSql({ schema: 'public', parent: 'bal', window }), [
      `ALTER TABLE "public"."bal" ATTACH PARTITION "public"."bal_2024_12_23" FOR VALUES FROM ('2024-12-23T00:00:00Z') TO ('2024-12-30T00:00:00Z')`,
      'ALTER TABLE "public"."bal_2024_12_23" DROP CONSTRAINT IF EXISTS "bal_2024_12_23_bound"',
    ]);
  });

  it('moves rows of the window out of the DEFAULT partition in one statement, through the parent', () => {
    assert.deepEqual(moveDefaultRowsSql({ schema: 'public', parent: 'bal', window, rangeColumn: 'at', rangeType: 'timestamptz' }), [
      `WITH moved AS (DELETE FROM "public"."bal" WHERE "at" IS NOT NULL AND "at" >= '2024-12-23T00:00:00Z'::timestamptz AND "at" < '2024-12-30T00:00:00Z'::timestamptz RETURNING *) ` +
        'INSERT INTO "public"."bal_2024_12_23" SELECT * FROM moved',
    ]);
  });

  it('distributes a table with Citus: the column verbatim, the shard count, a colocated table quoted in the schema, or none', () => {
    assert.equal(distributeTableSql('my s', 'bal', { column: 'Account Id', shardCount: null, colocateWith: null }), `SELECT create_distributed_table('"my s"."bal"', 'Account Id')`);
    assert.equal(distributeTableSql('public', 'bal', { column: 'a', shardCount: 8, colocateWith: 'none' }), `SELECT create_distributed_table('"public"."bal"', 'a', shard_count => 8, colocate_with => 'none')`);
    assert.equal(distributeTableSql('public', "o'bal", { column: "it's", shardCount: null, colocateWith: 'acc"ts' }), `SELECT create_distributed_table('"public"."o''bal"', 'it''s', colocate_with => '"public"."acc""ts"')`);
    assert.equal(distributeWindowSql('public', 'bal', 'bal_2024_12_23', 'a'), `SELECT create_distributed_table('"public"."bal_2024_12_23"', 'a', colocate_with => '"public"."bal"')`);
  });

  it('creates a distributed parent in the same statements, distributing it last', () => {
    const spec = resolveSpec(withSpec({ layouts: undefined }, { listColumn: undefined, distribution: { column: 'account_address', shardCount: 4 } }));
    const sql = createParentTableSql(spec.table, OWNED);
    assert.equal(sql.at(-1), `SELECT create_distributed_table('"public"."account_balances"', 'account_address', shard_count => 4)`);
    assert.equal(sql.filter((s) => s.includes('create_distributed_table')).length, 1);
  });

  it('detaches (concurrently or not), finalizes and drops', () => {
    assert.deepEqual(detachWindowSql('public', 'bal', 'bal_2024_12_23', { concurrently: true }), ['ALTER TABLE "public"."bal" DETACH PARTITION "public"."bal_2024_12_23" CONCURRENTLY']);
    assert.deepEqual(detachWindowSql('public', 'bal', 'bal_2024_12_23', { concurrently: false }), ['ALTER TABLE "public"."bal" DETACH PARTITION "public"."bal_2024_12_23"']);
    assert.deepEqual(finalizeDetachSql('public', 'bal', 'bal_2024_12_23'), ['ALTER TABLE "public"."bal" DETACH PARTITION "public"."bal_2024_12_23" FINALIZE']);
    assert.deepEqual(dropWindowSql('public', 'bal_2024_12_23'), ['DROP TABLE "public"."bal_2024_12_23"']);
  });
});
