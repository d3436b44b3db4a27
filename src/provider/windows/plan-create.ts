/**
 * Plan-time checks of windows about to be created, against the live catalog (see ./create-checks.ts
 * for the rules): the parent's partition key first (a wrong range type would read bounds and
 * retention in another time base), then overlaps, foreign pending detaches and names taken, with
 * one catalog read of the parent and one look-up per window not already attached.
 */
import { boundCheckName, type RangeColumnType } from '../../core';
import type { PartitionInventory } from '../../catalog';
import type { Diagnostic } from '../framework/types';
import type { ProviderContext } from '../internal/context';
import { error } from '../internal/diagnostics';
import { tableByName, type TableByName } from '../internal/lookups';
import { createChecks } from './create-checks';
import type { WindowDecl } from './model';

/** The parent of `w`'s inventory, its bounds read in the type of the parent's actual range column. */
export async function parentInventory(ctx: ProviderContext, w: Pick<WindowDecl, 'schema' | 'parent_table' | 'range_type'>): Promise<PartitionInventory> {
  const key = await ctx.inventories.key(w.schema, w.parent_table);
  return ctx.inventories.get(w.schema, w.parent_table, key?.rangeType ?? (w.range_type as RangeColumnType));
}

/**
 * Errors for creating `windows` (all of one parent; values known). Nothing to check while the
 * parent does not exist yet (planned in the same run).
 */
export async function planCreates(ctx: ProviderContext, windows: readonly WindowDecl[]): Promise<Diagnostic[]> {
  const known = windows.filter((w) => [w.from, w.to, w.name, w.parent_table, w.schema, w.range_column, w.range_type].every((v) => typeof v === 'string'));
  if (known.length === 0) return []; // unknown until apply
  const first = known[0];
  const key = await ctx.inventories.key(first.schema, first.parent_table);
  if (key === null) return [];
  if (key.column !== first.range_column || key.rangeType !== first.range_type) {
    return [error(['range_type'], 'Window does not match its parent table',
      `${first.schema}.${first.parent_table} is PARTITION BY RANGE (${key.column}) of type ${key.typeText}; the window declares range_column = "${first.range_column}", range_type = "${first.range_type}". Set both to the parent's.`)];
  }
  const inventory = await parentInventory(ctx, first);
  const pool = await ctx.pool();
  const byName = new Map<string, TableByName | null>();
  for (const w of known) {
    if (!inventory.windows.some((p) => p.name === w.name)) byName.set(w.name, await tableByName(pool, w.schema, w.name, boundCheckName(w.name), w.range_type));
  }
  return createChecks(inventory, known, byName);
}
