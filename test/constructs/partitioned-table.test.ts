import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TerraformResource, TerraformStack, Testing } from 'cdktf';
import { SpecError } from '../../src/core/errors';
import { AS_OF_CONTEXT_KEY, AS_OF_ENV, PartitionedTable, RetentionPolicy, type PartitionedTableProps } from '../../src/constructs';
import { ParentTable } from '../../src/constructs/.gen/providers/pgpartition/parent-table';
import { WindowSet } from '../../src/constructs/.gen/providers/pgpartition/window-set';
import { testApp } from '../support/cdktf';

const props: PartitionedTableProps = {
  parentTable: 'events',
  columns: [
    { name: 'occurred_at', type: 'timestamptz', nullable: false },
    { name: 'kind', type: 'text', nullable: false },
    { name: 'payload', type: 'jsonb' },
  ],
  primaryKey: ['occurred_at', 'kind'],
  indexes: [{ columns: ['kind'] }],
  rangeColumn: 'occurred_at',
  listColumn: 'kind',
  activityGroups: [
    { name: 'clicks', values: ['click', 'dblclick'] },
    { name: 'views', values: ['view'] },
  ],
  premake: 4,
  retention: RetentionPolicy.dropAfterWindows(12),
  asOf: '2024-12-25T12:00:00Z',
};

/** Synthesizes one PartitionedTable in a fresh stack; returns the stack JSON and its parsed form. */
function synth(p: PartitionedTableProps, context?: Record<string, unknown>): { text: string; json: any; table: PartitionedTable } {
  const stack = new TerraformStack(testApp(context), 'test');
  const table = new PartitionedTable(stack, 'Events', p);
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text), table };
}

/** The one window set of the stack. */
const setOf = (json: any): any => Object.values(json.resource?.[WindowSet.tfResourceType] ?? {})[0];
/** Its windows as `{ name, ...entry }`, in key order (oldest first). */
const windowsOf = (json: any): any[] => Object.entries(setOf(json)?.windows ?? {}).map(([name, w]) => ({ name, ...(w as object) }));
const currentStart = (json: any): string => (Object.values(json.output) as { value: string }[])[0].value;

/** Runs `fn` with `PGPARTITION_AS_OF` set to `value` (or unset), restoring it afterwards. */
function withAsOfEnv<T>(value: string | undefined, fn: () => T): T {
  const saved = process.env[AS_OF_ENV];
  if (value === undefined) delete process.env[AS_OF_ENV];
  else process.env[AS_OF_ENV] = value;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env[AS_OF_ENV];
    else process.env[AS_OF_ENV] = saved;
  }
}

