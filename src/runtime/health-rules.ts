/**
 * The rules of the health check, pure: live windows (from the catalog) and an instant in, what is
 * at risk out. `health.ts` reads the database and assembles the report from these.
 */
import type { WindowInfo } from '../catalog';
import { boundTime } from '../core/bounds';
import type { PartitionPlan } from '../core/spec';

/** How far the premade windows reach past the current one. */
export interface Runway {
  /** Windows after the one containing the instant, counted while each starts where the one before ends. */
  readonly windows: number;
  /** The window containing the instant, or null when none does (rows written now go to DEFAULT or fail). */
  readonly currentWindow: string | null;
  /** Upper bound of the last window of that run: rows from then on have no window. Null without a current window. */
  readonly coveredUntil: string | null;
}

/** A planned window the live table does not match. */
export interface WindowDrift {
  readonly window: string;
  /**
   * `missing`: no live partition holds its range although the range has begun; `bounds`: a live
   * partition of its name has other bounds; `sub-partitions`: its sub-partitions differ from the plan.
   */
  readonly problem: 'missing' | 'bounds' | 'sub-partitions';
  /** What differs, in words. */
  readonly detail: string;
}

/** Attached range windows (a detach-pending one no longer takes rows), by lower bound. */
function attachedWindows(windows: readonly WindowInfo[]): WindowInfo[] {
  return windows
    .filter((w) => w.kind === 'range' && !w.detachPending)
    .sort((a, b) => boundTime(a.from as string) - boundTime(b.from as string));
}

/**
 * The window containing `now` and how many windows follow it without a gap. A gap ends the run:
 * rows in it go to the DEFAULT partition (or fail), however many windows lie beyond.
 */
export function premakeRunway(windows: readonly WindowInfo[], now: Date): Runway {
  const attached = attachedWindows(windows);
  const t = now.getTime();
  let current = attached.find((w) => boundTime(w.from as string) <= t && t < boundTime(w.to as string));
  if (current === undefined) return { windows: 0, currentWindow: null, coveredUntil: null };
  const currentWindow = current.name;
  let count = 0;
  for (let next = attached.find((w) => w.from === current!.to); next !== undefined; next = attached.find((w) => w.from === current!.to)) {
    current = next;
    count++;
  }
  return { windows: count, currentWindow, coveredUntil: current.to };
}

/**
 * Managed windows still attached whose upper bound is at or before `horizon` (the core's
 * `retentionHorizon`): the ones a deploy retires. Unmanaged partitions are not the tool's to retire.
 */
export function windowsPastHorizon(windows: readonly WindowInfo[], horizon: Date): string[] {
  return attachedWindows(windows).filter((w) => w.managed && boundTime(w.to as string) <= horizon.getTime()).map((w) => w.name);
}

/**
 * Without a declaration: managed windows that ended by `now` and are more than `retentionWindows`
 * windows behind the current one (counting live windows, so no calendar is needed).
 */
export function windowsPastCount(windows: readonly WindowInfo[], now: Date, retentionWindows: number): string[] {
  const ended = attachedWindows(windows).filter((w) => boundTime(w.to as string) <= now.getTime());
  return ended.slice(0, Math.max(ended.length - retentionWindows, 0)).filter((w) => w.managed).map((w) => w.name);
}

/** Range windows larger than `maxBytes`, with their size. */
export function oversizedWindows(windows: readonly WindowInfo[], maxBytes: number): { window: string; sizeBytes: number }[] {
  return windows.filter((w) => w.kind === 'range' && w.sizeBytes > maxBytes).map((w) => ({ window: w.name, sizeBytes: w.sizeBytes }));
}

/**
 * Planned windows the live table does not match. A planned window missing before `now` is drift
 * (its rows go to DEFAULT or fail); one still to come is not: the runway reports those. A live
 * window of other name but the same bounds counts as the planned one (e.g. imported).
 */
export function windowDrift(plan: PartitionPlan, windows: readonly WindowInfo[], now: Date): WindowDrift[] {
  const byName = new Map(windows.map((w) => [w.name, w]));
  // an archived window is detached by design (status lists it among the archived windows)
  return plan.windows.filter((w) => w.archivedUntil === null).flatMap((w): WindowDrift[] => {
    const live = byName.get(w.name);
    if (live === undefined) {
      const sameBounds = windows.some((o) => o.kind === 'range' && o.from === w.from && o.to === w.to);
      if (sameBounds || w.fromInstant.getTime() > now.getTime()) return [];
      return [{ window: w.name, problem: 'missing', detail: `no partition holds [${w.from}, ${w.to})` }];
    }
    if (live.kind !== 'range' || live.from !== w.from || live.to !== w.to) {
      const actual = live.kind === 'range' ? `[${live.from}, ${live.to})` : live.bound;
      return [{ window: w.name, problem: 'bounds', detail: `planned [${w.from}, ${w.to}), live ${actual}` }];
    }
    const detail = subPartitionDifferences(w.subPartitions, live);
    return detail === null ? [] : [{ window: w.name, problem: 'sub-partitions', detail }];
  });
}

/** The planned sub-partitions (values null: the DEFAULT one) against the live ones, in words; null when they match. */
function subPartitionDifferences(planned: readonly { name: string; values: readonly string[] | null }[], live: WindowInfo): string | null {
  const liveByName = new Map(live.subPartitions.map((s) => [s.name, s]));
  const valuesText = (values: readonly (string | null)[] | null) => (values === null ? 'DEFAULT' : [...values].map(String).sort().join(','));
  const missing = planned.filter((p) => !liveByName.has(p.name)).map((p) => p.name);
  const other = planned.filter((p) => {
    const s = liveByName.get(p.name);
    return s !== undefined && valuesText(s.isDefault ? null : s.values) !== valuesText(p.values);
  }).map((p) => p.name);
  const unplanned = live.subPartitions.filter((s) => !planned.some((p) => p.name === s.name)).map((s) => s.name);
  const parts = [
    missing.length > 0 ? `missing ${missing.join(', ')}` : '',
    other.length > 0 ? `other list values in ${other.join(', ')}` : '',
    unplanned.length > 0 ? `not planned: ${unplanned.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length === 0 ? null : parts.join('; ');
}
