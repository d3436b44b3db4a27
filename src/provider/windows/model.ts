/**
 * One window as the provider's window functions take it: the declared window (snake_case, as in the
 * schemas of `pgpartition_window` and of the windows of a table resource) plus what identifies its
 * owner. Every resource shape converts its own model to a {@link WindowDecl} and calls the functions
 * of this folder (plan checks, create, retire, read), so the rules live in one place.
 */
import { mayAdopt, type Ownership, type RangeColumnType, type SubPartitionPlan } from '../../core';

/** One group sub-partition: its partition name and list values. */
export type SubPartitionModel = { readonly name: string; readonly values: readonly string[] };

/** What `retention_mode` asks of a retirement (`archive`: detach and move to `archive_schema`, drop after `keep_for`). */
export type RetentionMode = 'drop' | 'detach' | 'archive' | 'keep';

/** A declared window (a type, not an interface, so resource models built on it stay plain records). */
export type WindowDecl = {
  readonly schema: string;
  readonly parent_table: string;
  readonly name: string;
  readonly range_column: string;
  readonly range_type: RangeColumnType;
  /** Canonical inclusive lower partition bound. */
  readonly from: string;
  /** Canonical exclusive upper partition bound. */
  readonly to: string;
  readonly list_column: string | null;
  readonly sub_partitions: readonly SubPartitionModel[] | null;
  readonly default_sub_partition: string | null;
  /** PostgreSQL interval text such as `12 weeks`; null keeps the window forever. */
  readonly retention: string | null;
  readonly retention_mode: RetentionMode;
  /** With retention_mode `archive`: the schema an archived window and its sub-partitions move to. */
  readonly archive_schema: string | null;
  /** With retention_mode `archive`: PostgreSQL interval text an archived window is kept for after its retention, e.g. `7 days`. */
  readonly keep_for: string | null;
  /** Declared archived (detached, in `archive_schema`); null is false. */
  readonly archived: boolean | null;
  /** Stable id of the declaration owning it, written into the ownership mark. */
  readonly owner: string;
};

/** The schema the window's tables are declared to be in: `archive_schema` when archived, else the parent's. */
export const declaredSchema = (w: Pick<WindowDecl, 'schema' | 'archive_schema' | 'archived'>): string => (w.archived === true && w.archive_schema ? w.archive_schema : w.schema);

/** Schemas to look for the window's tables in, the declared one first: an archived window may have been moved back by hand, and the other way round. */
export const schemasOf = (w: Pick<WindowDecl, 'schema' | 'archive_schema' | 'archived'>): string[] =>
  [...new Set([declaredSchema(w), w.schema, ...(w.archive_schema ? [w.archive_schema] : [])])];

/** `<schema>.<name>` of a window (unquoted, for messages and ids). */
export const qualified = (w: Pick<WindowDecl, 'schema' | 'name'>): string => `${w.schema}.${w.name}`;

/** `<schema>.<parent>` of a window's parent table. */
export const parentOfWindow = (w: Pick<WindowDecl, 'schema' | 'parent_table'>): string => `${w.schema}.${w.parent_table}`;

/** The ownership a window's mark carries. */
export const ownershipOf = (w: Pick<WindowDecl, 'schema' | 'parent_table' | 'owner'>): Ownership => ({ table: parentOfWindow(w), owner: w.owner });

/** `[from, to)` of a window, for messages. */
export const boundsText = (w: Pick<WindowDecl, 'from' | 'to'>): string => `[${w.from}, ${w.to})`;

/** Group sub-partitions then the DEFAULT one, in the core's shape. */
export function subPartitionPlans(w: WindowDecl): SubPartitionPlan[] {
  const groups = (w.sub_partitions ?? []).map((s) => ({ name: s.name, group: s.name, values: s.values }));
  return w.default_sub_partition ? [...groups, { name: w.default_sub_partition, group: 'default', values: null }] : groups;
}

/** Every table a window consists of: the window, then its sub-partitions. */
export function tablesOf(w: WindowDecl): string[] {
  return [w.name, ...subPartitionPlans(w).map((s) => s.name)];
}

/** Owner id in the state of an imported window until the first apply writes the configured owner's mark. */
export const IMPORTED_OWNER = '(imported)';

/**
 * Whose tables a create may take over besides its own and those with the earlier mark without
 * owner: `import` (the user imported the window: whatever its mark says), or `owner` (the state was
 * this declaration's under another owner id, which the configuration changed on purpose).
 */
export type Handover = { readonly kind: 'import' } | { readonly kind: 'owner'; readonly owner: string };

/**
 * True when `w` may touch (adopt, retire) a table whose comment is `comment`: its own mark, the
 * earlier mark without owner, and whatever `handover` allows; a window whose state comes from an
 * import ({@link IMPORTED_OWNER}) may touch the table it was imported from.
 */
export function mayTake(comment: string | null, w: WindowDecl, handover?: Handover): boolean {
  if (mayAdopt(comment, ownershipOf(w)) || handover?.kind === 'import' || w.owner === IMPORTED_OWNER) return true;
  return handover?.kind === 'owner' && mayAdopt(comment, ownershipOf({ ...w, owner: handover.owner }));
}
