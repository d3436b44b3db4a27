/**
 * Data source `pgpartition_partitions`: the live partitions of a parent table, read from the
 * catalog inventory (one query): name, canonical bounds, sub-partitions, row estimate, bytes,
 * and whether pgpartition owns each. Tests: test/provider/partitions.test.ts.
 */
import type { Attributes, DataSourceType, Model } from '../framework/types';
import type { ProviderContext } from '../internal/context';
import { fail } from '../internal/diagnostics';
import { partitionKeyOf } from '../internal/lookups';
import { identifier } from '../internal/validators';

const attributes: Attributes = {
  schema: { type: 'string', optional: true, computed: true, validators: [identifier], description: 'Schema of the parent table. Default: `public`.' },
  parent_table: { type: 'string', required: true, validators: [identifier], description: 'Name of the parent table (partitioned by RANGE on a timestamptz, timestamp or date column).' },
  partitions: {
    type: ['list', ['object', { name: 'string', from: 'string', to: 'string', sub_partitions: ['list', 'string'], row_estimate: 'number', size_bytes: 'number', managed: 'bool' }]],
    computed: true,
    description: 'The windows (range partitions), oldest first: name, canonical `from` (inclusive) and `to` (exclusive), sub-partition names, row estimate (rows), size (bytes), and `managed` (carries the pgpartition ownership mark).',
  },
  default_partition_rows: { type: 'number', computed: true, description: 'Rows in the parent\'s DEFAULT partition (0 without one). More than 0 means a window is missing for some rows.' },
};

export const partitionsDataSource: DataSourceType<ProviderContext> = {
  typeName: 'pgpartition_partitions',
  description: 'Lists the live windows of a parent table with their bounds, sub-partitions, row estimates and sizes.',
  attributes,

  async read(ctx, config): Promise<Model> {
    const schema = (config.schema as string | null) ?? 'public';
    const parent = config.parent_table as string;
    const key = await partitionKeyOf(await ctx.pool(), schema, parent);
    if (!key?.rangeType) {
      fail(['parent_table'], `Cannot list partitions of ${schema}.${parent}`, `${schema}.${parent} does not exist or is not partitioned by RANGE on a timestamptz, timestamp or date column. Check schema and parent_table.`);
    }
    const inventory = await ctx.inventories.get(schema, parent, key.rangeType);
    const windows = inventory.windows.filter((w) => w.kind === 'range');
    const defaults = inventory.windows.filter((w) => w.kind === 'default');
    return {
      schema,
      parent_table: parent,
      partitions: windows.map((w) => ({
        name: w.name,
        from: w.from!,
        to: w.to!,
        sub_partitions: w.subPartitions.map((s) => s.name),
        row_estimate: w.rowEstimate,
        size_bytes: w.sizeBytes,
        managed: w.managed,
      })),
      default_partition_rows: defaults.reduce((sum, d) => sum + d.rowEstimate, 0),
    };
  },
};
