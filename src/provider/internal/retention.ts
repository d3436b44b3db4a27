/**
 * Safety rule 1 (DESIGN.md): a window may be dropped or detached only when its upper bound is at
 * or before the database's `now()` minus the retention the window carries in its own state. The
 * clock is the DATABASE's, never the machine running terraform: a runner with a wrong clock must
 * not be able to retire a live window.
 */
import type { Pool } from 'pg';
import type { RangeColumnType } from '../../core';

/** The horizon a window's upper bound is compared with, per range column type. */
const HORIZON_SQL: Record<RangeColumnType, { horizon: string; format: string }> = {
  // an instant: compare instants
  timestamptz: { horizon: `(now() - $2::interval)`, format: `to_char((now() - $2::interval) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')` },
  // a naive wall clock, which pgpartition reads as UTC (core bounds.ts)
  timestamp: { horizon: `((now() AT TIME ZONE 'UTC') - $2::interval)`, format: `to_char((now() AT TIME ZONE 'UTC') - $2::interval, 'YYYY-MM-DD HH24:MI:SS')` },
  // a date, read as a UTC day like the core does; current_date would follow the session's TimeZone
  date: { horizon: `((now() AT TIME ZONE 'UTC')::date - $2::interval)`, format: `to_char((now() AT TIME ZONE 'UTC')::date - $2::interval, 'YYYY-MM-DD')` },
};

export interface RetentionVerdict {
  /** The upper bound is at or before the horizon: retiring the window is allowed. */
  readonly expired: boolean;
  /** `now() - retention` on the database clock, in the bound's text form. */
  readonly horizon: string;
}

/**
 * Compares the canonical upper bound `to` of a window whose range column has `rangeType` with the
 * database's `now() - retention` (`retention`: PostgreSQL interval text such as `12 weeks`).
 * Throws the server's error for malformed input.
 */
export async function checkRetention(pool: Pool, rangeType: RangeColumnType, to: string, retention: string): Promise<RetentionVerdict> {
  const sql = HORIZON_SQL[rangeType];
  const { rows } = await pool.query<{ expired: boolean; horizon: string }>(
    `SELECT $1::${rangeType} <= ${sql.horizon} AS expired, ${sql.format} AS horizon`,
    [to, retention],
  );
  return rows[0];
}
