import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { builtinTypeName, parseSqlType, serialStorageType, type SqlType } from '../../src/core/sql-type';
import { REAL_TYPE_NAMES } from './support/type-names';

const parsed = (text: string): SqlType => {
  const result = parseSqlType(text);
  assert.ok('type' in result, `${JSON.stringify(text)} was refused: ${'problem' in result ? result.problem : ''}`);
  return result.type;
};

const problem = (text: string): string => {
  const result = parseSqlType(text);
  assert.ok('problem' in result, `${JSON.stringify(text)} was accepted as ${JSON.stringify(result)}`);
  return result.problem;
};

/**
 * What an accepted type must never hold: anything that ends a column definition (a comma outside
 * the modifier parentheses, an unbalanced parenthesis), starts a statement (`;`), a string or
 * quoted name, a comment, a cast, a dollar quote, or a character outside ASCII words.
 */
function assertHarmless(text: string): void {
  assert.doesNotMatch(text, /[^A-Za-z0-9_ \t\n\r(),.[\]-]/, `${JSON.stringify(text)} holds a character no type name needs`);
  assert.ok(!text.includes('--') && !text.includes('/*'), `${JSON.stringify(text)} holds a comment marker`);
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    assert.ok(depth === 0 || depth === 1, `${JSON.stringify(text)} nests or closes parentheses it did not open`);
    if (ch === ',') assert.equal(depth, 1, `${JSON.stringify(text)} has a comma outside the modifier parentheses`);
  }
  assert.equal(depth, 0, `${JSON.stringify(text)} leaves a parenthesis open`);
}

/** Pieces an attacker (or a typo) strings together: type words, SQL words, punctuation, quotes, comments. */
const piece = fc.constantFrom(
  'numeric', 'text', 'jsonb', 'timestamp', 'with', 'without', 'time', 'zone', 'varchar', 'character', 'varying', 'double',
  'precision', 'interval', 'day', 'to', 'second', 'array', 'pg_catalog', 'evil', 'primary', 'key', 'select', 'drop', 'table',
  'default', 'not', 'null', 'check', 'references', 'collate', '(', ')', ',', '.', '[', ']', ' ', '\t', '\n', '18', '2', '0',
  '-', '-1', ';', "'", '"', '--', '/*', '*/', '\\', '$', '$$', ':', '::', '=', '`', '\u00e9', '\u0000',
);

/** `text` with each letter's case flipped where `flips` says so (SQL keywords and names are case-insensitive). */
const recase = (text: string, flips: readonly boolean[]) =>
  [...text].map((ch, i) => (flips[i % flips.length] ? ch.toUpperCase() : ch.toLowerCase())).join('');

