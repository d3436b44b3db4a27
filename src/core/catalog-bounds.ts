/**
 * Parses the partition bound text PostgreSQL prints (`pg_get_expr(relpartbound, oid)`) into the
 * core's canonical bound form (see `formatBound` in ./bounds), so bounds read from the catalog
 * compare equal to planned ones whatever the reading session's TimeZone was.
 *
 * Shapes PostgreSQL prints (PostgreSQL docs, CREATE TABLE "partition_bound_spec"):
 *   `FOR VALUES FROM ('2024-12-23 05:30:00+05:30') TO (MAXVALUE)`, `FOR VALUES IN ('a', 'b', NULL)`,
 *   `DEFAULT`. Range values are printed in the session's TimeZone and DateStyle; this parser
 *   handles DateStyle ISO (the default, and what the catalog reader sets) with any UTC offset.
 * Pure: no I/O.
 */
import { formatBound } from './bounds';
import type { RangeColumnType } from './spec';

/** A partition bound as read from the catalog, range values in canonical text. */
export type CatalogBound =
  | { readonly kind: 'range'; readonly from: string; readonly to: string }
  | { readonly kind: 'list'; readonly values: readonly (string | null)[] }
  | { readonly kind: 'default' };

/** Range bound sentinels, kept verbatim: `MINVALUE`/`MAXVALUE` (unbounded), `infinity`/`-infinity` (values). */
const SENTINELS = new Set(['MINVALUE', 'MAXVALUE', 'infinity', '-infinity']);

/**
 * The bound of one partition. Range values are normalised for a column of `rangeType`: a
 * `timestamptz` printed with any offset (`+00`, `+05:30`, `-03`, `+00:53:28`) becomes the UTC
 * instant `YYYY-MM-DDTHH:MM:SSZ`; `timestamp` becomes `YYYY-MM-DD HH:MM:SS`; `date` stays
 * `YYYY-MM-DD`. Fractional seconds, which the tool never writes, are kept (`…:SS.5Z`) so such a bound
 * never compares equal to a whole-second plan. List values come back unquoted (NULL as null).
 * Without `rangeType` each value's type is read from its ISO shape (see {@link normaliseRangeValue}).
 * @throws Error naming the text when it is not a single-column range, list or DEFAULT bound
 *   (hash bounds, multi-column range keys), or a range value is not ISO text for `rangeType`.
 */
export function parseCatalogBound(text: string, rangeType?: RangeColumnType): CatalogBound {
  const tokens = tokenize(text);
  const words = tokens.map((t) => (t.kind === 'word' ? t.value.toUpperCase() : ''));
  if (tokens.length === 1 && words[0] === 'DEFAULT') return { kind: 'default' };
  if (words[0] !== 'FOR' || words[1] !== 'VALUES') throw boundError(text, 'expected FOR VALUES or DEFAULT');
  const cursor = new Cursor(tokens.slice(2), text);
  const clause = cursor.word();
  if (clause === 'IN') {
    const values = cursor.valueList();
    cursor.end();
    return { kind: 'list', values: values.map((v) => v.text) };
  }
  if (clause === 'FROM') {
    const from = cursor.valueList();
    if (cursor.word() !== 'TO') throw boundError(text, 'expected TO after the FROM list');
    const to = cursor.valueList();
    cursor.end();
    if (from.length !== 1 || to.length !== 1) throw boundError(text, 'only single-column range keys are supported');
    return { kind: 'range', from: rangeValue(from[0], rangeType, text), to: rangeValue(to[0], rangeType, text) };
  }
  throw boundError(text, `${clause} bounds are not supported (only RANGE, LIST and DEFAULT partitions)`);
}

/**
 * One range value (the text inside the quotes) in canonical form for a column of `type`. Without
 * `type` it is read from the ISO shape, which PostgreSQL prints unambiguously: a UTC offset only for
 * `timestamptz`, a time of day for `timestamp`, neither for `date`.
 * @throws Error when `literal` is not DateStyle ISO text for `type`.
 */
