/**
 * Windows of a parent table distributed with Citus: what differs from one server, in one place, so
 * create.ts, retire.ts and the plan checks only ask "is the parent distributed?" and call these.
 * Every read runs on the coordinator (the ownership mark, a table comment, lives there only).
 *
 * - Build: the standalone window (with the bound CHECK and the parent's indexes) is distributed in
 *   the same transaction, colocated with the parent (`create_distributed_table(..., colocate_with
 *   => parent)`): Citus attaches only a colocated distributed table to a distributed parent, and a
 *   table distributed while empty leaves no rows or files on the coordinator (a local table
 *   distributed on ATTACH would keep its local copy until
 *   `truncate_local_data_after_distributing_table`). ATTACH then takes SHARE UPDATE EXCLUSIVE on
 *   the parent, as on one server.
 * - Sub-partitions: none. Citus cannot distribute a multi-level partitioned table, so a window with
 *   a list column is refused (at plan, and again before any DDL).
 * - Retire: Citus refuses `DETACH PARTITION ... CONCURRENTLY` (and FINALIZE), so a window is
 *   retired by a plain DETACH, then DROP TABLE, each one transaction that takes ACCESS EXCLUSIVE on
 *   the parent (on the coordinator and on every shard of it), with the same lock_timeout and
 *   retries as every step.
 * - lock_timeout: a setting of the coordinator's session is not sent to the workers, where the
 *   shards are locked. Inside each transaction `SET LOCAL citus.propagate_set_commands = 'local'`
 *   makes the `SET LOCAL lock_timeout` after it go to every worker the transaction reaches (Citus
 *   docs, "citus.propagate_set_commands"), so a wait for a shard lock is bounded too.
 */
import type { PartitionInventory } from '../../catalog';
import { readDistribution, type Distribution } from '../../catalog';
import { detachWindowSql, distributeWindowSql, qualifiedName } from '../../core';
import type { Diagnostic } from '../framework/types';
import { error, fail, warning } from '../internal/diagnostics';
import { parentLockName, withSessionLock } from '../internal/advisory-lock';
import type { Session, StepLabel, StepRunner } from '../internal/session';
import { parentOfWindow, qualified, type WindowDecl } from './model';

export type { Distribution };

/** The Citus distribution of `w`'s parent, read on the coordinator; null when it is not distributed (or there is no Citus). */
export function parentDistribution(s: Session, w: WindowDecl, label: StepLabel): Promise<Distribution | null> {
  return s.read(label, (db) => readDistribution(db, w.schema, w.parent_table));
}

const oneLevel = (w: WindowDecl) =>
  `${parentOfWindow(w)} is distributed with Citus, which cannot distribute multi-level partitioned tables: a window of it cannot be PARTITION BY LIST (${w.list_column}). ` +
  'Fix: declare its windows without list_column, sub_partitions and default_sub_partition (one level: in cdktf, no listColumn or activityGroups), and index the list column on the parent instead.';

const noArchive = (w: WindowDecl) =>
  `${parentOfWindow(w)} is distributed with Citus, where pgpartition does not archive windows (moving a detached distributed window and its shards to another schema is not something it does yet). ` +
  'Fix: retention_mode "drop" or "detach" (in cdktf, RetentionPolicy.dropAfterWindows or detachAfterWindows).';

/**
 * Plan errors for `windows` of a distributed parent (from its inventory) that declare a list
 * column or retention_mode `archive`.
 */
export function refusalsOnCitus(inventory: PartitionInventory, windows: readonly WindowDecl[]): Diagnostic[] {
  if (inventory.parent.distribution === null) return [];
  return windows.flatMap((w) => [
    ...(w.list_column !== null ? [error(['list_column'], `Window ${qualified(w)} cannot be sub-partitioned on Citus`, oneLevel(w))] : []),
    ...(w.retention_mode === 'archive' ? [error(['retention_mode'], `Window ${qualified(w)} cannot be archived on Citus`, noArchive(w))] : []),
  ]);
}

/** Fails before any DDL: `w` is to be archived, and its parent is distributed. */
export function refuseArchive(w: WindowDecl): never {
  return fail(['retention_mode'], `Window ${qualified(w)} cannot be archived on Citus`, noArchive(w));
}

