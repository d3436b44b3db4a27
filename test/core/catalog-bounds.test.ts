import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCatalogBound, normaliseRangeValue } from '../../src/core/catalog-bounds';
import { formatBound } from '../../src/core/bounds';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An instant printed the way PostgreSQL's DateStyle ISO prints a timestamptz in a zone `offsetSeconds` east of UTC. */
function printLikePostgres(instant: Date, offsetSeconds: number): string {
  const local = new Date(instant.getTime() + offsetSeconds * 1000);
  const wall = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  // EncodeTimezone: hours always, minutes when minutes or seconds are non-zero, seconds when non-zero
  const abs = Math.abs(offsetSeconds);
  const [h, m, s] = [Math.floor(abs / 3600), Math.floor((abs % 3600) / 60), abs % 60];
  return `${wall}${offsetSeconds < 0 ? '-' : '+'}${pad(h)}${m || s ? `:${pad(m)}` : ''}${s ? `:${pad(s)}` : ''}`;
}

const wholeSecondInstant = fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9998-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000));

describe('parseCatalogBound', () => {
  it('gives the canonical UTC text for a timestamptz bound printed in any UTC offset (property)', () => {
    fc.assert(fc.property(wholeSecondInstant, wholeSecondInstant, fc.integer({ min: -(15 * 3600 + 59 * 60 + 59), max: 15 * 3600 + 59 * 60 + 59 }),
      (from, to, offset) => {
        const text = `FOR VALUES FROM ('${printLikePostgres(from, offset)}') TO ('${printLikePostgres(to, offset)}')`;
        assert.deepEqual(parseCatalogBound(text, 'timestamptz'), { kind: 'range', from: formatBound(from, 'timestamptz'), to: formatBound(to, 'timestamptz') });
      }), { numRuns: 500 });
  });

  it('gives the canonical text for timestamp and date bounds (property)', () => {
    fc.assert(fc.property(wholeSecondInstant, (instant) => {
      const wall = printLikePostgres(instant, 0).replace(/\+00$/, '');
      assert.equal(normaliseRangeValue(wall, 'timestamp'), formatBound(instant, 'timestamp'));
      const midnight = new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
      midnight.setUTCFullYear(instant.getUTCFullYear());
      assert.equal(normaliseRangeValue(wall.slice(0, 10), 'date'), formatBound(midnight, 'date'));
    }), { numRuns: 300 });
  });

  it('reads the worked example in UTC, Asia/Kolkata and a negative whole-hour zone alike', () => {
    const expected = { kind: 'range', from: '2024-12-23T00:00:00Z', to: '2024-12-30T00:00:00Z' };
    assert.deepEqual(parseCatalogBound("FOR VALUES FROM ('2024-12-23 00:00:00+00') TO ('2024-12-30 00:00:00+00')", 'timestamptz'), expected);
    assert.deepEqual(parseCatalogBound("FOR VALUES FROM ('2024-12-23 05:30:00+05:30') TO ('2024-12-30 05:30:00+05:30')", 'timestamptz'), expected);
    assert.deepEqual(parseCatalogBound("FOR VALUES FROM ('2024-12-22 21:00:00-03') TO ('2024-12-29 21:00:00-03')", 'timestamptz'), expected);
  });

  it('keeps fractional seconds, without trailing zeros, so they never equal a whole-second plan', () => {
    assert.equal(normaliseRangeValue('2024-12-23 05:30:00.500+05:30', 'timestamptz'), '2024-12-23T00:00:00.5Z');
    assert.equal(normaliseRangeValue('2024-12-23 00:00:00.250', 'timestamp'), '2024-12-23 00:00:00.25');
    assert.equal(normaliseRangeValue('2024-12-23 00:00:00.000+00', 'timestamptz'), '2024-12-23T00:00:00Z');
  });

  it('reads timestamp and date bounds', () => {
    assert.deepEqual(parseCatalogBound("FOR VALUES FROM ('2024-12-23 00:00:00') TO ('2024-12-30 00:00:00')", 'timestamp'),
      { kind: 'range', from: '2024-12-23 00:00:00', to: '2024-12-30 00:00:00' });
    assert.deepEqual(parseCatalogBound("FOR VALUES FROM ('2024-12-23') TO ('2024-12-30')", 'date'),
      { kind: 'range', from: '2024-12-23', to: '2024-12-30' });
  });

  it('keeps MINVALUE, MAXVALUE and infinity verbatim', () => {
    assert.deepEqual(parseCatalogBound("FOR VALUES FROM (MINVALUE) TO ('2024-12-23 00:00:00+00')", 'timestamptz'),
      { kind: 'range', from: 'MINVALUE', to: '2024-12-23T00:00:00Z' });
    assert.deepEqual(parseCatalogBound("FOR VALUES FROM ('2024-12-23') TO (MAXVALUE)", 'date'), { kind: 'range', from: '2024-12-23', to: 'MAXVALUE' });
    assert.deepEqual(parseCatalogBound("FOR VALUES FROM ('-infinity') TO ('infinity')", 'timestamptz'), { kind: 'range', from: '-infinity', to: 'infinity' });
  });

  it('reads list bounds: quotes unescaped, numbers as text, NULL as null', () => {
    assert.deepEqual(parseCatalogBound("FOR VALUES IN ('dex_swap', 'it''s, (odd)', NULL)", 'timestamptz'),
      { kind: 'list', values: ['dex_swap', "it's, (odd)", null] });
    assert.deepEqual(parseCatalogBound('FOR VALUES IN (1, -2, 30)', 'date'), { kind: 'list', values: ['1', '-2', '30'] });
  });

  it('reads the column type from the printed shape when none is given', () => {
    assert.deepEqual(parseCatalogBound("FOR VALUES FROM ('2024-12-23 05:30:00+05:30') TO ('2024-12-30 00:00:00')"),
      { kind: 'range', from: '2024-12-23T00:00:00Z', to: '2024-12-30 00:00:00' });
    assert.equal(normaliseRangeValue('2024-12-23'), '2024-12-23');
  });

  it('reads DEFAULT', () => {
    assert.deepEqual(parseCatalogBound('DEFAULT', 'timestamptz'), { kind: 'default' });
  });

  it('fails on hash bounds, naming the bound', () => {
    assert.throws(() => parseCatalogBound('FOR VALUES WITH (modulus 4, remainder 0)', 'timestamptz'), /"FOR VALUES WITH \(modulus 4, remainder 0\)": WITH bounds are not supported/);
  });

  it('fails on multi-column range keys', () => {
    assert.throws(() => parseCatalogBound("FOR VALUES FROM ('2024-01-01', 1) TO ('2024-02-01', 1)", 'date'), /only single-column range keys/);
  });

  it('fails on a value that is not DateStyle ISO text, saying how to fix the session', () => {
    assert.throws(() => normaliseRangeValue('Mon Dec 23 00:00:00 2024 UTC', 'timestamptz'), /set DateStyle to ISO/);
  });

  it('fails on a timestamptz value without an offset and a timestamp value with one', () => {
    assert.throws(() => normaliseRangeValue('2024-12-23 00:00:00', 'timestamptz'), /needs its UTC offset/);
    assert.throws(() => normaliseRangeValue('2024-12-23 00:00:00+00', 'timestamp'), /has no UTC offset/);
  });
});
