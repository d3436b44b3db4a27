/**
 * The table the inserter steps write to: the example app's `account_balances` as its staging stack
 * declares it (primary key, two indexes, 17 weekly windows of 11 leaves), built with the core's SQL
 * as of {@link INSERTER_AS_OF}; and the rows, the stack's generated sample balances of that week.
 */
import { createParentTableSql, DEFAULT_OWNER, windowSql } from '../src/core';
import { planTable } from '../src/constructs/table-plan';
import { ACCOUNT_BALANCES, ACCOUNT_BALANCES_TABLE, accountBalancesProps } from '../stacks/account-balances';
import { ENVIRONMENTS } from '../stacks/environments';
import { sampleBalances, type BalanceRow } from '../stacks/sample-balances';
import type { BenchDatabase } from './database';

/** The instant the windows are planned for; the rows fall in its window, 2025-01-06 to 2025-01-13. */
export const INSERTER_AS_OF = '2025-01-08T00:00:00Z';
const WEEK_START = new Date('2025-01-06T00:00:00Z');

/** Columns in COPY order. */
export const INSERTER_COLUMNS: readonly string[] = ACCOUNT_BALANCES_TABLE.columns.map((c) => c.name);

/** Drops and creates the table with its windows. */
export async function createInserterTable(db: BenchDatabase): Promise<void> {
  const config = ENVIRONMENTS.find((e) => e.name === 'staging')!;
  const { spec, plan } = planTable(accountBalancesProps(config), { value: INSERTER_AS_OF, source: 'asOf' });
  const ownership = { table: `${ACCOUNT_BALANCES.schema}.${ACCOUNT_BALANCES.name}`, owner: DEFAULT_OWNER };
  await db.dropTable(ACCOUNT_BALANCES.schema, ACCOUNT_BALANCES.name);
  for (const sql of createParentTableSql(spec.table, ownership)) await db.query(sql);
  for (const w of plan.windows) {
    const { build, attach } = windowSql(spec, w, ownership);
    for (const sql of [...build, ...attach]) await db.query(sql);
  }
}

/** `count` rows spread over the hours of the week of {@link INSERTER_AS_OF}, produced one at a time. */
export function inserterRows(count: number): Generator<BalanceRow> {
  return sampleBalances({ from: WEEK_START, hours: 168, rows: count });
}
