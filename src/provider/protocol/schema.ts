/**
 * Framework attribute maps -> tfplugin6 `Schema` messages, and the definition checks that make a
 * wrong schema fail at provider start instead of as a confusing terraform error mid-plan.
 */
import type { Attributes, ProviderType } from '../framework/types';
import type { Message } from './services';

/** tfplugin6 StringKind.PLAIN: descriptions are plain text. */
const PLAIN = 0;

/** tfplugin6 `Schema.Object.NestingMode.MAP`. */
const NESTING_MAP = 4;

/** One schema: `version` is the state schema version (0 for the provider and data sources). */
export function toSchema(attributes: Attributes, version: number, description: string): Message {
  return { version, block: { version, description, description_kind: PLAIN, attributes: toAttributes(attributes) } };
}

/** `Schema.Attribute`s; a nested attribute has `nested_type` (an object with its own attributes) instead of `type`. */
function toAttributes(attributes: Attributes): Message[] {
  return Object.entries(attributes).map(([name, a]) => ({
    name,
    ...(a.nested
      ? { nested_type: { attributes: toAttributes(a.nested.attributes), nesting: NESTING_MAP } }
      : { type: Buffer.from(JSON.stringify(a.type)) }),
    description: a.description,
    description_kind: PLAIN,
    required: a.required === true,
    optional: a.optional === true,
    computed: a.computed === true,
    sensitive: a.sensitive === true,
  }));
}

/**
 * Checks a provider definition. Throws an Error naming the type, attribute and fix when a type name
 * lacks the `<provider>_` prefix terraform resolves providers by, or an attribute's flags contradict
 * (terraform would reject the schema or every plan).
 */
export function checkProviderType(provider: ProviderType<unknown>): void {
  checkAttributes(`provider ${provider.typeName}`, provider.attributes);
  for (const t of [...provider.resources, ...provider.dataSources]) {
    if (!t.typeName.startsWith(`${provider.typeName}_`)) {
      throw new Error(`type "${t.typeName}" must start with "${provider.typeName}_": terraform picks the provider by that prefix`);
    }
    checkAttributes(t.typeName, t.attributes);
  }
}

function checkAttributes(owner: string, attributes: Attributes): void {
  for (const [name, a] of Object.entries(attributes)) {
    const where = `${owner}.${name}`;
    if (!a.required && !a.optional && !a.computed) throw new Error(`${where}: set one of required, optional, computed`);
    if (a.required && (a.optional || a.computed)) throw new Error(`${where}: required excludes optional and computed`);
    if (a.default !== undefined && !(a.optional && a.computed)) {
      throw new Error(`${where}: an attribute with a default must be optional and computed, or its planned value differs from config`);
    }
    if (a.nested) checkAttributes(where, a.nested.attributes);
  }
}
