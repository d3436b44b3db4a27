import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  parseConstant,
  parsePredicate,
  predicateColumns,
  renderConstant,
  renderPredicate,
  type Constant,
  type Operand,
  type Predicate,
} from '../../src/core/sql-predicate';
import { arbitraryPredicate } from './support/predicates';

const parsed = (text: string): Predicate => {
  const result = parsePredicate(text);
  assert.ok('value' in result, `${JSON.stringify(text)} was refused: ${'problem' in result ? result.problem : ''}`);
  return result.value;
};

const problem = (text: string): string => {
  const result = parsePredicate(text);
  assert.ok('problem' in result, `${JSON.stringify(text)} was accepted as ${JSON.stringify(result)}`);
  return result.problem;
};

/**
 * What rendered SQL must never hold outside its string literals and quoted names: a statement end,
 * a comment, a dollar quote, a cast, or any character the grammar does not write.
 */
function assertHarmless(sql: string): void {
  const bare = sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, (q) => (q.startsWith("'") ? "''" : '""'));
  assert.match(bare, /^[A-Za-z0-9_ ().,<>=''""+-]*$/, `${JSON.stringify(sql)} holds a character the grammar never writes`);
  assert.ok(!bare.includes('--') && !bare.includes('/*') && !bare.includes('::'), `${JSON.stringify(sql)} holds a comment marker or a cast`);
}

/** Pieces a typo (or an attacker) strings together. */
const piece = fc.constantFrom(
  'status', 'a', '"A b"', '"x""y"', 'not', 'and', 'or', 'is', 'null', 'true', 'false', 'in', 'between', 'like', 'ilike',
  'select', 'drop', 'now', '(', ')', ',', ' ', '\n', '=', '<>', '!=', '<', '<=', '>', '>=', '1', '-2.5', '1e3', "'x'", "'it''s'",
  ';', "'", '"', '--', '/*', '*/', '::', '$$', 'E', '\\', '+', '*', '|', '@>', '?', '\u0000', '\u00e9',
);

