/**
 * SQL text builders. Every identifier goes through {@link quoteIdent} and every value through
 * {@link quoteLiteral}: no raw input is ever concatenated into a statement (column types, which are
 * SQL syntax, pass the type-name grammar of ./sql-type.ts in `resolveParentTable` first). Each
 * builder returns single statements without trailing semicolons, so the provider can run each with
 * its own `lock_timeout` (safety rule 5).
 *
 * Windows are built the production-grade way (PostgreSQL docs 5.11.2.2, "Partition Maintenance"):
 * a standalone table with its sub-partitions, the parent's indexes under names of our own (see
 * ./index-copies.ts) and a CHECK constraint matching the bound, then ATTACH (SHARE UPDATE EXCLUSIVE
 * on the parent); retired with DETACH CONCURRENTLY, then DROP.
 */
import { createIndexSql, indexCopies, indexCopySql, type ParentIndex } from './index-copies';
import { indexDefinitionSql } from './indexes';
import { quoteIdent, quoteLiteral } from './sql-quote';
import { boundCheckName, defaultPartitionName, fitIdentifier } from './naming';
import { ownershipMark, type Ownership } from './ownership';
import type { ResolvedDistribution, ResolvedParentTable, ResolvedSpec } from './resolve';
import type { RangeColumnType, SubPartitionPlan, WindowPlan } from './spec';

export { quoteIdent, quoteLiteral };

/** `"schema"."name"`. */
export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** A canonical bound as a typed literal, e.g. `'2024-12-23T00:00:00Z'::timestamptz`. */
export function boundLiteral(bound: string, type: RangeColumnType): string {
  return `${quoteLiteral(bound)}::${type}`;
}

/** `COMMENT ON TABLE "schema"."name" IS '<mark>'`: the ownership mark of `ownership` (see ./ownership.ts). */
export function ownershipCommentSql(schema: string, name: string, ownership: Ownership): string {
  return `COMMENT ON TABLE ${qualifiedName(schema, name)} IS ${quoteLiteral(ownershipMark(ownership))}`;
}

/** `<parent>_pkey`, fitted to 63 bytes: the name of the parent table's primary key. */
export function primaryKeyName(table: string): string {
  return fitIdentifier(`${table}_pkey`, '_pkey');
}

const columnList = (columns: readonly string[]): string => columns.map(quoteIdent).join(', ');

/** `"name" type [DEFAULT constant] [NOT NULL]`: one column of CREATE TABLE or ADD COLUMN (type and default passed their grammars in resolveParentTable). */
export function columnDefinitionSql(c: ResolvedParentTable['columns'][number]): string {
  return `${quoteIdent(c.name)} ${c.type}${c.default === null ? '' : ` DEFAULT ${c.default}`}${c.nullable ? '' : ' NOT NULL'}`;
}

/**
 * `SELECT create_distributed_table('<schema.table>', '<column>'[, shard_count => n][, colocate_with => '<table>'])`:
 * Citus hash-distributes the table (and its partitions) over the worker nodes. The column is
 * passed verbatim (Citus looks it up by its exact name); `colocateWith` names a table in `schema`,
 * or is `none`.
 */
export function distributeTableSql(schema: string, table: string, d: ResolvedDistribution): string {
  const args = [
    quoteLiteral(qualifiedName(schema, table)),
    quoteLiteral(d.column),
    ...(d.shardCount !== null ? [`shard_count => ${Math.trunc(d.shardCount)}`] : []),
    ...(d.colocateWith !== null ? [`colocate_with => ${quoteLiteral(d.colocateWith === 'none' ? 'none' : qualifiedName(schema, d.colocateWith))}`] : []),
  ];
  return `SELECT create_distributed_table(${args.join(', ')})`;
}

/**
 * Distributes a standalone window by the parent's distribution column, colocated with the parent:
 * Citus attaches a distributed table only to a parent it is colocated with ("distributed tables
 * cannot have non-colocated distributed tables as a partition"), and a window distributed before it
 * holds rows keeps nothing on the coordinator.
 */
export function distributeWindowSql(schema: string, parent: string, window: string, column: string): string {
  return distributeTableSql(schema, window, { column, shardCount: null, colocateWith: parent });
}

