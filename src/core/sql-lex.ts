/**
 * Character classes of PostgreSQL's lexer that the core's small grammars share (./sql-type.ts,
 * ./sql-predicate.ts): SQL whitespace, unquoted words (ASCII letters, digits, `_`, not starting with
 * a digit; PostgreSQL docs 4.1.1, "Identifiers and Key Words") and digits.
 */
export const WHITESPACE = /[ \t\n\r]/;
export const WORD_START = /[A-Za-z_]/;
export const WORD_PART = /[A-Za-z0-9_]/;
export const DIGIT = /[0-9]/;

/** The index just past the unquoted word starting at `start` of `text` (`text[start]` matches WORD_START). */
export function wordEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && WORD_PART.test(text[i])) i++;
  return i;
}
