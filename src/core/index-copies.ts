/**
 * The parent table's primary key, unique constraints and indexes, copied onto a window and each of
 * its sub-partitions under names pgpartition chooses, before the window is attached.
 *
 * Why not `LIKE parent INCLUDING INDEXES`: PostgreSQL then names each copy itself, from the table
 * name cut to 63 bytes plus a number it picks by looking at the catalog (PostgreSQL docs, CREATE
 * INDEX: "the name is chosen automatically"). Two windows built at once (terraform builds ten in
 * parallel) with a long parent name pick the same name and one fails with `already exists`. Here
 * every name is `<table>_<suffix>` fitted to 63 bytes by {@link fitIdentifier} (hash suffix), so
 * the names of different tables never meet.
 *
 * Order: each leaf first, then the window (partitioned): adding an index or a primary key to a
 * partitioned table attaches the matching index each partition already has instead of building one
 * (PostgreSQL docs, CREATE INDEX, "Notes": partitioned tables; ALTER INDEX ... ATTACH PARTITION), and
 * ATTACH PARTITION of the window in turn attaches its indexes to the parent's.
 */
import { fitIdentifier } from './naming';
import { quoteIdent } from './sql-quote';

/** One index or constraint of the parent table that every window and sub-partition copies. */
export interface ParentIndex {
  /** Its name on the parent table. */
  readonly name: string;
  /** `primary` / `unique`: a constraint (with its index); `index`: an index without constraint. */
  readonly kind: 'primary' | 'unique' | 'index';
  /**
   * For a constraint, its definition as `pg_get_constraintdef` prints it, e.g. `PRIMARY KEY (a, b)`;
   * for an index, everything after `ON <table>` of `pg_get_indexdef`, e.g. `USING btree (a) WHERE (b > 0)`.
   */
  readonly definition: string;
  /** For `index`: a UNIQUE index. */
  readonly unique: boolean;
}

/** A parent index and the name its copy takes on one table. */
export interface IndexCopy {
  readonly source: ParentIndex;
  readonly name: string;
}

/**
 * Names of the copies of `indexes` on `table`: `<table>_<suffix>`, the suffix being the parent
 * index's name without the `<parent>_` it usually starts with (`account_balances_timestamp_idx` on
 * window `account_balances_2025_01_06` -> `account_balances_2025_01_06_timestamp_idx`, the name
 * PostgreSQL itself would choose), or the whole parent index name when two parent indexes would share
 * a suffix. Fitted to 63 bytes; distinct inputs give distinct names.
 */
export function indexCopies(table: string, parent: string, indexes: readonly ParentIndex[]): IndexCopy[] {
  const suffix = (name: string) => (name.startsWith(`${parent}_`) && name.length > parent.length + 1 ? name.slice(parent.length + 1) : name);
  const counts = new Map<string, number>();
  for (const ix of indexes) counts.set(suffix(ix.name), (counts.get(suffix(ix.name)) ?? 0) + 1);
  return indexes.map((source) => {
    const s = counts.get(suffix(source.name))! > 1 ? source.name : suffix(source.name);
    return { source, name: fitIdentifier(`${table}_${s}`, `_${s}`) };
  });
}

/**
 * The statements that give `qualifiedTable` (quoted, e.g. `"public"."w_g00"`) its copies:
 * `ALTER TABLE t ADD CONSTRAINT <name> PRIMARY KEY (...)` for constraints, `CREATE [UNIQUE] INDEX
 * <name> ON t USING ...` for indexes.
 */
export function indexCopySql(qualifiedTable: string, copies: readonly IndexCopy[]): string[] {
  return copies.map(({ source, name }) =>
    source.kind === 'index'
      ? createIndexSql(qualifiedTable, { ...source, name })
      : `ALTER TABLE ${qualifiedTable} ADD CONSTRAINT ${quoteIdent(name)} ${source.definition}`,
  );
}

/** How {@link createIndexSql} creates an index. */
export interface CreateIndexOptions {
  /** `ON ONLY`: the partitioned table's own index, invalid until every partition's index is attached. */
  readonly only?: boolean;
  /** `CONCURRENTLY`: writes go on while it builds; cannot run in a transaction block. */
  readonly concurrently?: boolean;
  /** `IF NOT EXISTS`. */
  readonly ifNotExists?: boolean;
}

/**
 * `CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] "name" ON [ONLY] <qualifiedTable> <definition>`
 * for an index (`kind` `index`) of the parent's, under the name `name` (its own, or a copy's).
 */
export function createIndexSql(qualifiedTable: string, ix: Pick<ParentIndex, 'name' | 'definition' | 'unique'>, o: CreateIndexOptions = {}): string {
  return `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${o.concurrently ? 'CONCURRENTLY ' : ''}${o.ifNotExists ? 'IF NOT EXISTS ' : ''}${quoteIdent(ix.name)} ` +
    `ON ${o.only ? 'ONLY ' : ''}${qualifiedTable} ${ix.definition}`;
}

/**
 * `ALTER INDEX <parentIndex> ATTACH PARTITION <childIndex>` (both quoted, `"schema"."name"`): makes a partition's index part of its parent's partitioned index; once every partition's
 * index is attached the parent's becomes valid (PostgreSQL docs, ALTER INDEX). Measured locks: SHARE
 * UPDATE EXCLUSIVE on the parent index, ACCESS EXCLUSIVE on the child index, momentarily.
 */
export function attachIndexSql(qualifiedParentIndex: string, qualifiedChildIndex: string): string {
  return `ALTER INDEX ${qualifiedParentIndex} ATTACH PARTITION ${qualifiedChildIndex}`;
}

/**
 * `DROP INDEX [CONCURRENTLY] IF EXISTS "schema"."name"`. A partitioned index drops with its
 * partitions' indexes and cannot be dropped CONCURRENTLY (SQLSTATE 0A000); a leaf's index can.
 */
export function dropIndexSql(schema: string, name: string, o: { readonly concurrently?: boolean } = {}): string {
  return `DROP INDEX ${o.concurrently ? 'CONCURRENTLY ' : ''}IF EXISTS ${quoteIdent(schema)}.${quoteIdent(name)}`;
}
