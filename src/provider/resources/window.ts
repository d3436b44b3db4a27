/**
 * `pgpartition_window`: one window, the range partition [from, to) of a parent table, itself
 * `PARTITION BY LIST` on the list column with one sub-partition per activity group plus the DEFAULT
 * sub-partition. Schema, state model and hooks here; the work (plan checks against the live catalog,
 * create, retire, read) is the window functions of ../windows/, which every resource shape shares.
 * Tests: test/provider/window.test.ts, test/provider/live-catalog.test.ts.
 */
import { boundCheckName, DEFAULT_OWNER } from '../../core';
import { readWindowStats } from '../../catalog';
import { DiagnosticError, type Attributes, type ResourceType } from '../framework/types';
import type { ProviderContext } from '../internal/context';
import { fail, statementFailed } from '../internal/diagnostics';
import { parseImportId } from '../internal/import-id';
import { parentOf, partitionKeyOf, tableByName } from '../internal/lookups';
import { identifier } from '../internal/validators';
import { OWNER_ATTRIBUTE, STATS_ATTRIBUTES, TABLE_ATTRIBUTES, WINDOW_ATTRIBUTES } from '../windows/attributes';
import { ensureWindow } from '../windows/create';
import { IMPORTED_OWNER, qualified, type Handover, type SubPartitionModel, type WindowDecl } from '../windows/model';
import { layoutChecks, retireChecks } from '../windows/plan-checks';
import { readWindow } from '../windows/read';
import { retireWindow } from '../windows/retire';
import { parentInventory, planCreates } from '../windows/plan-create';
import { windowConfigDiagnostics } from '../windows/validate';

/** The state of one window (snake_case attribute names, as in the schema): the declaration plus computed attributes. */
export type WindowModel = WindowDecl & {
  readonly id: string | null;
  readonly attached: boolean | null;
  readonly row_estimate: number | null;
  readonly size_bytes: number | null;
};

export type { SubPartitionModel };

const attributes: Attributes = {
  id: { type: 'string', computed: true, useStateForUnknown: true, description: 'The window\'s qualified name, `<schema>.<name>`.' },
  ...TABLE_ATTRIBUTES,
  name: { type: 'string', required: true, requiresReplace: true, validators: [identifier], description: 'Partition name of the window, e.g. `account_balances_2024_12_23` (the core names it; at most 63 bytes).' },
  ...WINDOW_ATTRIBUTES,
  ...OWNER_ATTRIBUTE,
  ...STATS_ATTRIBUTES,
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

/** The parent's inventory, its bounds read in the type of the parent's actual range column (see ../windows/plan-create). */
const inventoryOf = (ctx: ProviderContext, m: WindowModel) => parentInventory(ctx, m);

export const windowResource: ResourceType<ProviderContext, WindowModel> = {
  typeName: 'pgpartition_window',
  description: 'One window of a parent table: the range partition [from, to), list-sub-partitioned by activity group, built standalone and attached; retired by DETACH CONCURRENTLY only after its retention has passed.',
  version: 1,
  attributes,

  validate(config) {
    return windowConfigDiagnostics(config);
  },

  async read(ctx, state) {
    const live = await readWindow(ctx, await inventoryOf(ctx, state), state);
    return { state: live ? { ...state, ...live, id: qualified(state) } : null }; // gone: the next plan re-creates it
  },

  async plan(ctx, { prior, config, proposed, requiresReplace }) {
    if (prior === null) return { planned: proposed, diagnostics: await planCreates(ctx, [proposed]) };
    if (requiresReplace.length > 0) {
      // a replacement retires the old window first: the same guards as a destroy
      return { planned: proposed, requiresReplace, diagnostics: [...(await retireChecks(ctx, await inventoryOf(ctx, prior), prior)), ...(await planCreates(ctx, [proposed]))] };
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