describe('parsePredicate', () => {
  it('gives back the same tree from its canonical SQL, for any tree (render, then parse)', () => {
    fc.assert(
      fc.property(arbitraryPredicate, (tree) => {
        const sql = renderPredicate(tree);
        assert.deepEqual(parsed(sql), tree, sql);
        assertHarmless(sql);
      }),
      { numRuns: 5_000 },
    );
  });

  it('renders any text it accepts into harmless SQL that renders the same again (canonical)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(piece, { maxLength: 14 }).map((p) => p.join(' ')), fc.array(piece, { maxLength: 14 }).map((p) => p.join('')), fc.string({ unit: 'binary', maxLength: 40 })), (text) => {
        const result = parsePredicate(text);
        if (!('value' in result)) return;
        const sql = renderPredicate(result.value);
        assertHarmless(sql);
        assert.equal(renderPredicate(parsed(sql)), sql);
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads comparisons, IS, IN, BETWEEN, LIKE and boolean columns with SQL precedence', () => {
    const col = (name: string): Operand => ({ kind: 'column', name });
    const num = (text: string): Operand => ({ kind: 'constant', value: { kind: 'number', text } });
    assert.deepEqual(parsed('Status = \'active\''), { kind: 'compare', op: '=', left: col('status'), right: { kind: 'constant', value: { kind: 'string', value: 'active' } } });
    assert.deepEqual(parsed('"Usd Value" != -1.5e2'), { kind: 'compare', op: '<>', left: col('Usd Value'), right: num('-1.5e2') });
    assert.deepEqual(parsed('a IS NOT NULL'), { kind: 'is', operand: col('a'), negated: true, what: 'null' });
    assert.deepEqual(parsed("kind not in ('a', 'b')"), { kind: 'in', operand: col('kind'), negated: true, values: [{ kind: 'string', value: 'a' }, { kind: 'string', value: 'b' }] });
    assert.deepEqual(parsed('n BETWEEN 1 AND 2'), { kind: 'between', operand: col('n'), negated: false, low: num('1'), high: num('2') });
    assert.deepEqual(parsed("name ILIKE 'x%'"), { kind: 'like', operand: col('name'), negated: false, op: 'ILIKE', pattern: 'x%' });
    assert.deepEqual(parsed('archived'), { kind: 'column', name: 'archived' });
    // AND binds tighter than OR, NOT tighter than AND
    assert.deepEqual(parsed('a OR b AND NOT c'), {
      kind: 'or',
      items: [{ kind: 'column', name: 'a' }, { kind: 'and', items: [{ kind: 'column', name: 'b' }, { kind: 'not', item: { kind: 'column', name: 'c' } }] }],
    });
    assert.equal(renderPredicate(parsed("(a OR b) and status <> 'x''y'")), `("a" OR "b") AND "status" <> 'x''y'`);
    assert.equal(renderPredicate(parsed('not (n between -1 and 1)')), 'NOT "n" BETWEEN -1 AND 1');
  });

  it('lists the columns a predicate reads', () => {
    assert.deepEqual(predicateColumns(parsed('a = 1 OR (b IS NULL AND a BETWEEN c AND 3) OR NOT d')), ['a', 'b', 'c', 'd']);
  });

  describe('bad input', () => {
    const cases: [string, string, string][] = [
      ['a semicolon starts a statement', "a = 1; DROP TABLE t", '";" at character 6 cannot be part of a predicate'],
      ['a comment follows', 'a = 1 -- x', '"-" at character 7 cannot be part of a predicate'],
      ['a block comment follows', 'a = 1 /* x */', '"/" at character 7 cannot be part of a predicate'],
      ['a function is called', 'ts > now()', 'unexpected "(" at character 9'],
      ['a cast is written', "a = '1'::int", '":" at character 8 cannot be part of a predicate'],
      ['an operator the grammar lacks', "data @> '{}'", '"@" at character 6 cannot be part of a predicate'],
      ['arithmetic', 'a + 1 > 2', '"+" at character 3 cannot be part of a predicate'],
      ['a dollar-quoted string', 'a = $$x$$', '"$" at character 5 cannot be part of a predicate'],
      ['a string is not closed', "a = 'x", 'the string at character 5 is not closed'],
      ['a quoted name is not closed', '"a = 1', 'the quoted name at character 1 is not closed'],
      ['a reserved word is a column', 'select = 1', 'unexpected "select" at character 1'],
      ['a subquery', 'a IN (SELECT 1)', 'unexpected "select" at character 7'],
      ['a constant alone', '1', 'it ends early, after "1"'],
      ['LIKE takes a column', 'a LIKE b', 'unexpected "b" at character 8'],
      ['it is cut short', 'a = 1 AND', 'it ends early, after "and"'],
      ['an unbalanced parenthesis', '(a = 1', 'it ends early, after "1"'],
      ['a NUL character', 'a = \u00001', 'it contains a NUL character'],
      ['it is empty', ' ', 'it is empty'],
      ['too deep', `${'NOT '.repeat(40)}a`, 'it nests parentheses and NOTs more than 32 deep'],
      ['a name longer than 63 bytes', `${'x'.repeat(64)} = 1`, 'the name at character 1 is longer than 63 bytes, and PostgreSQL would truncate it'],
    ];
    for (const [what, text, expected] of cases) {
      it(`fails when ${what}`, () => assert.equal(problem(text), expected));
    }
  });
});

describe('parseConstant', () => {
  it('gives back the same constant from its SQL, for any constant', () => {
    const constant: fc.Arbitrary<Constant> = fc.oneof(
      fc.stringMatching(/^-?[0-9]{1,6}(\.[0-9]{1,4})?([eE][+-]?[0-9]{1,2})?$/).map((text) => ({ kind: 'number' as const, text })),
      fc.string({ maxLength: 20 }).filter((s) => !s.includes('\u0000')).map((value) => ({ kind: 'string' as const, value })),
      fc.boolean().map((value) => ({ kind: 'boolean' as const, value })),
    );
    fc.assert(
      fc.property(constant, (c) => {
        const result = parseConstant(renderConstant(c));
        assert.ok('value' in result);
        assert.deepEqual(result.value, c);
      }),
    );
  });

  it('reads numbers, strings and booleans', () => {
    assert.deepEqual(parseConstant(' -0.5 '), { value: { kind: 'number', text: '-0.5' } });
    assert.deepEqual(parseConstant("'{}'"), { value: { kind: 'string', value: '{}' } });
    assert.deepEqual(parseConstant('TRUE'), { value: { kind: 'boolean', value: true } });
  });

  it('fails for an expression, a function call or two constants', () => {
    assert.deepEqual(parseConstant('now()'), { problem: 'unexpected "now" at character 1' });
    assert.deepEqual(parseConstant("'a' 'b'"), { problem: `unexpected "'b'" at character 5` });
    assert.deepEqual(parseConstant('1+1'), { problem: '"+" at character 2 cannot be part of a constant' });
  });
});
