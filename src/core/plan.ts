/**
 * The planner: a spec and an instant in, the exact windows that should exist out. Pure: the clock
 * is an argument, so the same input always gives the same plan.
 */
import { civilDay, firstInstantOfDay, formatCivilDay, localDay, parseCivilDate } from './calendar';
import { formatBound } from './bounds';
import { SpecError } from './errors';
import { subPartitionName, windowName } from './naming';
import { DEFAULT_GROUP, resolveSpec, type ResolvedLayout, type ResolvedSpec } from './resolve';
import type { PartitionPlan, PartitionSpec, SubPartitionPlan, WindowPlan } from './spec';
import { addCalendarInterval, parseCalendarInterval, sumIntervals } from './interval';
import { addWindows, intervalText, windowStartOf } from './windows';

/**
 * The windows that should exist at `spec.asOf ?? now`, oldest first, contiguous and
 * non-overlapping: with retention R, from R windows before the current one (the oldest whose
 * upper bound is after the retention horizon) through `premake` windows after it, but not before
 * `start`; keeping all windows, from `start` through current + premake (empty if `start` is later).
 * With retention mode `archive`, windows past retention stay in the plan with `archivedUntil` set
 * while that instant is after asOf (see `firstArchivedDay`).
 * A daily window on a local day the zone skipped (Pacific/Apia 2011-12-30) is left out.
 * Each window starts at the first instant of its local start day in `timeZone`.
 * Worked example (issue 2): asOf 2024-12-25 UTC, weekly, retention 12, premake 4 gives 17 windows,
 * [2024-09-30, 2024-10-07) ... current [2024-12-23, 2024-12-30) ... [2025-01-20, 2025-01-27).
 * @throws SpecError for an invalid spec (see `resolveSpec`) or an invalid `now`.
 */
export function planPartitions(spec: PartitionSpec, now: Date): PartitionPlan {
  return planResolved(resolveSpec(spec), now);
}

/** {@link planPartitions} for an already resolved spec. */
export function planResolved(spec: ResolvedSpec, now: Date): PartitionPlan {
  const asOf = spec.asOf ?? now;
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime())) {
    throw new SpecError('asOf', 'the planner was given an invalid "now"', 'pass a valid Date, or set asOf');
  }
  const currentDay = windowStartOf(localDay(asOf, spec.timeZone), spec.interval, spec.weekStart);
  const startDay = spec.start === null ? null : (parseCivilDate(spec.start) as number);
  const horizonDay = spec.retention === null ? null : addWindows(currentDay, -spec.retention.windows, spec.interval);
  const firstKept = Math.max(horizonDay ?? -Infinity, startDay ?? -Infinity);
  const firstDay = firstArchivedDay(spec, firstKept, startDay, asOf);
  const lastDay = addWindows(currentDay, spec.premake, spec.interval);
  checkCalendarRange(spec, currentDay, firstDay, firstDay !== startDay, addWindows(lastDay, 1, spec.interval));
  const windows: WindowPlan[] = [];
  let fromInstant = windowInstant(spec, firstDay);
  for (let day = firstDay; day <= lastDay; ) {
    const nextDay = addWindows(day, 1, spec.interval);
    const toInstant = windowInstant(spec, nextDay); // TO is exclusive, so the next window starts here with no gap
    // a local day a zone skipped entirely (Pacific/Apia 2011-12-30) makes an empty daily window,
    // which PostgreSQL refuses as an empty range bound: the neighbours already meet there
    if (fromInstant.getTime() < toInstant.getTime()) {
      const archivedUntil = day < firstKept ? dropInstant(spec, toInstant) : null;
      windows.push(planWindow(spec, day, fromInstant, toInstant, day === currentDay, archivedUntil));
    }
    [day, fromInstant] = [nextDay, toInstant];
  }
  checkUniqueNames(spec, windows);
  return {
    asOf: new Date(asOf.getTime()),
    currentWindowStart: formatBound(windowInstant(spec, currentDay), spec.table.rangeType),
    windows,
    retention: spec.retention === null ? null : intervalText(spec.retention.windows, spec.interval),
    retentionMode: spec.retention === null ? 'keep' : spec.retention.mode,
    archive: spec.retention?.archive ? { schema: spec.retention.archive.schema, keepFor: spec.retention.archive.keepFor } : null,
  };
}

