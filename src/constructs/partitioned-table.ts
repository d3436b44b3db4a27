/**
 * `PartitionedTable`: the L2 construct over the provider's L1 resources. Props are the core's
 * {@link PartitionSpec}, flattened; the construct validates them with the core (so an invalid spec
 * fails at synth, safety rule 7), plans the windows with the same core function the provider
 * uses, and emits one `pgpartition_parent_table` plus one `pgpartition_window` per planned window.
 */
import { Schema as PostgresqlSchema } from '@cdktf/provider-postgresql/lib/schema';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import type { PartitionPlan } from '../core/spec';
import { ParentTable } from './.gen/providers/pgpartition/parent-table';
import { Window } from './.gen/providers/pgpartition/window';
import { resolveAsOf } from './as-of';
import { planTable, type PartitionedTableProps } from './table-plan';

/**
 * A range-partitioned PostgreSQL table whose windows roll forward with time: the parent table,
 * one window per planned [from, to), each list-sub-partitioned by activity group (or, distributed
 * with Citus, one level), retired past the retention horizon by the provider. Construct ids of windows are their names, so a window
 * keeps its Terraform address across synths and only windows entering or leaving the plan change.
 * @throws SpecError (at synth) naming the field and the fix, for any invalid prop.
 */
export class PartitionedTable extends Construct {
  /** The L1 `pgpartition_parent_table`. */
  readonly parent: ParentTable;
  /** The L1 `pgpartition_window`s, oldest first. */
  readonly windows: readonly Window[];
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
      columns: table.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
      primaryKey: [...table.primaryKey],
      indexes: table.indexes.map((i) => ({ name: i.name, columns: [...i.columns] })),
      rangeColumn: table.rangeColumn,
      listColumn: table.listColumn ?? undefined,
      defaultPartition: table.defaultPartition,
      distributionColumn: table.distribution?.column,
      shardCount: table.distribution?.shardCount ?? undefined,
      colocateWith: table.distribution?.colocateWith ?? undefined,
      owner,
    });
    this.windows = plan.windows.map(
      (w) =>
        new Window(this, w.name, {
          provider: props.provider,
          schema: table.schema,
          parentTable: this.parent.name, // a reference: terraform creates the parent first and destroys it last
          name: w.name,
          rangeColumn: table.rangeColumn,
          rangeType: table.rangeType,
          from: w.from,
          to: w.to,
          listColumn: table.listColumn ?? undefined,
          subPartitions: w.subPartitions.flatMap((s) => (s.values === null ? [] : [{ name: s.name, values: [...s.values] }])),
          defaultSubPartition: w.subPartitions.find((s) => s.values === null)?.name,
          retention: plan.retention ?? undefined,
          retentionMode: plan.retentionMode,
          owner,
        }),
    );

    // the window, not the instant: two plans made within one window synthesize byte-identical
    new TerraformOutput(this, 'CurrentWindowStart', {
      description: `Start of the window containing asOf for ${table.schema}.${table.name}: the window this plan is for`,
      value: plan.currentWindowStart,
    });
  }
}
