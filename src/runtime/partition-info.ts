/** The partition inventory of a parent table as flat rows, for applications and `pgpartition status`. */
import type { ClientBase, Pool } from 'pg';
import { readInventory, type PartitionInventory } from '../catalog';
import type { RangeColumnType } from '../core/spec';

/** One partition of the parent. */
export interface PartitionInfoRow {
  readonly name: string;
  /** `range` window, `list` partition or the parent's `default` partition. */
  readonly kind: 'range' | 'list' | 'default';
  /** Canonical inclusive lower bound; null for list and DEFAULT partitions. */
  readonly from: string | null;
  /** Canonical exclusive upper bound; null for list and DEFAULT partitions. */
  readonly to: string | null;
  /** Row estimate (exact for small never-analysed partitions; see the catalog module). */
  readonly rows: number;
  /** Bytes on disk (heap, TOAST, indexes), summed over sub-partitions. */
  readonly bytes: number;
  readonly subPartitions: number;
  /** Carries the ownership mark `pgpartition:managed`. */
  readonly managed: boolean;
  readonly detachPending: boolean;
}

/**
 * The partitions of `schema.parent`, oldest window first, then list and DEFAULT partitions, read
 * with one catalog query.
 * @throws Error when the parent does not exist or is not partitioned (naming it and the fix).
 */
export async function partitionInfo(client: ClientBase | Pool, schema: string, parent: string, rangeType?: RangeColumnType): Promise<PartitionInfoRow[]> {
  return toPartitionInfoRows(await readPartitionedInventory(client, schema, parent, rangeType));
}

/**
 * `readInventory` of a parent that must exist and be partitioned.
 * @throws Error when the parent does not exist or is not partitioned (naming it and the fix).
 */
export async function readPartitionedInventory(client: ClientBase | Pool, schema: string, parent: string, rangeType?: RangeColumnType): Promise<PartitionInventory> {
  const inventory = await readInventory(client, schema, parent, rangeType);
  if (!inventory.parent.exists) throw new Error(`Table ${schema}.${parent} does not exist; check the schema and table name (or deploy it first).`);
  if (!inventory.parent.isPartitioned) throw new Error(`Table ${schema}.${parent} is not partitioned (relkind ${inventory.parent.relkind}); name its partitioned parent table.`);
  return inventory;
}

/** The inventory's partitions as flat rows. */
export function toPartitionInfoRows(inventory: PartitionInventory): PartitionInfoRow[] {
  return inventory.windows.map((w) => ({
    name: w.name,
    kind: w.kind,
    from: w.from,
    to: w.to,
    rows: w.rowEstimate,
    bytes: w.sizeBytes,
    subPartitions: w.subPartitions.length,
    managed: w.managed,
    detachPending: w.detachPending,
  }));
}
