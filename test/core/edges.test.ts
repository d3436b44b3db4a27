/**
 * Edge cases found by trying to break the core: calendar limits, early years, names that clash
 * only after shortening, integer list columns, and the boundary instants of a window.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBound } from '../../src/core/bounds';
import { parseCivilDate } from '../../src/core/calendar';
import { SpecError } from '../../src/core/errors';
import { planPartitions } from '../../src/core/plan';
import { parseInstant } from '../../src/core/resolve';
import type { PartitionSpec } from '../../src/core/spec';

const spec = (over: Partial<PartitionSpec> = {}, listType = 'text'): PartitionSpec => ({
  table: {
    name: 't',
    columns: [{ name: 'ts', type: 'timestamptz' }, { name: 'a', type: listType }],
    primaryKey: ['ts', 'a'],
    rangeColumn: 'ts',
    listColumn: 'a',
  },
  retention: { windows: 1 },
  premake: 0,
  asOf: '2024-12-25T00:00:00Z',
  ...over,
});

/** Asserts `fn` throws a SpecError with exactly `message`. */
function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof SpecError, `expected a SpecError, got ${String(err)}`);
    assert.equal(err.message, message);
    return true;
  });
}

const current = (s: PartitionSpec) => planPartitions(s, new Date(0)).windows.find((w) => w.current)!;

describe('window boundaries', () => {
  it('puts Monday 00:00:00.000 UTC in the window it starts, and 1 ms before in the previous one', () => {
    assert.equal(current(spec({ asOf: '2024-12-23T00:00:00.000Z' })).from, '2024-12-23T00:00:00Z');
    assert.equal(current(spec({ asOf: '2024-12-22T23:59:59.999Z' })).from, '2024-12-16T00:00:00Z');
  });

  it('gives Australia/Lord_Howe days of 24.5 and 23.5 hours (its 30-minute DST shift)', () => {
    const hours = (day: string) => {
      const w = current(spec({ interval: '1 day', timeZone: 'Australia/Lord_Howe', asOf: `${day}T12:00:00Z` }));
      return (w.toInstant.getTime() - w.fromInstant.getTime()) / 3_600_000;
    };
    assert.equal(hours('2025-04-06'), 24.5);
    assert.equal(hours('2025-10-05'), 23.5);
  });
});

describe('early and late years', () => {
  it('reads dates and instants in the years 0000-0099 literally', () => {
    assert.notEqual(parseCivilDate('0001-01-01'), null);
    assert.equal(parseCivilDate('0001-02-29'), null);
    assert.equal(parseInstant('0050-06-01T00:00:00Z').toISOString(), '0050-06-01T00:00:00.000Z');
    assert.equal(parseBound('0000-02-29', 'date').toISOString(), '0000-02-29T00:00:00.000Z');
  });

  it('plans a window in the year 0001', () => {
    assert.equal(current(spec({ asOf: '0001-01-03T00:00:00Z' })).name, 't_0001_01_01');
  });

  it('fails when asOf is past the year 9999, naming asOf', () => {
    rejects(() => planPartitions(spec({ asOf: '9999-12-31T00:00:00Z' }), new Date(0)), 'asOf: the window containing 9999-12-31T00:00:00.000Z is outside the years 0000-9999; plan for an instant between 0000-01-02 and 9999-12-29');
  });

  it('fails when premake reaches past the year 9999, naming premake', () => {
    rejects(() => planPartitions(spec({ premake: 520, asOf: '9995-01-04T00:00:00Z' }), new Date(0)), 'premake: 520 windows ahead of 9995-01-02 reach past the year 9999; make fewer windows ahead');
  });

  it('fails when retention reaches before the year 0000', () => {
    rejects(() => planPartitions(spec({ retention: { windows: 1830 }, asOf: '0030-01-04T00:00:00Z' }), new Date(0)), 'retention.windows: 1830 windows back from 0029-12-31 reach before the year 0000; keep fewer windows');
    rejects(() => planPartitions(spec({ interval: '1 month', retention: { windows: 1830 }, asOf: '0150-01-04T00:00:00Z' }), new Date(0)), 'retention.windows: 1830 windows back from 0150-01-01 reach before the year 0000; keep fewer windows');
  });
});

describe('names', () => {
  it('fails when a group is named so its sub-partition takes another group\'s shortened name', () => {
    const long = 'g'.repeat(60);
    const shortened = planPartitions(spec({ layouts: [{ effectiveFrom: '2024-12-16', groups: [{ name: long, values: ['x'] }] }] }), new Date(0))
      .windows[0].subPartitions[0].name; // t_2024_12_16_ggg..._<hash>, 63 bytes
    const clash = shortened.slice('t_2024_12_16_'.length);
    rejects(
      () => planPartitions(spec({ layouts: [{ effectiveFrom: '2024-12-16', groups: [{ name: long, values: ['x'] }, { name: clash, values: ['y'] }] }] }), new Date(0)),
      `layouts[0].groups[1].name: the sub-partition of group ${JSON.stringify(clash)} in window 2024-12-16 would be named ${JSON.stringify(shortened)}, which is already the name of the sub-partition of group ${JSON.stringify(long)} in window 2024-12-16; rename the group`,
    );
  });

  it('keeps a group named DEFAULT apart from the DEFAULT sub-partition (names are quoted, so case matters)', () => {
    const names = current(spec({ layouts: [{ effectiveFrom: '2024-12-16', groups: [{ name: 'DEFAULT', values: ['x'] }] }] })).subPartitions.map((s) => s.name);
    assert.deepEqual(names, ['t_2024_12_23_DEFAULT', 't_2024_12_23_default']);
  });
});

describe('integer list columns', () => {
  const withValues = (values: string[]) => spec({ layouts: [{ effectiveFrom: '2024-12-16', groups: [{ name: 'g', values }] }] }, 'integer');

  it('accepts canonical integers', () => {
    assert.deepEqual(current(withValues(['-5', '0', '2147483647'])).subPartitions[0].values, ['-5', '0', '2147483647']);
  });

  it('fails when a value is not an integer, or not written canonically, naming the group', () => {
    const message = (v: string) => `layouts[0].groups[0].values: ${JSON.stringify(v)} is not a value of the integer list column; write an integer between -2147483648 and 2147483647 as plain digits (e.g. "42", no leading zeros or spaces)`;
    for (const v of ['x1', '01', ' 1', '1.0', '2147483648', '-0']) rejects(() => planPartitions(withValues([v]), new Date(0)), message(v));
  });
});