/**
 * With retention mode `archive`, windows before the first kept one stay in the plan, archived,
 * while their drop instant is after `asOf`: the first day of the oldest such window (not before
 * `start`); `firstKept` otherwise.
 */
function firstArchivedDay(spec: ResolvedSpec, firstKept: number, startDay: number | null, asOf: Date): number {
  if (!spec.retention?.archive || !Number.isFinite(firstKept) || firstKept < FIRST_PLANNABLE_DAY) return firstKept; // out of range: checkCalendarRange says so
  let day = firstKept;
  for (;;) {
    const before = addWindows(day, -1, spec.interval);
    if ((startDay !== null && before < startDay) || before < FIRST_PLANNABLE_DAY) return day;
    if (dropInstant(spec, windowInstant(spec, day)).getTime() <= asOf.getTime()) return day;
    day = before;
  }
}

/**
 * When an archived window whose upper bound is `to` may be dropped: `to` + retention + keepFor,
 * added as the database adds intervals in UTC (see ./interval.ts), which is how the provider judges it.
 */
function dropInstant(spec: ResolvedSpec, to: Date): Date {
  const retention = spec.retention!;
  return addCalendarInterval(to, sumIntervals(parseCalendarInterval(intervalText(retention.windows, spec.interval))!, retention.archive!.keepForInterval));
}

/**
 * Bounds have canonical text for years 0000-9999 only (see `formatBound`); a day of margin each
 * side leaves room for zone offsets. NaN (a retention or premake so large the date arithmetic
 * overflows) is out of range too, and is caught here before the window loop could run for ever.
 */
const FIRST_PLANNABLE_DAY = civilDay(0, 1, 2);
const LAST_PLANNABLE_DAY = civilDay(9999, 12, 30);

/** @throws SpecError naming asOf, retention.windows, start or premake when the plan leaves years 0000-9999. */
function checkCalendarRange(spec: ResolvedSpec, currentDay: number, firstDay: number, firstFromRetention: boolean, endDay: number): void {
  const inRange = (day: number) => day >= FIRST_PLANNABLE_DAY && day <= LAST_PLANNABLE_DAY;
  if (!inRange(currentDay) || !inRange(addWindows(currentDay, 1, spec.interval))) {
    throw new SpecError('asOf', `the window containing ${spec.asOf === null ? 'now' : spec.asOf.toISOString()} is outside the years 0000-9999`, 'plan for an instant between 0000-01-02 and 9999-12-29');
  }
  if (!inRange(firstDay)) {
    throw firstFromRetention
      ? new SpecError('retention.windows', `${spec.retention?.windows} windows back from ${formatCivilDay(currentDay)} reach before the year 0000`, 'keep fewer windows')
      : new SpecError('start', `${JSON.stringify(spec.start)} is before the year 0000 can be planned`, 'start on 0000-01-03 or later');
  }
  if (!inRange(endDay)) {
    throw new SpecError('premake', `${spec.premake} windows ahead of ${formatCivilDay(currentDay)} reach past the year 9999`, 'make fewer windows ahead');
  }
}

/**
 * Every relation the plan names must be distinct, or PostgreSQL would refuse the second CREATE.
 * Generated names are distinct by construction (hashed when shortened), but a group may be named
 * so that its `<window>_<group>` equals another group's shortened name.
 * @throws SpecError naming the layout's group whose sub-partition name is taken.
 */
