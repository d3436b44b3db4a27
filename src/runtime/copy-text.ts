/**
 * Rows as lines of COPY's text format (PostgreSQL docs, COPY, "Text Format"): columns separated by
 * a tab, rows ended by a newline, NULL written `\N`, and a backslash before the only characters
 * that need one in a value: backslash, newline, carriage return and the delimiter (tab). Any other
 * character, multi-byte UTF-8 included, goes through as is.
 *
 * This runs once per value of every row an application inserts, so it avoids work per value: a
 * string is only rewritten when a regular expression finds a character to escape, a row is
 * appended to one string (no array of values, no join), and a run of rows with the same instant
 * (time series) formats that `Date` once.
 */

/** A row: values in `columns` order, or an object keyed by column name. */
export type CopyRow = readonly unknown[] | Readonly<Record<string, unknown>>;

/** A value the COPY text format cannot carry; names the column and the fix. */
export class CopyValueError extends TypeError {
  constructor(readonly column: string, problem: string, fix: string) {
    super(`column "${column}": ${problem}; ${fix}`);
    this.name = 'CopyValueError';
  }
}

/** Characters that need a backslash in a value, and NUL, which PostgreSQL text cannot hold. */
const SPECIAL = /[\\\n\r\t\0]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const escapeOne = (c: string) => ESCAPES[c];

const DAY_MS = 86_400_000;
/** 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z: toISOString writes the years between as YYYY. */
const FIRST_FAST_TIME = -62_135_596_800_000;
const END_FAST_TIME = 253_402_300_800_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * Encodes rows for one COPY statement's column list. Values, by JavaScript type:
 * - `null`, `undefined`: NULL.
 * - string: as is (a column of any type parses its text form: numeric, jsonb text, ...).
 * - number: its shortest round-tripping text (`NaN`, `Infinity` and `-0` included, as float8 reads them).
 * - bigint, boolean: their text (`true` / `false`).
 * - `Date`: ISO 8601 in UTC with `Z` (milliseconds), so the session's TimeZone cannot shift it;
 *   years after 9999 and before 1 in the forms PostgreSQL reads (`10000-...`, `0001-... BC`).
 * - `Buffer` / `Uint8Array`: bytea hex input (`\x...`).
 * - any other object or array: `JSON.stringify` (json / jsonb columns).
 */
export class CopyTextEncoder {
  /** The last Date's time and text: rows of a time series often share an instant. */
  private lastTime = NaN;
  private lastDate = '';
  /** "YYYY-MM-DDT" by day number since 1970-01-01 (UTC). */
  private readonly dayPrefixes = new Map<number, string>();

  /** @param columns column names in COPY order; object rows are read by these keys */
  constructor(private readonly columns: readonly string[]) {}

  /**
   * One row as a line of COPY text, newline included.
   * @throws CopyValueError for a string holding NUL (U+0000), an invalid Date, or a row array
   *   whose length differs from the column list (naming the column).
   */
  encodeRow(row: CopyRow): string {
    const columns = this.columns;
    let line = '';
    if (Array.isArray(row)) {
      if (row.length !== columns.length) {
        throw new CopyValueError(columns[Math.min(row.length, columns.length - 1)], `the row has ${row.length} values for ${columns.length} columns`, 'pass one value per column, in the order of `columns`');
      }
      for (let i = 0; i < columns.length; i++) line += (i === 0 ? '' : '\t') + this.encodeValue(row[i], i);
    } else {
      const record = row as Readonly<Record<string, unknown>>;
      for (let i = 0; i < columns.length; i++) line += (i === 0 ? '' : '\t') + this.encodeValue(record[columns[i]], i);
    }
    return `${line}\n`;
  }

  private encodeValue(value: unknown, column: number): string {
    switch (typeof value) {
      case 'string':
        return SPECIAL.test(value) ? this.escape(value, column) : value;
      case 'number':
        return value === 0 && 1 / value < 0 ? '-0' : String(value);
      case 'bigint':
        return String(value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'undefined':
        return '\\N';
      case 'object':
        if (value === null) return '\\N';
        if (value instanceof Date) return this.date(value, column);
        if (value instanceof Uint8Array) return `\\\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
        return this.json(value, column);
      default:
        throw new CopyValueError(this.columns[column], `a ${typeof value} cannot be written`, 'pass a string, number, bigint, boolean, Date, Buffer, plain object or array, or null');
    }
  }

  private json(value: object, column: number): string {
    const text = JSON.stringify(value) as string | undefined; // undefined when a toJSON() says so
    if (text === undefined) return '\\N';
    return SPECIAL.test(text) ? this.escape(text, column) : text;
  }

  private escape(text: string, column: number): string {
    if (text.includes('\0')) {
      throw new CopyValueError(this.columns[column], 'the text holds a NUL character (U+0000), which PostgreSQL text cannot store', 'remove it, or write the value as bytea');
    }
    return text.replace(SPECIAL_ALL, escapeOne);
  }

  private date(value: Date, column: number): string {
    const time = value.getTime();
    if (time === this.lastTime) return this.lastDate;
    if (!(time >= FIRST_FAST_TIME && time < END_FAST_TIME)) return this.farDate(value, column);
    // toISOString costs about a microsecond; the day's "YYYY-MM-DDT" from a cache plus arithmetic
    // for the time of day costs a fraction of that, and writes the same text
    const day = Math.floor(time / DAY_MS);
    let prefix = this.dayPrefixes.get(day);
    if (prefix === undefined) {
      if (this.dayPrefixes.size >= 1024) this.dayPrefixes.clear();
      prefix = value.toISOString().slice(0, 11);
      this.dayPrefixes.set(day, prefix);
    }
    let ms = time - day * DAY_MS;
    const hours = Math.floor(ms / 3_600_000);
    ms -= hours * 3_600_000;
    const minutes = Math.floor(ms / 60_000);
    ms -= minutes * 60_000;
    const seconds = Math.floor(ms / 1000);
    const text = `${prefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[ms - seconds * 1000]}Z`;
    this.lastTime = time;
    this.lastDate = text;
    return text;
  }

  /** Years outside 1-9999: toISOString writes them as +YYYYYY / -YYYYYY / 0000, which PostgreSQL does not read. */
  private farDate(value: Date, column: number): string {
    if (Number.isNaN(value.getTime())) throw new CopyValueError(this.columns[column], 'the Date is invalid (its time is NaN)', 'pass a valid Date, or null');
    const year = value.getUTCFullYear();
    const iso = value.toISOString();
    const rest = iso.slice(iso.indexOf('-', 1)); // "-MM-DDTHH:MM:SS.mmmZ"
    // PostgreSQL reads 5+ digit years as they are, and years before 1 as "<1 - year> BC"
    return year > 9999 ? `${year}${rest}` : `${String(1 - year).padStart(4, '0')}${rest} BC`;
  }
}
