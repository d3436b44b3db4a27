import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { boundCheckName, byteLength, defaultPartitionName, fitIdentifier, indexName, subPartitionName, windowName, windowNamePrefix, windowStartOfName } from '../../src/core';

describe('naming', () => {
  it('follows the original guide: <parent>_<YYYY>_<MM>_<DD> and <window>_<group>', () => {
    assert.equal(windowName('account_balances', '2024-12-30'), 'account_balances_2024_12_30');
    assert.equal(subPartitionName('account_balances_2024_12_30', 'g03'), 'account_balances_2024_12_30_g03');
    assert.equal(defaultPartitionName('account_balances'), 'account_balances_default');
    assert.equal(indexName('account_balances', ['account_address', 'timestamp']), 'account_balances_account_address_timestamp_idx');
    assert.equal(boundCheckName('account_balances_2024_12_30'), 'account_balances_2024_12_30_bound');
  });

  it('leaves names of up to 63 bytes alone', () => {
    const name = 'x'.repeat(63);
    assert.equal(fitIdentifier(name), name);
  });

  it('shortens a long window name to 63 bytes and keeps its date readable', () => {
    const name = windowName('a'.repeat(60), '2024-12-30');
    assert.equal(byteLength(name), 63);
    assert.match(name, /^a+_[0-9a-f]{10}_2024_12_30$/);
    assert.equal(windowName('a'.repeat(60), '2024-12-30'), name, 'deterministic');
  });

  it('cuts multi-byte names on a character boundary', () => {
    const name = fitIdentifier('€'.repeat(30)); // 90 bytes
    assert.ok(byteLength(name) <= 63);
    assert.match(name, /^€+_[0-9a-f]{10}$/u);
  });

  it('keeps distinct long names distinct and within 63 bytes (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }), (a, b) => {
        const fa = fitIdentifier(a);
        const fb = fitIdentifier(b);
        assert.ok(byteLength(fa) <= 63 && byteLength(fb) <= 63);
        assert.equal(fa === fb, a === b);
        assert.ok(!fa.includes('\uFFFD') || a.includes('\uFFFD'), 'no broken characters');
      }),
      { numRuns: 500 },
    );
  });

  it('gives unique names of at most 63 bytes to the windows and sub-partitions of any parent (property)', () => {
    const dates = ['2024-12-23', '2024-12-30', '2025-01-06'];
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }), fc.uniqueArray(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 4 }), (parent, groups) => {
        const names = dates.flatMap((d) => {
          const w = windowName(parent, d);
          return [w, ...groups.map((g) => subPartitionName(w, g))];
        });
        names.push(defaultPartitionName(parent));
        assert.equal(new Set(names).size, names.length);
        for (const n of names) assert.ok(byteLength(n) <= 63, `${n} is ${byteLength(n)} bytes`);
      }),
      { numRuns: 300 },
    );
  });

  it('reads the start date back from any window name of the parent, and only from those (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 70 }).filter((p) => !p.includes('\u0000')),
        fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }),
        (parent, d) => {
          const startDate = d.toISOString().slice(0, 10);
          const name = windowName(parent, startDate);
          assert.equal(windowStartOfName(parent, name), startDate);
          assert.ok(name.startsWith(windowNamePrefix(parent)));
          assert.equal(windowStartOfName(`${parent}x`, name), null, 'not a window of another parent');
          assert.equal(windowStartOfName(parent, subPartitionName(name, 'default')), null, 'not a sub-partition');
        },
      ),
      { numRuns: 300 },
    );
  });
});
