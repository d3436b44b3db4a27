/**
 * Declared indexes: the rules an {@link IndexSpec} must follow (checked at synth and at `terraform
 * validate`) and the SQL of its definition. The rules are PostgreSQL's own, from the docs of CREATE
 * INDEX ("Parameters", "Index Storage Parameters", "Notes") and 11.2 "Index Types", found before any
 * statement runs:
 * - only B-tree indexes can be UNIQUE, and a unique index on a partitioned table must contain every
 *   partition key column (5.11.2.3, "Limitations"): here the range column and, for windows
 *   sub-partitioned by LIST, the list column;
 * - INCLUDE is supported by B-tree (and GiST/SP-GiST, which pgpartition does not declare);
 * - hash indexes have one key column; GIN needs a default operator class for each key column's
 *   type (jsonb, arrays, tsvector have one);
 * - each method takes its own storage parameters.
 */
import { fieldText, mention, SpecError, showValue as show } from './errors';
import { indexName } from './naming';
import { parsePredicate, predicateColumns, renderPredicate } from './sql-predicate';
import { quoteIdent } from './sql-quote';
import { parseSqlType } from './sql-type';
import type { IndexMethod, IndexSpec } from './spec';

export const INDEX_METHODS: readonly IndexMethod[] = ['btree', 'brin', 'hash', 'gin'];

/** One storage parameter: an integer in [min, max], or a boolean. */
type ParameterRule = { readonly kind: 'integer'; readonly min: number; readonly max: number } | { readonly kind: 'boolean' };

/**
 * Storage parameters per method (PostgreSQL docs, CREATE INDEX, "Index Storage Parameters"). The
 * BRIN maximum is the server's BRIN_MAX_PAGES_PER_RANGE; gin_pending_list_limit is in kilobytes.
 */
export const STORAGE_PARAMETERS: Readonly<Record<IndexMethod, Readonly<Record<string, ParameterRule>>>> = {
  btree: { fillfactor: { kind: 'integer', min: 10, max: 100 }, deduplicate_items: { kind: 'boolean' } },
  hash: { fillfactor: { kind: 'integer', min: 10, max: 100 } },
  brin: { pages_per_range: { kind: 'integer', min: 1, max: 131072 }, autosummarize: { kind: 'boolean' } },
  gin: { fastupdate: { kind: 'boolean' }, gin_pending_list_limit: { kind: 'integer', min: 64, max: 2 ** 31 - 1 } },
};

/** An index with every default decided and its `where` in canonical SQL. */
export interface ResolvedIndex {
  /** At most 63 bytes. */
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
  /** INCLUDE columns; empty for none. */
  readonly include: readonly string[];
  readonly method: IndexMethod;
  /** The predicate as {@link renderPredicate} writes it, or null for a full index. */
  readonly where: string | null;
  /** `[name, value]` sorted by name; values canonical (`16`, `on`, `off`). */
  readonly storageParameters: readonly (readonly [string, string])[];
}

/** What the rules need to know of the table. */
export interface IndexTableContext {
  readonly table: string;
  /** Declared columns and their types. */
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** The range column and, when windows are sub-partitioned, the list column. */
  readonly partitionKey: readonly string[];
}

/** Types with a default GIN operator class: jsonb, tsvector and arrays (PostgreSQL docs 70.2, "Built-in Operator Classes"). */
function hasGinOperatorClass(type: string): boolean {
  const parsed = parseSqlType(type);
  if (!('type' in parsed)) return false;
  const t = parsed.type;
  if (t.arrayDimensions > 0) return true;
  return (t.schema === null || t.schema === 'pg_catalog') && (t.name === 'jsonb' || t.name === 'tsvector');
}

/** The canonical text of one storage parameter value, or null when `rule` refuses it. */
function parameterValue(rule: ParameterRule, value: unknown): string | null {
  if (rule.kind === 'boolean') {
    const text = String(value).toLowerCase();
    if (value === true || text === 'true' || text === 'on') return 'on';
    if (value === false || text === 'false' || text === 'off') return 'off';
    return null;
  }
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*[0-9]+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= rule.min && n <= rule.max ? String(n) : null;
}

/**
 * Validates index `i` of the table and fills its defaults (btree, not unique, no INCLUDE, no
 * predicate, default name `<table>_<cols>_idx`).
 * @throws SpecError naming `table.indexes[i]...`, the bad value and the fix.
 */
