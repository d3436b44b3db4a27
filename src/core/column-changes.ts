/**
 * What changing the columns of a declared parent table does to the live table, decided before
 * anything runs: each change is `metadata-only` (a catalog change under a momentary lock),
 * `scans` (reads every row, but under a lock that lets writes go on), `drops-data` (the explicit
 * opt-in of `dropColumns`), or `refused` (PostgreSQL would rewrite every partition, or cannot do it
 * at all), with the reason and the options. The parent table is never replaced to get there.
 *
 * The rules, from PostgreSQL docs, ALTER TABLE, "Notes", and release notes:
 * - ADD COLUMN without a default, or with a non-volatile default, stores the default in the catalog
 *   and rewrites nothing (PostgreSQL 11+); with NOT NULL and a default nothing is scanned either.
 *   NOT NULL without a default fails on a table with rows.
 * - DROP COLUMN only hides the column ("the space is reclaimed as rows are updated").
 * - SET/DROP DEFAULT and DROP NOT NULL are catalog changes.
 * - SET NOT NULL scans the table under ACCESS EXCLUSIVE, unless a valid CHECK (col IS NOT NULL)
 *   proves it (PostgreSQL 12+). So pgpartition adds that CHECK as NOT VALID (momentary), VALIDATEs
 *   it (a scan under SHARE UPDATE EXCLUSIVE: writes go on), then SETs NOT NULL (no scan) and drops
 *   the CHECK.
 * - ALTER COLUMN TYPE rewrites the table unless the old type is binary coercible to the new one
 *   (`varchar(n)` to `text`) or only a length/precision limit is raised (`varchar(n)` to a larger n,
 *   `numeric(p,s)` to a larger p with the same scale, a larger timestamp/interval precision, or the
 *   limit removed: PostgreSQL 9.2 release notes). Indexes containing the column are still built
 *   again: measured on PostgreSQL 15, on a partitioned table every partition's index on the column
 *   got a new file, under ACCESS EXCLUSIVE on the whole tree, so such a change is refused too.
 * - A partition key column's type cannot be changed at all (SQLSTATE 42P16).
 * Every ALTER TABLE on the parent recurses to every window and sub-partition and takes its lock on
 * each (measured: ACCESS EXCLUSIVE on all of them for ADD COLUMN, DROP COLUMN, SET DEFAULT).
 */
import type { LockMode, PlannedStatement } from './ddl-steps';
import type { ResolvedColumn, ResolvedParentTable } from './resolve';
import { notNullCheckName } from './naming';
import { columnDefinitionSql, qualifiedName } from './sql';
import { quoteIdent } from './sql-quote';
import { parseSqlType, type SqlType } from './sql-type';

/** How a change rolls out. */
export type ChangeClass = 'metadata-only' | 'scans' | 'builds' | 'drops-data' | 'refused';

/** What a column change does, for the executor (the provider) to run. */
export type ColumnOperation =
  | { readonly kind: 'add-column'; readonly column: ResolvedColumn }
  | { readonly kind: 'drop-column'; readonly column: string }
  | { readonly kind: 'alter-type'; readonly column: string; readonly type: string }
  | { readonly kind: 'set-default'; readonly column: string; readonly default: string }
  | { readonly kind: 'drop-default'; readonly column: string }
  | { readonly kind: 'drop-not-null'; readonly column: string }
  | { readonly kind: 'set-not-null'; readonly column: string };

/** One change of a column (or of the primary key), classified. */
export interface ColumnChange {
  /** The column (for a primary key change: the key's columns, comma-separated). */
  readonly column: string;
  /** One line for the plan, e.g. `add column "note" text`. */
  readonly summary: string;
  readonly class: ChangeClass;
  /** Null when refused. */
  readonly operation: ColumnOperation | null;
  /** What runs, in order; empty when refused. */
  readonly statements: readonly PlannedStatement[];
  /** For `refused`: why, and what to do instead. */
  readonly reason?: string;
  readonly options?: string;
}

const EVERY_PARTITION = 'the parent and every partition';

const statement = (sql: string, lock: LockMode = 'ACCESS EXCLUSIVE', duration: PlannedStatement['duration'] = 'momentary'): PlannedStatement =>
  ({ sql, lock, on: EVERY_PARTITION, duration });

/**
 * The statements of one column operation on `schema.table`, in order. Each is idempotent or made
 * so by the one before it (`IF NOT EXISTS`, `DROP CONSTRAINT IF EXISTS` before `ADD CONSTRAINT`),
 * so a killed apply re-runs them safely. The statements of a `set-not-null` run as three steps:
 * the first two in one transaction, VALIDATE alone, the last two in one transaction.
 */
