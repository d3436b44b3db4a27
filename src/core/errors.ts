/**
 * The one error type the core throws for an invalid spec (safety rule 7: invalid specs fail at
 * synth, before anything touches a database), and how a bad value is shown in its message.
 *
 * The core knows fields by their paths in its nested spec (`table.primaryKey`, `layouts[0].groups`);
 * users know them by other names (the construct's flat props, the provider's HCL attributes). So an
 * error keeps every field it names as data, the field itself and each one its problem or fix
 * mentions, and a front end renames them through one table of its own ({@link FieldNames}) with
 * {@link SpecError.named}; nothing rewrites message text.
 */

/**
 * A spec field mentioned inside an error's problem or fix: its core path (e.g. `table.columns[3]`),
 * and how the core's own message shows it (the path, or a shorter name the sentence makes clear).
 */
export class FieldMention {
  constructor(
    readonly path: string,
    readonly shown: string = path,
  ) {}
}

/** Text of a problem or fix: plain text, and mentions of spec fields a front end may rename. */
export type ErrorText = readonly (string | FieldMention)[];

/** A mention of the spec field at core path `path`, shown as `shown` in the core's message, for {@link fieldText}. */
export function mention(path: string, shown: string = path): FieldMention {
  return new FieldMention(path, shown);
}

/**
 * Tagged template for a problem or fix that names other spec fields:
 * ``fieldText`is already ${mention('table.columns[3]')}` ``. Other interpolated values become text.
 */
export function fieldText(strings: TemplateStringsArray, ...values: readonly unknown[]): ErrorText {
  const parts: (string | FieldMention)[] = [];
  strings.forEach((s, i) => {
    parts.push(s);
    if (i < values.length) parts.push(values[i] instanceof FieldMention ? (values[i] as FieldMention) : String(values[i]));
  });
  return parts;
}

/**
 * How a front end names the core's fields: pairs of a core path prefix and the user's name for it,
 * e.g. `['table.name', 'parentTable']`, `['table', '']` (the rest lose `table.`),
 * `['table.indexes[].storageParameters', 'indexes[].storage_parameters']`. `[]` matches any list
 * index, and the indexes it matched fill the `[]` of the name in order. The longest matching prefix
 * wins; a path no entry matches keeps its core name.
 */
export type FieldNames = readonly (readonly [corePath: string, name: string])[];

/** The segments of a field path: names and `[n]` indexes (`[]` in a {@link FieldNames} entry). */
function segments(path: string): string[] {
  return path.match(/[^.[\]]+|\[\d*\]/g) ?? [];
}

/** Segments as a path: `a.b[2].c`; `leading` when it continues another path (`.b[2]`). */
function join(parts: readonly string[], leading = false): string {
  return parts.map((p, i) => (p.startsWith('[') || (i === 0 && !leading) ? p : `.${p}`)).join('');
}

/** The user's name of the core field `path` under `names` (see {@link FieldNames}). */
export function nameField(path: string, names: FieldNames): string {
  const given = segments(path);
  let best: { matched: number; name: string } | null = null;
  for (const [corePath, name] of names) {
    const pattern = segments(corePath);
    if (pattern.length > given.length || (best !== null && pattern.length <= best.matched)) continue;
    const indexes = given.slice(0, pattern.length).filter((_, i) => pattern[i] === '[]');
    const matches = pattern.every((p, i) => (p === '[]' ? /^\[\d+\]$/.test(given[i]) : p === given[i]));
    if (matches) best = { matched: pattern.length, name: join(segments(name).map((p) => (p === '[]' ? (indexes.shift() ?? p) : p))) };
  }
  if (best === null) return path;
  const rest = given.slice(best.matched);
  return best.name === '' ? join(rest) : best.name + join(rest, true);
}

/** An invalid spec: the field, what is wrong with its value, and the fix (see the module doc for names). */
export class SpecError extends Error {
  /** Path of the offending field in the spec, e.g. `layouts[0].groups[3].values`. */
  readonly field: string;
  /** What is wrong, naming the bad value, e.g. `"x" is already in group "a"`. */
  readonly problem: string;
  /** What to change so the spec is valid, e.g. `keep each value in one group`. */
  readonly fix: string;
  /** The problem and fix with the fields they mention kept as data (see {@link named}). */
  readonly parts: { readonly problem: ErrorText; readonly fix: ErrorText };

  /**
   * @param field path of the offending field
   * @param problem what is wrong, naming the bad value; {@link fieldText} when it mentions other fields
   * @param fix how to correct it; {@link fieldText} when it mentions other fields
   * The message reads `<field>: <problem>; <fix>`.
   */
  constructor(field: string, problem: string | ErrorText, fix: string | ErrorText) {
    const parts = { problem: typeof problem === 'string' ? [problem] : problem, fix: typeof fix === 'string' ? [fix] : fix };
    const render = (t: ErrorText) => t.map((p) => (typeof p === 'string' ? p : p.shown)).join('');
    super(`${field}: ${render(parts.problem)}; ${render(parts.fix)}`);
    this.name = 'SpecError';
    this.field = field;
    this.problem = render(parts.problem);
    this.fix = render(parts.fix);
    this.parts = parts;
  }

  /**
   * The same error for a user who knows the fields by other names (the construct's props, the
   * provider's HCL attributes): the field and every field the problem and fix mention, renamed
   * through `names`; the rest of the text (the user's own names and values among it) as it was.
   */
  named(names: FieldNames): SpecError {
    const rename = (t: ErrorText) => t.map((p) => (typeof p === 'string' ? p : mention(nameField(p.path, names))));
    return new SpecError(nameField(this.field, names), rename(this.parts.problem), rename(this.parts.fix));
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
