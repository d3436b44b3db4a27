/**
 * Quoting of identifiers and literals, the only way user text enters a statement as a name or a
 * value (the SQL builders of ./sql.ts, the predicate grammar of ./sql-predicate.ts).
 */

/**
 * `"name"` with inner double quotes doubled: safe for any characters, and case is kept.
 * @throws RangeError for a NUL character, which PostgreSQL cannot store in a name.
 */
export function quoteIdent(name: string): string {
  if (name.includes('\u0000')) throw new RangeError(`identifier ${JSON.stringify(name)} contains a NUL character`);
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * `'text'` with inner single quotes doubled (standard_conforming_strings, on since PostgreSQL 9.1,
 * keeps backslashes literal). @throws RangeError for a NUL character.
 */
export function quoteLiteral(text: string): string {
  if (text.includes('\u0000')) throw new RangeError(`literal ${JSON.stringify(text)} contains a NUL character`);
  return `'${text.replace(/'/g, "''")}'`;
}
