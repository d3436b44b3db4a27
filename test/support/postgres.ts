/**
 * Test access to a throwaway PostgreSQL: the runtime's `startLocalPostgres`, re-exported so tests
 * import it from one place. Integration tests call it in `before` and `stop()` in `after`; when no
 * server can start it throws, so the test fails saying why instead of skipping.
 */
export { startLocalPostgres, PostgresNotFoundError } from '../../src/local-server/postgres';
export type { LocalPostgres, LocalPostgresOptions } from '../../src/local-server/postgres';
