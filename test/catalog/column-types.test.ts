// resolveColumnTypes against a real PostgreSQL (src/catalog/column-types.ts), and the core's
// type-name grammar checked against the server's own parser.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Pool } from 'pg';
import { resolveColumnTypes } from '../../src/catalog';
import { parseSqlType } from '../../src/core/sql-type';
import { REAL_TYPE_NAMES } from '../core/support/type-names';
import { startLocalPostgres, type LocalPostgres } from '../support/postgres';

describe('resolveColumnTypes', () => {
  let pg: LocalPostgres;
  let admin: Pool;
  let readOnly: Pool;

  before(async () => {
    pg = await startLocalPostgres();
    admin = new Pool({ connectionString: pg.url, max: 2 });
    admin.on('error', () => undefined); // node-postgres: an idle client the server drops (e.g. at stop) is reported here, not thrown
    await admin.query(`CREATE ROLE reader LOGIN PASSWORD 'reader'`);
    await admin.query(`ALTER ROLE reader SET default_transaction_read_only = on`);
    await admin.query(`CREATE SCHEMA app`);
    await admin.query(`CREATE TYPE app.mood AS ENUM ('sad', 'happy')`);
    await admin.query(`GRANT USAGE ON SCHEMA app TO reader`);
    const url = new URL(pg.url);
    url.username = 'reader';
    url.password = 'reader';
    readOnly = new Pool({ connectionString: url.toString(), max: 2 });
    readOnly.on('error', () => undefined);
  });
  after(async () => {
    await readOnly?.end();
    await admin?.end();
    await pg?.stop();
  });

  it('spells every real type name as a column of that type reads back from the catalog, under a read-only role', async () => {
    const columns = REAL_TYPE_NAMES.map((t, i) => `c${i} ${t}`).join(', ');
    await admin.query(`CREATE TABLE spelled (${columns})`);
    const { rows } = await admin.query<{ t: string }>(
      `SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'spelled'::regclass AND attnum > 0 ORDER BY attnum`,
    );
    const resolved = await resolveColumnTypes(readOnly, [...REAL_TYPE_NAMES, 'app.mood', 'APP.MOOD[]']);
    assert.deepEqual(resolved, [...rows.map((r) => ({ type: r.t })), { type: 'app.mood' }, { type: 'app.mood[]' }]);
  });

  it('fails when a type does not exist, when its schema does not, or when the type refuses its modifier, naming each', async () => {
    const resolved = await resolveColumnTypes(readOnly, ['jsonbb', 'text', 'nope.mood', 'varchar(0)', 'numeric(18,2)']);
    assert.deepEqual(resolved, [
      { problem: 'type "jsonbb" does not exist (or its schema does not)' },
      { type: 'text' },
      { problem: 'type "nope.mood" does not exist (or its schema does not)' },
      { problem: 'PostgreSQL refuses type "varchar(0)": length for type varchar must be at least 1' },
      { type: 'numeric(18,2)' },
    ]);
  });

  it('fails when a type is outside the type-name grammar, without sending it to the server', async () => {
    const smuggled = 'int) ; CREATE TABLE smuggled (x int';
    const [result] = await resolveColumnTypes(admin, [smuggled]);
    assert.deepEqual(result, { problem: `"int) ; CREATE TABLE smuggled (x int" is not a type name: ";" at character 6 cannot be part of a type name` });
    assert.equal((await admin.query(`SELECT to_regclass('smuggled') AS t`)).rows[0].t, null);
  });

  it('accepts no text PostgreSQL\'s parser calls a syntax error (every grammar-accepted text is a type name to the server)', async () => {
    const word = fc.constantFrom(
      'numeric', 'text', 'int', 'integer', 'timestamp', 'time', 'with', 'without', 'zone', 'double', 'precision', 'character',
      'char', 'varying', 'national', 'nchar', 'bit', 'float', 'interval', 'day', 'hour', 'to', 'second', 'year', 'month',
      'array', 'pg_catalog', 'app', 'mood', 'dec', 'real', 'boolean', 'json', 'join', 'left', 'between', 'setof', 'select',
    );
    const modifiers = fc.array(fc.constantFrom('3', '18', '-2', '0', '1'), { maxLength: 3 }).map((m) => (m.length > 0 ? `(${m.join(', ')})` : ''));
    const qualified = fc.tuple(fc.option(word), word, modifiers).map(([schema, name, m]) => `${schema === null ? '' : `${schema}.`}${name}${m}`);
    const words = fc.tuple(fc.array(word, { minLength: 1, maxLength: 4 }), modifiers, fc.array(word, { maxLength: 3 })).map(([w, m, rest]) => `${w.join(' ')}${m} ${rest.join(' ')}`);
    const arrays = fc.constantFrom('', '[]', '[3]', '[][]', ' array', ' array[4]');
    const accepted = fc.tuple(fc.oneof(qualified, words), arrays).map(([base, a]) => base + a).filter((t) => 'type' in parseSqlType(t));
    const samples = fc.sample(fc.oneof(accepted, fc.constantFrom(...REAL_TYPE_NAMES)), { numRuns: 300, seed: 8 });
    assert.ok(new Set(samples).size > 100, 'the sample covers many distinct texts');
    for (const text of samples) {
      try {
        await admin.query('SELECT to_regtype($1)', [text]);
      } catch (err) {
        assert.doesNotMatch((err as Error).message, /syntax error/, `the grammar accepts ${JSON.stringify(text)}, PostgreSQL's parser does not`);
      }
    }
  });
});
