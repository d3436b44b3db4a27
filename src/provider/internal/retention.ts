/**
 * Safety rule 1: a window may be dropped or detached only when its upper bound is at or before the
 * database's `now()` minus the retention the window carries in its own state. The clock is the
 * DATABASE's, never the machine running terraform: a runner with a wrong clock must not be able to
 * retire a live window.
 */
import type { ClientBase, Pool } from 'pg';
import type { RangeColumnType } from '../../core';

/**
 * Per range column type: the database's horizon (`now() - retention`), and how a value of that
 * type prints in the core's canonical bound text (so messages show the dates users declared).
 */
const TYPE_SQL: Record<RangeColumnType, { now: string; text: (expr: string) => string }> = {
  // an instant: compare instants, print UTC
  timestamptz: { now: 'now()', text: (e) => `to_char((${e}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')` },
  // a naive wall clock, which pgpartition reads as UTC (core bounds.ts)
  timestamp: { now: `(now() AT TIME ZONE 'UTC')`, text: (e) => `to_char(${e}, 'YYYY-MM-DD HH24:MI:SS')` },
  // a date, read as a UTC day like the core does; current_date would follow the session's TimeZone
  date: { now: `(now() AT TIME ZONE 'UTC')::date`, text: (e) => `to_char(${e}, 'YYYY-MM-DD')` },
};

export interface RetentionVerdict {
  /** The upper bound is at or before the horizon: retiring the window is allowed. */
  readonly expired: boolean;
  /** `now() - retention` on the database clock, in the bound's text form. */
  readonly horizon: string;
  /** `to + retention`: the first instant the window may be retired, in the bound's text form. */
  readonly expiresAt: string;
}

/**
 * Compares the canonical upper bound `to` of a window whose range column has `rangeType` with the
 * database's `now() - retention` (`retention`: PostgreSQL interval text such as `12 weeks`).
 * Throws the server's error for malformed input.
 */
export async function checkRetention(db: ClientBase | Pool, rangeType: RangeColumnType, to: string, retention: string): Promise<RetentionVerdict> {
  const t = TYPE_SQL[rangeType];
  const horizon = `${t.now} - $2::interval`;
  const { rows } = await db.query<RetentionVerdict>(
    `SELECT $1::${rangeType} <= ${horizon} AS expired, ${t.text(horizon)} AS horizon, ${t.text(`$1::${rangeType} + $2::interval`)} AS "expiresAt"`,
    [to, retention],
  );
  return rows[0];
}
