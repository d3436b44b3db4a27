/**
 * The grammar of the two other pieces of SQL a user writes that the tool puts into a statement:
 * an index's `where` (the predicate of a partial index, PostgreSQL docs 11.8 "Partial Indexes") and
 * a column's `default` (a constant, PostgreSQL docs 5.2 "Default Values"). Like the type-name
 * grammar of ./sql-type.ts, a text is parsed into a tree and only the tree is written back, in a
 * canonical spelling of our own ({@link renderPredicate}, {@link renderConstant}): every column
 * name quoted, every string re-quoted, keywords upper-case. Nothing the user typed reaches SQL as is.
 *
 * Predicate grammar (case-insensitive keywords; AND binds tighter than OR, NOT tighter than AND):
 *
 *     predicate  := conjunction { OR conjunction }
 *     conjunction:= negation { AND negation }
 *     negation   := NOT negation | condition
 *     condition  := '(' predicate ')'
 *                 | operand ( '=' | '<>' | '!=' | '<' | '<=' | '>' | '>=' ) operand
 *                 | operand IS [NOT] ( NULL | TRUE | FALSE )
 *                 | operand [NOT] IN '(' constant { ',' constant } ')'
 *                 | operand [NOT] BETWEEN operand AND operand
 *                 | operand [NOT] ( LIKE | ILIKE ) string
 *                 | column                                   (a boolean column)
 *     operand    := column | constant
 *     column     := name | "quoted name"                     (at most 63 bytes; "" for a quote)
 *     constant   := number | 'string' | TRUE | FALSE | NULL  ('' for a quote; no E'', $$, U&)
 *     number     := [-] digits [ . digits ] [ e [+|-] digits ]
 *
 * So a predicate compares columns with constants and nothing else: no function call, operator
 * beyond the comparisons, cast, subquery, comment, dollar quote or second statement. PostgreSQL
 * requires a partial index's predicate to be immutable (CREATE INDEX, "Notes"), which such a
 * comparison is; whether a column's type accepts a constant is the server's to say at apply.
 */
import { DIGIT, WHITESPACE, WORD_PART, WORD_START, wordEnd } from './sql-lex';
import { quoteIdent, quoteLiteral } from './sql-quote';

/** A constant: a number (its text, as written), a string, a boolean, or NULL. */
export type Constant =
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' };

/** A column reference or a constant. */
export type Operand = { readonly kind: 'column'; readonly name: string } | { readonly kind: 'constant'; readonly value: Constant };

export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** A parsed predicate. */
export type Predicate =
  | { readonly kind: 'or' | 'and'; readonly items: readonly Predicate[] }
  | { readonly kind: 'not'; readonly item: Predicate }
  | { readonly kind: 'compare'; readonly op: ComparisonOperator; readonly left: Operand; readonly right: Operand }
  | { readonly kind: 'is'; readonly operand: Operand; readonly negated: boolean; readonly what: 'null' | 'true' | 'false' }
  | { readonly kind: 'in'; readonly operand: Operand; readonly negated: boolean; readonly values: readonly Constant[] }
  | { readonly kind: 'between'; readonly operand: Operand; readonly negated: boolean; readonly low: Operand; readonly high: Operand }
  | { readonly kind: 'like'; readonly operand: Operand; readonly negated: boolean; readonly op: 'LIKE' | 'ILIKE'; readonly pattern: string }
  | { readonly kind: 'column'; readonly name: string };

/** Either the parsed value, or why the text is not one (naming the offending part). */
export type Parse<T> = { readonly value: T } | { readonly problem: string };

/** Longest name PostgreSQL keeps, in bytes. */
const MAX_NAME_BYTES = 63;

/** Deepest nesting of parentheses and NOTs accepted: no real predicate comes near, and the parser recurses. */
const MAX_DEPTH = 32;

