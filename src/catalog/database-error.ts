/**
 * Telling a server's error from a connection failure without loading pg (the provider loads it
 * only when it first connects, for start-up time).
 */
import type { DatabaseError } from 'pg';

/**
 * True for node-postgres' server error, which keeps `code` (SQLSTATE), `detail`, `hint` as
 * fields. Checked by shape, not `instanceof`, so this module does not load pg.
 */
export function isDatabaseError(err: unknown): err is DatabaseError {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'string' && 'severity' in err;
}
