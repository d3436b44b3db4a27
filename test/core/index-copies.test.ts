// Tests src/core/index-copies.ts: names of the parent's index copies are the table's own, distinct and at most 63 bytes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { byteLength, indexCopies, indexCopySql, type ParentIndex } from '../../src/core';

const ix = (name: string, kind: ParentIndex['kind'] = 'index'): ParentIndex => ({ name, kind, definition: kind === 'index' ? 'USING btree (a)' : 'PRIMARY KEY (a)', unique: kind !== 'index' });

describe('indexCopies', () => {
  it('names a copy after its table and the parent index without the parent\'s prefix, as PostgreSQL would', () => {
    const copies = indexCopies('bal_2025_01_06_g00', 'bal', [ix('bal_pkey', 'primary'), ix('bal_timestamp_idx'), ix('by_account')]);
    assert.deepEqual(copies.map((c) => c.name), ['bal_2025_01_06_g00_pkey', 'bal_2025_01_06_g00_timestamp_idx', 'bal_2025_01_06_g00_by_account']);
  });

  it('keeps the whole parent index name when two would share a suffix', () => {
    assert.deepEqual(indexCopies('w', 'bal', [ix('bal_x'), ix('x')]).map((c) => c.name), ['w_bal_x', 'w_x']);
  });

  it('gives distinct names of at most 63 bytes to the copies of distinct tables and indexes (long names too)', () => {
    const name = fc.string({ minLength: 1, maxLength: 70 });
    fc.assert(fc.property(fc.uniqueArray(name, { minLength: 2, maxLength: 4 }), fc.uniqueArray(name, { minLength: 1, maxLength: 3 }), (tables, indexes) => {
      const names = tables.flatMap((t) => indexCopies(t, 'parent', indexes.map((i) => ix(i))).map((c) => c.name));
      for (const n of names) assert.ok(byteLength(n) <= 63, n);
      const wanted = new Set(tables.flatMap((t) => indexes.map((i) => `${t}_${i}`)));
      if (wanted.size === names.length) assert.equal(new Set(names).size, names.length);
    }));
  });

  it('writes a constraint as ADD CONSTRAINT and an index as CREATE INDEX on the table', () => {
    assert.deepEqual(indexCopySql('"s"."w"', indexCopies('w', 'p', [ix('p_pkey', 'primary'), { ...ix('p_u'), unique: true }])), [
      'ALTER TABLE "s"."w" ADD CONSTRAINT "w_pkey" PRIMARY KEY (a)',
      'CREATE UNIQUE INDEX "w_u" ON "s"."w" USING btree (a)',
    ]);
  });
});
