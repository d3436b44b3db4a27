/**
 * `pgpartition_parent_table`: the parent table, `PARTITION BY RANGE (range_column)`, with its
 * columns, primary key, indexes and optional DEFAULT partition. Creates it when missing, adopts
 * an existing table of the same shape, and fails with a readable difference (changing nothing)
 * when an existing table differs. Never drops a parent that holds rows.
 *
 * Columns and indexes change in place (src/core/schema-changes.ts decides how; the plan lists each
 * change with its statements, locks, and the windows, leaves and bytes it reaches, as warnings;
 * src/provider/internal/schema-apply.ts runs them): a change PostgreSQL cannot make in place, or
 * only by rewriting or locking every partition for long, is refused at plan with the reason and the
 * options. Attributes that would replace the table (schema, name, primary key, range column, DEFAULT
 * partition) are refused at plan as soon as the table has a partition.
 * Tests: test/provider/parent-table.test.ts, test/provider/schema-changes.test.ts.
 */
import {
  columnChanges,
  createParentTableSql,
  DEFAULT_OWNER,
  describeChanges,
  describeOwner,
  hasRefusal,
  indexChanges,
  isUnchanged,
  mayAdopt,
  ownershipCommentSql,
  ownershipMark,
  parsePredicate,
  qualifiedName,
  readMark,
  schemaChanges,
  SpecError,
  type ColumnChange,
  type IndexChange,
  type Ownership,
  type ResolvedParentTable,
  type SchemaChanges,
} from '../../core';
import { citusVersion, resolveColumnTypes, treeSizeOf, type PartitionInventory } from '../../catalog';
import { findUnknown, sameValue } from '../framework/plan';
import { DiagnosticError, nested, type Attributes, type AttributePath, type Diagnostic, type ResourceType, type Value } from '../framework/types';
import type { ProviderContext } from '../internal/context';
import { error, fail, statementFailed, warning } from '../internal/diagnostics';
import { attributePath, parentTableDiagnostics, resolveParentTableModel, specDiagnostic } from '../internal/hcl-checks';
import { parseImportId } from '../internal/import-id';
import { parentLockName, withSessionLock } from '../internal/advisory-lock';
import { partitionKeyOf, tableByName } from '../internal/lookups';
import { declarableIndexes, parentIndexValidity } from '../internal/parent-indexes';
import { applySchemaChanges } from '../internal/schema-apply';
import { identifier } from '../internal/validators';

type ColumnModel = { readonly name: string; readonly type: string; readonly nullable: boolean | null; readonly default: string | null };
type IndexModel = {
  readonly name: string | null;
  readonly columns: readonly string[];
  readonly unique: boolean | null;
  readonly include: readonly string[] | null;
  readonly method: string | null;
  readonly where: string | null;
  readonly storage_parameters: Readonly<Record<string, string>> | null;
};

/** The state of a parent table (snake_case attribute names, as in the schema). */
export type ParentTableModel = {
  readonly id: string | null;
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly ColumnModel[];
  readonly primary_key: readonly string[];
  readonly indexes: readonly IndexModel[] | null;
  readonly drop_columns: readonly string[] | null;
  readonly range_column: string;
  readonly list_column: string | null;
  readonly default_partition: boolean;
  readonly distribution_column: string | null;
  readonly shard_count: number | null;
  readonly colocate_with: string | null;
  readonly owner: string;
  readonly allow_teardown: boolean;
};

