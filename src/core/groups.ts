/**
 * `createActivityGroups`: activity groups built from an activities catalogue, the way the original
 * guide's `createActivityGroups(activities, 10)` did, but stable under catalogue growth.
 */
import { SpecError, showValue } from './errors';
import { fnv1a32 } from './hash';
import type { ActivityGroup } from './spec';

/** One entry of an activities catalogue. */
export interface Activity {
  /** The list-column value, e.g. `dex_swap`. Unique in the catalogue. */
  readonly id: string;
  /** Activities of one category are kept in one group. */
  readonly category: string;
  readonly type?: string;
}

/**
 * Up to `maxGroups` groups named `g00`, `g01`, ... (the number is the group's slot, so names never
 * shift), values sorted. Each category goes to slot `FNV-1a(category) mod maxGroups`, so all
 * activities of a category share a group, and where an activity lands depends only on its own
 * category: adding activities never moves an existing one (changing `maxGroups` does).
 * Slots no category hashes to are left out, so no group is empty; categories sharing a slot share
 * a group. Deterministic; every id in exactly one group.
 * @throws SpecError for `maxGroups` not an integer >= 1, an empty or duplicate id, or a missing category.
 */
export function createActivityGroups(activities: readonly Activity[], maxGroups: number): ActivityGroup[] {
  if (!Number.isInteger(maxGroups) || maxGroups < 1) {
    throw new SpecError('maxGroups', `${showValue(maxGroups)} is not an integer >= 1`, 'ask for at least 1 group');
  }
  const width = Math.max(2, String(maxGroups - 1).length);
  const slots = new Map<number, string[]>();
  const seen = new Map<string, number>();
  activities.forEach((a, i) => {
    if (typeof a.id !== 'string' || a.id.length === 0) {
      throw new SpecError(`activities[${i}].id`, `${showValue(a.id)} is not an activity id`, 'give a non-empty string');
    }
    if (typeof a.category !== 'string') {
      throw new SpecError(`activities[${i}].category`, `${showValue(a.category)} is not a category`, 'give a string');
    }
    const earlier = seen.get(a.id);
    if (earlier !== undefined) {
      throw new SpecError(`activities[${i}].id`, `${JSON.stringify(a.id)} is already activities[${earlier}]`, 'list each activity once');
    }
    seen.set(a.id, i);
    const slot = fnv1a32(a.category) % maxGroups;
    slots.set(slot, [...(slots.get(slot) ?? []), a.id]);
  });
  return [...slots.entries()]
    .sort(([a], [b]) => a - b)
    .map(([slot, ids]) => ({ name: `g${String(slot).padStart(width, '0')}`, values: ids.sort() }));
}