describe('parseSqlType', () => {
  it('accepts every spelling in a list of real PostgreSQL type names', () => {
    for (const name of REAL_TYPE_NAMES) parsed(name);
  });

  it('holds nothing that could end a column definition or carry a statement, for any text it accepts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(piece, { maxLength: 12 }).map((p) => p.join('')), fc.string({ unit: 'binary', maxLength: 40 })), (text) => {
        if ('type' in parseSqlType(text)) assertHarmless(text);
      }),
      { numRuns: 20_000 },
    );
  });

  it('accepts real type names in any letter case and with array brackets added', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REAL_TYPE_NAMES), fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }), fc.nat(2), (name, flips, brackets) => {
        const base = parsed(name);
        if (base.arrayDimensions > 0 && /array/i.test(name)) return; // ARRAY takes no further brackets
        const text = `${recase(name, flips)}${'[]'.repeat(brackets)}`;
        const type = parsed(text);
        assert.equal(type.arrayDimensions, base.arrayDimensions + brackets);
        assert.equal(type.name, base.name);
        assert.deepEqual(type.modifiers, base.modifiers);
        assertHarmless(text);
      }),
    );
  });

  it('accepts any unquoted name, qualified or not, up to 63 bytes', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z_][a-z0-9_]{0,62}$/), (name) => {
        const type = parsed(`my_schema.${name}`);
        assert.equal(type.schema, 'my_schema');
        assert.equal(type.name, name);
      }),
    );
  });

  it('reads names, modifiers, interval fields and array dimensions', () => {
    assert.deepEqual(parsed('numeric(18, 2)'), { schema: null, name: 'numeric', modifiers: [18, 2], intervalFields: null, arrayDimensions: 0 });
    assert.deepEqual(parsed('Timestamp(3) WITH Time Zone[]'), { schema: null, name: 'timestamp with time zone', modifiers: [3], intervalFields: null, arrayDimensions: 1 });
    assert.deepEqual(parsed('interval day to second(2)'), { schema: null, name: 'interval', modifiers: [2], intervalFields: 'day to second', arrayDimensions: 0 });
    assert.deepEqual(parsed('PG_CATALOG.varchar(10)'), { schema: 'pg_catalog', name: 'varchar', modifiers: [10], intervalFields: null, arrayDimensions: 0 });
    assert.deepEqual(parsed('national char varying(4)'), { schema: null, name: 'national char varying', modifiers: [4], intervalFields: null, arrayDimensions: 0 });
    assert.equal(parsed('integer ARRAY[4]').arrayDimensions, 1);
  });

  describe('bad input', () => {
    const cases: [string, string, string][] = [
      ['a comma adds a column (issue 8)', 'numeric, evil text', 'unexpected "," at character 8'],
      ['a comma adds a table constraint (issue 8)', 'jsonb, PRIMARY KEY (data)', 'unexpected "," at character 6'],
      ['a second word follows a one-word type', 'numeric evil text', 'unexpected "evil" at character 9'],
      ['a semicolon ends the statement', 'jsonb); DROP TABLE x; --', '";" at character 7 cannot be part of a type name'],
      ['a parenthesis closes the column list', 'jsonb)', 'unexpected ")" at character 6'],
      ['a comment follows', 'int -- x', '"-" at character 5 cannot be part of a type name'],
      ['a block comment follows', 'int /* x */', '"/" at character 5 cannot be part of a type name'],
      ['the name is quoted', '"MyType"', '"\\"" at character 1 cannot be part of a type name'],
      ['a modifier is a string', "varchar('255')", '"\'" at character 9 cannot be part of a type name'],
      ['a modifier is an expression', 'varchar(2+3)', '"+" at character 10 cannot be part of a type name'],
      ['a cast follows', 'text::regclass', '":" at character 5 cannot be part of a type name'],
      ['the name is a reserved word', 'select', '"select" is a reserved word, not a type name'],
      ['a name has three parts', 'db.schema.type', 'unexpected "." at character 10'],
      ['a keyword type takes a modifier PostgreSQL refuses', 'integer(3)', 'unexpected "(" at character 8'],
      ['a time zone clause is cut short', 'timestamp with time', 'it ends early, after "time"'],
      ['an interval range runs backwards', 'interval second to day', '"interval second to day" is not an interval range'],
      ['ARRAY is followed by brackets', 'int ARRAY[]', 'unexpected "]" at character 11'],
      ['an array bound is negative', 'int[-1]', 'unexpected "-1" at character 5'],
      ['a modifier is larger than a 32-bit integer', 'varchar(2147483648)', '2147483648 at character 9 is larger than 2147483647'],
      ['a name is longer than 63 bytes', `t${'x'.repeat(63)}`, `"t${'x'.repeat(63)}" is longer than 63 bytes, and PostgreSQL would truncate it`],
      ['it is empty', '', 'it is empty'],
      ['it is blank', '  ', 'it is empty'],
      ['it holds a non-ASCII letter', 'caf\u00e9', '"\u00e9" at character 4 cannot be part of a type name'],
    ];
    for (const [when, text, expected] of cases) {
      it(`fails when ${when}`, () => assert.equal(problem(text), expected));
    }
  });
});

describe('builtinTypeName', () => {
  it('maps every spelling of the range and list column types to PostgreSQL\'s internal name', () => {
    const cases: [string, string | null][] = [
      ['timestamptz', 'timestamptz'], ['timestamp(3) with time zone', 'timestamptz'], ['pg_catalog.timestamptz', 'timestamptz'],
      ['timestamp', 'timestamp'], ['timestamp without time zone', 'timestamp'], ['date', 'date'],
      ['integer', 'int4'], ['INT', 'int4'], ['int4', 'int4'], ['smallint', 'int2'], ['bigint', 'int8'], ['pg_catalog.int8', 'int8'],
      ['text', 'text'], ['character varying(20)', 'varchar'], ['varchar', 'varchar'],
      ['text[]', null], ['public.text', null], ['pg_catalog.integer', null], ['jsonb', null], ['numeric(18,2)', null],
    ];
    for (const [text, name] of cases) assert.equal(builtinTypeName(parsed(text)), name, text);
  });
});

describe('serialStorageType', () => {
  it('gives the integer type of the serial notations, and null for real types', () => {
    assert.equal(serialStorageType(parsed('serial')), 'integer');
    assert.equal(serialStorageType(parsed('BIGSERIAL')), 'bigint');
    assert.equal(serialStorageType(parsed('serial2')), 'smallint');
    assert.equal(serialStorageType(parsed('serial[]')), null);
    assert.equal(serialStorageType(parsed('int4')), null);
  });
});
