/**
 * Every change between two declarations of one parent table that happens in place: the column
 * changes of ./column-changes.ts and the index changes, with the statements each runs and their
 * locks, and the lines a plan shows for them. Shared by the provider (plan warnings, apply) and the
 * CLI's plan report, so both say the same.
 *
 * An index added to a table that already has windows is built without blocking writes, bottom-up
 * through the partition tree (parent, window, sub-partition), the way PostgreSQL docs, CREATE INDEX,
 * "Notes" (partitioned tables) describe: `CREATE INDEX ... ON ONLY` the parent and each partitioned
 * window (invalid, nothing built; SHARE for a moment), `CREATE INDEX CONCURRENTLY` on each leaf
 * (SHARE UPDATE EXCLUSIVE: writes go on), then `ALTER INDEX ... ATTACH PARTITION` from the leaves
 * up; the parent's index turns valid when the last partition's index is attached. An index whose
 * definition changes under the same name is refused: declare the new one under another name.
 */
import { columnChanges, type ChangeClass, type ColumnChange } from './column-changes';
import { describeStatement, type PlannedStatement } from './ddl-steps';
import { createIndexSql, dropIndexSql } from './index-copies';
import { describeIndex, indexDefinitionSql, sameIndexDefinition, type ResolvedIndex } from './indexes';
import type { ResolvedParentTable } from './resolve';
import { qualifiedName } from './sql';
import { quoteIdent } from './sql-quote';

/** What an index change does, for the executor (the provider) to run. */
export type IndexOperation = { readonly kind: 'build-index'; readonly index: ResolvedIndex } | { readonly kind: 'drop-index'; readonly index: string };

/** One index change, classified like a column change. */
export interface IndexChange {
  readonly index: string;
  readonly summary: string;
  readonly class: ChangeClass;
  /** Null when refused. */
  readonly operation: IndexOperation | null;
  readonly statements: readonly PlannedStatement[];
  readonly reason?: string;
  readonly options?: string;
}

/** The in-place changes between two declarations of a table. */
export interface SchemaChanges {
  readonly columns: readonly ColumnChange[];
  readonly indexes: readonly IndexChange[];
}

/** The partition tree a change reaches, for the plan: direct partitions, leaves and their bytes. */
export interface TreeSize {
  readonly windows: number;
  /** Tables that hold rows: sub-partitions, and windows without sub-partitions. */
  readonly leaves: number;
  /** Bytes of every leaf (heap, TOAST, indexes). */
  readonly bytes: number;
}

/**
 * The statements that build `ix` on `schema.table` and every partition, as templates for the plan
 * (`<window>`, `<leaf>`: once per partitioned window and per leaf; copies are named
 * `<table>_<suffix>` by ./index-copies.ts). The provider runs the same builders per partition.
 */
export function indexBuildStatements(schema: string, table: string, ix: ResolvedIndex): PlannedStatement[] {
  const source = { name: ix.name, definition: indexDefinitionSql(ix), unique: ix.unique };
  const copy = (placeholder: string) => ({ ...source, name: `${placeholder}_${ix.name.startsWith(`${table}_`) ? ix.name.slice(table.length + 1) : ix.name}` });
  return [
    { sql: createIndexSql(qualifiedName(schema, table), source, { only: true, ifNotExists: true }), lock: 'SHARE', on: 'the parent only', duration: 'momentary' },
    { sql: createIndexSql('<window>', copy('<window>'), { only: true, ifNotExists: true }), lock: 'SHARE', on: 'each sub-partitioned window only', duration: 'momentary' },
    { sql: createIndexSql('<leaf>', copy('<leaf>'), { concurrently: true }), lock: 'SHARE UPDATE EXCLUSIVE', on: 'each leaf, one at a time', duration: 'build' },
    { sql: `ALTER INDEX <index of the leaf's parent> ATTACH PARTITION <index of the leaf>`, lock: 'ACCESS EXCLUSIVE', on: 'the attached index only (SHARE UPDATE EXCLUSIVE on its parent index)', duration: 'momentary' },
    { sql: `ALTER INDEX ${quoteIdent(schema)}.${quoteIdent(ix.name)} ATTACH PARTITION <index of each window>`, lock: 'ACCESS EXCLUSIVE', on: 'the attached index only (SHARE UPDATE EXCLUSIVE on the parent\'s index)', duration: 'momentary' },
  ];
}