/** Words that cannot be an unquoted column name here (PostgreSQL's reserved words, docs Appendix C, plus the grammar's own). */
const RESERVED = new Set(
  `
  all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create
  current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc
  distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral
  leading limit localtime localtimestamp not null offset on only or order placing primary references returning select
  session_user some symmetric system_user table then to trailing true union unique user using variadic when where
  window with between like ilike is isnull notnull similar
  `.trim().split(/\s+/),
);

type Token =
  | { readonly kind: 'word'; readonly text: string; readonly at: number }
  | { readonly kind: 'name'; readonly text: string; readonly at: number }
  | { readonly kind: 'number'; readonly text: string; readonly at: number }
  | { readonly kind: 'string'; readonly text: string; readonly at: number }
  | { readonly kind: 'punct'; readonly text: string; readonly at: number };

/** Raised inside the parser; the exported functions turn it into a problem text. */
class Rejected extends Error {}

const encoder = new TextEncoder();
const NUMBER = /^-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/;
const OPERATORS = ['<=', '>=', '<>', '!=', '=', '<', '>'];

function checkName(name: string, at: number): string {
  if (name.length === 0) throw new Rejected(`an empty quoted name at character ${at + 1}`);
  if (encoder.encode(name).length > MAX_NAME_BYTES) throw new Rejected(`the name at character ${at + 1} is longer than ${MAX_NAME_BYTES} bytes, and PostgreSQL would truncate it`);
  return name;
}

/** Reads a quoted run (`'...'` or `"..."`, the quote doubled inside) starting at `start`; returns its content and the index after it. */
function quoted(text: string, start: number, quote: string, what: string): [string, number] {
  let i = start + 1;
  let value = '';
  for (;;) {
    if (i >= text.length) throw new Rejected(`the ${what} at character ${start + 1} is not closed`);
    if (text[i] === quote) {
      if (text[i + 1] !== quote) return [value, i + 1];
      value += quote;
      i += 2;
    } else {
      value += text[i];
      i++;
    }
  }
}

/** Splits `text` into words, quoted names, numbers, strings, comparison operators and `( ) ,`. */
function tokenize(text: string, what: string): Token[] {
  if (text.includes('\u0000')) throw new Rejected('it contains a NUL character');
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
      checkName(word, start);
      tokens.push({ kind: 'word', text: word.toLowerCase(), at: start });
    } else if (ch === '"') {
      const [name, end] = quoted(text, i, '"', 'quoted name');
      tokens.push({ kind: 'name', text: checkName(name, i), at: i });
      i = end;
    } else if (ch === "'") {
      const [value, end] = quoted(text, i, "'", 'string');
      tokens.push({ kind: 'string', text: value, at: i });
      i = end;
    } else if (DIGIT.test(ch) || (ch === '-' && DIGIT.test(text[i + 1] ?? ''))) {
      const match = NUMBER.exec(text.slice(i))![0];
      if (i + match.length < text.length && (WORD_PART.test(text[i + match.length]) || text[i + match.length] === '.')) {
        throw new Rejected(`unexpected ${JSON.stringify(text[i + match.length])} at character ${i + match.length + 1}`);
      }
      tokens.push({ kind: 'number', text: match, at: i });
      i += match.length;
    } else if ('(),'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch, at: i });
      i++;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op === undefined) throw new Rejected(`${JSON.stringify(ch)} at character ${i + 1} cannot be part of ${what}`);
      tokens.push({ kind: 'punct', text: op === '!=' ? '<>' : op, at: i });
      i += op.length;
    }
  }
  return tokens;
}

