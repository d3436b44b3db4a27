// The core's rules on plain HCL (src/provider/internal/hcl-checks.ts): unit tests of the checks,
// then the real `terraform validate` on a configuration holding each mistake.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UNKNOWN, type Diagnostic, type Model, type Value } from '../../src/provider/framework/types';
import { parentTableDiagnostics, windowDiagnostics } from '../../src/provider/internal/hcl-checks';
import { identifier } from '../../src/provider/internal/validators';
import { terraformWorkdir, type TerraformWorkdir } from '../support/terraform';
import { PROVIDER_HCL } from './support/fixture';

/** A valid parent-table configuration as terraform sends it at validate (unset optionals are null). */
const parent: Model = {
  id: null,
  schema: null,
  name: 'events',
  columns: [
    { name: 'ts', type: 'timestamptz', nullable: false },
    { name: 'activity_id', type: 'text', nullable: false },
    { name: 'v', type: 'numeric(18,2)', nullable: null },
  ],
  primary_key: ['ts', 'activity_id'],
  indexes: null,
  drop_columns: null,
  range_column: 'ts',
  list_column: 'activity_id',
  default_partition: null,
};

/** An index entry as terraform sends it (unset nested attributes are null). */
const index = (o: Record<string, Value>): Model => ({ name: null, columns: null, unique: null, include: null, method: null, where: null, storage_parameters: null, ...o });

const window: Model = {
  id: null,
  schema: null,
  parent_table: UNKNOWN, // a reference to the parent, unknown at validate
  name: 'events_2025_01_06',
  range_column: 'ts',
  range_type: 'timestamptz',
  from: '2025-01-06T00:00:00Z',
  to: '2025-01-13T00:00:00Z',
  list_column: 'activity_id',
  sub_partitions: [
    { name: 'events_2025_01_06_a', values: ['a1', 'a2'] },
    { name: 'events_2025_01_06_b', values: ['b1'] },
  ],
  default_sub_partition: 'events_2025_01_06_default',
  retention: null,
  retention_mode: null,
  row_estimate: null,
  size_bytes: null,
};

const withColumn = (i: number, column: Record<string, Value>): Value[] => (parent.columns as Model[]).map((c, j) => (j === i ? { ...c, ...column } : c));
const only = (diags: readonly Diagnostic[]) => {
  assert.equal(diags.length, 1, JSON.stringify(diags));
  return { attribute: diags[0].attribute, detail: diags[0].detail };
};

describe('parentTableDiagnostics', () => {
  it('accepts a valid parent table, and one whose attributes are still unknown', () => {
    assert.deepEqual(parentTableDiagnostics(parent), []);
    assert.deepEqual(parentTableDiagnostics({ ...parent, name: UNKNOWN, columns: [...(parent.columns as Value[]).slice(0, 2), UNKNOWN] }), []);
  });

  it('fails when a column type is not a type name, naming columns[2].type, even while another attribute is unknown', () => {
    const configs: Model[] = [{ ...parent, columns: withColumn(2, { type: 'numeric, evil text' }) }, { ...parent, name: UNKNOWN, columns: withColumn(2, { type: 'numeric, evil text' }) }];
    for (const config of configs) {
      const d = only(parentTableDiagnostics(config));
      assert.deepEqual(d.attribute, ['columns', 2]); // terraform shows the element's source line
      assert.match(d.detail, /^columns\[2\]\.type: "numeric, evil text" is not a type name: unexpected "," at character 8; write one type as PostgreSQL spells it/);
    }
  });

  it('fails when the primary key lacks the range or list column, on primary_key', () => {
    const d = only(parentTableDiagnostics({ ...parent, primary_key: ['ts'] }));
    assert.deepEqual(d, {
      attribute: ['primary_key'],
      detail: 'primary_key: ["ts"] lacks the partition key column "activity_id"; add "activity_id" to the primary key (PostgreSQL requires every partition key column in it)',
    });
  });

  it('fails when the primary key names a column twice, on primary_key[2]', () => {
    assert.deepEqual(only(parentTableDiagnostics({ ...parent, primary_key: ['ts', 'activity_id', 'ts'] })), {
      attribute: ['primary_key', 2],
      detail: 'primary_key[2]: "ts" is already primary_key[0]; list each key column once',
    });
  });

  it('fails when the list column cannot hold list values, on list_column', () => {
    const d = only(parentTableDiagnostics({ ...parent, columns: withColumn(1, { type: 'jsonb' }) }));
    assert.deepEqual(d.attribute, ['list_column']);
    assert.match(d.detail, /^list_column: column "activity_id" has type "jsonb", which cannot hold list values; use a column of type text, varchar/);
  });

  it('fails when a column is named like a system column, or the schema is a system schema', () => {
    assert.deepEqual(only(parentTableDiagnostics({ ...parent, columns: withColumn(2, { name: 'ctid' }) })).attribute, ['columns', 2]);
    assert.deepEqual(only(parentTableDiagnostics({ ...parent, schema: 'pg_temp_1' })), { attribute: ['schema'], detail: 'schema: "pg_temp_1" is a system schema; put the table in a schema of your own, e.g. "public"' });
  });

  it('fails when an index names an unknown column, naming columns by their HCL names in the fix', () => {
    assert.deepEqual(only(parentTableDiagnostics({ ...parent, indexes: [{ name: null, columns: ['nope'] }] })), {
      attribute: ['indexes', 0],
      detail: 'indexes[0].columns[0]: "nope" is not a column of the table; use one of "ts", "activity_id", "v"',
    });
  });
});

