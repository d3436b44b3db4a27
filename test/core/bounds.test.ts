import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { boundTime, canonicalBound, formatBound, parseBound, type RangeColumnType } from '../../src/core';

describe('bounds', () => {
  it('formats each column type in its canonical form', () => {
    const t = new Date('2024-12-23T05:06:07Z');
    assert.equal(formatBound(t, 'timestamptz'), '2024-12-23T05:06:07Z');
    assert.equal(formatBound(t, 'timestamp'), '2024-12-23 05:06:07');
    assert.equal(formatBound(new Date('2024-12-23T00:00:00Z'), 'date'), '2024-12-23');
  });

  it('parses canonical text back to the same instant (property)', () => {
    const types: RangeColumnType[] = ['timestamptz', 'timestamp', 'date'];
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom(...types), (d, type) => {
        const instant = new Date(type === 'date' ? Math.floor(d.getTime() / 86_400_000) * 86_400_000 : Math.floor(d.getTime() / 1000) * 1000);
        const text = formatBound(instant, type);
        assert.equal(parseBound(text, type).getTime(), instant.getTime());
        assert.equal(canonicalBound(text, type), text);
      }),
      { numRuns: 300 },
    );
  });

  it('reads the time of canonical text of any type as parseBound does (property)', () => {
    const types: RangeColumnType[] = ['timestamptz', 'timestamp', 'date'];
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom(...types), (d, type) => {
        const instant = new Date(type === 'date' ? Math.floor(d.getTime() / 86_400_000) * 86_400_000 : Math.floor(d.getTime() / 1000) * 1000);
        const text = formatBound(instant, type);
        assert.equal(boundTime(text), parseBound(text, type).getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('reads sentinels and catalog fractions by their time, and other text as NaN', () => {
    assert.deepEqual(['MINVALUE', '-infinity', 'MAXVALUE', 'infinity'].map(boundTime), [-Infinity, -Infinity, Infinity, Infinity]);
    assert.equal(boundTime('2024-12-23T00:00:00.5Z'), Date.parse('2024-12-23T00:00:00.500Z'));
    assert.ok(Number.isNaN(boundTime('next monday')));
  });

  it('fails when bound text is not canonical', () => {
    for (const [text, type] of [
      ['2024-12-23 00:00:00+00', 'timestamptz'],
      ['2024-12-23T00:00:00.000Z', 'timestamptz'],
      ['2024-12-23T00:00:00Z', 'timestamp'],
      ['2024-12-23 00:00:00', 'date'],
      ['2025-02-29', 'date'],
      ['2024-12-23T24:00:00Z', 'timestamptz'],
    ] as const) {
      assert.throws(() => canonicalBound(text, type), new RegExp(`bound "${text.replace(/[.+]/g, '\\$&')}" is not canonical ${type} text; write it like`));
    }
  });

  it('fails when a date bound is not a midnight', () => {
    assert.throws(() => formatBound(new Date('2024-12-23T01:00:00Z'), 'date'), /a date bound must be a midnight/);
  });
});