function checkUniqueNames(spec: ResolvedSpec, windows: readonly WindowPlan[]): void {
  const owner = new Map<string, string>();
  const claim = (name: string, what: string, field: string) => {
    const other = owner.get(name);
    if (other !== undefined) {
      throw new SpecError(field, `${what} would be named ${JSON.stringify(name)}, which is already the name of ${other}`, 'rename the group');
    }
    owner.set(name, what);
  };
  for (const w of windows) claim(w.name, `window ${w.startDate}`, 'table.name');
  for (const w of windows) {
    const layout = layoutAt(spec.layouts, w.startDate);
    // the DEFAULT sub-partition first, so a clash is reported on the group a user can rename
    for (const sub of [...w.subPartitions].sort((a, b) => Number(b.values === null) - Number(a.values === null))) {
      const groupIndex = layout?.groups.findIndex((g) => g.name === sub.group) ?? -1;
      const field = layout === null || groupIndex < 0 ? 'table.name' : `layouts[${layout.index}].groups[${groupIndex}].name`;
      claim(sub.name, `the sub-partition of group ${JSON.stringify(sub.group)} in window ${w.startDate}`, field);
    }
  }
}

/** First instant of the window starting on civil day `day` (wall clock read as UTC for timestamp/date). */
function windowInstant(spec: ResolvedSpec, day: number): Date {
  return firstInstantOfDay(day, spec.timeZone);
}

function planWindow(spec: ResolvedSpec, day: number, fromInstant: Date, toInstant: Date, current: boolean, archivedUntil: Date | null): WindowPlan {
  const startDate = formatCivilDay(day);
  const name = windowName(spec.table.name, startDate);
  const layout = layoutAt(spec.layouts, startDate);
  return {
    name,
    from: formatBound(fromInstant, spec.table.rangeType),
    to: formatBound(toInstant, spec.table.rangeType),
    fromInstant,
    toInstant,
    startDate,
    current,
    layoutFrom: layout?.effectiveFrom ?? null,
    subPartitions: spec.table.listColumn === null ? [] : subPartitionsOf(name, layout),
    archivedUntil,
  };
}

/** The layout in force for a window starting on `startDate`: the latest effective on or before it. */
export function layoutAt(layouts: readonly ResolvedLayout[], startDate: string): ResolvedLayout | null {
  let found: ResolvedLayout | null = null;
  for (const layout of layouts) if (layout.effectiveFrom <= startDate) found = layout;
  return found;
}

/**
 * Group sub-partitions, then DEFAULT. A window before every layout gets only the DEFAULT
 * sub-partition, so it still accepts every row.
 */
function subPartitionsOf(window: string, layout: ResolvedLayout | null): SubPartitionPlan[] {
  const groups: SubPartitionPlan[] = (layout?.groups ?? []).map((g) => ({
    name: subPartitionName(window, g.name),
    group: g.name,
    values: [...g.values],
  }));
  if (layout === null || layout.defaultSubPartition) {
    groups.push({ name: subPartitionName(window, DEFAULT_GROUP), group: DEFAULT_GROUP, values: null });
  }
  return groups;
}

/**
 * True if `window` is past retention: its upper bound is at or before the retention horizon,
 * `retention` windows before the window starting at `currentWindowStart`. Never with keep-all.
 */
export function isExpired(window: WindowPlan, currentWindowStart: Date, spec: ResolvedSpec): boolean {
  const horizon = retentionHorizon(spec, currentWindowStart);
  return horizon !== null && window.toInstant.getTime() <= horizon.getTime();
}

/**
 * The retention horizon at `instant`: the start of the window `retention` windows before the one
 * containing `instant`; a window whose upper bound is at or before it is expired. Null with keep-all.
 * For `timestamp`/`date` columns instants are the wall clock read as UTC, as everywhere in the core.
 */
export function retentionHorizon(spec: ResolvedSpec, instant: Date): Date | null {
  if (spec.retention === null) return null;
  // a timestamp/date instant is the wall clock read as UTC, which localDay in UTC reads back as is
  const currentDay = windowStartOf(localDay(instant, spec.timeZone), spec.interval, spec.weekStart);
  return windowInstant(spec, addWindows(currentDay, -spec.retention.windows, spec.interval));
}
