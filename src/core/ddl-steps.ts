/**
 * A statement a schema change runs, with the lock it takes, as a plan shows it to a reviewer.
 * Lock modes and what they conflict with: PostgreSQL docs 13.3.1, "Table-Level Locks" (ACCESS
 * EXCLUSIVE blocks every read and write of the table; SHARE blocks writes; SHARE UPDATE EXCLUSIVE
 * blocks neither, only other schema changes and VACUUM). Every statement runs under the provider's
 * `lock_timeout` with retries, so a lock that cannot be had soon gives up instead of queueing
 * traffic behind it.
 */

/** Table-level lock modes the schema changes take (PostgreSQL's names). */
export type LockMode = 'ACCESS EXCLUSIVE' | 'SHARE' | 'SHARE UPDATE EXCLUSIVE';

/** One statement of a change, as the plan lists it. */
export interface PlannedStatement {
  /** The SQL, or for statements run once per partition a template naming `<leaf>` / `<window>`. */
  readonly sql: string;
  readonly lock: LockMode;
  /** What the lock is taken on, e.g. `the parent and every partition`, `each leaf`. */
  readonly on: string;
  /**
   * `momentary`: catalog only, the lock is held for milliseconds once granted; `scan`: reads every
   * row of each leaf while holding the lock; `build`: builds an index on each leaf.
   */
  readonly duration: 'momentary' | 'scan' | 'build';
}

/** True when the statement's lock stops INSERT/UPDATE/DELETE on what it locks (SHARE and stronger). */
export function blocksWrites(s: PlannedStatement): boolean {
  return s.lock !== 'SHARE UPDATE EXCLUSIVE';
}

/** `[ACCESS EXCLUSIVE on the parent and every partition, momentary: blocks reads and writes while waiting and held] ALTER TABLE ...`. */
export function describeStatement(s: PlannedStatement): string {
  const effect = s.lock === 'ACCESS EXCLUSIVE' ? 'blocks reads and writes' : s.lock === 'SHARE' ? 'blocks writes' : 'reads and writes go on';
  const how = { momentary: 'momentary', scan: 'held while it scans', build: 'held while it builds' }[s.duration];
  return `[${s.lock} on ${s.on}, ${how}: ${effect}] ${s.sql}`;
}