/**
 * Creates the parent table `PARTITION BY RANGE (rangeColumn)` with its columns, primary key
 * ({@link primaryKeyName}), indexes and ownership mark, its DEFAULT partition (with mark) when
 * `defaultPartition` is set, and distributes it with Citus (the DEFAULT partition with it) when
 * `distribution` is set: run them in one transaction, so the table never exists undistributed.
 */
export function createParentTableSql(table: ResolvedParentTable, ownership: Ownership): string[] {
  const parent = qualifiedName(table.schema, table.name);
  const columns = table.columns.map(columnDefinitionSql);
  const key = `CONSTRAINT ${quoteIdent(primaryKeyName(table.name))} PRIMARY KEY (${columnList(table.primaryKey)})`;
  const statements = [
    `CREATE TABLE ${parent} (${[...columns, key].join(', ')}) PARTITION BY RANGE (${quoteIdent(table.rangeColumn)})`,
    ...declaredParentIndexes(table).filter((ix) => ix.kind === 'index').map((ix) => createIndexSql(parent, ix)),
    ownershipCommentSql(table.schema, table.name, ownership),
  ];
  if (table.defaultPartition) {
    const name = defaultPartitionName(table.name);
    statements.push(`CREATE TABLE ${qualifiedName(table.schema, name)} PARTITION OF ${parent} DEFAULT`);
    statements.push(ownershipCommentSql(table.schema, name, ownership));
  }
  if (table.distribution) statements.push(distributeTableSql(table.schema, table.name, table.distribution));
  return statements;
}

/**
 * The primary key and indexes {@link createParentTableSql} gives `table`, as the {@link ParentIndex}es
 * its windows copy (the provider reads them from the live parent instead).
 */
export function declaredParentIndexes(table: ResolvedParentTable): ParentIndex[] {
  return [
    { name: primaryKeyName(table.name), kind: 'primary', definition: `PRIMARY KEY (${columnList(table.primaryKey)})`, unique: true },
    ...table.indexes.map((ix): ParentIndex => ({ name: ix.name, kind: 'index', definition: indexDefinitionSql(ix), unique: ix.unique })),
  ];
}

/** The bounds of a window as the SQL builders need them (a {@link WindowPlan} fits). */
export interface WindowBounds {
  readonly name: string;
  /** Canonical bound text (inclusive). */
  readonly from: string;
  /** Canonical bound text (exclusive). */
  readonly to: string;
}

/** What {@link createStandaloneWindowSql} needs. */
export interface StandaloneWindowArgs {
  readonly schema: string;
  readonly parent: string;
  readonly window: WindowBounds & { readonly subPartitions: readonly SubPartitionPlan[] };
  readonly rangeColumn: string;
  readonly rangeType: RangeColumnType;
  /** null: the window is a plain table (no sub-partitions). */
  readonly listColumn: string | null;
  /** The parent's primary key, unique constraints and indexes, copied under names of our own. */
  readonly indexes: readonly ParentIndex[];
  /** Written into every table's ownership mark. */
  readonly ownership: Ownership;
}

/**
 * The CHECK expression equal to the window's partition constraint:
 * `"col" IS NOT NULL AND "col" >= '<from>'::type AND "col" < '<to>'::type`.
 */
export function boundCheckExpression(rangeColumn: string, from: string, to: string, type: RangeColumnType): string {
  const col = quoteIdent(rangeColumn);
  return `${col} IS NOT NULL AND ${col} >= ${boundLiteral(from, type)} AND ${col} < ${boundLiteral(to, type)}`;
}

/**
 * Builds a window as a standalone table, not yet attached: `LIKE` the parent (columns, defaults,
 * CHECK constraints), `PARTITION BY LIST` on the list column (if any) with one sub-partition per
 * group and the DEFAULT one, the parent's indexes copied onto every sub-partition and then the
 * window (./index-copies.ts: explicit names, so ATTACH adopts them instead of building them under
 * its lock), and a CHECK constraint ({@link boundCheckName}) matching the bound, which the
 * sub-partitions inherit, so ATTACH can skip its validation scan (PostgreSQL docs 5.11.2.2).
 * Ownership marks on every table. Takes no lock on the parent beyond ACCESS SHARE (for LIKE), so
 * windows can be built in parallel.
 */