/** Fails before any DDL when `w` declares a list column on a distributed parent. */
export function refuseSubPartitions(w: WindowDecl): void {
  if (w.list_column !== null) fail(['list_column'], `Window ${qualified(w)} cannot be sub-partitioned on Citus`, oneLevel(w));
}

/**
 * The first statements of every transaction that changes a window of a distributed parent: the
 * step's lock_timeout, sent to the workers too (see the module doc).
 */
export async function propagateLockTimeout(tx: StepRunner, lockTimeoutMs: number): Promise<void> {
  await tx.run(`SET LOCAL citus.propagate_set_commands = 'local'`);
  await tx.run(`SET LOCAL lock_timeout = ${Math.trunc(lockTimeoutMs)}`);
}

/**
 * Makes a standalone table of ours (left by an earlier apply) distributed like its parent: a local
 * one is distributed and its local copy truncated (no rows stay on the coordinator); one distributed
 * otherwise (another column, another colocation group), which ATTACH would refuse, fails the create.
 */
export async function distributeStandalone(s: Session, w: WindowDecl, parent: Distribution, label: StepLabel): Promise<void> {
  const own = await s.read(label, (db) => readDistribution(db, w.schema, w.name));
  if (own !== null && own.column === parent.column && own.colocationId === parent.colocationId) return;
  if (own !== null) {
    fail(undefined, `${qualified(w)} is distributed unlike its parent`,
      `The standalone table ${qualified(w)} is distributed by "${own.column}" in colocation group ${own.colocationId}; ${parentOfWindow(w)} by "${parent.column}" in group ${parent.colocationId}, and Citus attaches only a colocated table. ` +
        'It is not attached, so it holds no live rows of the parent: drop it by hand (DROP TABLE) and deploy again.');
  }
  await s.transaction(label, async (tx) => {
    await propagateLockTimeout(tx, s.settings.lockTimeoutMs);
    await tx.run(distributeWindowSql(w.schema, w.parent_table, w.name, parent.column));
    await tx.run('SELECT truncate_local_data_after_distributing_table($1)', [qualifiedName(w.schema, w.name)]);
  });
}

/**
 * Detaches `w` from its distributed parent: one transaction under the parent's session lock,
 * plain DETACH (ACCESS EXCLUSIVE on the parent), after checking under that lock that it is still
 * attached (another deploy may have retired it meanwhile).
 */
export async function detachOnCitus(s: Session, w: WindowDecl, label: StepLabel): Promise<void> {
  await withSessionLock(s.runner(label), parentLockName(w.schema, w.parent_table), () =>
    s.transaction(label, async (tx) => {
      await propagateLockTimeout(tx, s.settings.lockTimeoutMs);
      const { rows } = await tx.run('SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass($1) AND inhparent = to_regclass($2)', [qualifiedName(w.schema, w.name), qualifiedName(w.schema, w.parent_table)]);
      if (rows.length === 0) return;
      for (const sql of detachWindowSql(w.schema, w.parent_table, w.name, { concurrently: false })) await tx.run(sql);
    }));
}

/** What a plan to retire `w` from a distributed parent says about its locks. */
export function citusRetirementNotice(w: WindowDecl, parent: Distribution): Diagnostic {
  return warning(undefined, `Retiring ${qualified(w)} takes ACCESS EXCLUSIVE on ${parentOfWindow(w)} (Citus)`,
    `${parentOfWindow(w)} is distributed with Citus (by "${parent.column}", ${parent.shardCount} shards), which refuses DETACH PARTITION ... CONCURRENTLY: ` +
      `the plain DETACH${w.retention_mode === 'drop' ? ', and the DROP TABLE after it, each lock' : ' locks'} the parent and its shards ACCESS EXCLUSIVE, so reads and writes of the whole table wait for ${w.retention_mode === 'drop' ? 'them' : 'it'}. ` +
      'Each try waits at most lock_timeout_ms for its locks, on the coordinator and on the workers, and is retried lock_retries times; run retirements when the table is quiet.');
}
