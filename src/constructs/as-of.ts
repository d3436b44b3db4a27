import type { IConstruct } from 'constructs';

/** cdktf context key that pins the instant a plan is made for (`cdktf.json` "context", or `CDKTF_CONTEXT_JSON`). */
export const AS_OF_CONTEXT_KEY = 'pgpartition:asOf';
/** Environment variable that pins the instant a plan is made for, e.g. `2025-01-08T00:00:00Z`. */
export const AS_OF_ENV = 'PGPARTITION_AS_OF';

/** The instant a plan is made for, and where it came from (named in errors). */
export interface ResolvedAsOf {
  /** ISO 8601 text with an offset, or a Date; the core validates it. */
  readonly value: string | Date;
  /** `asOf` (props), `context "pgpartition:asOf"`, `env PGPARTITION_AS_OF`, or `now`. */
  readonly source: string;
}

/**
 * Resolves `asOf`: the prop, else the context key {@link AS_OF_CONTEXT_KEY}, else the environment
 * variable {@link AS_OF_ENV}, else the current time. Pinning lets a pipeline promote the plan
 * reviewed for staging to prod unchanged. Empty strings count as unset.
 */
export function resolveAsOf(scope: IConstruct, prop: string | Date | undefined, env: NodeJS.ProcessEnv = process.env): ResolvedAsOf {
  if (prop !== undefined && prop !== '') return { value: prop, source: 'asOf' };
  const fromContext: unknown = scope.node.tryGetContext(AS_OF_CONTEXT_KEY);
  if (fromContext !== undefined && fromContext !== '') {
    return { value: String(fromContext), source: `context "${AS_OF_CONTEXT_KEY}"` };
  }
  const fromEnv = env[AS_OF_ENV];
  if (fromEnv) return { value: fromEnv, source: `env ${AS_OF_ENV}` };
  return { value: new Date(), source: 'now' };
}
