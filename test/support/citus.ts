/**
 * Test access to a throwaway Citus cluster (src/local-server/citus.ts). Where no PostgreSQL has the
 * Citus extension installed, the Citus tests are skipped with {@link citusSkipReason} as the
 * message, which says so and how to install it; where it is installed they must run, and a cluster
 * that fails to start fails the test saying why.
 */
import { CitusNotInstalledError, findCitusBinaries } from '../../src/local-server/citus';
import { PostgresNotFoundError } from '../../src/local-server/postgres';

export { startLocalCitus } from '../../src/local-server/citus';
export type { LocalCitus } from '../../src/local-server/citus';

function skipReason(): string | undefined {
  try {
    findCitusBinaries();
    return undefined;
  } catch (err) {
    if (err instanceof CitusNotInstalledError || err instanceof PostgresNotFoundError) return `Citus tests skipped: ${err.message}`;
    throw err;
  }
}

/** Why the Citus tests cannot run on this machine (the skip message), or undefined when they can. */
export const citusSkipReason: string | undefined = skipReason();
