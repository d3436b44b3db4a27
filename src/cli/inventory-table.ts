/** The partition inventory as a text table, shared by `pgpartition status` and `pgpartition demo`. */
import Table from 'cli-table3';
import type { PartitionInfoRow } from '../runtime/partition-info';
import { isInteractive } from './terminal';

export interface InventoryTableOptions {
  /** Marks the range partition containing this instant as `(current)`. @default - no mark */
  readonly now?: Date;
  /** Colour the header and borders. @default - only when stdout is a terminal, outside CI and without NO_COLOR */
  readonly colour?: boolean;
}

/**
 * The rows as a cli-table3 table under a title line with totals (rows are estimates, sizes in
 * PostgreSQL's 1024-based units). Piped output (CI logs, grep) stays plain text.
 */
export function formatInventoryTable(rows: readonly PartitionInfoRow[], title: string, options: InventoryTableOptions = {}): string {
  const colour = options.colour ?? isInteractive(process.stdout);
  const table = new Table({
    head: ['partition', 'kind', 'from', 'to', 'sub-partitions', 'rows', 'size', 'notes'],
    colAligns: ['left', 'left', 'left', 'left', 'right', 'right', 'right', 'left'],
    style: { compact: true, head: colour ? ['cyan'] : [], border: colour ? ['grey'] : [] },
  });
  for (const r of rows) {
    const notes = [
      isCurrent(r, options.now) ? 'current' : '',
      r.managed ? 'managed' : 'not managed',
      r.detachPending ? 'DETACH PENDING' : '',
    ].filter(Boolean).join(', ');
    table.push([r.name, r.kind, r.from ?? '', r.to ?? '', r.subPartitions, r.rows.toLocaleString('en-US'), formatBytes(r.bytes), notes]);
  }
  const totalRows = rows.reduce((s, r) => s + r.rows, 0);
  const totalBytes = rows.reduce((s, r) => s + r.bytes, 0);
  return `${title}: ${rows.length} partitions, ~${totalRows.toLocaleString('en-US')} rows, ${formatBytes(totalBytes)}\n${table.toString()}`;
}

function isCurrent(r: PartitionInfoRow, now: Date | undefined): boolean {
  if (now === undefined || r.kind !== 'range' || r.from === null || r.to === null) return false;
  return Date.parse(r.from) <= now.getTime() && now.getTime() < Date.parse(r.to);
}

/** Bytes in PostgreSQL's `pg_size_pretty` units (1024-based): `512 bytes`, `8.0 kB`, `1.2 MB`, `3.4 GB`, `1.0 TB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
