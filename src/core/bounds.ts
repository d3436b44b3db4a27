/**
 * The one canonical text form of a partition bound, used in SQL, in provider state and when
 * comparing with the catalog (so a second plan after apply is empty):
 * - `timestamptz`: the UTC instant `YYYY-MM-DDTHH:MM:SSZ` (the session time zone cannot shift it),
 * - `timestamp`: the naive wall clock `YYYY-MM-DD HH:MM:SS`,
 * - `date`: `YYYY-MM-DD`.
 * For `timestamp` and `date`, a `Date` carries the wall clock read as UTC.
 */
import { pad, utcMs } from './calendar';
import type { RangeColumnType } from './spec';

const PATTERNS: Record<RangeColumnType, RegExp> = {
  timestamptz: /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/,
  timestamp: /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/,
  date: /^(\d{4})-(\d{2})-(\d{2})$/,
};

const EXAMPLES: Record<RangeColumnType, string> = {
  timestamptz: '2024-12-23T00:00:00Z',
  timestamp: '2024-12-23 00:00:00',
  date: '2024-12-23',
};

/**
 * Canonical bound text of `instant` for a column of `type` (UTC fields; whole seconds; years 0-9999).
 * @throws RangeError for an invalid Date, a year outside 0-9999, or a `date` bound not at midnight.
 */
export function formatBound(instant: Date, type: RangeColumnType): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('formatBound: invalid Date');
  const year = instant.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`formatBound: year ${year} is outside 0000-9999`);
  const date = `${pad(year, 4)}-${pad(instant.getUTCMonth() + 1, 2)}-${pad(instant.getUTCDate(), 2)}`;
  const time = `${pad(instant.getUTCHours(), 2)}:${pad(instant.getUTCMinutes(), 2)}:${pad(instant.getUTCSeconds(), 2)}`;
  switch (type) {
    case 'timestamptz':
      return `${date}T${time}Z`;
    case 'timestamp':
      return `${date} ${time}`;
    case 'date':
      if (time !== '00:00:00' || instant.getUTCMilliseconds() !== 0) {
        throw new RangeError(`formatBound: a date bound must be a midnight, got ${instant.toISOString()}`);
      }
      return date;
  }
}

/**
 * The instant of canonical bound text (the inverse of {@link formatBound}).
 * @throws RangeError naming the expected form when `text` is not canonical for `type`
 *   (other spellings, offsets, fractions, or impossible dates like 2025-02-30).
 */
export function parseBound(text: string, type: RangeColumnType): Date {
  const m = PATTERNS[type].exec(text);
  const fail = () =>
    new RangeError(`bound "${text}" is not canonical ${type} text; write it like "${EXAMPLES[type]}"`);
  if (!m) throw fail();
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1).map(Number);
  const instant = new Date(utcMs(year, month, day, hour, minute, second));
  // out-of-range fields (month 13, 24:00, Feb 30) roll over and so fail the round trip
  if (formatBound(instant, type) !== text) throw fail();
  return instant;
}

/**
 * `text` itself if it is canonical bound text for `type`.
 * @throws RangeError otherwise (see {@link parseBound}); catalog text goes through the catalog
 *   module's parser first.
 */
export function canonicalBound(text: string, type: RangeColumnType): string {
  parseBound(text, type);
  return text;
}

/**
 * Milliseconds since the epoch of a canonical bound of any range type, as the core reads instants
 * (`timestamp` and `date`: the wall clock read as UTC); fractional seconds, which catalog bounds
 * may carry, are kept. `MINVALUE`/`-infinity` give -Infinity, `MAXVALUE`/`infinity` +Infinity,
 * any other text NaN. For ordering and comparing live windows whose column type is not at hand.
 */
export function boundTime(text: string): number {
  if (text === 'MINVALUE' || text === '-infinity') return -Infinity;
  if (text === 'MAXVALUE' || text === 'infinity') return Infinity;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}:\d{2}(?:\.\d+)?))?Z?$/.exec(text);
  return m ? Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}Z`) : NaN;
}
