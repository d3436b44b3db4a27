/**
 * The window calendar on civil days (see `calendar.ts`): where windows start and how they step.
 * Daily windows start every day, weekly ones on the configured ISO weekday, monthly ones on day 1.
 */
import { civilDay, civilParts, isoWeekday } from './calendar';
import type { Weekday, WindowInterval } from './spec';

const ISO_WEEKDAY: Record<Weekday, number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

/** ISO 8601 number (1 = Monday ... 7 = Sunday) of a weekday name. */
export function isoWeekdayNumber(weekday: Weekday): number {
  return ISO_WEEKDAY[weekday];
}

/** The start day of the window containing civil day `day`. */
export function windowStartOf(day: number, interval: WindowInterval, weekStart: Weekday): number {
  switch (interval) {
    case '1 day':
      return day;
    case '1 week':
      return day - ((isoWeekday(day) - ISO_WEEKDAY[weekStart] + 7) % 7);
    case '1 month': {
      const p = civilParts(day);
      return civilDay(p.year, p.month, 1);
    }
  }
}

/** True if a window starts on civil day `day`. */
export function isWindowStart(day: number, interval: WindowInterval, weekStart: Weekday): boolean {
  return windowStartOf(day, interval, weekStart) === day;
}

/** The start day `count` windows after (negative: before) the window starting on `startDay`. */
export function addWindows(startDay: number, count: number, interval: WindowInterval): number {
  switch (interval) {
    case '1 day':
      return startDay + count;
    case '1 week':
      return startDay + 7 * count;
    case '1 month': {
      const p = civilParts(startDay);
      return civilDay(p.year, p.month + count, 1); // Date.UTC carries month overflow into the year
    }
  }
}

/** PostgreSQL interval text for `count` windows, e.g. `12 weeks`, `1 month`. */
export function intervalText(count: number, interval: WindowInterval): string {
  const unit = interval.split(' ')[1];
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