export function columnOperationSql(schema: string, table: string, op: ColumnOperation): PlannedStatement[] {
  const t = qualifiedName(schema, table);
  switch (op.kind) {
    case 'add-column':
      return [statement(`ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS ${columnDefinitionSql(op.column)}`)];
    case 'drop-column':
      return [statement(`ALTER TABLE ${t} DROP COLUMN IF EXISTS ${quoteIdent(op.column)}`)];
    case 'alter-type':
      return [statement(`ALTER TABLE ${t} ALTER COLUMN ${quoteIdent(op.column)} TYPE ${op.type}`)];
    case 'set-default':
      return [statement(`ALTER TABLE ${t} ALTER COLUMN ${quoteIdent(op.column)} SET DEFAULT ${op.default}`)];
    case 'drop-default':
      return [statement(`ALTER TABLE ${t} ALTER COLUMN ${quoteIdent(op.column)} DROP DEFAULT`)];
    case 'drop-not-null':
      return [statement(`ALTER TABLE ${t} ALTER COLUMN ${quoteIdent(op.column)} DROP NOT NULL`)];
    case 'set-not-null': {
      const check = quoteIdent(notNullCheckName(table, op.column));
      return [
        statement(`ALTER TABLE ${t} DROP CONSTRAINT IF EXISTS ${check}`),
        statement(`ALTER TABLE ${t} ADD CONSTRAINT ${check} CHECK (${quoteIdent(op.column)} IS NOT NULL) NOT VALID`),
        statement(`ALTER TABLE ${t} VALIDATE CONSTRAINT ${check}`, 'SHARE UPDATE EXCLUSIVE', 'scan'),
        statement(`ALTER TABLE ${t} ALTER COLUMN ${quoteIdent(op.column)} SET NOT NULL`),
        statement(`ALTER TABLE ${t} DROP CONSTRAINT IF EXISTS ${check}`),
      ];
    }
  }
}

/** PostgreSQL's internal name for each spelling of a built-in type whose limits {@link widens} knows. */
const CANONICAL_NAMES: Readonly<Record<string, string>> = {
  varchar: 'varchar', 'character varying': 'varchar', 'char varying': 'varchar', 'nchar varying': 'varchar',
  'national character varying': 'varchar', 'national char varying': 'varchar', text: 'text',
  character: 'bpchar', char: 'bpchar', nchar: 'bpchar', 'national character': 'bpchar', 'national char': 'bpchar', bpchar: 'bpchar',
  numeric: 'numeric', decimal: 'numeric', dec: 'numeric',
  int: 'int4', integer: 'int4', int4: 'int4', smallint: 'int2', int2: 'int2', bigint: 'int8', int8: 'int8',
  real: 'float4', float4: 'float4', 'double precision': 'float8', float8: 'float8',
  boolean: 'bool', bool: 'bool',
  timestamptz: 'timestamptz', 'timestamp with time zone': 'timestamptz', timestamp: 'timestamp', 'timestamp without time zone': 'timestamp',
  time: 'time', 'time without time zone': 'time', timetz: 'timetz', 'time with time zone': 'timetz',
  interval: 'interval', 'bit varying': 'varbit', varbit: 'varbit', bit: 'bit',
};

/** A type in one spelling: `character varying(20)` and `varchar(20)` are the same key. */
interface TypeKey {
  readonly name: string;
  readonly modifiers: readonly number[];
  readonly intervalFields: string | null;
  readonly arrayDimensions: number;
}

/** The key of a declared or catalog type text, or null when it is outside the type grammar (compared as text then). */
function typeKey(text: string): TypeKey | null {
  const parsed = parseSqlType(text);
  if (!('type' in parsed)) return null;
  const t: SqlType = parsed.type;
  const builtin = t.schema === null || t.schema === 'pg_catalog' ? CANONICAL_NAMES[t.name] : undefined;
  let name = builtin ?? `${t.schema ?? ''}.${t.name}`;
  let modifiers = t.modifiers;
  if (builtin === undefined && t.schema === null && t.name === 'float') {
    // float(p): p <= 24 is real, else double precision (docs 8.1.3); float alone is double precision
    name = (t.modifiers[0] ?? 53) <= 24 ? 'float4' : 'float8';
    modifiers = [];
  }
  if (name === 'bpchar' && modifiers.length === 0) modifiers = [1]; // character alone is character(1)
  if (name === 'numeric' && modifiers.length === 1) modifiers = [modifiers[0], 0]; // numeric(p) is numeric(p,0)
  return { name, modifiers, intervalFields: t.intervalFields, arrayDimensions: t.arrayDimensions };
}

