/**
 * Declared column types resolved against the live catalog, read-only: whether each type exists,
 * and its spelling as `format_type` gives it (`timestamptz` is `timestamp with time zone`,
 * `varchar(255)` is `character varying(255)`), the spelling the inventory reads back for a live
 * column. Plans check types this way, so they run under a role with
 * `default_transaction_read_only = on` and never create anything.
 *
 * Safety: a type is SQL syntax and is written into one statement unquoted (`SELECT NULL::<type>`),
 * so every type must first pass the core's type-name grammar (src/core/sql-type.ts), which admits
 * no statement, comment or quote; that statement then runs in a `READ ONLY` transaction over the
 * extended query protocol, which runs one statement at most.
 */
import type { Pool, QueryConfig } from 'pg';
import { showValue } from '../core/errors';
import { parseSqlType, serialStorageType } from '../core/sql-type';
import { isDatabaseError } from './database-error';

/** One declared type: its `format_type` spelling, or why it cannot be a column type here. */
export type ColumnTypeResolution = { readonly type: string } | { readonly problem: string };

/** Extended protocol (Parse/Bind/Execute): PostgreSQL refuses more than one statement in it. */
type ExtendedQuery = QueryConfig & { readonly queryMode: 'extended' };

/**
 * Resolves `types` (as declared, e.g. `numeric(18,2)`, `serial`, `myschema.mytype`), one result
 * per type in order. Problems: text outside the type-name grammar (the database is not asked),
 * a type that does not exist (`to_regtype` is null: no such type, or no such schema), and a
 * modifier the type refuses (`varchar(0)`: the server's message). `serial` and its kin resolve
 * to their integer type (PostgreSQL docs 8.1.4), as a column declared so reads back.
 * Round trips: 1 to check existence (more only when a modifier is refused), then 4 for the spellings.
 * @throws the pool's error when the server cannot be reached or a read fails unexpectedly.
 */
export async function resolveColumnTypes(pool: Pool, types: readonly string[]): Promise<ColumnTypeResolution[]> {
  const results: (ColumnTypeResolution | undefined)[] = types.map(() => undefined);
  const castable: string[] = [];
  types.forEach((text, i) => {
    const parsed = parseSqlType(text);
    if ('problem' in parsed) results[i] = { problem: `${showValue(text)} is not a type name: ${parsed.problem}` };
    else castable[i] = serialStorageType(parsed.type) ?? text;
  });
  const checked = await existence(pool, types.flatMap((_, i) => (results[i] === undefined ? [i] : [])).map((i) => ({ i, text: castable[i] })));
  for (const { i, problem } of checked) if (problem !== null) results[i] = { problem };
  const existing = types.flatMap((_, i) => (results[i] === undefined ? [i] : []));
  const spellings = await formatTypes(pool, existing.map((i) => castable[i]));
  existing.forEach((i, k) => (results[i] = { type: spellings[k] }));
  return results as ColumnTypeResolution[];
}

/**
 * `to_regtype` of each type: it only parses the text as a type name (it never runs it) and is
 * null for a missing type. It does raise for a modifier the type refuses; the batch then fails
 * and each type is asked alone, so the problem lands on the right one.
 */
async function existence(pool: Pool, types: readonly { i: number; text: string }[]): Promise<{ i: number; problem: string | null }[]> {
  if (types.length === 0) return [];
  const missing = (text: string) => `type ${showValue(text)} does not exist (or its schema does not)`;
  const batch = `SELECT to_regtype(t) IS NULL AS missing FROM unnest($1::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n`;
  try {
    const { rows } = await pool.query<{ missing: boolean }>(batch, [types.map((t) => t.text)]);
    return types.map((t, k) => ({ i: t.i, problem: rows[k].missing ? missing(t.text) : null }));
  } catch (err) {
    if (!isDatabaseError(err)) throw err;
  }
  const results: { i: number; problem: string | null }[] = [];
  for (const t of types) {
    try {
      const { rows } = await pool.query<{ missing: boolean }>('SELECT to_regtype($1) IS NULL AS missing', [t.text]);
      results.push({ i: t.i, problem: rows[0].missing ? missing(t.text) : null });
    } catch (err) {
      if (!isDatabaseError(err)) throw err;
      results.push({ i: t.i, problem: `PostgreSQL refuses type ${showValue(t.text)}: ${err.message}` });
    }
  }
  return results;
}

/**
 * `format_type` of each (existing) type with its modifier: `to_regtype` drops modifiers, so the
 * modifier comes from the row description of `SELECT NULL::<type>, ...` (a query that returns
 * no row), read in a READ ONLY transaction that is rolled back.
 */
async function formatTypes(pool: Pool, types: readonly string[]): Promise<string[]> {
  if (types.length === 0) return [];
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN READ ONLY');
    const describe: ExtendedQuery = { text: `SELECT ${types.map((t, k) => `NULL::${t} AS c${k}`).join(', ')} LIMIT 0`, queryMode: 'extended' };
    const { fields } = await client.query(describe);
    const { rows } = await client.query<{ t: string }>(
      'SELECT format_type(o, m) AS t FROM unnest($1::oid[], $2::int4[]) WITH ORDINALITY AS u(o, m, n) ORDER BY n',
      [fields.map((f) => f.dataTypeID), fields.map((f) => f.dataTypeModifier)],
    );
    return rows.map((r) => r.t);
  } finally {
    broken = await client.query('ROLLBACK').then(() => false, () => true);
    client.release(broken); // a session that cannot roll back is not handed out again
  }
}