describe('parentTableDiagnostics of index options, column defaults and drop_columns', () => {
  it('accepts a BRIN index with storage parameters, a unique covering partial index and a constant default', () => {
    assert.deepEqual(parentTableDiagnostics({
      ...parent,
      columns: withColumn(2, { default: '0' }),
      indexes: [
        index({ columns: ['ts'], method: 'brin', storage_parameters: { pages_per_range: '16' } }),
        index({ columns: ['v', 'ts', 'activity_id'], unique: true, include: null, where: 'v > 0' }),
      ],
    }), []);
  });

  const cases: [string, Model, readonly (string | number)[], string][] = [
    ['a unique index lacks the list column', { ...parent, indexes: [index({ columns: ['v', 'ts'], unique: true })] }, ['indexes', 0],
      'indexes[0].columns: a unique index on a partitioned table must contain every partition key column, and ["v","ts"] lacks "activity_id"; add "activity_id" to the key columns (PostgreSQL docs 5.11.2.3: uniqueness is enforced per partition)'],
    ['a storage parameter is not the method\'s', { ...parent, indexes: [index({ columns: ['ts'], method: 'brin', storage_parameters: { fillfactor: '50' } })] }, ['indexes', 0],
      'indexes[0].storage_parameters.fillfactor: "fillfactor" is not a storage parameter of brin indexes; use "pages_per_range" or "autosummarize"'],
    ['the method is unknown', { ...parent, indexes: [index({ columns: ['ts'], method: 'gist' })] }, ['indexes', 0],
      'indexes[0].method: "gist" is not an index method pgpartition declares; use one of "btree", "brin", "hash", "gin"'],
    ['a column default is an expression', { ...parent, columns: withColumn(2, { default: 'now()' }) }, ['columns', 2],
      'columns[2].default: "now()" is not a constant default: unexpected "now" at character 1; write one constant as SQL: a number (0, -1.5), a string in single quotes (\'pending\', \'{}\'), true or false; omit it for no default'],
    ['drop_columns names a declared column', { ...parent, drop_columns: ['v'] }, ['drop_columns', 0],
      'drop_columns[0]: "v" is still declared in columns; remove it from columns to drop it, or from drop_columns to keep it'],
  ];
  for (const [what, config, attribute, detail] of cases) {
    it(`fails when ${what}, naming the HCL attribute`, () => assert.deepEqual(only(parentTableDiagnostics(config)), { attribute, detail }));
  }

  it('fails when a predicate is not in the grammar, on indexes[0]', () => {
    const d = only(parentTableDiagnostics({ ...parent, indexes: [index({ columns: ['ts'], where: "v > 0; DROP TABLE events" })] }));
    assert.deepEqual(d.attribute, ['indexes', 0]);
    assert.match(d.detail, /^indexes\[0\]\.where: "v > 0; DROP TABLE events" is not a predicate pgpartition accepts: ";" at character 6 cannot be part of a predicate; compare columns with constants/);
  });
});