const attributes: Attributes = {
  id: { type: 'string', computed: true, useStateForUnknown: true, description: 'The qualified name, `<schema>.<name>`.' },
  schema: { type: 'string', optional: true, computed: true, default: 'public', requiresReplace: true, validators: [identifier], description: 'Schema of the table. Default: `public`.' },
  name: { type: 'string', required: true, requiresReplace: true, validators: [identifier], description: 'Table name.' },
  columns: {
    ...nested('list', {
      name: { type: 'string', required: true, description: 'Column name (quoted in SQL; at most 63 bytes).' },
      type: { type: 'string', required: true, description: 'One SQL type name as PostgreSQL spells it: `timestamptz`, `numeric(18,2)`, `varchar(255)`, `text[]`, ...' },
      nullable: { type: 'bool', optional: true, description: 'Whether NULL is allowed. Default: true.' },
      default: { type: 'string', optional: true, description: 'A constant default as SQL: a number (`0`), a string in single quotes (`\'pending\'`), `true` or `false`. Default: none.' },
    }),
    required: true,
    description: 'Columns in order. Changed in place: a column added (nullable, or with a default) or dropped (with `drop_columns`), a default set or dropped, NOT NULL dropped, or a type widened without a rewrite (`varchar(n)` to a larger n or `text`) is a catalog change; NOT NULL set is validated by a scan that lets writes go on. Anything else (a rewrite, an indexed column\'s type) is refused at plan with the options. New columns go at the end of the table.',
  },
  primary_key: { type: ['list', 'string'], required: true, requiresReplace: true, description: 'Primary key columns; must include the range column and the list column (PostgreSQL requires every partition key column). Cannot change once the table has a partition (declare a unique index instead).' },
  indexes: {
    ...nested('list', {
      name: { type: 'string', optional: true, description: 'Index name. Default: `<table>_<columns>_idx` (`_<method>_idx` for a method other than btree), shortened to 63 bytes.' },
      columns: { type: ['list', 'string'], required: true, description: 'Key columns, in order.' },
      unique: { type: 'bool', optional: true, description: 'A UNIQUE index (btree only); the key columns must include the range column and the list column. Default: false.' },
      include: { type: ['list', 'string'], optional: true, description: 'Covering columns (`INCLUDE`, btree only). Default: none.' },
      method: { type: 'string', optional: true, description: '`btree`, `brin`, `hash` (one column) or `gin` (jsonb, arrays, tsvector). Default: `btree`.' },
      where: { type: 'string', optional: true, description: 'Partial-index predicate: columns compared with constants, with AND, OR, NOT (e.g. `status = \'open\'`). Default: every row.' },
      storage_parameters: { type: ['map', 'string'], optional: true, description: 'The method\'s storage parameters, e.g. `{ pages_per_range = "16" }` for brin. Default: the method\'s defaults.' },
    }),
    optional: true,
    description: 'Secondary indexes, on every partition. One added to a table with windows is built without blocking writes (CREATE INDEX CONCURRENTLY on each leaf, attached bottom-up; a cut-short build is finished by the next apply); one removed is dropped. A changed definition under the same name is refused: declare it under another name.',
  },
  drop_columns: {
    type: ['list', 'string'],
    optional: true,
    description: 'Columns the next apply may drop: the explicit opt-in without which removing a column from `columns` is refused at plan (the values of a dropped column are lost). Must not name a declared column.',
  },
  range_column: { type: 'string', required: true, requiresReplace: true, validators: [identifier], description: 'Partition key column: `timestamptz`, `timestamp` or `date`.' },
  // not requiresReplace: the parent's own DDL does not use it (only windows do), so a change is state only
  list_column: { type: 'string', optional: true, validators: [identifier], description: 'Column each window is `PARTITION BY LIST` on (text or integer); must be in the primary key. Default: windows are not sub-partitioned. Changing it changes no table.' },
  default_partition: {
    type: 'bool',
    optional: true,
    computed: true,
    default: false,
    requiresReplace: true,
    description: 'Add a DEFAULT partition `<name>_default` for rows outside every window. With it PostgreSQL refuses DETACH CONCURRENTLY (retiring a window then locks the parent) and every attach scans it. Default: false.',
  },
  distribution_column: {
    type: 'string',
    optional: true,
    requiresReplace: true,
    validators: [identifier],
    description: 'Distribute the table with Citus by this column (`create_distributed_table`, in the transaction that creates it; an existing table must already be distributed by it). ' +
      'Must be in the primary key. Every window is then distributed colocated with the table before it is attached, has no sub-partitions (no `list_column`: Citus cannot distribute multi-level partitioned tables), ' +
      'and is retired by a plain DETACH (Citus refuses CONCURRENTLY), which takes ACCESS EXCLUSIVE on the table. The plan fails when the server has no `citus` extension. Default: not distributed.',
  },
  shard_count: {
    type: 'number',
    optional: true,
    description: 'With `distribution_column`: shards of the table, 1 to 64000, used when it is created (changing it later changes no table). Exclusive with `colocate_with`. Default: the server\'s `citus.shard_count`.',
  },
  colocate_with: {
    type: 'string',
    optional: true,
    validators: [identifier],
    description: 'With `distribution_column`: a distributed table in the same schema to colocate with (its shards for one value on the same node), or `none`; used when the table is created (changing it later changes no table). Default: Citus\'s default colocation group.',
  },
  allow_teardown: {
    type: 'bool',
    optional: true,
    computed: true,
    default: false,
    description: 'Let a destroy drop the table even while it holds rows (an ephemeral environment torn down): apply it first, so the state carries it, then destroy. Default: false: a parent table with rows is never dropped.',
  },
  owner: {
    type: 'string',
    optional: true,
    computed: true,
    default: DEFAULT_OWNER,
    validators: [identifier],
    description: `Stable id of the declaration that owns the table, written into its ownership mark (the table comment): a table another owner's mark names is never adopted or dropped. Give the windows of the table the same owner. Changing it hands the table over (its mark is rewritten). Default: \`${DEFAULT_OWNER}\`.`,
  },
};