/** A recursive-descent parser over the tokens of one predicate or constant. */
class Parser {
  private position = 0;
  private depth = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.position + offset];
  }

  unexpected(): never {
    const token = this.peek();
    if (token === undefined) {
      const last = this.tokens.at(-1);
      throw new Rejected(last === undefined ? 'it is empty' : `it ends early, after ${JSON.stringify(last.text)}`);
    }
    throw new Rejected(`unexpected ${JSON.stringify(token.kind === 'string' ? `'${token.text}'` : token.text)} at character ${token.at + 1}`);
  }

  private isWord(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === 'word' && token.text === word;
  }

  private accept(text: string): boolean {
    const token = this.peek();
    if (token !== undefined && (token.kind === 'word' || token.kind === 'punct') && token.text === text) {
      this.position++;
      return true;
    }
    return false;
  }

  private expect(text: string): void {
    if (!this.accept(text)) this.unexpected();
  }

  end(): void {
    if (this.peek() !== undefined) this.unexpected();
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new Rejected(`it nests parentheses and NOTs more than ${MAX_DEPTH} deep`);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  predicate(): Predicate {
    const items = [this.conjunction()];
    while (this.accept('or')) items.push(this.conjunction());
    return items.length === 1 ? items[0] : { kind: 'or', items };
  }

  private conjunction(): Predicate {
    const items = [this.negation()];
    while (this.accept('and')) items.push(this.negation());
    return items.length === 1 ? items[0] : { kind: 'and', items };
  }

  private negation(): Predicate {
    if (this.accept('not')) return this.nested(() => ({ kind: 'not', item: this.negation() }));
    return this.condition();
  }

  private condition(): Predicate {
    if (this.accept('(')) {
      const inner = this.nested(() => this.predicate());
      this.expect(')');
      return inner;
    }
    const operand = this.operand();
    const token = this.peek();
    if (token?.kind === 'punct' && OPERATORS.includes(token.text)) {
      this.position++;
      return { kind: 'compare', op: token.text as ComparisonOperator, left: operand, right: this.operand() };
    }
    if (this.accept('is')) {
      const negated = this.accept('not');
      const what = this.isWord('null') ? 'null' : this.isWord('true') ? 'true' : this.isWord('false') ? 'false' : this.unexpected();
      this.position++;
      return { kind: 'is', operand, negated, what };
    }
    const negated = this.isWord('not') && (this.isWord('in', 1) || this.isWord('between', 1) || this.isWord('like', 1) || this.isWord('ilike', 1));
    if (negated) this.position++;
    if (this.accept('in')) {
      this.expect('(');
      const values = [this.constant()];
      while (this.accept(',')) values.push(this.constant());
      this.expect(')');
      return { kind: 'in', operand, negated, values };
    }
    if (this.accept('between')) {
      const low = this.operand();
      this.expect('and');
      return { kind: 'between', operand, negated, low, high: this.operand() };
    }
    if (this.isWord('like') || this.isWord('ilike')) {
      const op = this.isWord('like') ? 'LIKE' : 'ILIKE';
      this.position++;
      const pattern = this.peek();
      if (pattern?.kind !== 'string') return this.unexpected();
      this.position++;
      return { kind: 'like', operand, negated, op, pattern: pattern.text };
    }
    if (negated || operand.kind !== 'column') return this.unexpected();
    return { kind: 'column', name: operand.name };
  }

  private operand(): Operand {
    const token = this.peek();
    if (token?.kind === 'name' || (token?.kind === 'word' && !RESERVED.has(token.text))) {
      this.position++;
      return { kind: 'column', name: token.text };
    }
    return { kind: 'constant', value: this.constant() };
  }

  constant(): Constant {
    const token = this.peek();
    if (token === undefined) return this.unexpected();
    let value: Constant | null = null;
    if (token.kind === 'number') value = { kind: 'number', text: token.text };
    else if (token.kind === 'string') value = { kind: 'string', value: token.text };
    else if (token.kind === 'word' && (token.text === 'true' || token.text === 'false')) value = { kind: 'boolean', value: token.text === 'true' };
    else if (token.kind === 'word' && token.text === 'null') value = { kind: 'null' };
    if (value === null) return this.unexpected();
    this.position++;
    return value;
  }
}