describe('PartitionedTable', () => {
  it('emits the parent table with its columns, primary key and indexes', () => {
    const { text } = synth(props);
    assert.ok(
      Testing.toHaveResourceWithProperties(text, ParentTable.tfResourceType, {
        schema: 'public',
        name: 'events',
        columns: [
          { name: 'occurred_at', type: 'timestamptz', nullable: false },
          { name: 'kind', type: 'text', nullable: false },
          { name: 'payload', type: 'jsonb', nullable: true },
        ],
        primary_key: ['occurred_at', 'kind'],
        indexes: [{ name: 'events_kind_idx', columns: ['kind'] }],
        range_column: 'occurred_at',
        list_column: 'kind',
        default_partition: false,
        owner: 'test/Events',
      }),
      text,
    );
  });

  it('emits index options, column defaults and dropColumns, leaving out what is a default', () => {
    const { text } = synth({
      ...props,
      columns: [...props.columns, { name: 'state', type: 'text', nullable: false, default: "'new'" }],
      indexes: [
        { columns: ['occurred_at'], method: 'brin', storageParameters: { pages_per_range: 32 } },
        { name: 'events_unique', columns: ['kind', 'occurred_at'], unique: true, include: ['state'], where: "state <> 'gone'" },
        { columns: ['kind'] },
      ],
      dropColumns: ['old_column'],
    });
    assert.ok(
      Testing.toHaveResourceWithProperties(text, ParentTable.tfResourceType, {
        columns: [...props.columns.map((c) => ({ ...c, nullable: c.nullable ?? true })), { name: 'state', type: 'text', nullable: false, default: "'new'" }],
        indexes: [
          { name: 'events_occurred_at_brin_idx', columns: ['occurred_at'], method: 'brin', storage_parameters: { pages_per_range: '32' } },
          { name: 'events_unique', columns: ['kind', 'occurred_at'], unique: true, include: ['state'], where: `"state" <> 'gone'` },
          { name: 'events_kind_idx', columns: ['kind'] },
        ],
        drop_columns: ['old_column'],
      }),
      text,
    );
  });

  it('emits one window set holding one window per planned window: 12 back, the current one, 4 ahead', () => {
    const { json, table } = synth(props);
    const { parent_table: _reference, windows: _windows, ...set } = setOf(json);
    assert.deepEqual(set, { schema: 'public', range_column: 'occurred_at', range_type: 'timestamptz', list_column: 'kind', owner: 'test/Events' });
    const windows = windowsOf(json);
    assert.equal(windows.length, 17);
    assert.deepEqual(
      windows.map((w) => w.name),
      table.plan.windows.map((w) => w.name),
    );
    assert.deepEqual(windows[0], {
      name: 'events_2024_09_30',
      from: '2024-09-30T00:00:00Z',
      to: '2024-10-07T00:00:00Z',
      sub_partitions: [
        { name: 'events_2024_09_30_clicks', values: ['click', 'dblclick'] },
        { name: 'events_2024_09_30_views', values: ['view'] },
      ],
      default_sub_partition: 'events_2024_09_30_default',
      retention: '12 weeks',
      retention_mode: 'drop',
    });
    assert.equal(windows.at(-1).from, '2025-01-20T00:00:00Z');
  });

  it('declares the window past retention archived, with the archive schema and keep_for on every window', () => {
    const { json } = synth({ ...props, retention: RetentionPolicy.archiveAfterWindows(12, { keepFor: '7 days', schema: 'archive' }) });
    const windows = windowsOf(json);
    assert.equal(windows.length, 18);
    assert.deepEqual(windows.filter((w) => w.archived).map((w) => w.name), ['events_2024_09_23']);
    for (const w of windows) assert.deepEqual([w.retention, w.retention_mode, w.archive_schema, w.keep_for], ['12 weeks', 'archive', 'archive', '7 days']);
  });

  it('emits a distributed parent with its distribution and one-level windows', () => {
    const { text, json } = synth({ ...props, listColumn: undefined, activityGroups: undefined, distribution: { column: 'kind', shardCount: 8 } });
    assert.ok(Testing.toHaveResourceWithProperties(text, ParentTable.tfResourceType, { name: 'events', distribution_column: 'kind', shard_count: 8 }));
    const parent: any = Object.values(json.resource[ParentTable.tfResourceType])[0];
    assert.equal(parent.colocate_with, undefined);
    assert.equal(setOf(json).list_column, undefined);
    for (const w of windowsOf(json)) {
      assert.deepEqual(w.sub_partitions ?? [], []);
      assert.equal(w.default_sub_partition ?? null, null);
    }
  });

  it('makes the window set reference the parent table, so terraform orders creates and destroys', () => {
    const { json } = synth(props);
    const [parentId] = Object.keys(json.resource[ParentTable.tfResourceType]);
    assert.equal(setOf(json).parent_table, `\${${ParentTable.tfResourceType}.${parentId}.name}`);
  });

  it('keeps a window\'s key when time moves on: one window leaves the map, one comes in', () => {
    const before = windowsOf(synth(props).json).map((w) => w.name);
    const after = windowsOf(synth({ ...props, asOf: '2025-01-01T12:00:00Z' }).json).map((w) => w.name);
    assert.deepEqual(after.slice(0, -1), before.slice(1));
  });

  it('forgets the per-window resources of version 0.1 (removed blocks, no destroy) for every planned window, so the window set adopts them', () => {
    const { json } = synth(props);
    assert.equal(json.removed.length, 17);
    assert.deepEqual(json.removed[0].lifecycle, { destroy: false });
    assert.match(json.removed[0].from, /^pgpartition_window\.Events_events_2024_09_30_[0-9A-F]{8}$/);
  });

  it('records the current window start, not the instant: two plans in one window are byte-identical', () => {
    const wednesday = synth({ ...props, asOf: '2024-12-25T12:00:00Z' });
    const sunday = synth({ ...props, asOf: '2024-12-29T23:59:59Z' });
    assert.equal(currentStart(wednesday.json), '2024-12-23T00:00:00Z');
    assert.equal(wednesday.text, sunday.text);
    assert.equal(synth(props).text, wednesday.text);
    assert.ok(!wednesday.text.includes('12:00:00'));
  });

  it('resolves asOf from the prop, then context, then PGPARTITION_AS_OF, then now', () => {
    const context = { [AS_OF_CONTEXT_KEY]: '2024-06-05T00:00:00Z' };
    const { asOf: _omit, ...noAsOf } = props;
    withAsOfEnv('2024-03-06T00:00:00Z', () => {
      assert.equal(currentStart(synth(props, context).json), '2024-12-23T00:00:00Z');
      assert.equal(currentStart(synth(noAsOf, context).json), '2024-06-03T00:00:00Z');
      assert.equal(currentStart(synth(noAsOf).json), '2024-03-04T00:00:00Z');
    });
    withAsOfEnv(undefined, () => {
      const now = synth(noAsOf).table.plan;
      assert.ok(now.windows.some((w) => w.current && w.fromInstant <= new Date() && new Date() < w.toInstant));
    });
  });

  it('declares the schema with @cdktf/provider-postgresql when given that provider', async () => {
    const { PostgresqlProvider } = await import('@cdktf/provider-postgresql/lib/provider');
    const stack = new TerraformStack(testApp(), 'test');
    const postgresql = new PostgresqlProvider(stack, 'postgresql', { host: 'db.internal' });
    new PartitionedTable(stack, 'Events', { ...props, schema: 'metrics', postgresqlSchemaProvider: postgresql });
    const json = JSON.parse(Testing.synth(stack));
    const [schemaId] = Object.keys(json.resource.postgresql_schema);
    assert.deepEqual(json.resource.postgresql_schema[schemaId].name, 'metrics');
    const parent: any = Object.values(json.resource[ParentTable.tfResourceType])[0];
    assert.deepEqual(parent.depends_on, [`postgresql_schema.${schemaId}`]);
  });

  it('synthesizes five years of weekly windows kept forever', (t) => {
    const started = process.hrtime.bigint();
    const { json } = synth({ ...props, retention: RetentionPolicy.keepAll(), start: '2020-01-06', asOf: '2024-12-25T00:00:00Z', premake: 4 });
    const windows = windowsOf(json);
    t.diagnostic(`${windows.length} windows synthesized in ${Number(process.hrtime.bigint() - started) / 1e6} ms`);
    const weeksBeforeCurrent = (Date.parse('2024-12-23') - Date.parse('2020-01-06')) / (7 * 86_400_000); // 259
    assert.equal(windows.length, weeksBeforeCurrent + 1 + 4);
    assert.equal(windows[0].from, '2020-01-06T00:00:00Z');
    assert.equal(windows[0].retention, null);
    assert.equal(windows[0].retention_mode, 'keep');
  });
});