const qualified = (m: Pick<ParentTableModel, 'schema' | 'name'>) => `${m.schema}.${m.name}`;

/** Attributes whose change is made in place (src/core/schema-changes.ts), or refused. */
const SHAPE_ATTRIBUTES = ['columns', 'indexes', 'primary_key', 'drop_columns'] as const;

const shapeChanged = (a: ParentTableModel, b: ParentTableModel) => SHAPE_ATTRIBUTES.some((k) => !sameValue(a[k] as Value, b[k] as Value));

/** Owner id in the state of an imported parent table until the first apply writes the configured owner's mark. */
const IMPORTED_OWNER = '(imported)';

const ownershipOf = (m: ParentTableModel): Ownership => ({ table: qualified(m), owner: m.owner });

/** The core's resolved table (names of indexes decided, rules checked); SpecError becomes a diagnostic on the HCL attribute. */
function resolveTable(m: ParentTableModel): ResolvedParentTable {
  try {
    return resolveParentTableModel(m);
  } catch (err) {
    if (err instanceof SpecError) throw new DiagnosticError(specDiagnostic(err, `Invalid parent table ${qualified(m)}`));
    throw err;
  }
}

/**
 * `format_type` spellings of each model's column types, asked of the server (it alone knows every
 * alias, modifier and user type: `timestamptz` is `timestamp with time zone`, `varchar(255)` is
 * `character varying(255)`), read-only and in one batch (src/catalog/column-types.ts), so a plan
 * runs under a role with `default_transaction_read_only = on`. A type that does not resolve is an
 * error diagnostic on its column (`columns[i].type`) for the first model (the configuration); for the
 * others (prior state) its spelling is null.
 */
async function catalogTypes(ctx: ProviderContext, models: readonly ParentTableModel[]): Promise<{ types: (string | null)[][]; diagnostics: Diagnostic[] }> {
  let resolved;
  try {
    resolved = await resolveColumnTypes(await ctx.pool(), models.flatMap((m) => m.columns.map((c) => c.type)));
  } catch (err) {
    throw statementFailed(err, { object: qualified(models[0]), step: 'check the column types of', statement: 'SELECT to_regtype(...), NULL::<type> (src/catalog/column-types.ts)' });
  }
  const diagnostics: Diagnostic[] = [];
  let next = 0;
  const types = models.map((m, k) =>
    m.columns.map((_, i) => {
      const r = resolved[next++];
      if ('type' in r) return r.type;
      if (k === 0) {
        diagnostics.push(error(attributePath(`columns[${i}].type`), `Invalid column type in ${qualified(m)}`,
          `columns[${i}].type: ${r.problem}; fix the spelling, or create the type (e.g. CREATE EXTENSION, CREATE TYPE) before planning, and grant the plan's role USAGE on its schema.`));
      }
      return null;
    }));
  return { types, diagnostics };
}

