/**
 * `pgpartition_window`: one window, the range partition [from, to) of a parent table, itself
 * `PARTITION BY LIST` on the list column with one sub-partition per activity group plus the DEFAULT
 * sub-partition. Schema, state model and hooks here; the work (plan checks against the live catalog,
 * create, retire, read) is the window functions of ../windows/, which every resource shape shares.
 * Tests: test/provider/window.test.ts, test/provider/live-catalog.test.ts.
 */
import { canonicalBound, DEFAULT_OWNER, type RangeColumnType } from '../../core';
import { readWindowStats } from '../../catalog';
import { DiagnosticError, type Attributes, type Diagnostic, type ResourceType, type Value } from '../framework/types';
import type { ProviderContext } from '../internal/context';
import { error, fail, statementFailed } from '../internal/diagnostics';
import { windowDiagnostics } from '../internal/hcl-checks';
import { parseImportId } from '../internal/import-id';
import { parentOf, partitionKeyOf, tableByName } from '../internal/lookups';
import { identifier, intervalText, oneOf } from '../internal/validators';
import { createChecks } from '../windows/create-checks';
import { ensureWindow } from '../windows/create';
import { IMPORTED_OWNER, qualified, type Handover, type SubPartitionModel, type WindowDecl } from '../windows/model';
import { layoutChecks, retireChecks } from '../windows/plan-checks';
import { readWindow } from '../windows/read';
import { retireWindow } from '../windows/retire';
import { boundCheckName } from '../../core';

const RANGE_TYPES: readonly RangeColumnType[] = ['timestamptz', 'timestamp', 'date'];
const RETENTION_MODES = ['drop', 'detach', 'keep'] as const;

/** The state of one window (snake_case attribute names, as in the schema): the declaration plus computed attributes. */
export type WindowModel = WindowDecl & {
  readonly id: string | null;
  readonly attached: boolean | null;
  readonly row_estimate: number | null;
  readonly size_bytes: number | null;
};

export type { SubPartitionModel };

/** A bound validator: canonical text for one of the range types (which one is checked in `validate`). */
const boundText = (value: Value) =>
  RANGE_TYPES.some((t) => {
    try {
      canonicalBound(value as string, t);
      return true;
    } catch {
      return false;
    }
  })
    ? undefined
    : `${JSON.stringify(value)} is not a canonical bound; write "2024-12-23T00:00:00Z" (timestamptz), "2024-12-23 00:00:00" (timestamp) or "2024-12-23" (date)`;

const attributes: Attributes = {
  id: { type: 'string', computed: true, useStateForUnknown: true, description: 'The window\'s qualified name, `<schema>.<name>`.' },
  schema: { type: 'string', optional: true, computed: true, default: 'public', requiresReplace: true, validators: [identifier], description: 'Schema of the parent table and the window. Default: `public`.' },
  parent_table: { type: 'string', required: true, requiresReplace: true, validators: [identifier], description: 'Name of the parent table (`PARTITION BY RANGE`).' },
  name: { type: 'string', required: true, requiresReplace: true, validators: [identifier], description: 'Partition name of the window, e.g. `account_balances_2024_12_23` (the core names it; at most 63 bytes).' },
  range_column: { type: 'string', required: true, requiresReplace: true, validators: [identifier], description: 'The parent\'s range (partition key) column.' },
  range_type: { type: 'string', required: true, requiresReplace: true, validators: [oneOf(RANGE_TYPES)], description: 'Type of the range column: `timestamptz`, `timestamp` or `date`; decides the bound text form.' },
  from: { type: 'string', required: true, requiresReplace: true, validators: [boundText], description: 'Inclusive lower partition bound in the core\'s canonical text: `2024-12-23T00:00:00Z` (timestamptz, UTC), `2024-12-23 00:00:00` (timestamp), `2024-12-23` (date).' },
  to: { type: 'string', required: true, requiresReplace: true, validators: [boundText], description: 'Exclusive upper partition bound, canonical text like `from`.' },
  list_column: { type: 'string', optional: true, requiresReplace: true, validators: [identifier], description: 'Column the window is `PARTITION BY LIST` on. Without it the window is a plain table and takes no sub-partitions.' },
  sub_partitions: {
    type: ['list', ['object', { name: 'string', values: ['list', 'string'] }]],
    optional: true,
    description: 'Group sub-partitions: partition name and list values. A missing one is added in place (rows for its values move out of the DEFAULT sub-partition); changing or removing one of an existing window is refused: add a dated layout effective from a future window instead.',
  },
  default_sub_partition: { type: 'string', optional: true, validators: [identifier], description: 'Name of the window\'s DEFAULT sub-partition (values in no group). Without it, rows with such values are refused.' },
  retention: { type: 'string', optional: true, validators: [intervalText], description: 'How long the window is kept after its upper bound, PostgreSQL interval text such as `12 weeks`. Null keeps it forever. Terraform destroys only see state, so each window carries its own.' },
  retention_mode: { type: 'string', optional: true, computed: true, default: 'keep', validators: [oneOf(RETENTION_MODES)], description: 'What destroying the window does once `to` <= database now() - `retention`: `drop` (DETACH CONCURRENTLY, then DROP TABLE), `detach` (DETACH CONCURRENTLY, keep the table), `keep` (refuse). Default: `keep`.' },
  owner: {
    type: 'string',
    optional: true,
    computed: true,
    default: DEFAULT_OWNER,
    validators: [identifier],
    description: `Stable id of the declaration that owns the window, written into the ownership mark (the table comment) with the parent table's name: pgpartition never adopts or retires a table another owner's mark names. Changing it hands the window over to the new owner (its mark is rewritten). Default: \`${DEFAULT_OWNER}\`.`,
  },
  attached: { type: 'bool', computed: true, description: 'Whether the window is attached to its parent (false: detached or detach pending, its rows not visible through the parent; the next apply attaches it again, or finishes its retirement when it is no longer declared).' },
  row_estimate: { type: 'number', computed: true, useStateForUnknown: true, description: 'Rows in the window (statistics, or an exact count/sample on a never-analysed table), refreshed on every read.' },
  size_bytes: { type: 'number', computed: true, useStateForUnknown: true, description: 'Bytes the window takes on disk (heap, TOAST, indexes of every sub-partition), refreshed on every read.' },
};


