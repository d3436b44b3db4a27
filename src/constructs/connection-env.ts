/**
 * Which environment variable holds an environment's connection URL. Shared by the example app
 * (synth) and `pgpartition deploy` (which checks it before terraform runs); no cdktf imports, so
 * the CLI can load it without the generated bindings.
 */

/**
 * The environment variables that may hold the connection URL of one environment, most specific
 * first: `<ENVIRONMENT>_DATABASE_URL`, then `DATABASE_URL`. E.g. `staging` ->
 * `['STAGING_DATABASE_URL', 'DATABASE_URL']`. The example app and `npm run deploy` share this rule.
 */
export function databaseUrlEnvCandidates(environment: string): readonly string[] {
  return [`${environment.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_DATABASE_URL`, 'DATABASE_URL'];
}

/** The first of `candidates` that is set (non-empty) in `env`, or undefined when none is. */
export function firstSetVariable(candidates: readonly string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  return candidates.find((name) => !!env[name]);
}
