/**
 * Calendar intervals as retention and archive periods are written (`12 weeks`, `7 days`,
 * `1 month`, `3 months 10 days`), and adding them to an instant exactly as PostgreSQL adds an
 * interval to a `timestamp`: the month part first (the day of month clamped to the month's last day:
 * Jan 31 + 1 month = Feb 28/29), then the day part (docs 9.9 "Date/Time Functions and Operators";
 * src/backend/utils/adt/timestamp.c `timestamp_pl_interval`). The provider judges retention on the
 * database clock in UTC, so these UTC sums are the dates it will use.
 */

/** An interval of whole months and days (PostgreSQL keeps the two apart: a month has no fixed length). */
export interface CalendarInterval {
  readonly months: number;
  readonly days: number;
}

const PART = /^(\d{1,5}) (day|week|month|year)s?$/;
const PER_UNIT: Record<string, CalendarInterval> = { day: { months: 0, days: 1 }, week: { months: 0, days: 7 }, month: { months: 1, days: 0 }, year: { months: 12, days: 0 } };

/**
 * Reads `N unit` parts (units day, week, month, year, singular or plural; e.g. `7 days`,
 * `1 month 2 weeks`) separated by single spaces; null for anything else (PostgreSQL accepts more,
 * but these are the forms whose end date the tool can show without asking the database).
 */
export function parseCalendarInterval(text: string): CalendarInterval | null {
  const words = text.trim().split(/\s+/);
  if (words.length === 0 || words.length % 2 !== 0) return null;
  let months = 0;
  let days = 0;
  for (let i = 0; i < words.length; i += 2) {
    const m = PART.exec(`${words[i]} ${words[i + 1]}`);
    if (!m) return null;
    const unit = PER_UNIT[m[2]];
    months += Number(m[1]) * unit.months;
    days += Number(m[1]) * unit.days;
  }
  return { months, days };
}

/** The sum of two intervals. */
export const sumIntervals = (a: CalendarInterval, b: CalendarInterval): CalendarInterval => ({ months: a.months + b.months, days: a.days + b.days });

/** `instant + interval` in UTC: months first (day of month clamped), then days; the time of day is kept. */
export function addCalendarInterval(instant: Date, interval: CalendarInterval): Date {
  const d = new Date(instant.getTime());
  if (interval.months !== 0) {
    const day = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + interval.months);
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(day, last));
  }
  return new Date(d.getTime() + interval.days * 86_400_000);
}

/** Canonical text of `interval`: `3 months 10 days`, `7 days`, `0 days` for nothing. */
export function formatCalendarInterval(interval: CalendarInterval): string {
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const parts = [...(interval.months ? [part(interval.months, 'month')] : []), ...(interval.days || !interval.months ? [part(interval.days, 'day')] : [])];
  return parts.join(' ');
}
