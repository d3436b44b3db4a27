/**
 * Attribute validators (see `Validator` in ../framework/types.ts): each checks one known,
 * non-null configured value and returns an error text naming the value, what is allowed and the
 * fix, or undefined when the value is fine.
 */
import { checkIdentifier, SpecError } from '../../core';
import type { Validator, Value } from '../framework/types';

/** Allows only one of `allowed` (exact, case-sensitive). */
export function oneOf(allowed: readonly string[]): Validator {
  return (value: Value) =>
    typeof value === 'string' && allowed.includes(value)
      ? undefined
      : `${JSON.stringify(value)} is not allowed; use one of ${allowed.map((a) => `"${a}"`).join(', ')}`;
}

/**
 * A name PostgreSQL keeps as given: the core's rule (a non-empty string without NUL, at most 63
 * bytes; anything else is quoted). A longer name would be silently truncated, and the object
 * created under a name other than the one declared.
 */
export const identifier: Validator = (value: Value) => {
  try {
    checkIdentifier('name', value);
    return undefined;
  } catch (err) {
    if (err instanceof SpecError) return `${err.problem}; ${err.fix}`;
    throw err;
  }
};

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