/** `m` with its computed attributes read for this window alone (rows moved in from the DEFAULT partition count). */
async function withStats(ctx: ProviderContext, m: WindowModel): Promise<WindowModel> {
  let stats;
  try {
    stats = await readWindowStats(await ctx.pool(), m.schema, m.name);
  } catch (err) {
    throw statementFailed(err, { object: qualified(m), step: 'read the row estimate and size of', statement: 'the window statistics query (src/catalog)' });
  }
  return { ...m, id: qualified(m), attached: true, row_estimate: stats?.rowEstimate ?? 0, size_bytes: stats?.sizeBytes ?? 0 };
}

/**
 * The parent's inventory (one catalog read per parent per plan, shared by every window of it), its
 * bounds read in the type of the parent's actual range column.
 */
async function inventoryOf(ctx: ProviderContext, m: WindowModel) {
  const key = await ctx.inventories.key(m.schema, m.parent_table);
  return ctx.inventories.get(m.schema, m.parent_table, key?.rangeType ?? m.range_type);
}

/**
 * Plan-time checks of creating `m` against the live catalog: the parent's partition key (a wrong
 * range type would read bounds and retention in another time base), overlaps, foreign pending
 * detaches, its name taken. A parent that does not exist yet (planned in the same run) has nothing to check.
 */
async function planCreate(ctx: ProviderContext, m: WindowModel): Promise<Diagnostic[]> {
  if ([m.from, m.to, m.name, m.parent_table, m.schema, m.range_column, m.range_type].some((v) => typeof v !== 'string')) return []; // unknown until apply
  const key = await ctx.inventories.key(m.schema, m.parent_table);
  if (key === null) return [];
  if (key.column !== m.range_column || key.rangeType !== m.range_type) {
    return [error(['range_type'], 'Window does not match its parent table',
      `${m.schema}.${m.parent_table} is PARTITION BY RANGE (${key.column}) of type ${key.typeText}; this window declares range_column = "${m.range_column}", range_type = "${m.range_type}". Set both to the parent's.`)];
  }
  const inventory = await inventoryOf(ctx, m);
  const attachedHere = inventory.windows.some((p) => p.name === m.name);
  const other = attachedHere ? null : await tableByName(await ctx.pool(), m.schema, m.name, boundCheckName(m.name), m.range_type);
  return createChecks(inventory, [m], new Map([[m.name, other]]));
}

