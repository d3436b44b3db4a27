// Tests src/runtime/health-rules.ts: the runway and retention rules on windows as the catalog gives them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { WindowInfo } from '../../src/catalog';
import { premakeRunway, windowsPastCount, windowsPastHorizon } from '../../src/runtime/health-rules';

const WEEK = 7 * 86_400_000;
const START = Date.parse('2024-12-02T00:00:00Z');
const bound = (week: number) => new Date(START + week * WEEK).toISOString().replace('.000Z', 'Z');

/** A managed, attached weekly window `week` weeks after 2024-12-02. */
function window(week: number, overrides: Partial<WindowInfo> = {}): WindowInfo {
  return {
    name: `w${week}`, kind: 'range', bound: '', from: bound(week), to: bound(week + 1), values: null, isPartitioned: false, listColumn: null,
    subPartitions: [], comment: 'pgpartition:managed', managed: true, detachPending: false, rowEstimate: 0, sizeBytes: 0, ...overrides,
  };
}

describe('health rules', () => {
  it('counts the windows after the current one up to the first gap, in any order (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { minLength: 1 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: WEEK - 1 }), (weeks, current, offset) => {
        const now = new Date(START + current * WEEK + offset);
        const runway = premakeRunway(weeks.map((w) => window(w)), now);
        if (!weeks.includes(current)) return assert.deepEqual(runway, { windows: 0, currentWindow: null, coveredUntil: null });
        let expected = 0;
        while (weeks.includes(current + expected + 1)) expected++;
        assert.deepEqual(runway, { windows: expected, currentWindow: `w${current}`, coveredUntil: bound(current + expected + 1) });
      }),
      { numRuns: 300 },
    );
  });

  it('leaves detach-pending windows out of the runway: they take no rows', () => {
    const now = new Date(START + WEEK / 2);
    assert.equal(premakeRunway([window(0), window(1, { detachPending: true }), window(2)], now).windows, 0);
  });

  it('expires managed windows ending at or before the horizon, never unmanaged ones', () => {
    const windows = [window(0), window(1, { managed: false }), window(2), window(3)];
    assert.deepEqual(windowsPastHorizon(windows, new Date(bound(3))), ['w0', 'w2']);
  });

  it('without a calendar, expires the ended windows beyond the newest retentionWindows', () => {
    const windows = [0, 1, 2, 3, 4, 5].map((w) => window(w));
    const now = new Date(START + 4 * WEEK + 1); // in w4: w0..w3 have ended
    assert.deepEqual(windowsPastCount(windows, now, 2), ['w0', 'w1']);
    assert.deepEqual(windowsPastCount(windows, now, 4), []);
  });
});
