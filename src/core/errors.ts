/**
 * The one error type the core throws for an invalid spec (safety rule 7: invalid specs fail at
 * synth, before anything touches a database), and how a bad value is shown in its message.
 */
export class SpecError extends Error {
  /** Path of the offending field in the spec, e.g. `layouts[0].groups[3].values`. */
  readonly field: string;
  /** What is wrong, naming the bad value, e.g. `"x" is already in group "a"`. */
  readonly problem: string;
  /** What to change so the spec is valid, e.g. `keep each value in one group`. */
  readonly fix: string;

  /**
   * @param field path of the offending field
   * @param problem what is wrong, naming the bad value
   * @param fix how to correct it
   * The message reads `<field>: <problem>; <fix>`.
   */
  constructor(field: string, problem: string, fix: string) {
    super(`${field}: ${problem}; ${fix}`);
    this.name = 'SpecError';
    this.field = field;
    this.problem = problem;
    this.fix = fix;
  }

  /**
   * The same error for a user who knows the fields by other names (the construct's props, the
   * provider's HCL attributes): `rename` maps field paths in the field, and in the problem and fix
   * outside quoted text (JSON string literals: the user's own names and values, kept as they are).
   * Returns this error itself when nothing changes.
   */
  renamed(rename: (text: string) => string): SpecError {
    const outsideQuotes = (text: string) => text.replace(/"(?:[^"\\]|\\.)*"|[^"]+/g, (part) => (part.startsWith('"') ? part : rename(part)));
    const [field, problem, fix] = [rename(this.field), outsideQuotes(this.problem), outsideQuotes(this.fix)];
    return field === this.field && problem === this.problem && fix === this.fix ? this : new SpecError(field, problem, fix);
  }
}

/**
 * A user's value as an error message shows it: JSON (strings quoted, so `"12"` and `12` differ),
 * except what JSON cannot spell: `NaN`, `Infinity`, `-Infinity`, `undefined`, `12n`.
 */
export function showValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value); // a cycle: no user value the spec types allow, but the message must still print
  }
}
