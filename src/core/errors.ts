/**
 * The one error type the core throws for an invalid spec (safety rule 7: invalid specs fail at
 * synth, before anything touches a database).
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
}
