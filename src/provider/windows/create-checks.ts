/**
 * Plan-time checks of windows about to be created, against the live catalog (safety rule 8): the
 * plan fails before the first DDL when an apply could not succeed. Pure: takes the parent's
 * inventory (one catalog read per parent) and the tables found under the windows' names.
 * - a partition of the parent whose range overlaps a declared window (detected from catalog bounds,
 *   never from names), unless it is that very window, attached with the planned bounds and ours;
 * - a partition of the parent left "detach pending" that pgpartition does not manage (PostgreSQL
 *   allows one pending detach per parent, so no retirement could run);
 * - a table under a window's name that is not ours to adopt, or belongs to another parent;
 * - a window with a list column on a parent distributed with Citus (./citus.ts).
 */
import { describeOwner } from '../../core';
import type { PartitionInventory, WindowInfo } from '../../catalog';
import type { Diagnostic } from '../framework/types';
import { error } from '../internal/diagnostics';
import type { TableByName } from '../internal/lookups';
import { refusalsOnCitus } from './citus';
import { boundsText, mayTake, parentOfWindow, qualified, type WindowDecl } from './model';

/** Range bound text as a comparable key: MINVALUE/-infinity lowest, MAXVALUE/infinity highest. */
function key(bound: string): string {
  if (bound === 'MINVALUE' || bound === '-infinity') return '';
  if (bound === 'MAXVALUE' || bound === 'infinity') return '\uffff';
  return bound;
}

const overlaps = (a: { from: string; to: string }, b: { from: string; to: string }) => key(a.from) < key(b.to) && key(b.from) < key(a.to);

/** The parent's partitions left detach pending that pgpartition does not manage: a plan error each. */
export function foreignPendingDetaches(inventory: PartitionInventory): Diagnostic[] {
  const parent = `${inventory.parent.schema}.${inventory.parent.name}`;
  return inventory.windows.filter((p) => p.detachPending && !p.managed).map((p) =>
    error(undefined, `Partition ${inventory.parent.schema}.${p.name} of ${parent} is detach pending and not managed by pgpartition`,
      `A DETACH PARTITION ... CONCURRENTLY of ${inventory.parent.schema}.${p.name} was cut short; its rows are invisible through ${parent}, and PostgreSQL allows no other ` +
        `concurrent detach of ${parent} until it is finished. pgpartition does not touch partitions it does not own. Fix: finish it ` +
        `(ALTER TABLE ${parent} DETACH PARTITION ${inventory.parent.schema}.${p.name} FINALIZE), or import it, then plan again.`));
}

/**
 * Errors for `windows` (all of one parent, about to be created) against the parent's `inventory`
 * and `byName` (the table found under each window's name when it is not a partition of the parent;
 * null when there is none). Empty when every create can go ahead.
 */
export function createChecks(inventory: PartitionInventory, windows: readonly WindowDecl[], byName: ReadonlyMap<string, TableByName | null>): Diagnostic[] {
  if (!inventory.parent.exists || windows.length === 0) return [];
  const diags: Diagnostic[] = [...foreignPendingDetaches(inventory), ...refusalsOnCitus(inventory, windows)];
  type Ranged = WindowInfo & { readonly from: string; readonly to: string };
  const ranges = inventory.windows.filter((p): p is Ranged => p.kind === 'range' && p.from !== null && p.to !== null);
  const blocked = new Map<Ranged, WindowDecl[]>();
  for (const w of windows) {
    for (const p of ranges) {
      if (p.name === w.name) {
        diags.push(...sameName(p, w));
        continue;
      }
      if (overlaps(p, w)) blocked.set(p, [...(blocked.get(p) ?? []), w]);
    }
    const other = byName.get(w.name);
    if (other && !ranges.some((p) => p.name === w.name)) diags.push(...nameTaken(other, w));
  }
  for (const [p, ws] of blocked) {
    const parent = parentOfWindow(ws[0]);
    const whose = p.managed ? `a window of ${describeOwner(p.comment)}` : 'a partition pgpartition does not manage';
    diags.push(error(undefined, `Partition ${inventory.parent.schema}.${p.name} ${boundsText(p)} overlaps ${ws.length === 1 ? 'a declared window' : `${ws.length} declared windows`}`,
      `${inventory.parent.schema}.${p.name} is ${whose}, attached to ${parent} for ${boundsText(p)}, and overlaps the declared ` +
        `window${ws.length === 1 ? '' : 's'} ${ws.map((w) => `${qualified(w)} ${boundsText(w)}`).join(', ')}, which PostgreSQL would refuse to attach. Nothing was applied. ` +
        `Fix: detach ${inventory.parent.schema}.${p.name} (ALTER TABLE ${parent} DETACH PARTITION ${inventory.parent.schema}.${p.name}), or import it as a window of this declaration, ` +
        `or start the declared windows at or after its upper bound ${p.to} (start / asOf / retention).`));
  }
  return diags;
}

/** The window's own name is attached to the parent: fine when it is ours with the planned bounds. */
function sameName(p: WindowInfo, w: WindowDecl): Diagnostic[] {
  if (p.from !== w.from || p.to !== w.to) {
    return [error(['from'], `Window ${qualified(w)} exists with other bounds`,
      `${qualified(w)} is attached to ${parentOfWindow(w)} for ${boundsText({ from: p.from ?? '?', to: p.to ?? '?' })}, not ${boundsText(w)}. ` +
        'Set from/to to the catalog\'s bounds (or the calendar that made them), or retire that window first.')];
  }
  if (!mayTake(p.comment, w)) {
    return [error(undefined, `Window ${qualified(w)} exists and is not this declaration's`,
      `${qualified(w)} is attached with the planned bounds but is owned by ${describeOwner(p.comment)}, so pgpartition will not adopt it ` +
        `(this declaration is owner "${w.owner}"). Fix: import it (terraform import <address> ${qualified(w)}) if it is meant to be this window, or rename one of the declarations.`)];
  }
  return [];
}

/** A table under the window's name that the inventory did not list as a partition of the parent. */
function nameTaken(t: TableByName, w: WindowDecl): Diagnostic[] {
  const here = t.attachedTo !== null && t.attachedTo.schema === w.schema && t.attachedTo.name === w.parent_table;
  if (t.attachedTo !== null && !here) {
    return [error(['name'], `Table ${qualified(w)} belongs to another parent`,
      `${qualified(w)} is a partition of ${t.attachedTo.schema}.${t.attachedTo.name}, not ${parentOfWindow(w)}. Detach it there, or give this window another name.`)];
  }
  if (!mayTake(t.comment, w)) {
    return [error(['name'], `Table ${qualified(w)} exists and is not this declaration's`,
      `A table named ${qualified(w)} exists, owned by ${describeOwner(t.comment)}; pgpartition will not build the window over it. ` +
        `Fix: rename or drop that table, or import it if it is meant to be this window.`)];
  }
  return []; // ours: a standalone table left by a killed apply (the create reuses it), or attached by another deploy since the inventory was read (adopted)
}
