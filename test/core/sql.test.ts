import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  attachWindowSql,
  createParentTableSql,
  createStandaloneWindowSql,
  detachWindowSql,
  dropWindowSql,
  finalizeDetachSql,
  moveDefaultRowsSql,
  ownershipCommentSql,
  qualifiedName,
  quoteIdent,
  quoteLiteral,
  resolveSpec,
} from '../../src/core';
import { withSpec } from './support/specs';

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

  it('marks ownership with a table comment', () => {
    assert.equal(ownershipCommentSql('public', 'bal'), `COMMENT ON TABLE "public"."bal" IS 'pgpartition:managed'`);
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
    assert.deepEqual(createParentTableSql(spec.table), [
      'CREATE TABLE "my schema"."bal""; DROP" ("at" timestamptz NOT NULL, "activity id" text NOT NULL, "v" numeric(18,2), PRIMARY KEY ("at", "activity id")) PARTITION BY RANGE ("at")',
      'CREATE INDEX "bal""; DROP_v_idx" ON "my schema"."bal""; DROP" ("v")',
      `COMMENT ON TABLE "my schema"."bal""; DROP" IS 'pgpartition:managed'`,
      'CREATE TABLE "my schema"."bal""; DROP_default" PARTITION OF "my schema"."bal""; DROP" DEFAULT',
      `COMMENT ON TABLE "my schema"."bal""; DROP_default" IS 'pgpartition:managed'`,
    ]);
  });

  it('builds a standalone window with sub-partitions, a bound CHECK and marks', () => {
    const sql = createStandaloneWindowSql({ schema: 'public', parent: 'bal', window, rangeColumn: 'at', rangeType: 'timestamptz', listColumn: 'activity_id' });
    assert.deepEqual(sql, [
      'CREATE TABLE "public"."bal_2024_12_23" (LIKE "public"."bal" INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES, ' +
        `CONSTRAINT "bal_2024_12_23_bound" CHECK ("at" IS NOT NULL AND "at" >= '2024-12-23T00:00:00Z'::timestamptz AND "at" < '2024-12-30T00:00:00Z'::timestamptz)) ` +
        'PARTITION BY LIST ("activity_id")',
      `COMMENT ON TABLE "public"."bal_2024_12_23" IS 'pgpartition:managed'`,
      `CREATE TABLE "public"."bal_2024_12_23_g01" PARTITION OF "public"."bal_2024_12_23" FOR VALUES IN ('dex_swap', 'o''brien')`,
      `COMMENT ON TABLE "public"."bal_2024_12_23_g01" IS 'pgpartition:managed'`,
      'CREATE TABLE "public"."bal_2024_12_23_default" PARTITION OF "public"."bal_2024_12_23" DEFAULT',
      `COMMENT ON TABLE "public"."bal_2024_12_23_default" IS 'pgpartition:managed'`,
    ]);
  });

  it('builds a plain window table without a list column', () => {
    const sql = createStandaloneWindowSql({ schema: 'public', parent: 'bal', window: { ...window, from: '2024-12-23', to: '2024-12-30' }, rangeColumn: 'day', rangeType: 'date', listColumn: null });
    assert.deepEqual(sql, [
      `CREATE TABLE "public"."bal_2024_12_23" (LIKE "public"."bal" INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES, CONSTRAINT "bal_2024_12_23_bound" CHECK ("day" IS NOT NULL AND "day" >= '2024-12-23'::date AND "day" < '2024-12-30'::date))`,
      `COMMENT ON TABLE "public"."bal_2024_12_23" IS 'pgpartition:managed'`,
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

  it('detaches (concurrently or not), finalizes and drops', () => {
    assert.deepEqual(detachWindowSql('public', 'bal', 'bal_2024_12_23', { concurrently: true }), ['ALTER TABLE "public"."bal" DETACH PARTITION "public"."bal_2024_12_23" CONCURRENTLY']);
    assert.deepEqual(detachWindowSql('public', 'bal', 'bal_2024_12_23', { concurrently: false }), ['ALTER TABLE "public"."bal" DETACH PARTITION "public"."bal_2024_12_23"']);
    assert.deepEqual(finalizeDetachSql('public', 'bal', 'bal_2024_12_23'), ['ALTER TABLE "public"."bal" DETACH PARTITION "public"."bal_2024_12_23" FINALIZE']);
    assert.deepEqual(dropWindowSql('public', 'bal_2024_12_23'), ['DROP TABLE "public"."bal_2024_12_23"']);
  });
});
