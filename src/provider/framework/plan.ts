/**
 * The framework's plan for a create or update: what `PlanRequest.proposed` and
 * `PlanRequest.requiresReplace` hold before a resource's own `plan` hook adjusts them. The rules are
 * the attribute plan modifiers of types.ts, applied the way terraform-plugin-framework applies its
 * own (defaults, RequiresReplace, UseStateForUnknown).
 */
import { UNKNOWN, type AttributePath, type Attributes, type Model, type Value } from './types';

export interface FrameworkPlan {
  readonly proposed: Model;
  readonly requiresReplace: readonly AttributePath[];
}

/**
 * Plans `config` against `prior` (null on create):
 * - a configured value (known or UNKNOWN) is planned as is; a null one takes the attribute's
 *   `default`, else, when computed, the prior value;
 * - a change to a `requiresReplace` attribute replaces the resource, and so does any change to a
 *   configurable attribute when the type has no `update` (`canUpdate` false);
 * - on create or replace, computed attributes left null in config are UNKNOWN; on an update with any
 *   change they are UNKNOWN too, unless `useStateForUnknown` keeps the prior value.
 */
export function planChange(attributes: Attributes, prior: Model | null, config: Model, canUpdate: boolean): FrameworkPlan {
  const planned = base(attributes, prior, config);
  if (prior === null) return { proposed: planned, requiresReplace: [] };
  const changed = Object.keys(attributes).filter((name) => !sameValue(planned[name], prior[name]));
  const requiresReplace = changed
    .filter((name) => attributes[name].requiresReplace || (!canUpdate && !isComputedOnly(attributes, name)))
    .map((name) => [name]);
  if (requiresReplace.length > 0) return { proposed: base(attributes, null, config), requiresReplace };
  if (changed.length === 0) return { proposed: planned, requiresReplace: [] };
  const proposed = { ...planned };
  for (const [name, a] of Object.entries(attributes)) {
    if (a.computed && config[name] === null && a.default === undefined && !a.useStateForUnknown) proposed[name] = UNKNOWN;
  }
  return { proposed, requiresReplace: [] };
}

function base(attributes: Attributes, prior: Model | null, config: Model): Record<string, Value> {
  const planned: Record<string, Value> = {};
  for (const [name, a] of Object.entries(attributes)) {
    const configured = config[name] ?? null;
    if (configured !== null) planned[name] = configured;
    else if (a.default !== undefined) planned[name] = a.default;
    else if (a.computed) planned[name] = prior === null ? UNKNOWN : (prior[name] ?? null);
    else planned[name] = null;
  }
  return planned;
}

function isComputedOnly(attributes: Attributes, name: string): boolean {
  const a = attributes[name];
  return a.computed === true && !a.optional;
}

/** Deep equality of known values; UNKNOWN equals nothing, since it may turn out to be anything. */
export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (a === UNKNOWN || b === UNKNOWN) return false;
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined || typeof a !== 'object' || typeof b !== 'object') {
    return false;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    const [x, y] = [a as readonly Value[], b as readonly Value[]];
    return Array.isArray(a) && Array.isArray(b) && x.length === y.length && x.every((v, i) => sameValue(v, y[i]));
  }
  const [x, y] = [a as Model, b as Model];
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => k in y && sameValue(x[k], y[k]));
}

/** The path of the first UNKNOWN inside a value, or undefined when it is wholly known. */
export function findUnknown(value: Value, path: AttributePath = []): AttributePath | undefined {
  if (value === UNKNOWN) return path;
  if (value === null || typeof value !== 'object') return undefined;
  const entries: [string | number, Value][] = Array.isArray(value)
    ? (value as readonly Value[]).map((v, i) => [i, v])
    : Object.entries(value as Model);
  for (const [step, v] of entries) {
    const found = findUnknown(v, [...path, step]);
    if (found) return found;
  }
  return undefined;
}
