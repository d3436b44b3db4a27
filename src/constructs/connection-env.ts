/**
 * Which environment variable holds a stack's connection URL. Shared by the example app (synth) and
 * the CLI's stack commands (which check it and print the target before terraform runs); no cdktf
 * imports, so the CLI can load it without the generated bindings.
 *
 * A named stack reads only its own variable, `<STACK>_DATABASE_URL`: a pipeline that forgot to
 * set `PROD_DATABASE_URL` must stop, not plan against whatever `DATABASE_URL` points at. Another
 * variable is an explicit choice: `pgpartition plan prod --database-url-env DATABASE_URL` sets
 * {@link DATABASE_URL_ENV_OVERRIDE} for the synth, and the app reads that name instead.
 */

/** Set by the CLI's `--database-url-env VAR`: the NAME of the variable a stack reads instead of `<STACK>_DATABASE_URL`. */
export const DATABASE_URL_ENV_OVERRIDE = 'PGPARTITION_DATABASE_URL_ENV';

/** `<STACK>_DATABASE_URL` of a stack name: upper case, every character but A-Z and 0-9 as `_` (`staging` -> `STAGING_DATABASE_URL`). */
export function stackDatabaseUrlEnv(stack: string): string {
  return `${stack.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_DATABASE_URL`;
}

/**
 * The variable stack `stack` reads its connection URL from: the one named by
 * {@link DATABASE_URL_ENV_OVERRIDE} when set, else {@link stackDatabaseUrlEnv}. Never a fallback
 * chosen by which variables happen to be set.
 */
export function databaseUrlEnvFor(stack: string, env: NodeJS.ProcessEnv = process.env): string {
  return env[DATABASE_URL_ENV_OVERRIDE] || stackDatabaseUrlEnv(stack);
}