/** Human-readable differences between the declared table and the live one; empty when it matches. */
async function differences(ctx: ProviderContext, m: ParentTableModel, live: PartitionInventory['parent']): Promise<string[]> {
  const diffs: string[] = [];
  if (!live.isPartitioned || live.strategy !== 'range') diffs.push(`it is not PARTITION BY RANGE (relkind ${live.relkind}, strategy ${live.strategy ?? 'none'})`);
  else {
    const key = await partitionKeyOf(await ctx.pool(), m.schema, m.name);
    if (key?.column !== m.range_column) diffs.push(`partition key: declared RANGE (${m.range_column}), live ${live.partitionKey}`);
  }
  const { types: [types], diagnostics } = await catalogTypes(ctx, [m]);
  if (diagnostics.length > 0) throw new DiagnosticError(diagnostics);
  const declared = m.columns.map((c, i) => `${c.name} ${types[i]}${c.nullable === false ? ' NOT NULL' : ''}`);
  const actual = live.columns.map((c) => `${c.name} ${c.type}${c.notNull ? ' NOT NULL' : ''}`);
  const missing = declared.filter((d) => !actual.includes(d));
  const extra = actual.filter((a) => !declared.includes(a));
  if (missing.length > 0 || extra.length > 0) diffs.push(`columns: declared [${declared.join(', ')}], live [${actual.join(', ')}]`);
  if (m.primary_key.join(',') !== live.primaryKey.join(',')) diffs.push(`primary key: declared (${m.primary_key.join(', ')}), live (${live.primaryKey.join(', ') || 'none'})`);
  if (m.default_partition && live.defaultPartition === null) diffs.push('default partition: declared, live table has none');
  const distributed = live.distribution;
  if ((m.distribution_column ?? null) !== (distributed?.column ?? null)) {
    diffs.push(`distribution: declared ${m.distribution_column === null ? 'not distributed' : `distributed by "${m.distribution_column}"`}, live ${distributed ? `distributed by "${distributed.column}"` : 'not distributed'}` +
      (m.distribution_column !== null && distributed === null ? ` (distribute it first: SELECT create_distributed_table('${qualified(m)}', '${m.distribution_column}'))` : ''));
  } else if (distributed && m.shard_count !== null && m.shard_count !== distributed.shardCount) {
    diffs.push(`shard count: declared ${m.shard_count}, live ${distributed.shardCount} (set shard_count to ${distributed.shardCount}, or leave it out)`);
  }
  return diffs;
}

/**
 * Plan errors for a table declared distributed with Citus on a server without it: the first plan
 * fails naming the missing extension, before anything is created.
 */
async function citusChecks(ctx: ProviderContext, m: ParentTableModel): Promise<Diagnostic[]> {
  if (typeof m.distribution_column !== 'string') return [];
  let version;
  try {
    version = await citusVersion(await ctx.pool());
  } catch (err) {
    throw statementFailed(err, { object: qualified(m), step: 'check for the citus extension before distributing', statement: "SELECT extversion FROM pg_extension WHERE extname = 'citus'" });
  }
  if (version !== null) return [];
  return [error(['distribution_column'], 'The citus extension is not installed',
    `distribution_column = "${m.distribution_column}" distributes ${qualified(m)} with Citus, but ${ctx.locks.target} has no extension "citus" in this database (pg_extension). ` +
      'Fix: point the provider at a Citus coordinator, or install Citus on the server (shared_preload_libraries = \'citus\' on every node, then CREATE EXTENSION citus in this database); or remove distribution_column to keep the table on one server.')];
}

/**
 * Creates the table, or adopts the table it finds there (module doc). The check and the create run
 * under the parent's advisory lock in one transaction, so two deploys at once never both create it:
 * the second finds the first one's table and adopts it (same declaration) or refuses (another's).
 * `handover`: the owner whose mark the state carried before (an owner change), or `import`.
 */
async function createOrAdopt(ctx: ProviderContext, m: ParentTableModel, handover?: string): Promise<ParentTableModel> {
  const resolved = resolveTable(m);
  const label = { object: qualified(m), step: 'create parent table' };
  const created = await ctx.session(label, (s) =>
    withSessionLock(s.runner(label), parentLockName(m.schema, m.name), () =>
      s.transaction(label, async (tx) => {
        const { rows } = await tx.run<{ t: string | null }>('SELECT to_regclass($1) AS t', [qualifiedName(m.schema, m.name)]);
        if (rows[0].t !== null) return false;
        for (const sql of createParentTableSql(resolved, ownershipOf(m))) await tx.run(sql);
        return true;
      })));
  ctx.inventories.invalidate(m.schema, m.name);
  if (!created) await adopt(ctx, m, resolved, handover);
  return { ...m, id: qualified(m) };
}

/** Adopts the existing table when it matches the declaration and is not another declaration's; writes this declaration's mark. */
async function adopt(ctx: ProviderContext, m: ParentTableModel, resolved: ResolvedParentTable, handover: string | undefined): Promise<void> {
  const live = (await ctx.inventories.get(m.schema, m.name, resolved.rangeType)).parent;
  const reading = readMark(live.comment);
  const handedOver = handover === IMPORTED_OWNER || (handover !== undefined && mayAdopt(live.comment, { table: qualified(m), owner: handover }));
  if (reading.kind === 'owned' && !mayAdopt(live.comment, ownershipOf(m)) && !handedOver) {
    fail(undefined, `${qualified(m)} is another declaration's`,
      `${qualified(m)} exists and is owned by ${describeOwner(live.comment)}; this declaration is owner "${m.owner}", so pgpartition will not adopt it (safety rule 2). Fix: import it (terraform import <address> ${qualified(m)}) if this declaration is meant to take it over, or give both declarations the same owner.`);
  }
  const diffs = await differences(ctx, m, live);
  if (diffs.length > 0) {
    fail(undefined, `${qualified(m)} exists with another shape`,
      `pgpartition adopts an existing table only when it matches the declaration, and changed nothing. Differences:\n- ${diffs.join('\n- ')}\nFix: declare the table as it is, or migrate it by hand first.`);
  }
  await buildMissingIndexes(ctx, resolved);
  if (live.comment !== ownershipMark(ownershipOf(m))) {
    await ctx.session({ object: qualified(m), step: 'adopt parent table' }, (s) =>
      s.transaction({ object: qualified(m), step: 'adopt parent table' }, async (tx) => {
        await tx.run(ownershipCommentSql(m.schema, m.name, ownershipOf(m)));
      }));
    ctx.inventories.invalidate(m.schema, m.name);
  }
}

