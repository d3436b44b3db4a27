/** Spec fixtures for the core tests: the original guide's account_balances table. */
import type { PartitionSpec } from '../../../src/core';

/** IANA zones the property tests draw from, DST oddities included. */
export const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/Havana',
  'Africa/Cairo',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'America/New_York',
  'Asia/Beirut',
  'Pacific/Chatham',
  'America/St_Johns',
  'Asia/Tehran',
  'Pacific/Apia',
] as const;

export const accountBalances: PartitionSpec['table'] = {
  name: 'account_balances',
  columns: [
    { name: 'timestamp', type: 'timestamptz', nullable: false },
    { name: 'account_address', type: 'varchar(255)', nullable: false },
    { name: 'usd_value', type: 'numeric(18,2)', nullable: false },
    { name: 'activity_id', type: 'text', nullable: false },
    { name: 'data', type: 'jsonb', nullable: false },
  ],
  primaryKey: ['account_address', 'timestamp', 'activity_id'],
  indexes: [{ columns: ['timestamp'] }, { columns: ['account_address'] }],
  rangeColumn: 'timestamp',
  listColumn: 'activity_id',
};

/** The worked example of issue 2: asOf Wednesday 2024-12-25 UTC, weekly, retention 12, premake 4. */
export const workedExample: PartitionSpec = {
  table: accountBalances,
  retention: { windows: 12 },
  asOf: '2024-12-25T12:00:00Z',
  layouts: [
    {
      effectiveFrom: '2024-01-01',
      groups: [
        { name: 'holdings', values: ['xrd_holding', 'lsu_holding', 'usdc_holding'] },
        { name: 'trading', values: ['dex_swap', 'liquidity_provision', 'lending'] },
      ],
    },
  ],
};

/** `base` with fields replaced (shallow, plus `table`). */
export function withSpec(changes: Partial<PartitionSpec>, table: Partial<PartitionSpec['table']> = {}, base: PartitionSpec = workedExample): PartitionSpec {
  return { ...base, ...changes, table: { ...base.table, ...table } };
}
