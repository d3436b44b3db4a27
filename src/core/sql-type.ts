/**
 * The grammar of a column type: the only SQL syntax a user writes that the tool puts into a
 * statement unquoted (`CREATE TABLE ... (usd_value numeric(18,2) NOT NULL, ...)`). A type is held
 * to the shape of PostgreSQL's `Typename` rule (docs 8 "Data Types", and the `SimpleTypename`
 * productions of the server's grammar) and nothing more:
 *
 * - a name: `jsonb`, `int4`, `citext`; or schema-qualified, `pg_catalog.int4`, `myschema.mytype`;
 * - or one of the multi-word built-ins: `double precision`, `character varying`, `char varying`,
 *   `national character [varying]`, `bit varying`, `timestamp|time [(p)] with|without time zone`,
 *   `interval` with fields (`interval day to second(3)`);
 * - optional type modifiers, integer literals only: `numeric(18,2)`, `varchar(255)`,
 *   `timestamptz(3)`, `numeric(5,-2)` (a negative scale, PostgreSQL 15+);
 * - optional array brackets: `text[]`, `int[3][]`, `integer ARRAY`, `integer ARRAY[4]`.
 *
 * Names are unquoted ASCII words (letters, digits, `_`; at most 63 bytes, or PostgreSQL would
 * truncate them), case-insensitive as in SQL. So an accepted type holds no quote, semicolon,
 * comment marker, comma outside its modifier parentheses or second type: nothing that could end
 * the column definition and start another (`numeric, evil text`) or a statement. Whether the
 * type exists is the catalog's to say, at plan (src/catalog/column-types.ts).
 */

import { DIGIT, WHITESPACE, WORD_START, wordEnd } from './sql-lex';

/** A parsed column type; every word lower-cased, as PostgreSQL folds unquoted names. */
export interface SqlType {
  /** Schema of a qualified name (`pg_catalog` of `pg_catalog.int4`); null when unqualified. */
  readonly schema: string | null;
  /** The name, words single-spaced: `numeric`, `timestamp with time zone`, `character varying`. */
  readonly name: string;
  /** Integer type modifiers: `[18, 2]` of `numeric(18,2)`; `[3]` of `timestamp(3) with time zone` and `interval second(3)`. */
  readonly modifiers: readonly number[];
  /** The fields of an interval type (`day to second`); null for every other type. */
  readonly intervalFields: string | null;
  /** Array dimensions: 0 for a scalar, 1 for `text[]` or `text ARRAY`, 2 for `int[][]`. */
  readonly arrayDimensions: number;
}

/** Either the parsed type, or why the text is not a type name (naming the offending part). */
export type SqlTypeParse = { readonly type: SqlType } | { readonly problem: string };

/** Longest name PostgreSQL keeps, in bytes (the same limit as every identifier, NAMEDATALEN - 1). */
const MAX_WORD_BYTES = 63;

/** Largest integer constant in PostgreSQL's grammar (a 32-bit int). */
const MAX_INTEGER = 2 ** 31 - 1;

/**
 * Words PostgreSQL reserves (docs Appendix C, "reserved"), and the column-name keywords that
 * are no type on their own (`between`, `coalesce`, `setof`, ...): neither can be an unquoted
 * type name. The keywords that do start a type (`int`, `numeric`, `timestamp`, ...) are parsed
 * below; `double` alone and `varying` alone are ordinary names, as in the server's grammar.
 */
const NOT_A_TYPE_NAME = new Set(
  `
  all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create
  current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc
  distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral
  leading limit localtime localtimestamp not null offset on only or order placing primary references returning select
  session_user some symmetric system_user table then to trailing true union unique user using variadic when where
  window with between coalesce exists extract greatest grouping inout json_array json_arrayagg json_exists
  json_object json_objectagg json_query json_scalar json_serialize json_table json_value least merge_action none
  normalize nullif out overlay position precision row setof substring treat trim values xmlattributes xmlconcat
  xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable
  `.trim().split(/\s+/),
);

/** Built-in keyword types that take no modifiers (`integer(3)` is a syntax error in PostgreSQL). */
const PLAIN_KEYWORD_TYPES = new Set(['int', 'integer', 'smallint', 'bigint', 'real', 'boolean']);

/** Keyword types taking a modifier list: `numeric(18,2)`, `decimal(10)`. */
const NUMERIC_KEYWORD_TYPES = new Set(['numeric', 'decimal', 'dec']);

/** `character`, `char`, `nchar`, `national character`: optional `varying`, optional `(n)`. */
const CHARACTER_KEYWORDS = new Set(['character', 'char', 'nchar']);

const INTERVAL_UNITS = ['year', 'month', 'day', 'hour', 'minute', 'second'] as const;
/** `<from> to <to>` pairs PostgreSQL allows for interval fields (docs 8.5, "Interval Input"). */
const INTERVAL_RANGES: Readonly<Record<string, readonly string[]>> = {
  year: ['month'],
  day: ['hour', 'minute', 'second'],
  hour: ['minute', 'second'],
  minute: ['second'],
};