/** The index changes from `prior` to `next`, matched by name: builds first, then drops. */
export function indexChanges(prior: ResolvedParentTable, next: ResolvedParentTable): IndexChange[] {
  const builds: IndexChange[] = [];
  const drops: IndexChange[] = [];
  for (const ix of next.indexes) {
    const before = prior.indexes.find((p) => p.name === ix.name);
    const name = quoteIdent(ix.name);
    if (before === undefined) {
      builds.push({
        index: ix.name,
        summary: `build index ${name} ${describeIndex(ix)} on every leaf without blocking writes (CREATE INDEX CONCURRENTLY, then attached bottom-up)`,
        class: 'builds',
        operation: { kind: 'build-index', index: ix },
        statements: indexBuildStatements(next.schema, next.name, ix),
      });
    } else if (!sameIndexDefinition(before, ix)) {
      builds.push({
        index: ix.name,
        summary: `index ${name}: ${describeIndex(before)} -> ${describeIndex(ix)}`,
        class: 'refused',
        operation: null,
        statements: [],
        reason: 'changing an index under the same name would drop it first, leaving every query (and, for a unique index, every insert) without it until the new one is built',
        options: 'declare the new definition under another name (it is built without blocking writes next to the old one) and remove the old entry, in the same or a later change; or keep the definition',
      });
    }
  }
  for (const before of prior.indexes) {
    if (next.indexes.some((ix) => ix.name === before.name)) continue;
    drops.push({
      index: before.name,
      summary: `drop index ${quoteIdent(before.name)} ${describeIndex(before)} from the parent and every partition`,
      class: 'metadata-only',
      operation: { kind: 'drop-index', index: before.name },
      statements: [{ sql: dropIndexSql(next.schema, before.name), lock: 'ACCESS EXCLUSIVE', on: 'the parent and every partition', duration: 'momentary' }],
    });
  }
  return [...builds, ...drops];
}

/**
 * The in-place changes from `prior` to `next` (module doc). `spell` as in {@link columnChanges}.
 * Table identity (schema, name, range column, DEFAULT partition) is not compared here: changing it
 * is a replacement, which the provider refuses for a table that holds rows.
 */
export function schemaChanges(prior: ResolvedParentTable, next: ResolvedParentTable, spell?: (type: string) => string): SchemaChanges {
  return { columns: columnChanges(prior, next, spell), indexes: indexChanges(prior, next) };
}

/** The changes in the order they run: column changes (drops last), index builds, index drops, column drops. */
export function orderedChanges(c: SchemaChanges): readonly (ColumnChange | IndexChange)[] {
  const drops = c.columns.filter((x) => x.operation?.kind === 'drop-column');
  return [...c.columns.filter((x) => !drops.includes(x)), ...c.indexes, ...drops];
}

/** True when some change is refused. */
export function hasRefusal(c: SchemaChanges): boolean {
  return [...c.columns, ...c.indexes].some((x) => x.class === 'refused');
}

/** True when nothing changes. */
export function isUnchanged(c: SchemaChanges): boolean {
  return c.columns.length === 0 && c.indexes.length === 0;
}

/** `17 windows, 187 leaves, 1.2 GiB`. */
export function describeTree(t: TreeSize): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let size = t.bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  const bytes = unit === 0 ? `${t.bytes} bytes` : `${size.toFixed(1)} ${units[unit]}`;
  return `${t.windows} ${t.windows === 1 ? 'window' : 'windows'}, ${t.leaves} ${t.leaves === 1 ? 'leaf' : 'leaves'}, ${bytes}`;
}

/**
 * The lines a plan shows for the changes of table `qualified` (runnable ones with their statements
 * and locks, indented): a heading with the tree they reach (when known), then one line per change.
 */
export function describeChanges(qualified: string, c: SchemaChanges, tree: TreeSize | null): string[] {
  const runnable = orderedChanges(c).filter((x) => x.class !== 'refused');
  if (runnable.length === 0) return [];
  const lines = [`${qualified}${tree === null ? '' : ` (${describeTree(tree)})`}: ${runnable.length} ${runnable.length === 1 ? 'change' : 'changes'} in place, in this order:`];
  for (const x of runnable) {
    lines.push(`- ${x.summary}`);
    for (const s of x.statements) lines.push(`    ${describeStatement(s)}`);
  }
  return lines;
}

/** One line per refused change: what, why, and the options. */
export function describeRefusals(c: SchemaChanges): string[] {
  return [...c.columns, ...c.indexes].filter((x) => x.class === 'refused').map((x) => `${x.summary}: refused, ${x.reason}. Options: ${x.options}.`);
}
