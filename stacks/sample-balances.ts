/**
 * Generated `account_balances` rows for the demo and the end-to-end test: deterministic (row i is
 * always the same row) and unique on the primary key (account_address, timestamp, activity_id).
 */
import { ACTIVITIES } from './activities';

/** One row of `account_balances`, keyed by column (a type alias, so it is a plain record for COPY). */
export type BalanceRow = {
  readonly timestamp: Date;
  readonly account_address: string;
  /** numeric(18,2) as text, e.g. `1234.56`. */
  readonly usd_value: string;
  readonly activity_id: string;
  /** jsonb as text. */
  readonly data: string;
};

export interface SampleBalancesOptions {
  /** First hour (UTC); rows fall on whole hours from here. */
  readonly from: Date;
  /** Hours the rows are spread over, round-robin, so every hour gets about rows/hours rows. */
  readonly hours: number;
  /** Rows to generate. At most hours x accounts x activities. */
  readonly rows: number;
  /** Distinct accounts. @default 1000 */
  readonly accounts?: number;
  /** Activity ids used. @default - the 100 activities of the catalogue */
  readonly activityIds?: readonly string[];
}

const HOUR_MS = 3_600_000;

/**
 * Yields `rows` rows: row i falls in hour `i mod hours`; within an hour the k-th row (k = i div
 * hours) takes account `k mod accounts` and activity `(k div accounts + hour) mod activities`, a
 * distinct pair for every k below accounts x activities, so no primary key repeats.
 * @throws RangeError when more rows are asked for than distinct keys exist.
 */
export function* sampleBalances(o: SampleBalancesOptions): Generator<BalanceRow> {
  const accounts = o.accounts ?? 1000;
  const activityIds = o.activityIds ?? ACTIVITIES.map((a) => a.id);
  if (o.rows > o.hours * accounts * activityIds.length) {
    throw new RangeError(`rows: ${o.rows} rows do not fit ${o.hours} hours x ${accounts} accounts x ${activityIds.length} activities without repeating a primary key; ask for fewer rows or more hours`);
  }
  const start = o.from.getTime();
  for (let i = 0; i < o.rows; i++) {
    const hour = i % o.hours;
    const k = Math.floor(i / o.hours);
    const account = k % accounts;
    const activity = activityIds[(Math.floor(k / accounts) + hour) % activityIds.length];
    const cents = (i * 7919 + account * 104729) % 100_000_000;
    yield {
      timestamp: new Date(start + hour * HOUR_MS),
      account_address: `account_rdx1${account.toString(16).padStart(8, '0')}`,
      usd_value: (cents / 100).toFixed(2),
      activity_id: activity,
      data: JSON.stringify({ source: 'sample', row: i }),
    };
  }
}
