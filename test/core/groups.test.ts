import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createActivityGroups, SpecError, type Activity } from '../../src/core';

/** The original guide's catalogue shape: 100 activities over a few categories. */
const catalogue: Activity[] = [
  ...['xrd_holding', 'lsu_holding', 'usdc_holding'].map((id) => ({ id, category: 'holding', type: 'balance' })),
  ...['dex_swap', 'liquidity_provision', 'lending'].map((id) => ({ id, category: 'defi', type: 'action' })),
  ...Array.from({ length: 94 }, (_, i) => ({ id: `activity_${String(i).padStart(2, '0')}`, category: `category_${i % 14}` })),
];

const groupOf = (groups: { name: string; values: readonly string[] }[]) =>
  new Map(groups.flatMap((g) => g.values.map((v) => [v, g.name] as const)));

const arbActivities = fc.uniqueArray(
  fc.record({ id: fc.string({ minLength: 1, maxLength: 12 }), category: fc.string({ maxLength: 6 }) }),
  { selector: (a) => a.id, maxLength: 60 },
);

describe('createActivityGroups', () => {
  it('builds at most 10 non-empty groups from the 100-activity catalogue, keeping categories together', () => {
    const groups = createActivityGroups(catalogue, 10);
    assert.ok(groups.length >= 1 && groups.length <= 10);
    assert.ok(groups.every((g) => g.values.length > 0 && /^g\d{2}$/.test(g.name)));
    const of = groupOf(groups);
    assert.equal(of.size, 100);
    for (const cat of new Set(catalogue.map((a) => a.category))) {
      assert.equal(new Set(catalogue.filter((a) => a.category === cat).map((a) => of.get(a.id))).size, 1, cat);
    }
    assert.deepEqual(createActivityGroups([...catalogue].reverse(), 10), groups, 'independent of catalogue order');
  });

  it('puts every id in exactly one group and never emits an empty group (property)', () => {
    fc.assert(
      fc.property(arbActivities, fc.integer({ min: 1, max: 12 }), (activities, n) => {
        const groups = createActivityGroups(activities, n);
        assert.ok(groups.length <= n);
        assert.ok(groups.every((g) => g.values.length > 0));
        const all = groups.flatMap((g) => g.values);
        assert.deepEqual([...all].sort(), activities.map((a) => a.id).sort());
        assert.equal(new Set(groups.map((g) => g.name)).size, groups.length);
      }),
    );
  });

  it('never moves an existing activity when activities are added (property)', () => {
    fc.assert(
      fc.property(arbActivities, arbActivities, fc.integer({ min: 1, max: 12 }), (before, added, n) => {
        const ids = new Set(before.map((a) => a.id));
        const after = [...before, ...added.filter((a) => !ids.has(a.id))];
        const was = groupOf(createActivityGroups(before, n));
        const now = groupOf(createActivityGroups(after, n));
        for (const [id, group] of was) assert.equal(now.get(id), group, id);
      }),
    );
  });

  it('fails when an activity id is listed twice', () => {
    assert.throws(
      () => createActivityGroups([{ id: 'dex_swap', category: 'defi' }, { id: 'dex_swap', category: 'trading' }], 10),
      (e: unknown) => e instanceof SpecError && e.message === 'activities[1].id: "dex_swap" is already activities[0]; list each activity once',
    );
  });

  it('fails when maxGroups is below 1', () => {
    assert.throws(
      () => createActivityGroups(catalogue, 0),
      (e: unknown) => e instanceof SpecError && e.message === 'maxGroups: 0 is not an integer >= 1; ask for at least 1 group',
    );
  });

  it('fails when an activity id is empty', () => {
    assert.throws(
      () => createActivityGroups([{ id: '', category: 'defi' }], 3),
      (e: unknown) => e instanceof SpecError && e.message === 'activities[0].id: "" is not an activity id; give a non-empty string',
    );
  });
});