describe('PartitionedTable with an invalid spec', () => {
  /** Asserts that synth fails with a SpecError naming `field`, before any resource exists. */
  function assertFails(p: PartitionedTableProps, field: string, context?: Record<string, unknown>): SpecError {
    const stack = new TerraformStack(testApp(context), 'test');
    let error: unknown;
    try {
      new PartitionedTable(stack, 'Events', p);
    } catch (err) {
      error = err;
    }
    assert.ok(error instanceof SpecError, `expected a SpecError, got ${String(error)}`);
    assert.equal(error.field, field);
    assert.ok(error.message.startsWith(`${field}: `), error.message);
    assert.equal(stack.node.findAll().filter((c) => c instanceof TerraformResource).length, 0);
    return error;
  }

  it('fails when the primary key lacks the list column, naming primaryKey', () => {
    assertFails({ ...props, primaryKey: ['occurred_at'] }, 'primaryKey');
  });

  it('fails when premake is negative', () => {
    assertFails({ ...props, premake: -1 }, 'premake');
  });

  it('fails when a value is in two activity groups, naming the group', () => {
    const err = assertFails(
      { ...props, activityGroups: [{ name: 'a', values: ['x'] }, { name: 'b', values: ['x'] }] },
      'activityGroups[1].values',
    );
    assert.match(err.message, /"x"/);
  });

  it('fails when keeping all windows without a start', () => {
    const err = assertFails({ ...props, retention: RetentionPolicy.keepAll() }, 'start');
    assert.ok(err.fix.length > 0);
  });

  it('fails when the asOf prop is not an instant', () => {
    assertFails({ ...props, asOf: 'next tuesday' }, 'asOf');
  });

  it('fails naming the context key when context asOf is not an instant', () => {
    const { asOf: _omit, ...noAsOf } = props;
    assertFails(noAsOf, `asOf (from context "${AS_OF_CONTEXT_KEY}")`, { [AS_OF_CONTEXT_KEY]: '2024-13-01' });
  });

  it('fails when activityGroups and groupLayouts are both set', () => {
    assertFails({ ...props, groupLayouts: [{ effectiveFrom: '2024-09-30', groups: [{ name: 'a', values: ['x'] }] }] }, 'activityGroups');
  });

  describe('names props, never core spec paths, in every part of the message', () => {
    const layout = (effectiveFrom: string, values: string[]) => ({ effectiveFrom, groups: [{ name: 'a', values }] });
    const cases: [string, Partial<PartitionedTableProps>, string][] = [
      ['two columns share a name', { columns: [...props.columns, { name: 'kind', type: 'text' }] }, 'columns[3].name: "kind" is already columns[1]; give each column its own name'],
      ['two indexes share a name', { indexes: [{ columns: ['kind'] }, { name: 'events_kind_idx', columns: ['occurred_at'] }] }, 'indexes[1].name: "events_kind_idx" is already the name of indexes[0]; give each index its own name'],
      ['two activity groups share a name', { activityGroups: [{ name: 'a', values: ['x'] }, { name: 'a', values: ['y'] }] }, 'activityGroups[1].name: "a" is already the name of activityGroups[0]; give each group its own name'],
      ['two group layouts share a window', { activityGroups: undefined, groupLayouts: [layout('2024-12-23', ['x']), layout('2024-12-23', ['y'])] }, 'groupLayouts[1].effectiveFrom: "2024-12-23" is the window groupLayouts[0] is already effective from; give each layout its own window start, or merge the two into one'],
      ['a later group layout has an empty group', { activityGroups: undefined, groupLayouts: [layout('2024-12-16', ['x']), layout('2024-12-23', [])] }, 'groupLayouts[1].groups[0].values: group "a" is empty; list at least one value, or remove the group'],
      ['activityGroups are set without a listColumn', { listColumn: undefined, primaryKey: ['occurred_at'] }, 'activityGroups: are set but the table has no list column to sub-partition on; set listColumn, or remove activityGroups'],
      ['groupLayouts are set without a listColumn', { listColumn: undefined, primaryKey: ['occurred_at'], activityGroups: undefined, groupLayouts: [layout('2024-12-23', ['x'])] }, 'groupLayouts: are set but the table has no list column to sub-partition on; set listColumn, or remove groupLayouts'],
      ['retention keeps no window', { retention: RetentionPolicy.dropAfterWindows(0) }, 'retention: 0 is shorter than one window; keep at least 1 window behind the current one (an integer >= 1), or omit retention to keep all windows'],
      ['the parent table name is too long', { parentTable: 'x'.repeat(64) }, `parentTable: "${'x'.repeat(64)}" is 64 bytes long and PostgreSQL would silently truncate it; shorten it to 63 bytes (UTF-8) or less`],
      ['a column named like a core path clashes (quoted text is not renamed)', { columns: [...props.columns, { name: 'table.name', type: 'text' }, { name: 'table.name', type: 'text' }] }, 'columns[4].name: "table.name" is already columns[3]; give each column its own name'],
      ['defaultSubPartition is set without activityGroups', { activityGroups: undefined, defaultSubPartition: false }, 'defaultSubPartition: is set without activityGroups, so it would be ignored; set activityGroups too, or remove defaultSubPartition'],
      ['defaultSubPartition is set with groupLayouts', { activityGroups: undefined, defaultSubPartition: false, groupLayouts: [layout('2024-12-23', ['x'])] }, 'defaultSubPartition: is set without activityGroups, so it would be ignored; set defaultSubPartition in each of groupLayouts instead'],
      ['a column type declares a second column (issue 8)', { columns: [props.columns[0], props.columns[1], { name: 'payload', type: 'numeric, evil text' }] }, `columns[2].type: "numeric, evil text" is not a type name: unexpected "," at character 8; write one type as PostgreSQL spells it: a name ("jsonb", "myschema.mytype") or a multi-word built-in ("double precision", "timestamp with time zone"), with optional integer modifiers and array brackets ("numeric(18,2)", "varchar(255)", "text[]"); no quotes, semicolons, comments or commas outside the parentheses`],
      ['the list column cannot hold list values', { listColumn: 'payload', primaryKey: ['occurred_at', 'payload'] }, 'listColumn: column "payload" has type "jsonb", which cannot hold list values; use a column of type text, varchar / character varying (with or without a length), smallint, integer or bigint'],
      ['the primary key names a column twice', { primaryKey: ['occurred_at', 'kind', 'kind'] }, 'primaryKey[2]: "kind" is already primaryKey[1]; list each key column once'],
      ['a column is named like a system column', { columns: [...props.columns, { name: 'xmin', type: 'int8' }] }, 'columns[3].name: "xmin" is the name of a system column every PostgreSQL table has; rename the column'],
      ['the schema is a system schema', { schema: 'pg_catalog' }, 'schema: "pg_catalog" is a system schema; put the table in a schema of your own, e.g. "public"'],
      ['premake is beyond its bound', { premake: 5000 }, 'premake: 5000 windows ahead is more than pgpartition plans (at most 520); make at most 520 windows ahead (10 years of weekly windows); a window made that early only sits empty'],
      ['retention is beyond its bound', { retention: RetentionPolicy.dropAfterWindows(5000) }, 'retention: 5000 windows is more than pgpartition keeps (at most 1830); keep at most 1830 windows behind the current one (5 years of daily or 35 years of weekly windows), or omit retention to keep every window from start on'],
      ['there are no columns', { columns: [] }, 'columns: is empty; declare the table\'s columns, at least the range column'],
      ['the archive period is not one', { retention: RetentionPolicy.archiveAfterWindows(12, { keepFor: 'a week', schema: 'archive' }) }, 'retention (archiveAfterWindows keepFor): "a week" is not an archive period; write how long archived windows are kept before they are dropped as "N days", "N weeks" or "N months", e.g. "7 days"'],
      ['the archive schema is the table\'s', { retention: RetentionPolicy.archiveAfterWindows(12, { keepFor: '7 days', schema: 'public' }) }, 'retention (archiveAfterWindows schema): "public" is the table\'s own schema; name another schema: archived windows move out of the parent table\'s schema, so a window\'s name is free again if it is re-created'],
      ['premake is NaN', { premake: NaN }, 'premake: NaN is not an integer >= 0; use 0 or more windows, or omit it for the default of 4'],
      ['a unique index lacks a partition key column', { indexes: [{ columns: ['occurred_at'], unique: true }] }, 'indexes[0].columns: a unique index on a partitioned table must contain every partition key column, and ["occurred_at"] lacks "kind"; add "kind" to the key columns (PostgreSQL docs 5.11.2.3: uniqueness is enforced per partition)'],
      ['a BRIN index takes a btree storage parameter', { indexes: [{ columns: ['occurred_at'], method: 'brin', storageParameters: { fillfactor: 50 } }] }, 'indexes[0].storageParameters.fillfactor: "fillfactor" is not a storage parameter of brin indexes; use "pages_per_range" or "autosummarize"'],
      ['a column to drop is still declared', { dropColumns: ['payload'] }, 'dropColumns[0]: "payload" is still declared in columns; remove it from columns to drop it, or from dropColumns to keep it'],
      ['a distributed table has a listColumn', { activityGroups: undefined, distribution: { column: 'kind' } },
        'listColumn: is "kind", but the table is distributed (distribution): Citus cannot distribute multi-level partitioned tables, and a window sub-partitioned by LIST would be one; ' +
          'remove listColumn and the groups, so the windows are one level (weekly windows, each distributed like the parent), and add an index on the list column instead (indexes: [{ columns: ["kind"] }]) for queries by it'],
      ['a distributed table archives its windows', { listColumn: undefined, activityGroups: undefined, distribution: { column: 'kind' }, retention: RetentionPolicy.archiveAfterWindows(12, { keepFor: '7 days', schema: 'archive' }) },
        'retention: archives windows, but the table is distributed (distribution): pgpartition does not archive windows of a distributed table; retire them with RetentionPolicy.dropAfterWindows or detachAfterWindows'],
      ['a distributed table has activity groups', { listColumn: undefined, distribution: { column: 'kind' } },
        'activityGroups: are set, but the table is distributed (distribution): Citus cannot distribute multi-level partitioned tables, and a window sub-partitioned by LIST would be one; ' +
          'remove listColumn and the groups, so the windows are one level (weekly windows, each distributed like the parent), and add an index on the list column instead (indexes: [{ columns: ["activity_id"] }]) for queries by it'],
      ['the distribution column is not in the primary key', { listColumn: undefined, activityGroups: undefined, distribution: { column: 'payload' } },
        'distribution.column: "payload" is not in the primary key ["occurred_at","kind"]; add "payload" to the primary key (Citus checks a unique constraint within each shard only, so it must include the distribution column), or distribute by one of its columns'],
    ];
    for (const [when, over, message] of cases) {
      it(`fails when ${when}`, () => {
        const err = assertFails({ ...props, ...over } as PartitionedTableProps, message.slice(0, message.indexOf(': ')));
        assert.equal(err.message, message);
      });
    }
  });
});