const sameKey = (a: TypeKey, b: TypeKey) =>
  a.name === b.name && a.intervalFields === b.intervalFields && a.arrayDimensions === b.arrayDimensions && a.modifiers.join(',') === b.modifiers.join(',');

/** True when `from` and `to` spell the same type (`timestamptz` and `timestamp with time zone`). */
export function sameType(from: string, to: string): boolean {
  const [a, b] = [typeKey(from), typeKey(to)];
  return a !== null && b !== null ? sameKey(a, b) : from.trim() === to.trim();
}

/** Types whose only modifier is a precision that may be raised or removed without a rewrite. */
const PRECISION_TYPES = new Set(['timestamp', 'timestamptz', 'time', 'timetz', 'interval']);

/**
 * True when ALTER COLUMN TYPE from `from` to `to` rewrites no row (module doc): a binary-coercible
 * change among varchar/text, or a raised or removed varchar, varbit, numeric precision (same scale)
 * or timestamp/time/interval precision limit. Scalars only.
 */
export function widens(from: string, to: string): boolean {
  const [a, b] = [typeKey(from), typeKey(to)];
  if (a === null || b === null || a.arrayDimensions > 0 || b.arrayDimensions > 0 || sameKey(a, b)) return false;
  const unlimited = b.modifiers.length === 0;
  if (b.name === 'text' || (b.name === 'varchar' && unlimited)) return a.name === 'varchar' || a.name === 'text';
  if (b.name === 'varchar') return a.name === 'varchar' && a.modifiers.length === 1 && a.modifiers[0] <= b.modifiers[0];
  if (b.name === 'varbit') return a.name === 'varbit' && (unlimited || (a.modifiers.length === 1 && a.modifiers[0] <= b.modifiers[0]));
  if (b.name === 'numeric') return a.name === 'numeric' && (unlimited || (a.modifiers.length === 2 && a.modifiers[0] <= b.modifiers[0] && a.modifiers[1] === b.modifiers[1]));
  if (PRECISION_TYPES.has(b.name)) {
    return a.name === b.name && a.intervalFields === b.intervalFields && (unlimited || (a.modifiers.length === 1 && a.modifiers[0] <= b.modifiers[0]));
  }
  return false;
}

/** Names of the declared indexes (and the primary key) whose key, INCLUDE or predicate reads `column`. */
function indexesReading(t: ResolvedParentTable, column: string): string[] {
  const names = t.primaryKey.includes(column) ? ['the primary key'] : [];
  for (const ix of t.indexes) {
    const inPredicate = ix.where !== null && ix.where.includes(quoteIdent(column));
    if (ix.columns.includes(column) || ix.include.includes(column) || inPredicate) names.push(`index "${ix.name}"`);
  }
  return names;
}

const refused = (column: string, summary: string, reason: string, options: string): ColumnChange =>
  ({ column, summary, class: 'refused', operation: null, statements: [], reason, options });

/**
 * The column changes from `prior` to `next` (both resolved), classified (module doc), in the order
 * they run: adds, type changes, defaults, NOT NULL dropped, NOT NULL set, drops; a changed primary
 * key is refused. Columns are matched by name; a column's position is not compared (PostgreSQL
 * appends a new column; it cannot move one). `spell` gives the spelling types are compared in (the
 * provider passes the catalog's `format_type`, which knows user types and every alias); the SQL
 * always uses the declared type. @default - types compared as the core's grammar reads them
 */
