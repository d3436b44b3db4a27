/**
 * `pgpartition_parent_table`: the parent table, `PARTITION BY RANGE (range_column)`, with its
 * columns, primary key, indexes and optional DEFAULT partition. Creates it when missing, adopts
 * an existing table of the same shape, and fails with a readable difference (changing nothing)
 * when an existing table differs. Never drops a parent that holds rows.
 * Tests: test/provider/parent-table.test.ts.
 */
import {
  createParentTableSql,
  DEFAULT_OWNER,
  describeOwner,
  mayAdopt,
  ownershipCommentSql,
  ownershipMark,
  qualifiedName,
  readMark,
  SpecError,
  type Ownership,
  type ResolvedParentTable,
} from '../../core';
import { citusVersion, resolveColumnTypes, type PartitionInventory } from '../../catalog';
import { findUnknown, sameValue } from '../framework/plan';
import { DiagnosticError, type Attributes, type Diagnostic, type ResourceType } from '../framework/types';
import type { ProviderContext } from '../internal/context';
import { error, fail, statementFailed } from '../internal/diagnostics';
import { attributePath, parentTableDiagnostics, resolveParentTableModel, specDiagnostic } from '../internal/hcl-checks';
import { parseImportId } from '../internal/import-id';
import { parentLockName, withSessionLock } from '../internal/advisory-lock';
import { partitionKeyOf, tableByName } from '../internal/lookups';
import { identifier } from '../internal/validators';

type ColumnModel = { readonly name: string; readonly type: string; readonly nullable: boolean | null };
type IndexModel = { readonly name: string | null; readonly columns: readonly string[] };

/** The state of a parent table (snake_case attribute names, as in the schema). */
export type ParentTableModel = {
  readonly id: string | null;
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly ColumnModel[];
  readonly primary_key: readonly string[];
  readonly indexes: readonly IndexModel[] | null;
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
    type: ['list', ['object', { name: 'string', type: 'string', nullable: 'bool' }]],
    required: true,
    requiresReplace: true,
    description: 'Columns in order: name, SQL type as PostgreSQL spells it (`timestamptz`, `numeric(18,2)`, ...), nullable (default true).',
  },
  primary_key: { type: ['list', 'string'], required: true, requiresReplace: true, description: 'Primary key columns; must include the range column and the list column (PostgreSQL requires every partition key column).' },
  indexes: {
    type: ['list', ['object', { name: 'string', columns: ['list', 'string'] }]],
    optional: true,
    requiresReplace: true,
    description: 'Secondary indexes (created on every partition). A null name becomes `<table>_<columns>_idx`, shortened to 63 bytes.',
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
  if (live.comment !== ownershipMark(ownershipOf(m))) {
    await ctx.session({ object: qualified(m), step: 'adopt parent table' }, (s) =>
      s.transaction({ object: qualified(m), step: 'adopt parent table' }, async (tx) => {
        await tx.run(ownershipCommentSql(m.schema, m.name, ownershipOf(m)));
      }));
    ctx.inventories.invalidate(m.schema, m.name);
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

/**
 * The table a model declares, up to type spelling (`types`: catalog spellings), index naming
 * defaults, the list column (windows only), and the shard count and colocation (used at creation only).
 */
function shape(m: ParentTableModel, types: readonly (string | null)[]): string {
  return JSON.stringify([
    m.schema, m.name, m.columns.map((c, i) => [c.name, types[i], c.nullable ?? true]), m.primary_key,
    resolveTable(m).indexes.map((ix) => ix.columns), m.range_column, m.default_partition, m.distribution_column,
  ]);
}

export const parentTableResource: ResourceType<ProviderContext, ParentTableModel> = {
  typeName: 'pgpartition_parent_table',
  description: 'A parent table partitioned by RANGE on a time column; created when missing, adopted when an existing table matches, never dropped while it holds rows.',
  version: 2,
  attributes,

  async read(ctx, state) {
    const key = await partitionKeyOf(await ctx.pool(), state.schema, state.name);
    return { state: key === null ? null : { ...state, id: qualified(state) } }; // gone: the next plan creates it
  },

  validate(config) {
    return parentTableDiagnostics(config);
  },

  async plan(ctx, { prior, proposed, requiresReplace }) {
    // declared types must exist: checked read-only whenever the columns are new or change (no round trip on a no-op plan)
    const changed = prior === null || !sameValue(prior.columns, proposed.columns);
    const citus = prior === null || prior.distribution_column !== proposed.distribution_column ? await citusChecks(ctx, proposed) : [];
    if (citus.length > 0) return { planned: proposed, requiresReplace, diagnostics: citus };
    if (findUnknown(proposed.columns) !== undefined || (!changed && requiresReplace.length === 0)) return { planned: proposed, requiresReplace };
    const { types, diagnostics } = await catalogTypes(ctx, prior === null ? [proposed] : [proposed, prior]);
    if (diagnostics.length > 0) return { planned: proposed, requiresReplace, diagnostics };
    // an import records the catalog's spelling (`timestamp with time zone`); the same table spelled
    // `timestamptz` in config is an in-place update of state, not a drop and re-create
    if (prior !== null && requiresReplace.length > 0 && shape(proposed, types[0]) === shape(prior, types[1])) {
      return { planned: { ...proposed, id: prior.id }, requiresReplace: [] };
    }
    return { planned: proposed, requiresReplace };
  },

  async create(ctx, planned) {
    return createOrAdopt(ctx, planned);
  },

  async update(ctx, prior, planned) {
    // only spelling, list_column or owner changed (see plan); a new owner (or an import's first apply) writes its mark
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
    const indexes = live.indexes.filter((ix) => !ix.primary && ix.columns.every((c) => c !== null));
    return {
      id: `${schema}.${name}`,
      schema,
      name,
      columns: live.columns.map((c) => ({ name: c.name, type: c.type, nullable: !c.notNull })),
      primary_key: live.primaryKey,
      indexes: indexes.length > 0 ? indexes.map((ix) => ({ name: ix.name, columns: ix.columns as string[] })) : null,
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
    // version 0 had no owner (its table carries the earlier mark, which any owner may adopt); before 2, no allow_teardown
    const m = state as ParentTableModel;
    return { ...m, owner: version < 1 ? DEFAULT_OWNER : m.owner, allow_teardown: false };
  },
};
