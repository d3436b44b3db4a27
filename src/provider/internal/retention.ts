/**
 * Safety rule 1: a window may be dropped or detached only when its upper bound is at or before the
 * database's `now()` minus the retention the window carries in its own state. The clock is the
 * DATABASE's, never the machine running terraform: a runner with a wrong clock must not be able to
 * retire a live window.
 */
import type { ClientBase, Pool } from 'pg';
import type { RangeColumnType } from '../../core';

/**
 * Per range column type, in UTC wall-clock time whatever the session's TimeZone (so `+ interval`
 * adds days and months as the core does, see core/interval.ts): the bound as a value, the
 * database's now, and how a value prints in the core's canonical bound text (so messages show the
 * dates users declared).
 */
const TYPE_SQL: Record<RangeColumnType, { value: string; now: string; text: (expr: string) => string }> = {
  // an instant: its UTC wall clock
  timestamptz: { value: `($1::timestamptz AT TIME ZONE 'UTC')`, now: `(now() AT TIME ZONE 'UTC')`, text: (e) => `to_char(${e}, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')` },
  // a naive wall clock, which pgpartition reads as UTC (core bounds.ts)
  timestamp: { value: '$1::timestamp', now: `(now() AT TIME ZONE 'UTC')`, text: (e) => `to_char(${e}, 'YYYY-MM-DD HH24:MI:SS')` },
  // a date, read as a UTC day like the core does; current_date would follow the session's TimeZone
  date: { value: '$1::date', now: `(now() AT TIME ZONE 'UTC')::date`, text: (e) => `to_char(${e}, 'YYYY-MM-DD')` },
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
 * database's `now() - retention` (`retention`: PostgreSQL interval text such as `12 weeks`, or a
 * sum such as `12 weeks 7 days`), in UTC.
 * Throws the server's error for malformed input.
 */
export async function checkRetention(db: ClientBase | Pool, rangeType: RangeColumnType, to: string, retention: string): Promise<RetentionVerdict> {
  const t = TYPE_SQL[rangeType];
  const horizon = `${t.now} - $2::interval`;
  const { rows } = await db.query<RetentionVerdict>(
    `SELECT ${t.value} <= ${horizon} AS expired, ${t.text(horizon)} AS horizon, ${t.text(`${t.value} + $2::interval`)} AS "expiresAt"`,
    [to, retention],
  );
  return rows[0];
}
