/**
 * SQL that adds ONE sub-partition to an existing window (attached or standalone), used when a
 * sub-partition of the window's recorded layout is gone, a window gains a group, or a reused
 * standalone window lacks one. The core's `createStandaloneWindowSql` builds whole windows only.
 *
 * Same shape as the core's window build: the sub-partition is built as a standalone table `LIKE`
 * the window, rows for its values are moved out of the window's DEFAULT sub-partition into it,
 * then it is ATTACHed; all in ONE transaction, so rows are never lost (safety rule 4) and
 * the ATTACH does not fail on rows the DEFAULT sub-partition holds for these values.
 */
import { ownershipCommentSql, qualifiedName, quoteIdent, quoteLiteral } from '../../core';

export interface AddSubPartitionArgs {
  readonly schema: string;
  readonly window: string;
  readonly listColumn: string;
  /** values null: the DEFAULT sub-partition. */
  readonly sub: { readonly name: string; readonly values: readonly string[] | null };
  /** The window's existing DEFAULT sub-partition, whose rows for these values move. */
  readonly defaultSubPartition: string | null;
}

/** The statements, in order; run them in one transaction. */
export function addSubPartitionSql(a: AddSubPartitionArgs): string[] {
  const window = qualifiedName(a.schema, a.window);
  const table = qualifiedName(a.schema, a.sub.name);
  const statements = [
    // INCLUDING CONSTRAINTS copies a standalone window's bound CHECK, which ATTACH requires the new partition to have
    `CREATE TABLE ${table} (LIKE ${window} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`,
    ownershipCommentSql(a.schema, a.sub.name),
  ];
  if (a.sub.values === null) return [...statements, `ALTER TABLE ${window} ATTACH PARTITION ${table} DEFAULT`];
  const values = a.sub.values.map(quoteLiteral).join(', ');
  if (a.defaultSubPartition !== null) {
    statements.push(
      // through the window: only its DEFAULT sub-partition can hold these values, and RETURNING * then
      // lists columns in the window's order, which the new table (LIKE the window) shares
      `WITH moved AS (DELETE FROM ${window} WHERE ${quoteIdent(a.listColumn)} IN (${values}) RETURNING *) ` +
        `INSERT INTO ${table} SELECT * FROM moved`,
    );
  }
  return [...statements, `ALTER TABLE ${window} ATTACH PARTITION ${table} FOR VALUES IN (${values})`];
}