export function createStandaloneWindowSql(args: StandaloneWindowArgs): string[] {
  const { schema, window } = args;
  const table = qualifiedName(schema, window.name);
  const check = `CONSTRAINT ${quoteIdent(boundCheckName(window.name))} CHECK (${boundCheckExpression(args.rangeColumn, window.from, window.to, args.rangeType)})`;
  const like = `LIKE ${qualifiedName(schema, args.parent)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS`;
  const partitionBy = args.listColumn === null ? '' : ` PARTITION BY LIST (${quoteIdent(args.listColumn)})`;
  const statements = [`CREATE TABLE ${table} (${like}, ${check})${partitionBy}`, ownershipCommentSql(schema, window.name, args.ownership)];
  const copies = (name: string) => indexCopySql(qualifiedName(schema, name), indexCopies(name, args.parent, args.indexes));
  if (args.listColumn === null) return [...statements, ...copies(window.name)];
  for (const sub of window.subPartitions) {
    const bound = sub.values === null ? 'DEFAULT' : `FOR VALUES IN (${sub.values.map(quoteLiteral).join(', ')})`;
    statements.push(`CREATE TABLE ${qualifiedName(schema, sub.name)} PARTITION OF ${table} ${bound}`);
    statements.push(ownershipCommentSql(schema, sub.name, args.ownership));
  }
  // leaves first: the window's own copies then attach theirs instead of building new ones
  for (const sub of window.subPartitions) statements.push(...copies(sub.name));
  return [...statements, ...copies(window.name)];
}

/** What {@link attachWindowSql} and {@link moveDefaultRowsSql} need. */
export interface AttachWindowArgs {
  readonly schema: string;
  readonly parent: string;
  readonly window: WindowBounds;
  readonly rangeColumn: string;
  readonly rangeType: RangeColumnType;
}

/**
 * `ALTER TABLE parent ATTACH PARTITION window FOR VALUES FROM (...) TO (...)` (SHARE UPDATE
 * EXCLUSIVE on the parent), then dropping the bound CHECK constraint, which the partition
 * constraint now makes redundant.
 */
export function attachWindowSql(args: Pick<AttachWindowArgs, 'schema' | 'parent' | 'window'>): string[] {
  const { schema, window } = args;
  const table = qualifiedName(schema, window.name);
  return [
    `ALTER TABLE ${qualifiedName(schema, args.parent)} ATTACH PARTITION ${table} ` +
      `FOR VALUES FROM (${quoteLiteral(window.from)}) TO (${quoteLiteral(window.to)})`,
    `ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${quoteIdent(boundCheckName(window.name))}`,
  ];
}

/**
 * Moves the rows of [from, to) out of the parent's DEFAULT partition into the standalone window,
 * in one statement. Run it in the same transaction as, and before, the ATTACH: otherwise ATTACH
 * fails with "updated partition constraint for default partition ... would be violated", and
 * rows are never lost (safety rule 4). The DELETE goes through the parent: while no window covers
 * [from, to) only the DEFAULT partition can hold such rows, and `RETURNING *` of the parent lists
 * columns in the parent's order, which the window (created `LIKE` the parent) shares; an adopted
 * DEFAULT partition may order its columns differently, and `SELECT *` matches by position.
 */
export function moveDefaultRowsSql(args: AttachWindowArgs): string[] {
  const { schema, window } = args;
  const source = qualifiedName(schema, args.parent);
  const where = boundCheckExpression(args.rangeColumn, window.from, window.to, args.rangeType);
  return [
    `WITH moved AS (DELETE FROM ${source} WHERE ${where} RETURNING *) ` +
      `INSERT INTO ${qualifiedName(schema, window.name)} SELECT * FROM moved`,
  ];
}

/**
 * `ALTER TABLE parent DETACH PARTITION window [CONCURRENTLY]`. CONCURRENTLY takes only SHARE
 * UPDATE EXCLUSIVE on the parent but cannot run in a transaction block and is refused when the
 * parent has a DEFAULT partition; plain DETACH takes ACCESS EXCLUSIVE on the parent.
 */
export function detachWindowSql(schema: string, parent: string, window: string, options: { readonly concurrently: boolean }): string[] {
  return [
    `ALTER TABLE ${qualifiedName(schema, parent)} DETACH PARTITION ${qualifiedName(schema, window)}${options.concurrently ? ' CONCURRENTLY' : ''}`,
  ];
}

