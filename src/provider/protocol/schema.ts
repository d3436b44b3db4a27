/**
 * Framework attribute maps -> tfplugin6 `Schema` messages, and the definition checks that make a
 * wrong schema fail at provider start instead of as a confusing terraform error mid-plan.
 */
import type { AttributeSchema, Attributes, ProviderType } from '../framework/types';
import type { Message } from './services';

/** tfplugin6 StringKind.PLAIN: descriptions are plain text. */
const PLAIN = 0;

/** tfplugin6 Schema.Object.NestingMode.LIST. */
const NESTING_LIST = 2;

type AttributeFlags = { readonly required?: boolean; readonly optional?: boolean; readonly computed?: boolean; readonly sensitive?: boolean };

/** One tfplugin6 `Schema.Attribute`: a nested attribute carries `nested_type` and no `type`. */
function toAttribute(name: string, a: AttributeFlags & { readonly type: unknown; readonly description: string; readonly nested?: AttributeSchema['nested'] }): Message {
  const flags = {
    description: a.description,
    description_kind: PLAIN,
    required: a.required === true,
    optional: a.optional === true,
    computed: a.computed === true,
    sensitive: a.sensitive === true,
  };
  if (a.nested) {
    return {
      name,
      ...flags,
      nested_type: { attributes: Object.entries(a.nested.attributes).map(([n, inner]) => toAttribute(n, inner)), nesting: NESTING_LIST },
    };
  }
  return { name, type: Buffer.from(JSON.stringify(a.type)), ...flags };
}

/** One schema: `version` is the state schema version (0 for the provider and data sources). */
export function toSchema(attributes: Attributes, version: number, description: string): Message {
  return {
    version,
    block: {
      version,
      description,
      description_kind: PLAIN,
      attributes: Object.entries(attributes).map(([name, a]) => toAttribute(name, a)),
    },
  };
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
    for (const [inner, n] of Object.entries(a.nested?.attributes ?? {})) {
      if (n.required === n.optional) throw new Error(`${where}.${inner}: set one of required, optional`);
    }
  }
}
