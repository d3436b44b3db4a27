/**
 * The core's spec rules on plain-HCL configurations, so a hand-written `pgpartition_parent_table`
 * or `pgpartition_window` fails at `terraform validate` (ValidateResourceConfig) as an invalid
 * construct fails at synth (safety rule 7). The rules stay in the core; this module builds the
 * core's input from the configuration and names HCL attributes in the result (`columns[2].type`,
 * `primary_key`, `sub_partitions[1].values`), never the core's spec paths (`table.primaryKey`).
 *
 * Values may be unknown at validate (a variable, another resource's attribute): a rule runs only
 * on the values it reads once they are known; terraform validates again during plan, when more are.
 */
import {
  checkColumnDefault,
  checkColumnName,
  checkColumnType,
  checkIdentifier,
  checkListValues,
  checkSchemaName,
  resolveParentTable,
  showValue,
  SpecError,
  type FieldNames,
  type IndexMethod,
  type ParentTableSpec,
  type ResolvedParentTable,
} from '../../core';
import { findUnknown } from '../framework/plan';
import { UNKNOWN, type AttributePath, type Diagnostic, type Model, type Value } from '../framework/types';
import { error } from './diagnostics';

/** The HCL attribute names of the core's parent-table spec fields (the rest lose `table.`). */
const HCL_NAMES: FieldNames = [
  ['table', ''],
  ['table.dropColumns', 'drop_columns'],
  ['table.primaryKey', 'primary_key'],
  ['table.rangeColumn', 'range_column'],
  ['table.listColumn', 'list_column'],
  ['table.defaultPartition', 'default_partition'],
  ['table.indexes[].storageParameters', 'indexes[].storage_parameters'],
  ['table.distribution', 'distribution_column'],
  ['table.distribution.column', 'distribution_column'],
  ['table.distribution.shardCount', 'shard_count'],
  ['table.distribution.colocateWith', 'colocate_with'],
];

/**
 * The diagnostic path of an HCL field: `columns[2].type` is `['columns', 2]`. Terraform (1.11)
 * shows the source of an attribute or of one element of a list, but the whole resource block for
 * a deeper path, so the path stops at the element; the detail names the full field.
 */
export function attributePath(field: string): AttributePath {
  return [...field.matchAll(/([A-Za-z_]+)|\[(\d+)\]/g)].map((m) => (m[1] !== undefined ? m[1] : Number(m[2]))).slice(0, 2);
}

/**
 * A SpecError about a spec this module built, as an error diagnostic on the HCL attribute it
 * names: detail `<attribute>: <problem>; <fix>`.
 */
export function specDiagnostic(err: SpecError, summary: string): Diagnostic {
  const hcl = err.named(HCL_NAMES);
  return error(attributePath(hcl.field), summary, hcl.message);
}

/** Runs `check`; a SpecError becomes a diagnostic in `into`, anything else propagates. */
function collect(into: Diagnostic[], summary: string, check: () => unknown): void {
  try {
    check();
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    into.push(specDiagnostic(err, summary));
  }
}

const known = (value: Value | undefined): value is Exclude<Value, typeof UNKNOWN> => value !== undefined && value !== UNKNOWN;
const list = (value: Value | undefined): readonly Value[] => (Array.isArray(value) ? value : []);
const field = (value: Value, name: string): Value | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Model)[name] : undefined);

/**
 * The core's parent-table spec of a `pgpartition_parent_table` configuration or state whose
 * values are known (nulls take the defaults the schema gives them).
 */
export function parentTableSpec(m: Model): ParentTableSpec {
  const text = (v: Value | undefined) => (v === null || v === undefined ? undefined : (v as string));
  return {
    schema: text(m.schema),
    name: m.name as string,
    columns: list(m.columns).map((c) => ({
      name: field(c, 'name') as string,
      type: field(c, 'type') as string,
      nullable: (field(c, 'nullable') ?? true) as boolean,
      default: text(field(c, 'default')),
    })),
    primaryKey: list(m.primary_key) as string[],
    indexes: list(m.indexes).map((ix) => ({
      name: text(field(ix, 'name')),
      columns: list(field(ix, 'columns')) as string[],
      unique: (field(ix, 'unique') ?? undefined) as boolean | undefined,
      include: field(ix, 'include') === null ? undefined : (list(field(ix, 'include')) as string[]),
      method: text(field(ix, 'method')) as IndexMethod | undefined,
      where: text(field(ix, 'where')),
      storageParameters: (field(ix, 'storage_parameters') ?? undefined) as Record<string, string> | undefined,
    })),
    dropColumns: m.drop_columns === null || m.drop_columns === undefined ? undefined : (list(m.drop_columns) as string[]),
    rangeColumn: m.range_column as string,
    listColumn: text(m.list_column),
    defaultPartition: (m.default_partition ?? false) as boolean,
    ...(text(m.distribution_column) === undefined
      ? {}
      : { distribution: { column: m.distribution_column as string, shardCount: (m.shard_count ?? undefined) as number | undefined, colocateWith: text(m.colocate_with) } }),
  };
}