function parseWith<T>(text: unknown, what: string, parse: (p: Parser) => T): Parse<T> {
  if (typeof text !== 'string') return { problem: 'it is not a string' };
  try {
    const parser = new Parser(tokenize(text, what));
    const value = parse(parser);
    parser.end();
    return { value };
  } catch (err) {
    if (err instanceof Rejected) return { problem: err.message };
    throw err;
  }
}

/**
 * Parses a partial-index predicate (module doc). Never throws: the tree, or a problem naming the
 * offending part, e.g. `";" at character 12 cannot be part of a predicate`.
 */
export function parsePredicate(text: unknown): Parse<Predicate> {
  return parseWith(text, 'a predicate', (p) => p.predicate());
}

/** Parses one constant (module doc), e.g. `0`, `-1.5`, `'pending'`, `true`. Never throws. */
export function parseConstant(text: unknown): Parse<Constant> {
  return parseWith(text, 'a constant', (p) => p.constant());
}

/**
 * A constant as SQL: numbers as written, strings via quoteLiteral, TRUE/FALSE/NULL. Callers keep a
 * space before it: PostgreSQL's lexer would read `=-1` as one operator `=-`.
 */
export function renderConstant(c: Constant): string {
  switch (c.kind) {
    case 'number':
      return c.text;
    case 'string':
      return quoteLiteral(c.value);
    case 'boolean':
      return c.value ? 'TRUE' : 'FALSE';
    case 'null':
      return 'NULL';
  }
}

function renderOperand(o: Operand): string {
  return o.kind === 'column' ? quoteIdent(o.name) : renderConstant(o.value);
}

/**
 * The canonical SQL of a predicate: columns quoted, strings re-quoted, keywords upper-case, every
 * AND, OR and NOT operand that is itself a combination in parentheses. Parsing the result gives
 * the same tree back (a law the tests check).
 */
export function renderPredicate(p: Predicate): string {
  const inner = (q: Predicate) => (q.kind === 'or' || q.kind === 'and' || q.kind === 'not' ? `(${renderPredicate(q)})` : renderPredicate(q));
  const not = (negated: boolean) => (negated ? 'NOT ' : '');
  switch (p.kind) {
    case 'or':
    case 'and':
      return p.items.map(inner).join(p.kind === 'or' ? ' OR ' : ' AND ');
    case 'not':
      return `NOT ${inner(p.item)}`;
    case 'compare':
      return `${renderOperand(p.left)} ${p.op} ${renderOperand(p.right)}`;
    case 'is':
      return `${renderOperand(p.operand)} IS ${not(p.negated)}${p.what.toUpperCase()}`;
    case 'in':
      return `${renderOperand(p.operand)} ${not(p.negated)}IN (${p.values.map(renderConstant).join(', ')})`;
    case 'between':
      return `${renderOperand(p.operand)} ${not(p.negated)}BETWEEN ${renderOperand(p.low)} AND ${renderOperand(p.high)}`;
    case 'like':
      return `${renderOperand(p.operand)} ${not(p.negated)}${p.op} ${quoteLiteral(p.pattern)}`;
    case 'column':
      return quoteIdent(p.name);
  }
}

/** The column names a predicate reads, each once, in order of first appearance. */
export function predicateColumns(p: Predicate): string[] {
  const names: string[] = [];
  const add = (o: Operand) => {
    if (o.kind === 'column' && !names.includes(o.name)) names.push(o.name);
  };
  const walk = (q: Predicate): void => {
    switch (q.kind) {
      case 'or':
      case 'and':
        q.items.forEach(walk);
        return;
      case 'not':
        walk(q.item);
        return;
      case 'compare':
        add(q.left);
        add(q.right);
        return;
      case 'between':
        [q.operand, q.low, q.high].forEach(add);
        return;
      case 'column':
        add({ kind: 'column', name: q.name });
        return;
      default:
        add(q.operand);
    }
  };
  walk(p);
  return names;
}