export const windowResource: ResourceType<ProviderContext, WindowModel> = {
  typeName: 'pgpartition_window',
  description: 'One window of a parent table: the range partition [from, to), list-sub-partitioned by activity group, built standalone and attached; retired by DETACH CONCURRENTLY only after its retention has passed.',
  version: 1,
  attributes,

  validate(config) {
    const diags: Diagnostic[] = [];
    const type = config.range_type as Value;
    for (const key of ['from', 'to'] as const) {
      const v = config[key] as Value;
      if (typeof v !== 'string' || typeof type !== 'string' || !RANGE_TYPES.includes(type as RangeColumnType)) continue;
      try {
        canonicalBound(v, type as RangeColumnType);
      } catch (err) {
        diags.push(error([key], `Invalid ${key} bound`, (err as Error).message));
      }
    }
    if (typeof config.from === 'string' && typeof config.to === 'string' && diags.length === 0 && config.from >= config.to) {
      diags.push(error(['to'], 'Empty window', `to (${config.to}) must be later than from (${config.from}).`));
    }
    const mode = config.retention_mode as Value;
    if ((mode === 'drop' || mode === 'detach') && config.retention === null) {
      diags.push(error(['retention'], 'retention_mode needs a retention', `retention_mode "${mode}" retires the window only after its retention; set retention (e.g. "12 weeks") or retention_mode = "keep".`));
    }
    if (config.list_column === null && ((config.sub_partitions?.length ?? 0) > 0 || config.default_sub_partition !== null)) {
      diags.push(error(['list_column'], 'Sub-partitions need a list column', 'Set list_column to the column the window is PARTITION BY LIST on, or remove sub_partitions and default_sub_partition.'));
    }
    diags.push(...windowDiagnostics(config)); // the core's name and list-value rules, on HCL attributes
    return diags;
  },

  async read(ctx, state) {
    const live = await readWindow(ctx, await inventoryOf(ctx, state), state);
    return { state: live ? { ...state, ...live, id: qualified(state) } : null }; // gone: the next plan re-creates it
  },

  async plan(ctx, { prior, config, proposed, requiresReplace }) {
    if (prior === null) return { planned: proposed, diagnostics: await planCreate(ctx, proposed) };
    if (requiresReplace.length > 0) {
      // a replacement retires the old window first: the same guards as a destroy
      return { planned: proposed, requiresReplace, diagnostics: [...(await retireChecks(ctx, await inventoryOf(ctx, prior), prior)), ...(await planCreate(ctx, proposed))] };
    }
    // a detached window still declared is attached again by the update
    const planned = prior.attached === false ? { ...proposed, attached: true } : proposed;
    return { planned, diagnostics: layoutChecks(prior, config) };
  },

  async planDestroy(ctx, prior) {
    return retireChecks(ctx, await inventoryOf(ctx, prior), prior);
  },

  async create(ctx, planned) {
    await ensureWindow(ctx, planned);
    return withStats(ctx, planned);
  },

  async update(ctx, prior, planned) {
    const refused = layoutChecks(prior, planned);
    if (refused.length > 0) throw new DiagnosticError(refused);
    const handover: Handover | undefined = prior.owner === IMPORTED_OWNER ? { kind: 'import' } : prior.owner !== planned.owner ? { kind: 'owner', owner: prior.owner } : undefined;
    await ensureWindow(ctx, planned, handover); // attaches a detached window, adds missing sub-partitions, writes the owner's mark
    const updated = await withStats(ctx, planned);
    // computed values were planned from prior state; keep them so the result matches the plan
    return prior.attached === false ? updated : { ...updated, row_estimate: prior.row_estimate, size_bytes: prior.size_bytes };
  },

  async delete(ctx, prior) {
    return retireWindow(ctx, prior);
  },

  async importState(ctx, id) {
    const { schema, name } = parseImportId(id, 'a window', 'pgpartition_window.w public.account_balances_2024_12_23');
    const pool = await ctx.pool();
    const parent = await parentOf(pool, schema, name);
    if (!parent) fail(undefined, `Cannot import ${id}`, `${id} is not an attached partition. Import a window by the qualified name of a partition of a parent table, e.g. public.account_balances_2024_12_23.`);
    if (parent.schema !== schema) fail(undefined, `Cannot import ${id}`, `${id} is a partition of ${parent.schema}.${parent.name}, in another schema; pgpartition keeps a window in its parent's schema.`);
    const key = await partitionKeyOf(pool, parent.schema, parent.name);
    if (!key?.rangeType) fail(undefined, `Cannot import ${id}`, `Its parent ${parent.schema}.${parent.name} is not range-partitioned on a timestamptz, timestamp or date column.`);
    const inventory = await ctx.inventories.get(schema, parent.name, key.rangeType);
    const window = inventory.windows.find((w) => w.name === name);
    if (!window || window.kind !== 'range' || window.from === null || window.to === null) {
      return fail(undefined, `Cannot import ${id}`, `${id} is not a range partition of ${schema}.${parent.name}.`);
    }
    const own = await tableByName(pool, schema, name, boundCheckName(name), key.rangeType);
    const groups = window.subPartitions.filter((s) => !s.isDefault && s.values !== null);
    const imported: WindowModel = {
      id: `${schema}.${name}`,
      schema,
      parent_table: parent.name,
      name,
      range_column: key.column,
      range_type: key.rangeType,
      from: window.from,
      to: window.to,
      list_column: own?.listColumn ?? null,
      sub_partitions: own?.listColumn ? groups.map((s) => ({ name: s.name, values: s.values!.map((v) => v ?? 'NULL') })) : null,
      default_sub_partition: window.subPartitions.find((s) => s.isDefault)?.name ?? null,
      retention: null,
      retention_mode: 'keep',
      owner: IMPORTED_OWNER, // the next apply writes the configured owner's mark: import itself changes nothing (plans stay read-only)
      attached: !window.detachPending,
      row_estimate: window.rowEstimate,
      size_bytes: window.sizeBytes,
    };
    return imported;
  },

  upgradeState(_version, state) {
    // version 0 had no owner (its tables carry the earlier mark, which any owner may adopt) and no attached flag
    return { ...(state as WindowModel), owner: DEFAULT_OWNER, attached: true };
  },
};
