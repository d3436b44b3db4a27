/**
 * Health of a partitioned table against its plan: a report for applications and monitoring, never a
 * fix (the provider converges; this only says what a deploy would change or what is at risk).
 */
import type { ClientBase, Pool } from 'pg';
import { readInventory, type WindowInfo } from '../catalog';
import type { PartitionPlan } from '../core/spec';

/** A window whose live partition bound differs from the planned one. */
export interface BoundDrift {
  readonly window: string;
  /** Planned canonical bounds. */
  readonly plannedFrom: string;
  readonly plannedTo: string;
  /** Live bounds as canonical text; null when the live partition is not a range partition. */
  readonly actualFrom: string | null;
  readonly actualTo: string | null;
}

export interface PartitionHealth {
  /** Planned windows from the current one onward with no live partition of those bounds: rows for them go to DEFAULT or fail. */
  readonly missingPremakeWindows: string[];
  /** Live windows past the retention horizon (upper bound at or before the oldest planned window's start), still attached. */
  readonly expiredWindows: string[];
  /** Row estimate of the parent's DEFAULT partition; > 0 means a window is missing for some rows. */
  readonly defaultPartitionRows: number;
  /** Live windows named as planned ones but with other bounds. */
  readonly drift: BoundDrift[];
}

/**
 * Compares the live partitions of `schema.parent` (one catalog query) with `plan`.
 * Canonical bound text of one column type is fixed-width, so comparing texts compares instants.
 * @throws Error when the parent does not exist (naming it), or the server's error.
 */
export async function checkHealth(client: ClientBase | Pool, plan: PartitionPlan, schema: string, parent: string): Promise<PartitionHealth> {
  const inventory = await readInventory(client, schema, parent);
  if (!inventory.parent.exists) throw new Error(`Table ${schema}.${parent} does not exist; deploy it first, or check the schema and table name.`);
  const live = inventory.windows;
  const liveRanges = live.filter((w) => w.kind === 'range');
  const has = (from: string, to: string) => liveRanges.some((w) => w.from === from && w.to === to);
  const byName = new Map<string, WindowInfo>(live.map((w) => [w.name, w]));
  const horizon = plan.retention === null ? null : plan.windows[0]?.from ?? null;
  return {
    missingPremakeWindows: plan.windows.filter((w) => w.from >= plan.currentWindowStart && !has(w.from, w.to)).map((w) => w.name),
    expiredWindows: horizon === null ? [] : liveRanges.filter((w) => w.to !== null && w.to <= horizon).map((w) => w.name),
    defaultPartitionRows: live.filter((w) => w.kind === 'default').reduce((sum, w) => sum + w.rowEstimate, 0),
    drift: plan.windows.flatMap((w): BoundDrift[] => {
      const actual = byName.get(w.name);
      if (!actual || (actual.from === w.from && actual.to === w.to)) return [];
      return [{ window: w.name, plannedFrom: w.from, plannedTo: w.to, actualFrom: actual.from, actualTo: actual.to }];
    }),
  };
}