export function columnChanges(prior: ResolvedParentTable, next: ResolvedParentTable, spell: (type: string) => string = (t) => t): ColumnChange[] {
  const { schema, name: table } = next;
  const change = (column: string, summary: string, cls: ChangeClass, op: ColumnOperation): ColumnChange =>
    ({ column, summary, class: cls, operation: op, statements: columnOperationSql(schema, table, op) });
  const partitionKey = [next.rangeColumn, ...(next.listColumn === null ? [] : [next.listColumn])];
  const adds: ColumnChange[] = [];
  const types: ColumnChange[] = [];
  const defaults: ColumnChange[] = [];
  const nullable: ColumnChange[] = [];
  const notNull: ColumnChange[] = [];
  const drops: ColumnChange[] = [];
  for (const c of next.columns) {
    const before = prior.columns.find((p) => p.name === c.name);
    const col = quoteIdent(c.name);
    if (before === undefined) {
      const what = `add column ${col} ${c.type}${c.default === null ? '' : ` DEFAULT ${c.default}`}${c.nullable ? '' : ' NOT NULL'}`;
      if (!c.nullable && c.default === null) {
        adds.push(refused(c.name, what, 'a NOT NULL column without a default cannot be added to a table with rows: every existing row would hold NULL',
          'declare it with nullable = true, fill it, then set nullable = false in a later change (validated without blocking writes); or give it a constant default'));
      } else {
        adds.push(change(c.name, `${what}: metadata only, no row is rewritten`, 'metadata-only', { kind: 'add-column', column: c }));
      }
      continue;
    }
    const [from, to] = [spell(before.type), spell(c.type)];
    if (!sameType(from, to)) {
      const what = `column ${col}: type ${before.type} -> ${c.type}`;
      const readers = indexesReading(prior, c.name);
      if (partitionKey.includes(c.name)) {
        types.push(refused(c.name, what, 'it is a partition key column, whose type PostgreSQL cannot change', 'keep the type; a table with another key type is a new table, filled by a migration of your own'));
      } else if (!widens(from, to)) {
        types.push(refused(c.name, what, `PostgreSQL rewrites every partition to change ${before.type} to ${c.type}, holding ACCESS EXCLUSIVE (no reads, no writes) for the whole rewrite`,
          `keep the type; or add a new column of type ${c.type}, backfill it from your application in batches, move readers over, then drop the old column (list it in drop_columns / dropColumns)`));
      } else if (readers.length > 0) {
        types.push(refused(c.name, what, `the rows stay as they are, but PostgreSQL builds ${readers.join(', ')} again on every partition under ACCESS EXCLUSIVE (no reads, no writes) while it does`,
          `remove ${readers.filter((r) => r !== 'the primary key').length > 0 ? 'those indexes from the declaration (dropped), change the type, then declare them again (built without blocking writes)' : 'nothing: a primary key column keeps its type; add a new column instead and migrate to it'}`));
      } else {
        types.push(change(c.name, `${what}: metadata only, no row is rewritten`, 'metadata-only', { kind: 'alter-type', column: c.name, type: c.type }));
      }
    }
    if (before.default !== c.default) {
      defaults.push(c.default === null
        ? change(c.name, `column ${col}: drop default: metadata only`, 'metadata-only', { kind: 'drop-default', column: c.name })
        : change(c.name, `column ${col}: default ${c.default}: metadata only (existing rows keep their values)`, 'metadata-only', { kind: 'set-default', column: c.name, default: c.default }));
    }
    // PostgreSQL keeps primary key columns NOT NULL whatever is declared, so their nullability never changes
    if (before.nullable !== c.nullable && !next.primaryKey.includes(c.name)) {
      if (c.nullable) nullable.push(change(c.name, `column ${col}: drop NOT NULL: metadata only`, 'metadata-only', { kind: 'drop-not-null', column: c.name }));
      else {
        notNull.push(change(c.name, `column ${col}: set NOT NULL: scans every leaf for NULLs under SHARE UPDATE EXCLUSIVE (reads and writes go on); fails, changing nothing, if a row holds NULL`,
          'scans', { kind: 'set-not-null', column: c.name }));
      }
    }
  }
  for (const before of prior.columns) {
    if (next.columns.some((c) => c.name === before.name)) continue;
    const col = quoteIdent(before.name);
    if (partitionKey.includes(before.name) || prior.primaryKey.includes(before.name)) {
      drops.push(refused(before.name, `drop column ${col}`, 'it is a partition key or primary key column', 'keep it in columns'));
    } else if (!next.dropColumns.includes(before.name)) {
      drops.push(refused(before.name, `drop column ${col}`, 'dropping a column deletes its values in every row, so it needs an explicit opt-in',
        `to drop it, also list it in drop_columns (dropColumns), and review the plan; to keep it, declare it in columns again (a rename is not supported: it would drop the column)`));
    } else {
      drops.push(change(before.name, `DROP COLUMN ${col}: ITS VALUES IN EVERY ROW ARE LOST (metadata only; opted in with drop_columns)`, 'drops-data', { kind: 'drop-column', column: before.name }));
    }
  }
  const keyChanged = prior.primaryKey.join('\u0000') !== next.primaryKey.join('\u0000');
  const key = keyChanged
    ? [refused(next.primaryKey.join(', '), `primary key (${prior.primaryKey.map(quoteIdent).join(', ')}) -> (${next.primaryKey.map(quoteIdent).join(', ')})`,
      'a new primary key is built under ACCESS EXCLUSIVE on every partition (no reads, no writes until every index is built), and the old one is dropped',
      'keep the primary key; declare a unique index on the new columns instead (indexes entry with unique = true, including the partition key columns), which is built without blocking writes')]
    : [];
  return [...key, ...adds, ...types, ...defaults, ...nullable, ...notNull, ...drops];
}
