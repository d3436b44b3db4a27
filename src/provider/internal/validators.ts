/**
 * Attribute validators (see `Validator` in ../framework/types.ts): each checks one known,
 * non-null configured value and returns an error text naming the value, what is allowed and the
 * fix, or undefined when the value is fine.
 */
import type { Validator, Value } from '../framework/types';

/** Allows only one of `allowed` (exact, case-sensitive). */
export function oneOf(allowed: readonly string[]): Validator {
  return (value: Value) =>
    typeof value === 'string' && allowed.includes(value)
      ? undefined
      : `${JSON.stringify(value)} is not allowed; use one of ${allowed.map((a) => `"${a}"`).join(', ')}`;
}

/** A non-empty string without NUL (PostgreSQL identifiers cannot hold NUL; anything else is quoted). */
export const identifier: Validator = (value: Value) =>
  typeof value === 'string' && value.length > 0 && !value.includes('\0')
    ? undefined
    : `${JSON.stringify(value)} is not a usable identifier; give a non-empty name (any characters but NUL, quoted in SQL)`;

/** An integer >= `min`. */
export function integerAtLeast(min: number): Validator {
  return (value: Value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min
      ? undefined
      : `${JSON.stringify(value)} must be an integer >= ${min}`;
}

/** Units PostgreSQL accepts in interval text (plural or singular), as the core's retention uses. */
const INTERVAL_PART = /^\s*\d+\s+(microseconds?|milliseconds?|seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s*$/i;

/**
 * PostgreSQL interval text made of `<integer> <unit>` parts, e.g. `12 weeks` or `1 month 2 days`.
 * Kept to this simple form because the provider compares it with the database clock in SQL
 * (`now() - $1::interval`) and a typo must fail at plan, not at destroy time.
 */
export const intervalText: Validator = (value: Value) => {
  if (typeof value === 'string') {
    const parts = value.trim().split(/\s*(?<=[a-z])\s+(?=\d)/i);
    if (value.trim() !== '' && parts.every((p) => INTERVAL_PART.test(p))) {
      // a zero retention would make a window droppable the instant it ends, with no grace for late rows
      return /[1-9]/.test(value) ? undefined : `${JSON.stringify(value)} is zero; a retention must be positive, e.g. "1 week"`;
    }
  }
  return `${JSON.stringify(value)} is not an interval; write PostgreSQL interval text such as "12 weeks" or "90 days"`;
};
