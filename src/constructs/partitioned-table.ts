/**
 * `PartitionedTable`: the L2 construct over the provider's L1 resources. Props are the core's
 * {@link PartitionSpec}, flattened; the construct validates them with the core (so an invalid spec
 * fails at synth, safety rule 7), plans the windows with the same core function the provider
 * uses, and emits one `pgpartition_parent_table` plus one `pgpartition_window_set` holding every
 * planned window (terraform's work per resource is then paid once per table, not per window).
 */
import { Schema as PostgresqlSchema } from '@cdktf/provider-postgresql/lib/schema';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import type { PartitionPlan } from '../core/spec';
import { ParentTable } from './.gen/providers/pgpartition/parent-table';
import { WindowSet } from './.gen/providers/pgpartition/window-set';
import { WindowResourcesRemoved } from './window-resources-removed';
import { resolveAsOf } from './as-of';
import { planTable, type PartitionedTableProps } from './table-plan';

/**
 * A range-partitioned PostgreSQL table whose windows roll forward with time: the parent table,
 * one window per planned [from, to), each list-sub-partitioned by activity group (or, distributed
 * with Citus, one level), retired past the retention horizon by the provider. Windows are keyed by
 * name in the window set, so a window keeps its key across synths and only windows entering or
 * leaving the plan change.
 * @throws SpecError (at synth) naming the field and the fix, for any invalid prop.
 */
export class PartitionedTable extends Construct {
  /** The L1 `pgpartition_parent_table`. */
  readonly parent: ParentTable;
  /** The L1 `pgpartition_window_set` holding every window (a map keyed by window name). */
  readonly windowSet: WindowSet;
  /** The core's plan the windows were emitted from. */
  readonly plan: PartitionPlan;
  /** The props it was declared with; `checkHealth(pool, table)` plans from them at its own instant. */
  readonly props: PartitionedTableProps;

  constructor(scope: Construct, id: string, props: PartitionedTableProps) {
    super(scope, id);
    this.props = props;
    const asOf = resolveAsOf(this, props.asOf);
    const { spec, plan } = planTable(props, asOf); // throws before any L1 exists
    this.plan = plan;
    const table = spec.table;

    const owner = props.ownerId ?? this.node.path;
    const schema = props.postgresqlSchemaProvider
      ? new PostgresqlSchema(this, 'Schema', { name: table.schema, ifNotExists: true, provider: props.postgresqlSchemaProvider })
      : undefined;
    this.parent = new ParentTable(this, 'ParentTable', {
      provider: props.provider,
      dependsOn: schema ? [schema] : undefined,
      schema: table.schema,
      name: table.name,
      columns: table.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable, ...(c.default === null ? {} : { default: c.default }) })),
      primaryKey: [...table.primaryKey],
      // only what differs from the defaults, so a table declared before these options existed plans no change
      indexes: table.indexes.map((i) => ({
        name: i.name,
        columns: [...i.columns],
        ...(i.unique ? { unique: true } : {}),
        ...(i.include.length > 0 ? { include: [...i.include] } : {}),
        ...(i.method === 'btree' ? {} : { method: i.method }),
        ...(i.where === null ? {} : { where: i.where }),
        ...(i.storageParameters.length > 0 ? { storageParameters: Object.fromEntries(i.storageParameters) } : {}),
      })),
      dropColumns: table.dropColumns.length > 0 ? [...table.dropColumns] : undefined,
      rangeColumn: table.rangeColumn,
      listColumn: table.listColumn ?? undefined,
      defaultPartition: table.defaultPartition,
      distributionColumn: table.distribution?.column,
      shardCount: table.distribution?.shardCount ?? undefined,
      colocateWith: table.distribution?.colocateWith ?? undefined,
      owner,
      allowTeardown: props.allowTeardown,
    });
    const windows = Object.fromEntries(plan.windows.map((w) => [w.name, {
      from: w.from,
      to: w.to,
      sub_partitions: w.subPartitions.flatMap((s) => (s.values === null ? [] : [{ name: s.name, values: [...s.values] }])),
      default_sub_partition: w.subPartitions.find((s) => s.values === null)?.name ?? null,
      retention: plan.retention,
      retention_mode: plan.retentionMode,
      ...(plan.archive ? { archive_schema: plan.archive.schema, keep_for: plan.archive.keepFor, archived: w.archivedUntil !== null } : {}),
    }]));
    this.windowSet = new WindowSet(this, 'Windows', {
      provider: props.provider,
      schema: table.schema,
      parentTable: this.parent.name, // a reference: terraform creates the parent first and destroys it last
      rangeColumn: table.rangeColumn,
      rangeType: table.rangeType,
      listColumn: table.listColumn ?? undefined,
      owner,
      windows: {},
      retireEarly: props.retireEarly ? [...props.retireEarly] : undefined,
      allowTeardown: props.allowTeardown,
    });
    // written as terraform reads it: cdktf 0.21's generated binding drops the fields of a list of
    // objects inside a nested map attribute (sub_partitions would synthesize as [{}, {}])
    this.windowSet.addOverride('windows', windows);
    new WindowResourcesRemoved(this, 'WindowResourcesRemoved', plan.windows.map((w) => w.name));

    // the window, not the instant: two plans made within one window synthesize byte-identical
    new TerraformOutput(this, 'CurrentWindowStart', {
      description: `Start of the window containing asOf for ${table.schema}.${table.name}: the window this plan is for`,
      value: plan.currentWindowStart,
    });
  }
}
