/**
 * The "Schema" section of a registry docs page, rendered from the framework's attribute
 * definitions (../framework/types.ts), so the attribute lists of docs/ cannot drift from what the
 * provider serves. The layout is the one terraform-plugin-docs (tfplugindocs, the Terraform
 * registry's generator for Go providers) writes:
 *
 * ```markdown
 * ## Schema
 *
 * ### Required
 *
 * - `windows` (Attributes Map) The windows, keyed by ... (see [below for nested schema](#nestedatt--windows))
 *
 * ### Optional
 *
 * - `schema` (String, Forces replacement) Schema of ... Default: `public`.
 *
 * <a id="nestedatt--windows"></a>
 * ### Nested Schema for `windows`
 *
 * Required:
 *
 * - `from` (String) ...
 * ```
 *
 * Groups as tfplugindocs forms them: Required, Optional (optional, with or without computed),
 * Read-Only (computed only). Unlike tfplugindocs, attributes keep their declaration order (the
 * descriptions refer to "the attributes above"), and two plan modifiers tfplugindocs cannot see in
 * a Go schema are shown: `requiresReplace` as the flag "Forces replacement", and a `default` the
 * description does not state as "Default: ..." after it.
 */
import type { AttributeSchema, Attributes, CtyType, Value } from '../framework/types';

/** tfplugindocs' name of a cty type: `String`, `Boolean`, `List of String`, `Map of Object`. */
export function typeName(type: CtyType): string {
  if (typeof type === 'string') return { string: 'String', number: 'Number', bool: 'Boolean', dynamic: 'Dynamic' }[type];
  const [kind, element] = type;
  if (kind === 'object') return 'Object';
  return `${{ list: 'List', set: 'Set', map: 'Map' }[kind]} of ${typeName(element as CtyType)}`;
}

/** The attributes of the objects a plain object-typed attribute holds (`List of Object` and the like), or null. */
function objectAttributes(a: AttributeSchema): Attributes | null {
  let type = a.type;
  while (typeof type !== 'string' && type[0] !== 'object') type = type[1] as CtyType;
  if (typeof type === 'string') return null;
  const fields = type[1] as { readonly [name: string]: CtyType };
  // a plain object type requires every attribute in configuration; a read-only one is all read-only
  const readOnly = a.computed === true && a.optional !== true && a.required !== true;
  return Object.fromEntries(Object.entries(fields).map(([name, t]) => [name, { type: t, description: '', ...(readOnly ? { computed: true } : { required: true }) }]));
}

/** A default as the descriptions write it: strings in backticks, numbers and booleans as they are. */
export function defaultText(value: Value): string {
  return typeof value === 'string' ? `\`${value}\`` : JSON.stringify(value);
}

type Group = 'Required' | 'Optional' | 'Read-Only';

function groupOf(a: AttributeSchema): Group {
  if (a.required) return 'Required';
  return a.optional ? 'Optional' : 'Read-Only';
}

const GROUPS: readonly Group[] = ['Required', 'Optional', 'Read-Only'];

/** One nested schema to render after the lists: its anchor, its dotted path and its attributes. */
interface Section {
  readonly anchor: string;
  readonly path: string;
  readonly attributes: Attributes;
}

/** The list line of `name` at `path` (its parents' names), pushing a section for nested attributes. */
function line(name: string, a: AttributeSchema, path: readonly string[], sections: Section[]): string {
  const nested = a.nested ? a.nested.attributes : objectAttributes(a);
  const type = a.nested ? `Attributes ${a.nested.nesting === 'list' ? 'List' : 'Map'}` : typeName(a.type);
  const flags = [type, ...(a.sensitive ? ['Sensitive'] : []), ...(a.requiresReplace ? ['Forces replacement'] : [])];
  const parts = [`- \`${name}\` (${flags.join(', ')})`];
  if (a.description) parts.push(a.description);
  if (a.default !== undefined && !/Default: /.test(a.description)) parts.push(`Default: ${defaultText(a.default)}.`);
  if (nested) {
    const anchor = `${a.nested ? 'nestedatt' : 'nestedobjatt'}--${[...path, name].join('--')}`;
    sections.push({ anchor, path: [...path, name].join('.'), attributes: nested });
    parts.push(`(see [below for nested schema](#${anchor}))`);
  }
  return parts.join(' ');
}

/** The grouped lists of `attributes`: `### Required` headings at the top level, `Required:` lines in a nested section. */
function lists(attributes: Attributes, path: readonly string[], sections: Section[]): string[] {
  const out: string[] = [];
  for (const group of GROUPS) {
    const members = Object.entries(attributes).filter(([, a]) => groupOf(a) === group);
    if (members.length === 0) continue;
    out.push(path.length === 0 ? `### ${group}` : `${group}:`, '', ...members.map(([name, a]) => line(name, a, path, sections)), '');
  }
  return out;
}

/**
 * The markdown "## Schema" section of a provider block, resource or data source with `attributes`,
 * ending in one newline. Nested attributes (`Attributes List`/`Attributes Map`) and object-typed
 * ones (`List of Object`) get their own "Nested Schema for `a.b`" section, depth first, linked from
 * their line by the anchor tfplugindocs uses (`nestedatt--a--b`, `nestedobjatt--a--b`).
 */
export function schemaMarkdown(attributes: Attributes): string {
  const sections: Section[] = [];
  const out = ['## Schema', '', ...lists(attributes, [], sections)];
  for (let i = 0; i < sections.length; i++) {
    const { anchor, path, attributes: nested } = sections[i];
    const children: Section[] = [];
    out.push(`<a id="${anchor}"></a>`, `### Nested Schema for \`${path}\``, '', ...lists(nested, path.split('.'), children));
    sections.splice(i + 1, 0, ...children); // depth first: a section's children follow it
  }
  return `${out.join('\n').trimEnd()}\n`;
}