export function resolveIndex(ix: IndexSpec, i: number, t: IndexTableContext, checkName: (field: string, name: unknown) => string): ResolvedIndex {
  const field = `table.indexes[${i}]`;
  const column = (f: string, name: unknown) => {
    const found = t.columns.find((c) => c.name === name);
    if (!found) throw new SpecError(f, `${show(name)} is not a column of the table`, `use one of ${t.columns.map((c) => show(c.name)).join(', ')}`);
    return found;
  };
  const method = ix.method ?? 'btree';
  if (!INDEX_METHODS.includes(method)) {
    throw new SpecError(`${field}.method`, `${show(method)} is not an index method pgpartition declares`, `use one of ${INDEX_METHODS.map(show).join(', ')}`);
  }
  if (!Array.isArray(ix.columns) || ix.columns.length === 0) throw new SpecError(`${field}.columns`, 'is empty', 'list at least one column');
  ix.columns.forEach((c, j) => {
    column(`${field}.columns[${j}]`, c);
    if (ix.columns.indexOf(c) !== j) throw new SpecError(`${field}.columns[${j}]`, fieldText`${show(c)} is already ${mention(`${field}.columns[${ix.columns.indexOf(c)}]`)}`, 'list each key column once');
  });
  if (method === 'hash' && ix.columns.length > 1) {
    throw new SpecError(`${field}.columns`, `a hash index has one key column, not ${ix.columns.length}`, 'index one column, or use method "btree"');
  }
  if (method === 'gin') {
    ix.columns.forEach((c, j) => {
      const type = column(`${field}.columns[${j}]`, c).type;
      if (!hasGinOperatorClass(type)) {
        throw new SpecError(`${field}.columns[${j}]`, `column ${show(c)} has type ${show(type)}, which has no default GIN operator class`, 'use gin for jsonb, tsvector and array columns, or method "btree"');
      }
    });
  }
  const unique = ix.unique ?? false;
  if (typeof unique !== 'boolean') throw new SpecError(`${field}.unique`, `${show(unique)} is not true or false`, 'write true or false');
  if (unique) {
    if (method !== 'btree') throw new SpecError(`${field}.unique`, `a ${method} index cannot be unique (PostgreSQL: only B-tree indexes can)`, 'use method "btree", or drop unique');
    const missing = t.partitionKey.filter((k) => !ix.columns.includes(k));
    if (missing.length > 0) {
      throw new SpecError(
        `${field}.columns`,
        `a unique index on a partitioned table must contain every partition key column, and ${show([...ix.columns])} lacks ${missing.map(show).join(' and ')}`,
        `add ${missing.map(show).join(' and ')} to the key columns (PostgreSQL docs 5.11.2.3: uniqueness is enforced per partition)`,
      );
    }
  }
  const include = ix.include ?? [];
  if (!Array.isArray(include)) throw new SpecError(`${field}.include`, `${show(include)} is not a list of columns`, 'list column names');
  if (include.length > 0 && method !== 'btree') {
    throw new SpecError(`${field}.include`, `a ${method} index cannot have INCLUDE columns (PostgreSQL: B-tree, GiST and SP-GiST only)`, 'use method "btree", or remove include');
  }
  include.forEach((c, j) => {
    column(`${field}.include[${j}]`, c);
    if (ix.columns.includes(c)) throw new SpecError(`${field}.include[${j}]`, `${show(c)} is already a key column`, 'list it in columns or in include, not both');
    if (include.indexOf(c) !== j) throw new SpecError(`${field}.include[${j}]`, fieldText`${show(c)} is already ${mention(`${field}.include[${include.indexOf(c)}]`)}`, 'list each column once');
  });
  let where: string | null = null;
  if (ix.where !== undefined && ix.where !== null) {
    const parsed = parsePredicate(ix.where);
    if ('problem' in parsed) {
      throw new SpecError(
        `${field}.where`,
        `${show(ix.where)} is not a predicate pgpartition accepts: ${parsed.problem}`,
        "compare columns with constants, combined with AND, OR, NOT and parentheses, e.g. \"status = 'open' AND amount > 0\": =, <>, <, <=, >, >=, IS [NOT] NULL, [NOT] IN (...), [NOT] BETWEEN, [NOT] LIKE 'pattern'; no function calls, casts or semicolons",
      );
    }
    predicateColumns(parsed.value).forEach((c) => column(`${field}.where`, c));
    where = renderPredicate(parsed.value);
  }
  const rules = STORAGE_PARAMETERS[method];
  const given = ix.storageParameters ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new SpecError(`${field}.storageParameters`, `${show(given)} is not a map of parameters`, `give names and values, e.g. { ${Object.keys(rules)[0]}: ... }`);
  }
  const storageParameters = Object.entries(given).map(([name, value]): [string, string] => {
    const rule = rules[name];
    if (rule === undefined) {
      throw new SpecError(`${field}.storageParameters.${name}`, `${show(name)} is not a storage parameter of ${method} indexes`, `use ${Object.keys(rules).map(show).join(' or ')}`);
    }
    const text = parameterValue(rule, value);
    if (text === null) {
      throw new SpecError(`${field}.storageParameters.${name}`, `${show(value)} is not a valid ${name}`, rule.kind === 'boolean' ? 'write true or false' : `write an integer from ${rule.min} to ${rule.max}`);
    }
    return [name, text];
  }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const name = ix.name === undefined || ix.name === null ? indexName(t.table, ix.columns, method) : checkName(`${field}.name`, ix.name);
  return { name, columns: [...ix.columns], unique, include: [...include], method, where, storageParameters };
}

const columnList = (columns: readonly string[]) => columns.map(quoteIdent).join(', ');

/**
 * Everything after `CREATE [UNIQUE] INDEX <name> ON <table>`: `USING <method> (<columns>)
 * [INCLUDE (...)] [WITH (...)] [WHERE <predicate>]`, the shape `pg_get_indexdef` prints and the
 * index copies of ./index-copies.ts take.
 */
export function indexDefinitionSql(ix: ResolvedIndex): string {
  const parts = [`USING ${ix.method} (${columnList(ix.columns)})`];
  if (ix.include.length > 0) parts.push(`INCLUDE (${columnList(ix.include)})`);
  if (ix.storageParameters.length > 0) parts.push(`WITH (${ix.storageParameters.map(([k, v]) => `${k} = ${v}`).join(', ')})`);
  if (ix.where !== null) parts.push(`WHERE (${ix.where})`);
  return parts.join(' ');
}

/** The index as one line for a plan: `UNIQUE btree ("a", "ts") INCLUDE ("v") WHERE (...)`. */
export function describeIndex(ix: ResolvedIndex): string {
  return `${ix.unique ? 'UNIQUE ' : ''}${indexDefinitionSql(ix).replace(/^USING /, '')}`;
}

/** True when two resolved indexes define the same index (name aside). */
export function sameIndexDefinition(a: ResolvedIndex, b: ResolvedIndex): boolean {
  return a.unique === b.unique && indexDefinitionSql(a) === indexDefinitionSql(b);
}