export function normaliseRangeValue(literal: string, rangeType?: RangeColumnType): string {
  if (SENTINELS.has(literal)) return literal;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?)?)?$/.exec(literal);
  const type = rangeType ?? (m?.[8] ? 'timestamptz' : m?.[4] ? 'timestamp' : 'date');
  const fail = (why: string) => new Error(`Cannot read the ${type} partition bound value '${literal}': ${why}`);
  if (!m) throw fail('expected ISO text like 2024-12-23 00:00:00+00 (set DateStyle to ISO)');
  const [, y, mo, d, h, mi, s, frac, sign, oh, om, os] = m;
  const fraction = frac ? frac.replace(/0+$/, '').replace(/^\.$/, '') : '';
  if (type === 'date') {
    if (h !== undefined) throw fail('a date bound has no time of day');
    return formatBound(wallClock(y, mo, d, '0', '0', '0'), 'date');
  }
  if (h === undefined) throw fail('expected a time of day');
  if (type === 'timestamp') {
    if (sign) throw fail('a timestamp (without time zone) bound has no UTC offset');
    return formatBound(wallClock(y, mo, d, h, mi, s), 'timestamp') + fraction;
  }
  if (!sign) throw fail('a timestamptz bound needs its UTC offset');
  const offsetSeconds = (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0));
  const utc = new Date(wallClock(y, mo, d, h, mi, s).getTime() - offsetSeconds * 1000);
  return formatBound(utc, 'timestamptz').replace(/Z$/, `${fraction}Z`);
}

// The fields read as a UTC wall clock; setUTCFullYear because Date.UTC maps years 0-99 to 19xx.
function wallClock(y: string, mo: string, d: string, h: string, mi: string, s: string): Date {
  const date = new Date(Date.UTC(2000, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  return date;
}

function rangeValue(value: Value, type: RangeColumnType | undefined, text: string): string {
  if (value.text === null) throw boundError(text, 'NULL is not a range bound');
  if (!value.quoted && !SENTINELS.has(value.text)) throw boundError(text, `unexpected range value ${value.text}`);
  return normaliseRangeValue(value.text, type);
}

function boundError(text: string, why: string): Error {
  return new Error(`Cannot parse partition bound "${text}": ${why}`);
}

type Token =
  | { readonly kind: 'word'; readonly value: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'punct'; readonly value: '(' | ')' | ',' };

interface Value {
  readonly text: string | null;
  readonly quoted: boolean;
}

/** Splits bound text into words (keywords, numbers, NULL), quoted strings ('' unescaped), parens and commas. Casts (`::type`) are dropped. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', value: c });
      i++;
    } else if (c === "'" || ((c === 'E' || c === 'e') && text[i + 1] === "'")) {
      if (c !== "'") throw boundError(text, 'escape-string literals are not expected (standard_conforming_strings is on)');
      let value = '';
      for (i++; ; i++) {
        if (i >= text.length) throw boundError(text, 'unterminated string');
        if (text[i] === "'") {
          if (text[i + 1] !== "'") break;
          i++;
        }
        value += text[i];
      }
      i++;
      tokens.push({ kind: 'string', value });
    } else if (c === ':' && text[i + 1] === ':') {
      const cast = /^::[A-Za-z_][\w ]*(\([\d, ]*\))?(\[\])?/.exec(text.slice(i));
      if (!cast) throw boundError(text, `unexpected cast at ${i}`);
      i += cast[0].length;
    } else {
      const word = /^[-+]?[\w.]+/.exec(text.slice(i));
      if (!word) throw boundError(text, `unexpected "${c}" at ${i}`);
      tokens.push({ kind: 'word', value: word[0] });
      i += word[0].length;
    }
  }
  return tokens;
}

class Cursor {
  private at = 0;
  constructor(private readonly tokens: readonly Token[], private readonly text: string) {}

  word(): string {
    const t = this.tokens[this.at++];
    if (t?.kind !== 'word') throw boundError(this.text, 'expected a keyword');
    return t.value.toUpperCase();
  }

  /** `( value, value, ... )` */
  valueList(): Value[] {
    this.punct('(');
    const values: Value[] = [];
    for (;;) {
      const t = this.tokens[this.at++];
      if (t?.kind === 'string') values.push({ text: t.value, quoted: true });
      else if (t?.kind === 'word') values.push(wordValue(t.value));
      else throw boundError(this.text, 'expected a value');
      const sep = this.tokens[this.at++];
      if (sep?.kind === 'punct' && sep.value === ')') return values;
      if (sep?.kind !== 'punct' || sep.value !== ',') throw boundError(this.text, 'expected "," or ")"');
    }
  }

  end(): void {
    if (this.at !== this.tokens.length) throw boundError(this.text, 'unexpected text after the bound');
  }

  private punct(p: '(' | ')' | ','): void {
    const t = this.tokens[this.at++];
    if (t?.kind !== 'punct' || t.value !== p) throw boundError(this.text, `expected "${p}"`);
  }
}

// MINVALUE/MAXVALUE and NULL are keywords in any case; numbers and booleans keep their text.
function wordValue(word: string): Value {
  const upper = word.toUpperCase();
  if (upper === 'NULL') return { text: null, quoted: false };
  if (upper === 'MINVALUE' || upper === 'MAXVALUE') return { text: upper, quoted: false };
  return { text: word, quoted: false };
}