/** Declared type text -> the catalog's spelling, for comparing the columns of `proposed` and `prior`; a type that does not resolve is an error on `columns[i].type` of `proposed`. */
async function typeSpellings(ctx: ProviderContext, proposed: ParentTableModel, prior: ParentTableModel): Promise<{ spell: ((type: string) => string) | undefined; diagnostics: Diagnostic[] }> {
  const { types, diagnostics } = await catalogTypes(ctx, [proposed, prior]);
  const spellings = new Map<string, string>();
  [proposed, prior].forEach((m, k) => m.columns.forEach((c, i) => types[k][i] !== null && spellings.set(c.type, types[k][i]!)));
  return { spell: (type) => spellings.get(type) ?? type, diagnostics };
}

/**
 * The prior state resolved by the core. An imported state holds no column defaults or index
 * predicates (see importState): it takes the declared ones, so they are no change.
 */
function resolvePrior(prior: ParentTableModel, proposed: ParentTableModel): ResolvedParentTable {
  if (prior.owner !== IMPORTED_OWNER) return resolveTable(prior);
  return resolveTable({
    ...prior,
    columns: prior.columns.map((c) => ({ ...c, default: proposed.columns.find((p) => p.name === c.name)?.default ?? null })),
    indexes: prior.indexes?.map((ix) => ({ ...ix, where: proposed.indexes?.find((p) => p.name === ix.name)?.where ?? ix.where })) ?? null,
  });
}

/** Where a refused change points in HCL. */
function refusalPath(change: ColumnChange | IndexChange): AttributePath {
  if ('index' in change) return ['indexes'];
  return change.column.includes(', ') ? ['primary_key'] : ['columns'];
}

/** One error diagnostic per refused change: what, why, and the options. */
function refusals(table: string, changes: SchemaChanges): Diagnostic[] {
  return [...changes.columns, ...changes.indexes].filter((c) => c.class === 'refused').map((c) =>
    error(refusalPath(c), `Change refused on ${table}: ${c.summary}`, `PostgreSQL cannot make this change in place without blocking the table: ${c.reason}. Nothing was changed. Options: ${c.options}.`));
}

/** Why replacing the table is refused for each attribute, and what to do instead. */
const REPLACEMENT_OPTIONS: Readonly<Record<string, string>> = {
  schema: 'keep the schema; to move the table, ALTER TABLE ... SET SCHEMA by hand, then terraform state rm and import it at its new name',
  name: 'keep the name; to rename the table, ALTER TABLE ... RENAME by hand, then terraform state rm and import it under its new name',
  range_column: 'keep the range column: the partition key of a table cannot change; a table partitioned on another column is a new table, filled by a migration of your own',
  default_partition: 'keep default_partition as it is; add or remove the DEFAULT partition by hand (a DEFAULT partition that holds rows must be emptied first), then apply',
};

/**
 * The refusal of in-place column and index changes on a table distributed with Citus: the in-place
 * steps (CREATE INDEX CONCURRENTLY leaf by leaf, ALTER INDEX ATTACH PARTITION, the NOT NULL CHECK)
 * are built and tested on one server only, so a plan changes nothing rather than meet Citus's rules
 * for them half-way through an apply.
 */
function distributedSchemaChange(m: ParentTableModel): Diagnostic {
  return error(['columns'], `Schema changes to ${qualified(m)} on Citus are not supported`,
    `${qualified(m)} is distributed with Citus (distribution_column = "${m.distribution_column}"); pgpartition changes columns and indexes in place on one server only, and changed nothing. ` +
      'Fix: make the change with Citus\'s own DDL (ALTER TABLE and CREATE INDEX on the parent propagate to every shard; Citus docs, "DDL"), then declare the result so the plan is empty again; or revert the declaration.');
}

