/**
 * The list column each window is sub-partitioned on: which types it may have, and the rules its
 * values follow (`FOR VALUES IN ('a', 'b')`). Shared by the core's group layouts and the
 * provider's HCL check of a window's `sub_partitions`.
 */
import { SpecError, showValue } from './errors';
import { builtinTypeName, parseSqlType } from './sql-type';

/** How list values are checked: text (at most `maxCharacters` for `varchar(n)`), or integers in a range. */
export type ListValueRule =
  | { readonly kind: 'text'; readonly maxCharacters: number | null }
  | { readonly kind: 'integer'; readonly min: bigint; readonly max: bigint };

/** The types a list column may have, as error messages and docs name them. */
export const LIST_COLUMN_TYPES = 'text, varchar / character varying (with or without a length), smallint, integer or bigint';

/** Integer ranges (PostgreSQL docs 8.1.1), by internal type name. */
const INTEGER_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int2: [-(2n ** 15n), 2n ** 15n - 1n],
  int4: [-(2n ** 31n), 2n ** 31n - 1n],
  int8: [-(2n ** 63n), 2n ** 63n - 1n],
};

/**
 * The value rule for a list column of type `sqlType`, or null when the type is not one of
 * {@link LIST_COLUMN_TYPES}: values are written as text (or integer) literals, and a type such as
 * `jsonb` or `numeric` either cannot take them or would compare them in ways a group list does not
 * mean (`'1.0'` and `'1'` are one numeric value).
 */
export function listValueRule(sqlType: string): ListValueRule | null {
  const parsed = parseSqlType(sqlType);
  if (!('type' in parsed)) return null;
  const name = builtinTypeName(parsed.type);
  if (name === 'text') return { kind: 'text', maxCharacters: null };
  if (name === 'varchar') return { kind: 'text', maxCharacters: parsed.type.modifiers[0] ?? null };
  const range = name === null ? undefined : INTEGER_RANGES[name];
  return range === undefined ? null : { kind: 'integer', min: range[0], max: range[1] };
}

/** Canonical integer text: no sign on zero, no leading zeros, so `01` and `1` cannot both pass as distinct values. */
const INTEGER_PATTERN = /^-?(0|[1-9][0-9]*)$/;

/** One list of values: a group of a layout, or a sub-partition of a window. */
export interface ValueList {
  /** What holds the list, as messages call it. */
  readonly kind: 'group' | 'sub-partition';
  /** Its name, e.g. `trading` or `events_2025_01_06_a`. */
  readonly name: string;
  /** Path of the values field, e.g. `layouts[0].groups[1].values`. */
  readonly field: string;
  readonly values: readonly unknown[];
}

/**
 * Checks every list's values: non-empty, strings without NUL, fitting `rule` (integers as plain
 * digits in range, text within a `varchar(n)` length; no check with a null rule), and each value
 * in one list only (PostgreSQL refuses a value in two partitions, SQLSTATE 42P17, at apply).
 * @throws SpecError naming the list's values field, the value and the fix.
 */
export function checkListValues(lists: readonly ValueList[], rule: ListValueRule | null): void {
  const owner = new Map<string, number>();
  const label = (list: ValueList) => `${list.kind} ${showValue(list.name)}`;
  lists.forEach((list, i) => {
    if (list.values.length === 0) throw new SpecError(list.field, `${label(list)} is empty`, `list at least one value, or remove the ${list.kind}`);
    for (const v of list.values) {
      if (typeof v !== 'string' || v.includes('\u0000')) {
        throw new SpecError(list.field, `${showValue(v)} is not a list value`, 'write each value as a string without NUL characters (integers too, e.g. "42")');
      }
      checkValueFits(list.field, v, rule);
      const other = owner.get(v);
      if (other !== undefined) {
        const where = other === i ? `listed twice in this ${list.kind}` : `already in ${label(lists[other])}`;
        throw new SpecError(list.field, `${showValue(v)} is ${where}`, `keep each value in one ${list.kind}`);
      }
      owner.set(v, i);
    }
  });
}

function checkValueFits(field: string, v: string, rule: ListValueRule | null): void {
  if (rule?.kind === 'integer' && !(INTEGER_PATTERN.test(v) && v !== '-0' && BigInt(v) >= rule.min && BigInt(v) <= rule.max)) {
    throw new SpecError(
      field,
      `${showValue(v)} is not a value of the integer list column`,
      `write an integer between ${rule.min} and ${rule.max} as plain digits (e.g. "42", no leading zeros or spaces)`,
    );
  }
  const characters = [...v].length; // varchar(n) counts characters, not bytes
  if (rule?.kind === 'text' && rule.maxCharacters !== null && characters > rule.maxCharacters) {
    throw new SpecError(
      field,
      `${showValue(v)} is ${characters} characters long, longer than the list column's varchar(${rule.maxCharacters}) holds`,
      `shorten the value, or widen the list column`,
    );
  }
}
