/**
 * Civil dates and local days in an IANA time zone, with `Intl.DateTimeFormat` only.
 *
 * A civil day is an integer: days since 1970-01-01 (so 0 is Thursday 1970-01-01). A wall-clock
 * time is "milliseconds of the local clock read as if it were UTC". Everything here is pure.
 */

/** Milliseconds in 24 hours. */
export const DAY_MS = 86_400_000;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Milliseconds since the epoch of a UTC wall clock (month 1-12; overflowing fields carry over as
 * in Date.UTC). Years 0-99 are taken literally, where Date.UTC would read them as 1900-1999.
 */
export function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.setUTCHours(hour, minute, second, ms);
}

/** The civil day of calendar date `year-month-day` (month 1-12, overflow carries over); no range checks. */
export function civilDay(year: number, month: number, day: number): number {
  return Math.floor(utcMs(year, month, day) / DAY_MS);
}

/** Year, month (1-12) and day of month of a civil day. */
export function civilParts(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** `YYYY-MM-DD` of a civil day (years 0000-9999). */
export function formatCivilDay(day: number): string {
  const p = civilParts(day);
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}`;
}

/** The civil day of strict `YYYY-MM-DD` text, or null if the text is not a real calendar date. */
export function parseCivilDate(text: string): number | null {
  const m = DATE_PATTERN.exec(text);
  if (!m) return null;
  const [year, month, dayOfMonth] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = civilDay(year, month, dayOfMonth);
  const back = civilParts(day);
  // Date.UTC rolls 2025-02-30 over to March; a real date survives the round trip
  return back.year === year && back.month === month && back.day === dayOfMonth ? day : null;
}

/** ISO 8601 weekday of a civil day: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(day: number): number {
  // civil day 0 (1970-01-01) was a Thursday, ISO weekday 4
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True if `timeZone` is an IANA zone name (or `UTC`) that this runtime's Intl knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local wall clock at `instantMs` (whole seconds) in `timeZone`, as ms read as UTC. */
export function wallClockMs(instantMs: number, timeZone: string): number {
  if (timeZone === 'UTC') return Math.floor(instantMs / 1000) * 1000; // the common case needs no Intl
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return utcMs(fields.year, fields.month, fields.day, fields.hour, fields.minute, fields.second);
}

/** Offset of `timeZone` from UTC at `instantMs`, in ms (positive east of Greenwich). */
function offsetMs(instantMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return wallClockMs(wholeSecond, timeZone) - wholeSecond;
}

/** The local civil day containing `instant` in `timeZone`. */
export function localDay(instant: Date, timeZone: string): number {
  return Math.floor(wallClockMs(instant.getTime(), timeZone) / DAY_MS);
}

/**
 * The first instant of local civil day `day` in `timeZone`: local midnight, or where a DST jump
 * skips midnight (Africa/Cairo 2025-04-25, America/Havana 2025-03-09) the first valid local time
 * after it; where midnight happens twice, the earlier one. Whole seconds.
 */
export function firstInstantOfDay(day: number, timeZone: string): Date {
  const midnight = day * DAY_MS;
  // the offsets a day either side bracket any transition near midnight
  const candidates = [midnight - offsetMs(midnight - DAY_MS, timeZone), midnight - offsetMs(midnight + DAY_MS, timeZone)]
    .filter((t) => wallClockMs(t, timeZone) === midnight);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // midnight was skipped: search for the first second whose local clock is on or after it
  let lo = Math.floor((midnight - 2 * DAY_MS) / 1000); // local time before the day starts
  let hi = Math.floor((midnight + 2 * DAY_MS) / 1000); // local time after it started
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClockMs(mid * 1000, timeZone) >= midnight) hi = mid;
    else lo = mid;
  }
  return new Date(hi * 1000);
}