/**
 * A change that would replace the table (drop it and create it anew): allowed while the table has
 * no partition (it then holds no row), refused with the reasons and options otherwise, so a plan
 * never replaces a table that may hold rows.
 */
async function replacementChecks(ctx: ProviderContext, prior: ParentTableModel, proposed: ParentTableModel, attributes: readonly AttributePath[]): Promise<Diagnostic[]> {
  const key = await partitionKeyOf(await ctx.pool(), prior.schema, prior.name);
  if (key === null) return []; // gone: nothing to lose
  const inventory = await ctx.inventories.get(prior.schema, prior.name, key.rangeType ?? 'timestamptz');
  if (inventory.windows.length === 0) return [];
  const tree = treeSizeOf(inventory);
  const rows = inventory.windows.reduce((n, w) => n + w.rowEstimate, 0);
  return attributes.map((path) => {
    const attribute = String(path[0]);
    const options = attribute === 'primary_key'
      ? columnChanges(resolveTable(prior), resolveTable({ ...prior, primary_key: proposed.primary_key })).find((c) => c.class === 'refused')?.options
      : REPLACEMENT_OPTIONS[attribute];
    return error([attribute], `Changing ${attribute} would replace ${qualified(prior)}`,
      `${qualified(prior)} has ${tree.windows} partitions (${tree.leaves} leaves, about ${rows} rows); replacing it would drop them all, so pgpartition refuses and changed nothing. ` +
        `Options: ${options ?? 'keep the attribute as it is'}.`);
  });
}

/**
 * Applies the in-place changes from `prior` to `planned` (the plan showed them), after checking
 * that the live table is still this declaration's (safety rule 2).
 */
async function applyChanges(ctx: ProviderContext, prior: ParentTableModel, planned: ParentTableModel): Promise<void> {
  const next = resolveTable(planned);
  const label = { object: qualified(planned), step: 'change the columns and indexes of' };
  const live = (await ctx.inventories.get(next.schema, next.name, next.rangeType)).parent;
  if (prior.owner !== IMPORTED_OWNER && !mayAdopt(live.comment, ownershipOf(prior))) {
    fail(undefined, `Refusing to change ${qualified(planned)}`, `${qualified(planned)} is owned by ${describeOwner(live.comment)}, not by this declaration (owner "${prior.owner}"), so pgpartition does not touch it (safety rule 2).`);
  }
  const spelled = sameValue(prior.columns, planned.columns) ? { spell: undefined, diagnostics: [] } : await typeSpellings(ctx, planned, prior);
  if (spelled.diagnostics.length > 0) throw new DiagnosticError(spelled.diagnostics);
  const changes = schemaChanges(resolvePrior(prior, planned), next, spelled.spell);
  if (hasRefusal(changes)) throw new DiagnosticError(refusals(qualified(planned), changes)); // the plan refused them already
  if (isUnchanged(changes)) return;
  if (planned.distribution_column !== null) throw new DiagnosticError(distributedSchemaChange(planned)); // the plan refused it already
  try {
    await ctx.session(label, (s) => applySchemaChanges(s, next, changes));
  } finally {
    ctx.inventories.invalidate(next.schema, next.name);
  }
}

/**
 * `state` without the declared indexes the live parent lacks or holds INVALID (a build cut short,
 * or dropped by hand): drift, so the next plan builds them again, resuming from the catalog.
 */
async function withoutUnfinishedIndexes(ctx: ProviderContext, state: ParentTableModel): Promise<ParentTableModel> {
  if (state.indexes === null || state.indexes.length === 0) return state;
  let declared;
  try {
    declared = resolveTable(state).indexes;
  } catch {
    return state; // a state the core cannot read is the plan's to report
  }
  const valid = await parentIndexValidity(await ctx.pool(), state.schema, state.name);
  const kept = state.indexes.filter((_, i) => valid.get(declared[i].name) === true);
  return kept.length === state.indexes.length ? state : { ...state, indexes: kept };
}

/**
 * Builds the declared indexes an adopted table lacks (or holds INVALID), the way an index added to
 * the declaration is built: without blocking writes, resumable.
 */
