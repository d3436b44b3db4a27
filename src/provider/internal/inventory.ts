/**
 * The per-process inventory cache: terraform reads every window of a parent in parallel during a
 * plan, and all of them share ONE catalog query (`readInventory`) per parent (issue 3). Any
 * change a resource makes to a parent's partitions invalidates that parent's entry.
 */
import type { Pool } from 'pg';
import { readInventory, type PartitionInventory } from '../../catalog';
import type { RangeColumnType } from '../../core';
import { statementFailed } from './diagnostics';
import { partitionKeyOf, type PartitionKey } from './lookups';

export class InventoryCache {
  private readonly entries = new Map<string, Promise<PartitionInventory>>();
  private readonly keys = new Map<string, Promise<PartitionKey | null>>();

  constructor(private readonly pool: () => Promise<Pool>) {}

  /**
   * The inventory of `schema.parent` whose range column has `rangeType` (which decides how
   * bounds normalise). A failed read is not cached. Throws a DiagnosticError naming the parent.
   */
  get(schema: string, parent: string, rangeType: RangeColumnType): Promise<PartitionInventory> {
    const key = JSON.stringify([schema, parent, rangeType]);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = this.pool()
        .then((pool) => readInventory(pool, schema, parent, rangeType))
        .catch((err) => {
          this.entries.delete(key);
          throw statementFailed(err, { object: `${schema}.${parent}`, step: 'read the partitions of', statement: 'the catalog inventory query (src/catalog)' });
        });
      this.entries.set(key, entry);
    }
    return entry;
  }

  /**
   * The partition key of `schema.parent` (column, range type), or null while it does not exist or is
   * not partitioned: one look-up per parent, shared like the inventory.
   */
  key(schema: string, parent: string): Promise<PartitionKey | null> {
    const id = JSON.stringify([schema, parent]);
    let entry = this.keys.get(id);
    if (!entry) {
      entry = this.pool()
        .then((pool) => partitionKeyOf(pool, schema, parent))
        .catch((err) => {
          this.keys.delete(id);
          throw statementFailed(err, { object: `${schema}.${parent}`, step: 'read the partition key of', statement: '(catalog read)' });
        });
      this.keys.set(id, entry);
    }
    return entry;
  }

  /** Forgets `schema.parent` (every range type), so the next `get` reads the catalog again. */
  invalidate(schema: string, parent: string): void {
    for (const key of [...this.entries.keys()]) {
      const [s, p] = JSON.parse(key) as [string, string];
      if (s === schema && p === parent) this.entries.delete(key);
    }
    this.keys.delete(JSON.stringify([schema, parent]));
  }
}
