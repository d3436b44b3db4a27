/**
 * Plan-time checks of changes to existing windows: retiring one (the guards of safety rules 1-3,
 * and what blocks it) and changing its sub-partitions (only additions are done in place).
 */
import type { PartitionInventory } from '../../catalog';
import { UNKNOWN, type Diagnostic } from '../framework/types';
import { error, warning } from '../internal/diagnostics';
import { citusRetirementNotice } from './citus';
import type { WindowContext } from './context';
import { foreignPendingDetaches } from './create-checks';
import { blockerFixes, describeBlockers, retirementBlockers } from './dependencies';
import { boundsText, mayTake, parentOfWindow, qualified, type WindowDecl } from './model';
import { retentionRefusal, type EarlyRetirement } from './retire';

/**
 * What a plan to retire `w` must show (from the parent's `inventory`, read once per plan): an
 * error when a guard refuses it (retention not passed on the database clock unless `early` allows
 * it, then a warning; not ours, a foreign
 * pending detach in the way), a warning when something outside the window blocks it (the apply then
 * keeps it attached and fails, while the rest proceeds), the rows and bytes a drop deletes, and on
 * a parent distributed with Citus that the retirement locks the whole table (./citus.ts).
 */
export async function retireChecks(ctx: WindowContext, inventory: PartitionInventory, w: WindowDecl, early: EarlyRetirement = null): Promise<Diagnostic[]> {
  const live = inventory.windows.find((p) => p.name === w.name && p.kind === 'range');
  if (live && !mayTake(live.comment, w) && w.retention_mode !== 'keep' && w.retention !== null) {
    return [error(undefined, `Refusing to retire window ${qualified(w)}`,
      `${qualified(w)} is not this declaration's (its ownership mark names another owner, or it has none), so pgpartition does not touch it (safety rule 2). Re-import it to adopt it, or terraform state rm <address>.`)];
  }
  const pool = await ctx.pool();
  const refusal = await retentionRefusal(pool, w, early);
  if (refusal?.severity === 'error') return [refusal];
  if (!live) return refusal ? [refusal] : [];
  const diags = [...(refusal ? [refusal] : []), ...foreignPendingDetaches(inventory)];
  if (inventory.parent.distribution) diags.push(citusRetirementNotice(w, inventory.parent.distribution));
  const blockers = await retirementBlockers(pool, w.schema, [w.name, ...live.subPartitions.map((s) => s.name)]);
  if (blockers.length > 0) {
    diags.push(warning(undefined, `Retiring window ${qualified(w)} is blocked by ${describeBlockers(blockers)}`,
      `The apply will keep ${qualified(w)} attached and in state and fail for it (the rest of the deploy goes ahead), until: ${blockerFixes(blockers)}.`));
  } else if (w.retention_mode === 'drop' && live.rowEstimate > 0) {
    diags.push(warning(undefined, `Dropping window ${qualified(w)} deletes its rows`,
      `${qualified(w)} ${boundsText(w)} holds about ${live.rowEstimate} rows (${live.sizeBytes} bytes). Use retention_mode = "detach" to keep the table after it leaves ${parentOfWindow(w)}.`));
  }
  return diags;
}

/**
 * Refuses sub-partition changes other than additions: an existing window's groups are fixed once it
 * holds data (a dated layout changes groups from a future window on). Unknown values are checked later.
 */
export function layoutChecks(prior: WindowDecl, config: WindowDecl): Diagnostic[] {
  if ((config.sub_partitions as unknown) === UNKNOWN || (config.default_sub_partition as unknown) === UNKNOWN) return [];
  const wanted = new Map((config.sub_partitions ?? []).map((s) => [s.name, s]));
  const fix = 'Groups of an existing window are fixed once it holds data. Keep this window\'s groups as they are and add a dated layout effective from a future window instead.';
  const diags: Diagnostic[] = [];
  for (const s of prior.sub_partitions ?? []) {
    const w = wanted.get(s.name);
    if (!w) diags.push(error(['sub_partitions'], `Cannot remove sub-partition ${prior.schema}.${s.name}`, `${qualified(prior)} has sub-partition ${s.name}; the configuration drops it. ${fix}`));
    else if (JSON.stringify([...w.values].sort()) !== JSON.stringify([...s.values].sort())) {
      diags.push(error(['sub_partitions'], `Cannot change sub-partition ${prior.schema}.${s.name}`, `${s.name} holds values [${s.values.join(', ')}]; the configuration asks for [${w.values.join(', ')}]. ${fix}`));
    }
  }
  if (prior.default_sub_partition !== null && config.default_sub_partition !== prior.default_sub_partition) {
    diags.push(error(['default_sub_partition'], `Cannot change the DEFAULT sub-partition of ${qualified(prior)}`, `It is ${prior.default_sub_partition}; the configuration asks for ${config.default_sub_partition ?? 'none'}. ${fix}`));
  }
  return diags;
}