type Token =
  | { readonly kind: 'word'; readonly text: string; readonly at: number }
  | { readonly kind: 'int'; readonly text: string; readonly value: number; readonly at: number }
  | { readonly kind: 'punct'; readonly text: '(' | ')' | ',' | '.' | '[' | ']'; readonly at: number };

/** Raised inside the parser; {@link parseSqlType} turns it into a problem text. */
class Rejected extends Error {}


/** Splits `text` into words, integer literals (a `-` only directly before digits) and `( ) , . [ ]`. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (WHITESPACE.test(ch)) {
      i++;
    } else if (WORD_START.test(ch)) {
      const start = i;
      i = wordEnd(text, start);
      const word = text.slice(start, i);
      if (word.length > MAX_WORD_BYTES) throw new Rejected(`"${word}" is longer than ${MAX_WORD_BYTES} bytes, and PostgreSQL would truncate it`);
      tokens.push({ kind: 'word', text: word.toLowerCase(), at: start });
    } else if (DIGIT.test(ch) || (ch === '-' && DIGIT.test(text[i + 1] ?? ''))) {
      const start = i;
      i++;
      while (i < text.length && DIGIT.test(text[i])) i++;
      if (i < text.length && WORD_START.test(text[i])) throw new Rejected(`unexpected "${text[i]}" at character ${i + 1}`);
      const literal = text.slice(start, i);
      // larger literals are no integer constant to PostgreSQL's grammar, so no type modifier
      if (Math.abs(Number(literal)) > MAX_INTEGER) throw new Rejected(`${literal} at character ${start + 1} is larger than ${MAX_INTEGER}`);
      tokens.push({ kind: 'int', text: literal, value: Number(literal), at: start });
    } else if ('(),.[]'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch as '(' | ')' | ',' | '.' | '[' | ']', at: i });
      i++;
    } else {
      throw new Rejected(`${JSON.stringify(ch)} at character ${i + 1} cannot be part of a type name`);
    }
  }
  return tokens;
}

/** A recursive-descent parser over the tokens of one type. */
class Parser {
  private position = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private unexpected(): never {
    const token = this.peek();
    if (token === undefined) {
      const last = this.tokens.at(-1);
      throw new Rejected(last === undefined ? 'it is empty' : `it ends early, after "${last.text}"`);
    }
    throw new Rejected(`unexpected "${token.text}" at character ${token.at + 1}`);
  }

  /** Consumes the next token if it is the word or punctuation `text`. */
  private accept(text: string): boolean {
    const token = this.peek();
    if (token !== undefined && token.kind !== 'int' && token.text === text) {
      this.position++;
      return true;
    }
    return false;
  }

  private expect(text: string): void {
    if (!this.accept(text)) this.unexpected();
  }

  /** Consumes the next token, which must be one of `words`, and returns it. */
  private expectOneOf(words: readonly string[]): string {
    const found = words.find((w) => this.accept(w));
    return found ?? this.unexpected();
  }

  private word(): string {
    const token = this.peek();
    if (token?.kind !== 'word') return this.unexpected();
    this.position++;
    return token.text;
  }

  private integer(signed: boolean): number {
    const token = this.peek();
    if (token?.kind !== 'int' || (!signed && token.value < 0)) return this.unexpected();
    this.position++;
    return token.value;
  }

  /** `( int )`, when the next token is `(`. */
  private optionalPrecision(): number[] {
    if (!this.accept('(')) return [];
    const value = this.integer(false);
    this.expect(')');
    return [value];
  }

  /** `( int [, int ...] )`, signed, when the next token is `(`. */
  private optionalModifierList(): number[] {
    if (!this.accept('(')) return [];
    const values = [this.integer(true)];
    while (this.accept(',')) values.push(this.integer(true));
    this.expect(')');
    return values;
  }

  /** The whole type, then the end of the text. */
  parse(): SqlType {
    const base = this.simpleType();
    const arrayDimensions = this.arrayBounds();
    if (this.peek() !== undefined) this.unexpected();
    return { ...base, arrayDimensions };
  }

  /** `[]`, `[n]` repeated; or `ARRAY`, `ARRAY[n]` once. */
  private arrayBounds(): number {
    if (this.accept('array')) {
      if (this.accept('[')) {
        this.integer(false);
        this.expect(']');
      }
      return 1;
    }
    let dimensions = 0;
    while (this.accept('[')) {
      if (this.peek()?.kind === 'int') this.integer(false);
      this.expect(']');
      dimensions++;
    }
    return dimensions;
  }

