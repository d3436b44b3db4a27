/**
 * Reading a window back from the catalog (refresh): drift shows up here, nothing is repaired.
 * - attached: bounds as the catalog has them, the recorded sub-partitions that still exist, rows and bytes;
 * - detached but still there and ours (a retirement that detached it but could not drop it, a detach
 *   cut short): kept, with `attached` false, so the next plan either attaches it again (still
 *   declared) or finishes its retirement (no longer declared). It is never forgotten;
 * - archived (retention_mode `archive`): read in its archive schema, `archived` true; one declared
 *   archived but found in the parent's schema reads `archived` false, so the next plan archives it
 *   (again); one declared archived that is nowhere was never built or was dropped by hand: nothing
 *   is kept, and nothing is recreated (0 rows, 0 bytes);
 * - gone: null, and the next plan creates it again.
 */
import { boundCheckName } from '../../core';
import { readWindowStats, type PartitionInventory, type WindowInfo } from '../../catalog';
import { statementFailed } from '../internal/diagnostics';
import { tableByName } from '../internal/lookups';
import type { WindowContext } from './context';
import { mayTake, qualified, schemasOf, type SubPartitionModel, type WindowDecl } from './model';

/** What the catalog says of a window. */
export interface LiveWindow {
  readonly from: string;
  readonly to: string;
  /** The declared group sub-partitions that still exist, with their live values; null when none were declared. */
  readonly sub_partitions: readonly SubPartitionModel[] | null;
  /** The declared DEFAULT sub-partition if it still exists. */
  readonly default_sub_partition: string | null;
  /** False when detached or detach pending: its rows are not visible through the parent. */
  readonly attached: boolean;
  /** Rows (estimate, see src/catalog). */
  readonly row_estimate: number;
  /** Bytes on disk of every leaf. */
  readonly size_bytes: number;
  /** Where it is found: in its archive schema (true) or not; null when `archived` was never declared. */
  readonly archived: boolean | null;
}

/** `w` as the inventory entry `info` of an attached (or detach-pending) window shows it. */
function fromInventory(w: WindowDecl, info: WindowInfo): LiveWindow {
  const live = new Map(info.subPartitions.map((s) => [s.name, s]));
  const subs = (w.sub_partitions ?? [])
    .filter((s) => live.get(s.name)?.values)
    .map((s) => ({ name: s.name, values: live.get(s.name)!.values!.map((v) => v ?? 'NULL') }));
  return {
    from: info.from ?? w.from,
    to: info.to ?? w.to,
    sub_partitions: w.sub_partitions === null ? null : subs,
    default_sub_partition: w.default_sub_partition !== null && live.get(w.default_sub_partition)?.isDefault ? w.default_sub_partition : null,
    attached: !info.detachPending,
    row_estimate: info.rowEstimate,
    size_bytes: info.sizeBytes,
    archived: w.archived === null ? null : false,
  };
}

/**
 * The live state of `w` (see the module doc), from the parent's `inventory` when it is a partition
 * of it, else from one look-up by name.
 * @throws DiagnosticError when the look-up fails.
 */
export async function readWindow(ctx: WindowContext, inventory: PartitionInventory, w: WindowDecl): Promise<LiveWindow | null> {
  const info = inventory.windows.find((p) => p.name === w.name && p.kind === 'range');
  if (info) return fromInventory(w, info);
  const label = { object: qualified(w), step: 'read', statement: '(catalog read)' };
  try {
    const pool = await ctx.pool();
    for (const schema of schemasOf(w)) {
      const t = await tableByName(pool, schema, w.name, boundCheckName(w.name), w.range_type);
      if (t === null) continue;
      if (t.isPartition || !mayTake(t.comment, w)) continue; // not this window: another table under its name
      const stats = await readWindowStats(pool, schema, w.name);
      const names = new Set(t.subPartitions.map((s) => s.name));
      return {
        from: w.from,
        to: w.to,
        sub_partitions: w.sub_partitions === null ? null : w.sub_partitions.filter((s) => names.has(s.name)),
        default_sub_partition: w.default_sub_partition !== null && names.has(w.default_sub_partition) ? w.default_sub_partition : null,
        attached: false,
        row_estimate: stats?.rowEstimate ?? 0,
        size_bytes: stats?.sizeBytes ?? 0,
        archived: w.archived === null ? null : schema === w.archive_schema,
      };
    }
    if (w.archived !== true) return null;
    return { from: w.from, to: w.to, sub_partitions: w.sub_partitions, default_sub_partition: w.default_sub_partition, attached: false, row_estimate: 0, size_bytes: 0, archived: true };
  } catch (err) {
    throw statementFailed(err, label);
  }
}