async function buildMissingIndexes(ctx: ProviderContext, table: ResolvedParentTable): Promise<void> {
  const valid = await parentIndexValidity(await ctx.pool(), table.schema, table.name);
  const present = table.indexes.filter((ix) => valid.get(ix.name) === true);
  if (present.length === table.indexes.length) return;
  const changes = { columns: [], indexes: indexChanges({ ...table, indexes: present }, table) };
  try {
    await ctx.session({ object: qualified(table), step: 'build the declared indexes of' }, (s) => applySchemaChanges(s, table, changes));
  } finally {
    ctx.inventories.invalidate(table.schema, table.name);
  }
}

const ROW_COUNT_CAP = 1_000_000;

/** Drops the table, unless it is unmanaged, holds rows or has partitions pgpartition does not own. */
async function dropParent(ctx: ProviderContext, m: ParentTableModel): Promise<void> {
  const key = await partitionKeyOf(await ctx.pool(), m.schema, m.name);
  if (key === null) {
    const table = await tableByName(await ctx.pool(), m.schema, m.name, '', 'date');
    if (table === null) return; // already gone
    fail(undefined, `Refusing to drop ${qualified(m)}`, `${qualified(m)} is no longer a partitioned table; pgpartition leaves it alone. Remove it from state: terraform state rm <address>.`);
  }
  const inventory = await ctx.inventories.get(m.schema, m.name, key.rangeType ?? 'timestamptz');
  if (m.owner !== IMPORTED_OWNER && !mayAdopt(inventory.parent.comment, ownershipOf(m))) {
    fail(undefined, `Refusing to drop ${qualified(m)}`, `${qualified(m)} is owned by ${describeOwner(inventory.parent.comment)}, not by this declaration (owner "${m.owner}"), so pgpartition does not touch it (safety rule 2). Drop it by hand, or terraform state rm <address>.`);
  }
  const foreign = inventory.windows.filter((w) => !w.managed).map((w) => `${m.schema}.${w.name}`);
  if (foreign.length > 0) {
    fail(undefined, `Refusing to drop ${qualified(m)}`, `Dropping it would drop partitions pgpartition does not own: ${foreign.join(', ')}. Detach them first, or import them.`);
  }
  await ctx.session({ object: qualified(m), step: 'drop parent table' }, (s) => s.transaction({ object: qualified(m), step: 'drop parent table' }, async (tx) => {
    // counted under the lock the DROP takes anyway, so no row can commit between the count and the drop
    const table = qualifiedName(m.schema, m.name);
    await tx.run(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    const { rows } = await tx.run<{ n: string }>(`SELECT count(*) AS n FROM (SELECT 1 FROM ${table} LIMIT ${ROW_COUNT_CAP}) s`);
    const count = Number(rows[0].n);
    if (count > 0 && m.allow_teardown !== true) {
      fail(undefined, `Refusing to drop ${qualified(m)}: it holds rows`,
        `${qualified(m)} holds ${count >= ROW_COUNT_CAP ? `at least ${ROW_COUNT_CAP}` : count} rows; pgpartition never drops a parent table with data. ` +
          `Fix: keep it in the configuration; or move/delete the rows yourself and re-run; or stop managing it without dropping: terraform state rm <address>; ` +
          'or, to tear an environment down on purpose, apply allow_teardown = true first, then destroy.');
    }
    await tx.run(`DROP TABLE ${table}`);
  }));
  ctx.inventories.invalidate(m.schema, m.name);
}

export const parentTableResource: ResourceType<ProviderContext, ParentTableModel> = {
  typeName: 'pgpartition_parent_table',
  description: 'A parent table partitioned by RANGE on a time column; created when missing, adopted when an existing table matches, never dropped while it holds rows.',
  version: 3,
  attributes,

  async read(ctx, state) {
    const key = await partitionKeyOf(await ctx.pool(), state.schema, state.name);
    if (key === null) return { state: null }; // gone: the next plan creates it
    return { state: { ...(await withoutUnfinishedIndexes(ctx, state)), id: qualified(state) } };
  },

  validate(config) {
    return parentTableDiagnostics(config);
  },

  async plan(ctx, { prior, proposed, requiresReplace }) {
    const unknown = SHAPE_ATTRIBUTES.some((a) => findUnknown(proposed[a] as Value) !== undefined);
    if (unknown) return { planned: proposed, requiresReplace };
    const citus = prior === null || prior.distribution_column !== proposed.distribution_column ? await citusChecks(ctx, proposed) : [];
    if (citus.length > 0) return { planned: proposed, requiresReplace, diagnostics: citus };
    if (prior === null) {
      // declared types must exist: checked read-only when the table is new
      const { diagnostics } = await catalogTypes(ctx, [proposed]);
      return { planned: proposed, requiresReplace, diagnostics };
    }
    const columnsChanged = !sameValue(prior.columns, proposed.columns);
    if (!shapeChanged(prior, proposed) && requiresReplace.length === 0) return { planned: proposed, requiresReplace }; // no round trip on a no-op plan
    const spelled = columnsChanged ? await typeSpellings(ctx, proposed, prior) : { spell: undefined, diagnostics: [] };
    if (spelled.diagnostics.length > 0) return { planned: proposed, requiresReplace, diagnostics: spelled.diagnostics };
    if (requiresReplace.length > 0) return { planned: proposed, requiresReplace, diagnostics: await replacementChecks(ctx, prior, proposed, requiresReplace) };
    const next = resolveTable(proposed);
    const changes = schemaChanges(resolvePrior(prior, proposed), next, spelled.spell);
    const diagnostics = refusals(qualified(proposed), changes);
    if (proposed.distribution_column !== null && !isUnchanged(changes)) return { planned: proposed, requiresReplace: [], diagnostics: [distributedSchemaChange(proposed)] };
    if (diagnostics.length === 0 && !isUnchanged(changes)) {
      const tree = treeSizeOf(await ctx.inventories.get(next.schema, next.name, next.rangeType));
      diagnostics.push(warning(undefined, `Schema changes to ${qualified(proposed)} (applied in place)`, describeChanges(qualified(proposed), changes, tree).join('\n')));
    }
    return { planned: proposed, requiresReplace: [], diagnostics };
  },

  async create(ctx, planned) {
    return createOrAdopt(ctx, planned);
  },

  async update(ctx, prior, planned) {
    if (shapeChanged(prior, planned)) await applyChanges(ctx, prior, planned);
    // a new owner (or an import's first apply) writes its mark
    if (prior.owner !== planned.owner) return createOrAdopt(ctx, planned, prior.owner);
    return { ...planned, id: qualified(planned) };
  },

  async delete(ctx, prior) {
    await dropParent(ctx, prior);
  },

  async importState(ctx, id) {
    const { schema, name } = parseImportId(id, 'a parent table', 'pgpartition_parent_table.t public.account_balances');
    const pool = await ctx.pool();
    const key = await partitionKeyOf(pool, schema, name);
    if (!key?.rangeType) fail(undefined, `Cannot import ${id}`, `${id} is not a table partitioned by RANGE on a timestamptz, timestamp or date column.`);
    const inventory = await ctx.inventories.get(schema, name, key.rangeType);
    const live = inventory.parent;
    const firstWindow = inventory.windows.find((w) => w.kind === 'range' && w.isPartitioned);
    const listColumn = firstWindow ? (await tableByName(pool, schema, firstWindow.name, '', key.rangeType))?.listColumn ?? null : null;
    const indexes = await declarableIndexes(pool, schema, name);
    return {
      id: `${schema}.${name}`,
      schema,
      name,
      // defaults and predicates are not read back (PostgreSQL prints them its own way): an imported
      // state takes the declared ones on its first plan, changing no table for them
      columns: live.columns.map((c) => ({ name: c.name, type: c.type, nullable: !c.notNull, default: null })),
      primary_key: live.primaryKey,
      indexes: indexes.length > 0
        ? indexes.map((ix) => ({
          name: ix.name,
          columns: ix.columns,
          unique: ix.unique,
          include: ix.include.length > 0 ? ix.include : null,
          method: ix.method,
          where: ix.predicate !== null && 'value' in parsePredicate(ix.predicate) ? ix.predicate : null,
          storage_parameters: Object.keys(ix.storageParameters).length > 0 ? ix.storageParameters : null,
        }))
        : null,
      drop_columns: null,
      range_column: key.column,
      list_column: listColumn,
      default_partition: live.defaultPartition !== null,
      distribution_column: live.distribution?.column ?? null,
      shard_count: null, // creation-time settings: whatever the configuration says is kept in state only
      colocate_with: null,
      owner: IMPORTED_OWNER, // the next apply writes the configured owner's mark: import itself changes nothing (plans stay read-only)
      allow_teardown: false,
    };
  },

  upgradeState(version, state) {
    // version 0 had no owner (its table carries the earlier mark, which any owner may adopt). Versions
    // before 3 had either plain object lists (no defaults, index options or drop_columns: decoded with
    // today's schema they are null, which means what they meant then: no default, a plain btree index)
    // or no allow_teardown (null: false)
    const m = state as ParentTableModel;
    return { ...m, owner: version < 1 ? DEFAULT_OWNER : m.owner, allow_teardown: m.allow_teardown ?? false };
  },
};