/**
 * The core's resolved table of a parent-table model (index names decided, every rule checked).
 * @throws SpecError from the core, naming its spec path; {@link specDiagnostic} names the HCL attribute.
 */
export function resolveParentTableModel(m: Model): ResolvedParentTable {
  return resolveParentTable(parentTableSpec(m));
}

/**
 * `validate` of `pgpartition_parent_table`: each known column name and type on its own (so a bad
 * type is found even while another attribute is unknown), then, once every attribute the core
 * reads is known and nothing failed yet, the whole table (key columns, list column type, indexes,
 * the Citus distribution: its column in the key, no list column). `shard_count` and `colocate_with`
 * without `distribution_column` would be ignored, so they are refused.
 */
export function parentTableDiagnostics(config: Model): Diagnostic[] {
  const summary = 'Invalid parent table';
  const diags: Diagnostic[] = [];
  if (known(config.schema) && config.schema !== null) collect(diags, summary, () => checkSchemaName('schema', config.schema));
  list(config.columns).forEach((c, i) => {
    const name = field(c, 'name');
    const type = field(c, 'type');
    if (known(name)) collect(diags, summary, () => checkColumnName(`columns[${i}].name`, name));
    if (known(type)) collect(diags, summary, () => checkColumnType(`columns[${i}].type`, type));
    const value = field(c, 'default');
    if (known(value)) collect(diags, summary, () => checkColumnDefault(`columns[${i}].default`, value));
  });
  for (const a of ['shard_count', 'colocate_with']) {
    if (known(config[a]) && config[a] !== null && (config.distribution_column ?? null) === null) {
      diags.push(error([a], summary, `${a}: is set without distribution_column, so it would be ignored; set distribution_column to distribute the table with Citus, or remove ${a}`));
    }
  }
  const read = ['schema', 'name', 'columns', 'primary_key', 'indexes', 'drop_columns', 'range_column', 'list_column', 'default_partition', 'distribution_column', 'shard_count', 'colocate_with'];
  if (diags.length === 0 && read.every((a) => findUnknown(config[a] ?? null) === undefined)) {
    collect(diags, summary, () => resolveParentTableModel(config));
  }
  return diags;
}

/**
 * `validate` of `pgpartition_window`: the schema is no system schema; every sub-partition has a
 * name PostgreSQL keeps (63 bytes), distinct from the others, the DEFAULT sub-partition's and the
 * window's; and its values follow the core's list-value rules, each value in one sub-partition
 * only (PostgreSQL would refuse the second at apply, SQLSTATE 42P17). The list column's type is
 * the parent's, unknown here, so values are checked as text.
 */
export function windowDiagnostics(config: Model): Diagnostic[] {
  const summary = 'Invalid window';
  const diags: Diagnostic[] = [];
  if (known(config.schema) && config.schema !== null) collect(diags, summary, () => checkSchemaName('schema', config.schema));
  const subs = list(config.sub_partitions);
  const owner = new Map<string, string>();
  if (typeof config.name === 'string') owner.set(config.name, 'name'); // its own validator checks it
  const claim = (attribute: string, name: Value | undefined) => {
    if (!known(name) || name === null) return;
    collect(diags, summary, () => {
      const checked = checkIdentifier(attribute, name);
      const other = owner.get(checked);
      if (other !== undefined) throw new SpecError(attribute, `${showValue(checked)} is already the name of ${other}`, 'give the window and each sub-partition a name of its own');
      owner.set(checked, attribute);
    });
  };
  claim('default_sub_partition', config.default_sub_partition);
  subs.forEach((s, i) => claim(`sub_partitions[${i}].name`, field(s, 'name')));
  if (known(config.sub_partitions) && findUnknown(config.sub_partitions) === undefined) {
    const lists = subs.map((s, i) => ({ kind: 'sub-partition' as const, name: String(field(s, 'name')), field: `sub_partitions[${i}].values`, values: list(field(s, 'values') ?? null) }));
    collect(diags, summary, () => checkListValues(lists, null));
  }
  return diags;
}
