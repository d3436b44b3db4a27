/**
 * The environment variables that choose where a stack keeps its state (see ./state-backend.ts).
 * No cdktf imports, so the CLI can read them without loading cdktf.
 */

/** Selects the state backend: `local` (default) or `pg`. */
export const STATE_BACKEND_ENV = 'PGPARTITION_STATE_BACKEND';
/** Directory for local state files, e.g. a pipeline's cache directory or a test's temp dir. */
export const STATE_DIR_ENV = 'PGPARTITION_STATE_DIR';
/** terraform's own variable for the `pg` backend's connection (a libpq URL or keyword/value string). */
export const PG_CONN_STR_ENV = 'PG_CONN_STR';

/** The values of {@link STATE_BACKEND_ENV}. */
export const STATE_BACKENDS = ['local', 'pg'] as const;
export type StateBackendType = (typeof STATE_BACKENDS)[number];
