/**
 * Attribute validators (`AttributeSchema.validators`) run against a configuration.
 */
import { UNKNOWN, type Attributes, type Diagnostic, type Model } from './types';

/**
 * Runs every validator of every attribute whose configured value is known and non-null (an UNKNOWN
 * is checked on a later call, once terraform knows it). One error diagnostic per failure, on the
 * attribute's path.
 */
export function validateAttributes(attributes: Attributes, config: Model): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [name, a] of Object.entries(attributes)) {
    const value = config[name] ?? null;
    if (value === null || value === UNKNOWN) continue;
    for (const validator of a.validators ?? []) {
      const problem = validator(value);
      if (problem !== undefined) {
        diagnostics.push({ severity: 'error', summary: `Invalid value for "${name}"`, detail: problem, attribute: [name] });
      }
    }
  }
  return diagnostics;
}