/** Completes a DETACH CONCURRENTLY that was cut short (the partition is "detach pending"). */
export function finalizeDetachSql(schema: string, parent: string, window: string): string[] {
  return [`ALTER TABLE ${qualifiedName(schema, parent)} DETACH PARTITION ${qualifiedName(schema, window)} FINALIZE`];
}

/** `DROP TABLE schema.window` of a detached window (drops its sub-partitions with it). */
export function dropWindowSql(schema: string, window: string): string[] {
  return [`DROP TABLE ${qualifiedName(schema, window)}`];
}

/**
 * Moves the tables `tables` (a detached window and its sub-partitions, which `ALTER TABLE ... SET
 * SCHEMA` does not take along: it moves a table with its indexes and constraints only, docs
 * "ALTER TABLE") from `schema` to `to`, creating `to` first with `createSchema` (CREATE SCHEMA
 * checks the CREATE privilege on the database even when the schema exists, so only when it is
 * missing), and writes `ownership` on each. One transaction's statements; no lock beyond the
 * tables' own (they are no partition).
 */
export function moveWindowSql(schema: string, to: string, tables: readonly string[], ownership: Ownership, createSchema: boolean): string[] {
  return [
    ...(createSchema ? [`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(to)}`] : []),
    ...tables.map((t) => `ALTER TABLE ${qualifiedName(schema, t)} SET SCHEMA ${quoteIdent(to)}`),
    ...tables.map((t) => ownershipCommentSql(to, t, ownership)),
  ];
}

/**
 * All statements that bring a planned window into existence, in order: `build` (standalone table,
 * sub-partitions, marks, and on a distributed table {@link distributeWindowSql}; its own
 * transaction, can run in parallel with other windows) and
 * `attach` (moving rows out of the DEFAULT partition if the parent has one, then ATTACH and
 * dropping the CHECK; one transaction).
 */
export function windowSql(spec: ResolvedSpec, window: WindowPlan, ownership: Ownership): { build: string[]; attach: string[] } {
  const t = spec.table;
  const args = { schema: t.schema, parent: t.name, window, rangeColumn: t.rangeColumn, rangeType: t.rangeType };
  return {
    build: [
      ...createStandaloneWindowSql({ ...args, listColumn: t.listColumn, indexes: declaredParentIndexes(t), ownership }),
      ...(t.distribution ? [distributeWindowSql(t.schema, t.name, window.name, t.distribution.column)] : []),
    ],
    attach: [...(t.defaultPartition ? moveDefaultRowsSql(args) : []), ...attachWindowSql(args)],
  };
}

export interface AddSubPartitionArgs {
  readonly schema: string;
  readonly window: string;
  readonly listColumn: string;
  /** values null: the DEFAULT sub-partition. */
  readonly sub: { readonly name: string; readonly values: readonly string[] | null };
  /** The window's existing DEFAULT sub-partition, whose rows for these values move. */
  readonly defaultSubPartition: string | null;
  /** The parent table (whose index names the copies' names derive from) and its indexes. */
  readonly parent: string;
  readonly indexes: readonly ParentIndex[];
  readonly ownership: Ownership;
}

/**
 * Adds ONE sub-partition to an existing window (attached or standalone): when a sub-partition of
 * the window's recorded layout is gone, or a reused standalone window lacks one. Same shape as a
 * window build: a standalone table `LIKE` the window with the parent's indexes copied under names
 * of our own (ATTACH then adopts them), the rows for its values moved out of the
 * window's DEFAULT sub-partition, then ATTACH. The statements, in order; run them in ONE
 * transaction, so rows are never lost (safety rule 4) and the ATTACH does not fail on rows the
 * DEFAULT sub-partition holds for these values.
 */
export function addSubPartitionSql(a: AddSubPartitionArgs): string[] {
  const window = qualifiedName(a.schema, a.window);
  const table = qualifiedName(a.schema, a.sub.name);
  const statements = [
    // INCLUDING CONSTRAINTS copies a standalone window's bound CHECK, which ATTACH requires the new partition to have
    `CREATE TABLE ${table} (LIKE ${window} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`,
    ownershipCommentSql(a.schema, a.sub.name, a.ownership),
    ...indexCopySql(table, indexCopies(a.sub.name, a.parent, a.indexes)),
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