  private simpleType(): Omit<SqlType, 'arrayDimensions'> {
    const scalar = (name: string, modifiers: number[] = [], schema: string | null = null) => ({ schema, name, modifiers, intervalFields: null });
    const first = this.word();
    if (PLAIN_KEYWORD_TYPES.has(first)) return scalar(first);
    if (NUMERIC_KEYWORD_TYPES.has(first)) return scalar(first, this.optionalModifierList());
    if (first === 'float') return scalar(first, this.optionalPrecision());
    if (first === 'double' && this.accept('precision')) return scalar('double precision');
    if (first === 'varchar') return scalar(first, this.optionalPrecision());
    if (first === 'bit') {
      const name = this.accept('varying') ? 'bit varying' : 'bit';
      return scalar(name, this.optionalModifierList());
    }
    if (CHARACTER_KEYWORDS.has(first) || first === 'national') {
      let name = first === 'national' ? `national ${this.expectOneOf(['character', 'char'])}` : first;
      if (this.accept('varying')) name += ' varying';
      return scalar(name, this.optionalPrecision());
    }
    if (first === 'timestamp' || first === 'time') {
      const precision = this.optionalPrecision();
      let name = first;
      if (this.accept('with')) name += ' with time zone';
      else if (this.accept('without')) name += ' without time zone';
      if (name !== first) {
        this.expect('time');
        this.expect('zone');
      }
      return scalar(name, precision);
    }
    if (first === 'interval') return this.intervalRest();
    if (NOT_A_TYPE_NAME.has(first)) throw new Rejected(`"${first}" is a reserved word, not a type name`);
    if (this.accept('.')) return scalar(this.word(), this.optionalModifierList(), first);
    return scalar(first, this.optionalModifierList());
  }

  /** After `interval`: `(p)`, or fields (`day to second(3)`), or nothing. */
  private intervalRest(): Omit<SqlType, 'arrayDimensions'> {
    const interval = (intervalFields: string | null, modifiers: number[]) => ({ schema: null, name: 'interval', modifiers, intervalFields });
    const token = this.peek();
    if (token?.kind !== 'word' || !(INTERVAL_UNITS as readonly string[]).includes(token.text)) return interval(null, this.optionalPrecision());
    const from = this.word();
    if (!this.accept('to')) return interval(from, from === 'second' ? this.optionalPrecision() : []);
    const to = this.word();
    if (!(INTERVAL_RANGES[from] ?? []).includes(to)) throw new Rejected(`"interval ${from} to ${to}" is not an interval range`);
    return interval(`${from} to ${to}`, to === 'second' ? this.optionalPrecision() : []);
  }
}

/**
 * Parses a column type (module doc). Never throws: returns the parsed type, or a problem text
 * naming the offending part, e.g. `unexpected "," at character 8`.
 */
export function parseSqlType(text: string): SqlTypeParse {
  try {
    return { type: new Parser(tokenize(text)).parse() };
  } catch (err) {
    if (err instanceof Rejected) return { problem: err.message };
    throw err;
  }
}

/** Spellings of the built-in types the core reasons about, by PostgreSQL's internal type name. */
const BUILTIN_ALIASES: Readonly<Record<string, string>> = {
  int: 'int4', integer: 'int4', int4: 'int4',
  smallint: 'int2', int2: 'int2',
  bigint: 'int8', int8: 'int8',
  text: 'text',
  varchar: 'varchar', 'character varying': 'varchar', 'char varying': 'varchar', 'nchar varying': 'varchar',
  'national character varying': 'varchar', 'national char varying': 'varchar',
  timestamptz: 'timestamptz', 'timestamp with time zone': 'timestamptz',
  timestamp: 'timestamp', 'timestamp without time zone': 'timestamp',
  date: 'date',
};

/** The internal names {@link BUILTIN_ALIASES} map to: the only names `pg_catalog.<name>` can spell them by. */
const BUILTIN_NAMES = new Set(Object.values(BUILTIN_ALIASES));

/**
 * PostgreSQL's internal name (`int4`, `varchar`, `timestamptz`, `text`, `date`, ...) of a scalar
 * built-in type the core reasons about (range and list column types), whatever its spelling:
 * `integer`, `pg_catalog.int4`, `character varying(20)`, `timestamp(3) with time zone`.
 * Null for arrays, other types, and names in a schema other than `pg_catalog` (a user type
 * named `public.text` is not `text`).
 */
export function builtinTypeName(type: SqlType): string | null {
  if (type.arrayDimensions > 0) return null;
  if (type.schema === null) return BUILTIN_ALIASES[type.name] ?? null;
  return type.schema === 'pg_catalog' && BUILTIN_NAMES.has(type.name) ? type.name : null;
}

/**
 * PostgreSQL docs 8.1.4: `smallserial`, `serial` and `bigserial` (`serial2/4/8`) are no types but
 * a notation for an integer column with a sequence default; they cannot appear in a cast. The
 * integer type such a column gets, or null for every other type.
 */
export function serialStorageType(type: SqlType): 'smallint' | 'integer' | 'bigint' | null {
  if (type.schema !== null || type.modifiers.length > 0 || type.arrayDimensions > 0) return null;
  const storage: Readonly<Record<string, 'smallint' | 'integer' | 'bigint'>> = {
    smallserial: 'smallint', serial2: 'smallint', serial: 'integer', serial4: 'integer', bigserial: 'bigint', serial8: 'bigint',
  };
  return storage[type.name] ?? null;
}
