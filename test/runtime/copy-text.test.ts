/**
 * The COPY text encoding (src/runtime/copy-text.ts): laws over generated values, and the round
 * trip through a real PostgreSQL: what CopyInserter writes is what a query reads back.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Pool } from 'pg';
import { CopyInserter } from '../../src/runtime';
import { CopyTextEncoder, CopyValueError } from '../../src/runtime/copy-text';
import { startLocalPostgres, type LocalPostgres } from '../support/postgres';

/** One character at a time, the ones COPY text treats specially (and `\N`, `\.`) far more often than chance would. */
const character = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('\\', '\n', '\r', '\t', '\\N', '\\.', '"', ',', '\u00e9', '\u{1F600}') },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\0') },
);
/** Any text PostgreSQL can store: every code point but NUL. */
const text = fc.string({ unit: character, maxLength: 40 });
/** JSON objects and arrays (a string or number written alone is text, not JSON: see the encoder's doc). */
const json = fc.oneof(fc.array(fc.jsonValue({ stringUnit: character, maxDepth: 3 })), fc.dictionary(text, fc.jsonValue({ stringUnit: character, maxDepth: 3 })));
/** timestamptz's range: 4714-11-24 BC to the end of JavaScript's dates (PostgreSQL's reaches 294276 AD). */
const instant = fc.date({ min: new Date('-004713-11-24T00:00:00.000Z'), max: new Date(8.64e15), noInvalidDate: true });
const row = fc.record({
  t: fc.option(text, { nil: null }),
  n: fc.option(fc.double(), { nil: null }),
  d: fc.option(instant, { nil: null }),
  j: fc.option(json, { nil: null }),
});

describe('COPY text encoding', () => {
  it('writes one line per row: a tab between values, a newline at the end, and no other tab or line break', () => {
    const encoder = new CopyTextEncoder(['t', 'n', 'd', 'j']);
    fc.assert(
      fc.property(row, (r) => {
        const line = encoder.encodeRow(r);
        assert.ok(line.endsWith('\n'));
        assert.equal(line.slice(0, -1).split('\t').length, 4, JSON.stringify(line));
        assert.doesNotMatch(line.slice(0, -1), /[\n\r]/);
      }),
      { numRuns: 500 },
    );
  });

  it('writes NULL as \\N and the text "\\N" escaped', () => {
    const encoder = new CopyTextEncoder(['a', 'b', 'c']);
    assert.equal(encoder.encodeRow([null, undefined, '\\N']), '\\N\t\\N\t\\\\N\n');
  });

  it('writes Dates in UTC with milliseconds, also years after 9999 and before 1', () => {
    const encoder = new CopyTextEncoder(['d']);
    assert.equal(encoder.encodeRow([new Date('2024-12-23T01:02:03.004Z')]), '2024-12-23T01:02:03.004Z\n');
    assert.equal(encoder.encodeRow([new Date('+010000-01-01T00:00:00.000Z')]), '10000-01-01T00:00:00.000Z\n');
    assert.equal(encoder.encodeRow([new Date('0000-06-01T00:00:00.000Z')]), '0001-06-01T00:00:00.000Z BC\n');
  });

  it('writes bytes as bytea hex, and booleans and bigints as their text', () => {
    const encoder = new CopyTextEncoder(['b', 'f', 'i']);
    assert.equal(encoder.encodeRow([Buffer.from([0, 255, 16]), false, 2n ** 63n - 1n]), '\\\\x00ff10\tfalse\t9223372036854775807\n');
  });

  it('fails naming the column for a NUL character, an invalid Date, or a row of the wrong length', () => {
    const encoder = new CopyTextEncoder(['a', 'b']);
    assert.throws(() => encoder.encodeRow({ a: 'x', b: 'nul\0here' }), (err: unknown) =>
      err instanceof CopyValueError && err.column === 'b' && /column "b": the text holds a NUL character .*; remove it, or write the value as bytea/.test(err.message));
    assert.throws(() => encoder.encodeRow({ a: new Date(NaN), b: 1 }), /column "a": the Date is invalid \(its time is NaN\); pass a valid Date, or null/);
    assert.throws(() => encoder.encodeRow(['only one']), /column "b": the row has 1 values for 2 columns; pass one value per column/);
  });
});

describe('COPY text round trip through PostgreSQL', () => {
  let pg: LocalPostgres;
  let pool: Pool;
  before(async () => {
    pg = await startLocalPostgres();
    pool = new Pool({ connectionString: pg.url, max: 2 });
    pool.on('error', () => undefined); // node-postgres: an idle client the server drops (e.g. at stop) is reported here, not thrown
    await pool.query('CREATE TABLE round_trip (id int PRIMARY KEY, t text, n float8, d timestamptz, j jsonb, b bytea, f boolean, i int8)');
  });
  after(async () => {
    await pool?.end();
    await pg?.stop();
  });

  it('reads back every string, number, null, Date and JSON value as it was written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 25 }), fc.integer({ min: 1, max: 10 }), async (rows, maxBatchRows) => {
        await pool.query('TRUNCATE round_trip');
        const inserter = new CopyInserter(pool, 'public', 'round_trip', { columns: ['id', 't', 'n', 'd', 'j'], maxBatchRows });
        assert.equal(await inserter.insert(rows.map((r, id) => ({ id, ...r }))), rows.length);
        const read = (await pool.query('SELECT t, n, d, j FROM round_trip ORDER BY id')).rows;
        // JSON is written with JSON.stringify; jsonb keeps what JSON.parse of that gives (no undefined, no -0)
        assert.deepStrictEqual(read, rows.map((r) => ({ ...r, j: r.j === null ? null : JSON.parse(JSON.stringify(r.j)) })));
      }),
      { numRuns: 60 },
    );
  });

  it('reads back bytes, booleans and 64-bit integers as they were written', async () => {
    await pool.query('TRUNCATE round_trip');
    const rows = [[1, Buffer.from('\\\n\t\0\xff', 'latin1'), true, -(2n ** 63n)], [2, new Uint8Array([]), false, 0n]];
    await new CopyInserter(pool, 'public', 'round_trip', { columns: ['id', 'b', 'f', 'i'] }).insert(rows);
    const read = (await pool.query('SELECT b, f, i FROM round_trip ORDER BY id')).rows;
    assert.deepStrictEqual(read, [
      { b: Buffer.from('\\\n\t\0\xff', 'latin1'), f: true, i: '-9223372036854775808' },
      { b: Buffer.alloc(0), f: false, i: '0' },
    ]);
  });
});