describe('parentTableDiagnostics: distribution_column (Citus)', () => {
  const distributed: Model = { ...parent, list_column: null, distribution_column: 'activity_id', shard_count: null, colocate_with: null };

  it('accepts a distributed table without a list column', () => {
    assert.deepEqual(parentTableDiagnostics(distributed), []);
    assert.deepEqual(parentTableDiagnostics({ ...distributed, shard_count: 8 }), []);
  });

  it('fails when a distributed table has a list column, on list_column, saying why and what to do instead', () => {
    assert.deepEqual(only(parentTableDiagnostics({ ...distributed, list_column: 'activity_id' })), {
      attribute: ['list_column'],
      detail: 'list_column: is "activity_id", but the table is distributed (distribution_column): Citus cannot distribute multi-level partitioned tables, and a window sub-partitioned by LIST would be one; ' +
        'remove list_column and the groups, so the windows are one level (weekly windows, each distributed like the parent), and add an index on the list column instead (indexes: [{ columns: ["activity_id"] }]) for queries by it',
    });
  });

  it('fails when the distribution column is not in the primary key, or the shard count is out of range', () => {
    assert.deepEqual(only(parentTableDiagnostics({ ...distributed, distribution_column: 'v' })).attribute, ['distribution_column']);
    assert.match(only(parentTableDiagnostics({ ...distributed, shard_count: 0 })).detail, /^shard_count: 0 is not a shard count; use an integer from 1 to 64000/);
    assert.match(only(parentTableDiagnostics({ ...distributed, shard_count: 4, colocate_with: 'accounts' })).detail, /^shard_count: is set together with colocate_with "accounts"; remove shard_count/);
  });

  it('fails when shard_count or colocate_with is set without distribution_column', () => {
    assert.deepEqual(only(parentTableDiagnostics({ ...parent, distribution_column: null, shard_count: 8, colocate_with: null })), {
      attribute: ['shard_count'],
      detail: 'shard_count: is set without distribution_column, so it would be ignored; set distribution_column to distribute the table with Citus, or remove shard_count',
    });
  });
});

describe('windowDiagnostics', () => {
  it('accepts a valid window', () => {
    assert.deepEqual(windowDiagnostics(window), []);
  });

  it('fails when a value is in two sub_partitions, naming sub_partitions[1].values', () => {
    const subs = [{ name: 'events_2025_01_06_a', values: ['a1', 'x'] }, { name: 'events_2025_01_06_b', values: ['x'] }];
    assert.deepEqual(only(windowDiagnostics({ ...window, sub_partitions: subs })), {
      attribute: ['sub_partitions', 1],
      detail: 'sub_partitions[1].values: "x" is already in sub-partition "events_2025_01_06_a"; keep each value in one sub-partition',
    });
  });

  it('fails when a sub-partition has no values, or a null value', () => {
    assert.deepEqual(only(windowDiagnostics({ ...window, sub_partitions: [{ name: 'events_2025_01_06_a', values: [] }] })).attribute, ['sub_partitions', 0]);
    assert.match(only(windowDiagnostics({ ...window, sub_partitions: [{ name: 'events_2025_01_06_a', values: ['a', null] }] })).detail, /null is not a list value/);
  });

  it('fails when a sub-partition name is over 63 bytes or taken, naming sub_partitions[i].name', () => {
    const long = `events_2025_01_06_${'g'.repeat(46)}`;
    assert.deepEqual(only(windowDiagnostics({ ...window, sub_partitions: [{ name: long, values: ['a'] }] })), {
      attribute: ['sub_partitions', 0],
      detail: `sub_partitions[0].name: "${long}" is 64 bytes long and PostgreSQL would silently truncate it; shorten it to 63 bytes (UTF-8) or less`,
    });
    assert.deepEqual(only(windowDiagnostics({ ...window, sub_partitions: [{ name: 'events_2025_01_06_default', values: ['a'] }] })), {
      attribute: ['sub_partitions', 0],
      detail: 'sub_partitions[0].name: "events_2025_01_06_default" is already the name of default_sub_partition; give the window and each sub-partition a name of its own',
    });
  });

  it('checks nothing that is still unknown', () => {
    assert.deepEqual(windowDiagnostics({ ...window, sub_partitions: UNKNOWN, schema: UNKNOWN }), []);
    assert.deepEqual(windowDiagnostics({ ...window, sub_partitions: [{ name: UNKNOWN, values: ['x'] }, { name: 'b', values: UNKNOWN }] }), []);
  });
});

describe('identifier (attribute validator)', () => {
  it('fails when a name is over 63 bytes: PostgreSQL would truncate it', () => {
    assert.equal(identifier('w'.repeat(63)), undefined);
    assert.equal(identifier('w'.repeat(64)), `"${'w'.repeat(64)}" is 64 bytes long and PostgreSQL would silently truncate it; shorten it to 63 bytes (UTF-8) or less`);
  });
});

