/** The bench's statistics (bench/results.ts): rotation of the order, ratios per repetition, verdicts. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compare, rotation, spread, type StepRun } from '../../bench/results';
import type { Comparison } from '../../bench/contender';

function run(samples: Record<string, (number | null)[]>, failures: StepRun['failures'] = {}): StepRun {
  const repetitions = Math.max(...Object.values(samples).map((s) => s.length));
  return {
    step: { id: 'create', label: 'create 52', unit: 'ms', repetitions, description: '' },
    repetitions,
    contenders: Object.keys(samples).map((name) => ({ name, description: '' })),
    orders: [],
    samples,
    failures,
    serverTime: {},
    loadAverage: { start: 0, end: 0 },
  };
}

const versusB: Comparison = { step: 'create', label: 'a / b', subject: 'a', versus: 'b', target: { op: '<=', limit: 1 } };

describe('bench statistics', () => {
  it('rotates the order so that over as many repetitions as contenders each runs first once, and every round runs each once', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 8 }), fc.nat(20), (names, start) => {
        const firsts = names.map((_, i) => rotation(names, start + i)[0]);
        assert.deepEqual([...firsts].sort(), [...names].sort());
        for (let r = 0; r < names.length; r++) assert.deepEqual([...rotation(names, start + r)].sort(), [...names].sort());
      }),
    );
  });

  it('takes the ratio within each repetition, then the median of those ratios (not the ratio of the medians)', () => {
    // a is twice as fast as b in every round, while load rises round by round
    const result = compare(run({ a: [1, 10, 100], b: [2, 20, 200] }), versusB);
    assert.deepEqual(result.ratios, [0.5, 0.5, 0.5]);
    assert.equal(result.ratio, 0.5);
    assert.equal(result.verdict, 'PASS');
  });

  it('reports the constant ratio of contenders whose samples are proportional, whatever the load', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 9 }), fc.integer({ min: 1, max: 40 }), (b, k) => {
        const result = compare(run({ a: b.map((x) => (x * k) / 10), b }), versusB);
        assert.ok(Math.abs(result.ratio! - k / 10) < 1e-9);
      }),
    );
  });

  it('leaves out repetitions in which either contender failed, and says FAILED', () => {
    const result = compare(run({ a: [1, null, 3], b: [2, 2, 2] }, { a: [{ repetition: 2, message: 'run failed: boom' }] }), versusB);
    assert.deepEqual(result.ratios, [0.5, null, 1.5]);
    assert.equal(result.ratio, 1);
    assert.equal(result.verdict, 'FAILED');
  });

  it('uses the comparison\'s own ratio and direction (a rate from two times, at least a limit)', () => {
    const rate: Comparison = { ...versusB, ratio: (a, b) => b / a, target: { op: '>=', limit: 0.9 } };
    assert.equal(compare(run({ a: [100, 100], b: [90, 95] }), rate).verdict, 'PASS'); // median of 0.9 and 0.95
    assert.equal(compare(run({ a: [100, 100], b: [80, 90] }), rate).verdict, 'MISS');
  });

  it('reports the ratio of a comparison without a target as NO TARGET, with "-" for the target', () => {
    const result = compare(run({ a: [2, 4], b: [1, 1] }), { step: 'create', label: 'a / b', subject: 'a', versus: 'b' });
    assert.deepEqual([result.ratio, result.target, result.verdict], [3, '-', 'NO TARGET']);
  });

  it('says NOT RUN when the step or a contender is missing', () => {
    assert.equal(compare(undefined, versusB).verdict, 'NOT RUN');
    assert.equal(compare(run({ a: [1] }), versusB).verdict, 'NOT RUN');
  });

  it('spreads only the samples that are there', () => {
    assert.deepEqual(spread([3, null, 1, 2]), { median: 2, min: 1, max: 3 });
    assert.deepEqual(spread([null]), { median: null, min: null, max: null });
  });
});