describe('terraform validate of plain HCL', () => {
  let tf: TerraformWorkdir;
  const longName = `events_2025_01_06_${'x'.repeat(46)}`; // 64 bytes

  /** The test fixture's parent table with `over` replacing whole attribute lines. */
  const parentHcl = (name: string, over: Record<string, string> = {}) => {
    const attributes: Record<string, string> = {
      name: `"${name}"`,
      columns: `[
    { name = "ts", type = "timestamptz", nullable = false },
    { name = "activity_id", type = "text", nullable = false },
    { name = "v", type = "numeric(18,2)", nullable = true },
  ]`,
      primary_key: '["ts", "activity_id"]',
      range_column: '"ts"',
      list_column: '"activity_id"',
      ...over,
    };
    return `resource "pgpartition_parent_table" "${name}" {\n${Object.entries(attributes).map(([k, v]) => `  ${k} = ${v}`).join('\n')}\n}\n`;
  };
  const windowHcl = (address: string, name: string, subPartitions: string) => `
resource "pgpartition_window" "${address}" {
  parent_table   = pgpartition_parent_table.events.name
  name           = "${name}"
  range_column   = "ts"
  range_type     = "timestamptz"
  from           = "2025-01-06T00:00:00Z"
  to             = "2025-01-13T00:00:00Z"
  list_column    = "activity_id"
  sub_partitions = ${subPartitions}
}
`;

  before(async () => {
    tf = await terraformWorkdir({
      'main.tf': [
        PROVIDER_HCL,
        parentHcl('events'),
        parentHcl('evil_type', { columns: '[\n    { name = "ts", type = "timestamptz", nullable = false },\n    { name = "activity_id", type = "text", nullable = false },\n    { name = "usd_value", type = "numeric, evil text", nullable = false },\n  ]' }),
        parentHcl('no_list_key', { primary_key: '["ts"]' }),
        parentHcl('unique_without_key', { indexes: '[{ columns = ["v", "ts"], unique = true }]' }),
        parentHcl('brin_ok', { indexes: '[{ columns = ["ts"], method = "brin", storage_parameters = { pages_per_range = "16" } }, { name = "cover", columns = ["v", "ts", "activity_id"], unique = true, include = [], where = "v > 0" }]' }),
        windowHcl('long_name', longName, '[{ name = "events_w_a", values = ["a1"] }]'),
        windowHcl('value_twice', 'events_2025_01_06', '[{ name = "events_w_a", values = ["a1", "x"] }, { name = "events_w_b", values = ["x"] }]'),
      ].join('\n'),
    });
  });
  after(async () => tf?.cleanup());

  it('fails naming the HCL attribute of each mistake: a bad type, a key without the list column, a unique index without it, a long window name, a value in two sub-partitions', async () => {
    const init = await tf.init();
    assert.equal(init.code, 0, init.stderr);
    const run = await tf.run('validate', '-json', '-no-color');
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const diagnostics: { summary: string; detail: string; address?: string; snippet?: { code: string } }[] = JSON.parse(run.stdout).diagnostics;
    const about = (address: string) => diagnostics.filter((d) => d.address === address).map((d) => ({ summary: d.summary, detail: d.detail, code: d.snippet?.code.trim() }));
    assert.equal(diagnostics.length, 5, JSON.stringify(diagnostics, null, 2));
    assert.deepEqual(about('pgpartition_parent_table.events'), []);
    assert.deepEqual(about('pgpartition_parent_table.brin_ok'), []);
    assert.deepEqual(about('pgpartition_parent_table.unique_without_key'), [{
      summary: 'Invalid parent table',
      detail: 'indexes[0].columns: a unique index on a partitioned table must contain every partition key column, and ["v","ts"] lacks "activity_id"; add "activity_id" to the key columns (PostgreSQL docs 5.11.2.3: uniqueness is enforced per partition)',
      code: 'indexes = [{ columns = ["v", "ts"], unique = true }]',
    }]);
    const [badType] = about('pgpartition_parent_table.evil_type');
    assert.equal(badType.summary, 'Invalid parent table');
    assert.match(badType.detail, /^columns\[2\]\.type: "numeric, evil text" is not a type name: unexpected "," at character 8;/);
    assert.equal(badType.code, '{ name = "usd_value", type = "numeric, evil text", nullable = false },');
    assert.deepEqual(about('pgpartition_parent_table.no_list_key'), [{
      summary: 'Invalid parent table',
      detail: 'primary_key: ["ts"] lacks the partition key column "activity_id"; add "activity_id" to the primary key (PostgreSQL requires every partition key column in it)',
      code: 'primary_key = ["ts"]',
    }]);
    assert.deepEqual(about('pgpartition_window.long_name'), [{
      summary: 'Invalid value for "name"',
      detail: `"${longName}" is 64 bytes long and PostgreSQL would silently truncate it; shorten it to 63 bytes (UTF-8) or less`,
      code: `name           = "${longName}"`,
    }]);
    const [twice] = about('pgpartition_window.value_twice');
    assert.equal(twice.detail, 'sub_partitions[1].values: "x" is already in sub-partition "events_w_a"; keep each value in one sub-partition');
    assert.match(twice.code ?? '', /^sub_partitions = \[/);
  });
});
