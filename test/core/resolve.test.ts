import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSpec, SpecError, type ActivityGroup, type PartitionSpec } from '../../src/core';
import { accountBalances, withSpec } from './support/specs';

/** Asserts that `spec` is rejected with a SpecError for `field` whose whole message is `message`. */
function rejects(spec: PartitionSpec, field: string, message: string): void {
  assert.throws(
    () => resolveSpec(spec),
    (err: unknown) => {
      assert.ok(err instanceof SpecError, `expected a SpecError, got ${String(err)}`);
      assert.equal(err.field, field);
      assert.equal(err.message, message);
      assert.ok(err.message.endsWith(err.fix), 'the message ends with the fix');
      return true;
    },
  );
}

const layout = (groups: ActivityGroup[], effectiveFrom = '2024-01-01') => ({ effectiveFrom, groups });

describe('resolveSpec: defaults', () => {
  it('fills every default', () => {
    const r = resolveSpec({ table: { ...accountBalances, indexes: undefined }, start: '2024-01-01' });
    assert.equal(r.table.schema, 'public');
    assert.equal(r.interval, '1 week');
    assert.equal(r.weekStart, 'monday');
    assert.equal(r.timeZone, 'UTC');
    assert.equal(r.premake, 4);
    assert.equal(r.retention, null);
    assert.equal(r.asOf, null);
    assert.equal(r.table.defaultPartition, false);
    assert.equal(r.table.rangeType, 'timestamptz');
    assert.deepEqual(r.table.indexes, []);
    assert.deepEqual(r.layouts, []);
  });

  it('fills retention mode, nullability, index names and the DEFAULT sub-partition', () => {
    const r = resolveSpec(withSpec({}, { columns: [...accountBalances.columns, { name: 'note', type: 'text' }] }));
    assert.deepEqual(r.retention, { windows: 12, mode: 'drop', archive: null });
    assert.equal(r.table.columns.at(-1)!.nullable, true);
    assert.deepEqual(r.table.indexes.map((i) => i.name), ['account_balances_timestamp_idx', 'account_balances_account_address_idx']);
    assert.equal(r.layouts[0].defaultSubPartition, true);
    assert.equal(r.asOf!.toISOString(), '2024-12-25T12:00:00.000Z');
  });

  it('accepts names with quotes, semicolons and spaces', () => {
    const r = resolveSpec(withSpec({}, { schema: 'my "schema"', name: 'bal; DROP TABLE x; --' }));
    assert.equal(r.table.name, 'bal; DROP TABLE x; --');
  });

  it('accepts asOf with an offset, with fractions, and as a Date', () => {
    assert.equal(resolveSpec(withSpec({ asOf: '2024-12-25T01:30:00+05:30' })).asOf!.toISOString(), '2024-12-24T20:00:00.000Z');
    assert.equal(resolveSpec(withSpec({ asOf: '2024-12-25T00:00:00.25Z' })).asOf!.toISOString(), '2024-12-25T00:00:00.250Z');
    assert.equal(resolveSpec(withSpec({ asOf: new Date(0) })).asOf!.getTime(), 0);
  });
});

describe('resolveSpec: bad input', () => {
  it('fails when a value is in two groups of one layout', () => {
    const groups = [{ name: 'trading', values: ['dex_swap'] }, { name: 'defi', values: ['lending', 'dex_swap'] }];
    rejects(withSpec({ layouts: [layout(groups)] }), 'layouts[0].groups[1].values', 'layouts[0].groups[1].values: "dex_swap" is already in group "trading"; keep each value in one group');
  });

  it('fails when a group is empty', () => {
    rejects(withSpec({ layouts: [layout([{ name: 'trading', values: [] }])] }), 'layouts[0].groups[0].values', 'layouts[0].groups[0].values: group "trading" is empty; list at least one value, or remove the group');
  });

  it('fails when a group value is not a string', () => {
    rejects(withSpec({ layouts: [layout([{ name: 'ids', values: [42 as unknown as string] }])] }), 'layouts[0].groups[0].values', 'layouts[0].groups[0].values: 42 is not a list value; write each value as a string without NUL characters (integers too, e.g. "42")');
  });

  it('fails when two groups have one name', () => {
    const groups = [{ name: 'trading', values: ['a'] }, { name: 'trading', values: ['b'] }];
    rejects(withSpec({ layouts: [layout(groups)] }), 'layouts[0].groups[1].name', 'layouts[0].groups[1].name: "trading" is already the name of layouts[0].groups[0]; give each group its own name');
  });

  it('fails when a group is named default', () => {
    rejects(withSpec({ layouts: [layout([{ name: 'default', values: ['a'] }])] }), 'layouts[0].groups[0].name', 'layouts[0].groups[0].name: "default" is the name of the DEFAULT sub-partition; choose another group name');
  });

  it('fails when two layouts are effective from the same window', () => {
    const groups = [{ name: 'g', values: ['a'] }];
    rejects(withSpec({ layouts: [layout(groups), layout(groups)] }), 'layouts[1].effectiveFrom', 'layouts[1].effectiveFrom: "2024-01-01" is the window layouts[0] is already effective from; give each layout its own window start, or merge the two into one');
  });

  it('fails when a layout is effective from a date that is not a window start', () => {
    rejects(withSpec({ layouts: [layout([{ name: 'g', values: ['a'] }], '2024-12-25')] }), 'layouts[0].effectiveFrom', 'layouts[0].effectiveFrom: "2024-12-25" is not a window start; use a monday (interval "1 week")');
  });

  it('fails when a layout is effective from something that is not a date', () => {
    rejects(withSpec({ layouts: [layout([{ name: 'g', values: ['a'] }], '2024-02-30')] }), 'layouts[0].effectiveFrom', 'layouts[0].effectiveFrom: "2024-02-30" is not a date; write it as YYYY-MM-DD');
  });

  it('fails when layouts are set without a list column', () => {
    rejects(withSpec({}, { listColumn: undefined, primaryKey: ['timestamp'] }), 'layouts', 'layouts: are set but the table has no list column to sub-partition on; set table.listColumn, or remove layouts');
  });

  it('fails when retention is shorter than one window', () => {
    rejects(withSpec({ retention: { windows: 0 } }), 'retention.windows', 'retention.windows: 0 is shorter than one window; keep at least 1 window behind the current one (an integer >= 1), or omit retention to keep all windows');
  });

  it('fails when retention is not a whole number of windows', () => {
    rejects(withSpec({ retention: { windows: 1.5 } }), 'retention.windows', 'retention.windows: 1.5 is shorter than one window; keep at least 1 window behind the current one (an integer >= 1), or omit retention to keep all windows');
  });

  it('fails when the retention mode is unknown', () => {
    rejects(withSpec({ retention: { windows: 12, mode: 'shred' as 'drop' } }), 'retention.mode', 'retention.mode: "shred" is not a retention mode; use "drop", "detach" or "archive", or omit retention to keep all windows');
  });

  it('fails when retention keeps all windows and there is no start', () => {
    rejects(withSpec({ retention: undefined }), 'start', 'start: is required when retention keeps all windows; set start to the first window to manage (YYYY-MM-DD), or set retention; without either, windows leaving the declared set would be destroyed');
  });

  it('fails when start is not a window start', () => {
    rejects(withSpec({ start: '2024-12-01' }), 'start', 'start: "2024-12-01" is not a window start; use a monday (interval "1 week")');
  });

  it('fails when premake is below 0', () => {
    rejects(withSpec({ premake: -1 }), 'premake', 'premake: -1 is not an integer >= 0; use 0 or more windows, or omit it for the default of 4');
  });

  it('fails when the interval is not supported', () => {
    rejects(withSpec({ interval: '2 weeks' as '1 week' }), 'interval', 'interval: "2 weeks" is not a supported window interval; use one of "1 day", "1 week", "1 month"');
  });

  it('fails when the week start is unknown', () => {
    rejects(withSpec({ weekStart: 'Mon' as 'monday' }), 'weekStart', 'weekStart: "Mon" is not a weekday; use one of "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" (lower case)');
  });

  it('fails when the time zone is unknown', () => {
    rejects(withSpec({ timeZone: 'Europe/Atlantis' }), 'timeZone', 'timeZone: "Europe/Atlantis" is not a known IANA time zone; use a zone name like "UTC", "Europe/Berlin" or "America/New_York"');
  });

  it('fails when a time zone is set on a timestamp column', () => {
    const columns = [{ name: 'at', type: 'timestamp', nullable: false }, { name: 'activity_id', type: 'text' }];
    rejects(
      withSpec({ timeZone: 'Europe/Berlin' }, { columns, rangeColumn: 'at', primaryKey: ['at', 'activity_id'], indexes: [] }),
      'timeZone',
      'timeZone: "Europe/Berlin" is set but the range column has type timestamp, which has no time zone; remove timeZone (windows follow the column\'s wall clock), or make the range column timestamptz',
    );
  });

  it('fails when a time zone is set on a date column', () => {
    const columns = [{ name: 'day', type: 'date', nullable: false }, { name: 'activity_id', type: 'text' }];
    rejects(
      withSpec({ timeZone: 'Asia/Kolkata' }, { columns, rangeColumn: 'day', primaryKey: ['day', 'activity_id'], indexes: [] }),
      'timeZone',
      'timeZone: "Asia/Kolkata" is set but the range column has type date, which has no time zone; remove timeZone (windows follow the column\'s wall clock), or make the range column timestamptz',
    );
  });

  it('fails when the primary key lacks the range column', () => {
    rejects(withSpec({}, { primaryKey: ['account_address', 'activity_id'] }), 'table.primaryKey', 'table.primaryKey: ["account_address","activity_id"] lacks the partition key column "timestamp"; add "timestamp" to the primary key (PostgreSQL requires every partition key column in it)');
  });

  it('fails when the primary key lacks the list column', () => {
    rejects(withSpec({}, { primaryKey: ['account_address', 'timestamp'] }), 'table.primaryKey', 'table.primaryKey: ["account_address","timestamp"] lacks the partition key column "activity_id"; add "activity_id" to the primary key (PostgreSQL requires every partition key column in it)');
  });

  it('fails when the range column has another type', () => {
    rejects(withSpec({}, { rangeColumn: 'usd_value', primaryKey: ['usd_value', 'activity_id'] }), 'table.rangeColumn', 'table.rangeColumn: column "usd_value" has type "numeric(18,2)", which cannot be split into time windows; use a column of type timestamptz, timestamp or date');
  });

  it('fails when the range column is not a column', () => {
    rejects(withSpec({}, { rangeColumn: 'ts' }), 'table.rangeColumn', 'table.rangeColumn: "ts" is not a column of the table; use one of "timestamp", "account_address", "usd_value", "activity_id", "data"');
  });

  it('fails when asOf is not a valid instant', () => {
    rejects(withSpec({ asOf: 'next tuesday' }), 'asOf', 'asOf: "next tuesday" is not a valid instant; write it as ISO 8601 with an offset, e.g. "2024-12-25T12:00:00Z"');
  });

  it('fails when asOf has no offset', () => {
    rejects(withSpec({ asOf: '2024-12-25T12:00:00' }), 'asOf', 'asOf: "2024-12-25T12:00:00" is not a valid instant; write it as ISO 8601 with an offset, e.g. "2024-12-25T12:00:00Z"');
  });

  it('fails when asOf names a day that does not exist', () => {
    rejects(withSpec({ asOf: '2025-02-29T00:00:00Z' }), 'asOf', 'asOf: "2025-02-29T00:00:00Z" is not a valid instant; write it as ISO 8601 with an offset, e.g. "2024-12-25T12:00:00Z"');
  });

  it('fails when asOf is an invalid Date', () => {
    rejects(withSpec({ asOf: new Date('nope') }), 'asOf', 'asOf: "Invalid Date" is not a valid instant; write it as ISO 8601 with an offset, e.g. "2024-12-25T12:00:00Z"');
  });

  it('fails when the parent table name is longer than 63 bytes', () => {
    const name = 'ä'.repeat(32);
    rejects(withSpec({}, { name }), 'table.name', `table.name: "${name}" is 64 bytes long and PostgreSQL would silently truncate it; shorten it to 63 bytes (UTF-8) or less`);
  });

  const TYPE_FIX = 'write one type as PostgreSQL spells it: a name ("jsonb", "myschema.mytype") or a multi-word built-in ("double precision", "timestamp with time zone"), with optional integer modifiers and array brackets ("numeric(18,2)", "varchar(255)", "text[]"); no quotes, semicolons, comments or commas outside the parentheses';
  const withColumnType = (i: number, type: string) => accountBalances.columns.map((c, j) => (j === i ? { ...c, type } : c));

  it('fails when a column type could carry SQL', () => {
    rejects(withSpec({}, { columns: withColumnType(4, 'jsonb); DROP TABLE x; --') }), 'table.columns[4].type', `table.columns[4].type: "jsonb); DROP TABLE x; --" is not a type name: ";" at character 7 cannot be part of a type name; ${TYPE_FIX}`);
  });

  it('fails when a column type declares a second column (issue 8: "numeric, evil text")', () => {
    rejects(withSpec({}, { columns: withColumnType(2, 'numeric, evil text') }), 'table.columns[2].type', `table.columns[2].type: "numeric, evil text" is not a type name: unexpected "," at character 8; ${TYPE_FIX}`);
  });

  it('fails when a column type declares a table constraint (issue 8: "jsonb, PRIMARY KEY (data)")', () => {
    rejects(withSpec({}, { columns: withColumnType(4, 'jsonb, PRIMARY KEY (data)') }), 'table.columns[4].type', `table.columns[4].type: "jsonb, PRIMARY KEY (data)" is not a type name: unexpected "," at character 6; ${TYPE_FIX}`);
  });

  it('fails when a column type is not a string', () => {
    rejects(withSpec({}, { columns: withColumnType(4, 42 as unknown as string) }), 'table.columns[4].type', `table.columns[4].type: 42 is not a type name: it is not a string; ${TYPE_FIX}`);
  });

  it('accepts multi-word, modified, qualified and array types, and reads the range type through them', () => {
    const columns = [
      { name: 'at', type: 'timestamp(3) with time zone', nullable: false },
      { name: 'activity_id', type: 'character varying(40)', nullable: false },
      { name: 'score', type: 'double precision' },
      { name: 'tags', type: 'text[]' },
      { name: 'ref', type: 'pg_catalog.int8' },
    ];
    const r = resolveSpec(withSpec({}, { columns, rangeColumn: 'at', primaryKey: ['at', 'activity_id'], indexes: [] }));
    assert.equal(r.table.rangeType, 'timestamptz');
    assert.deepEqual(r.table.columns.map((c) => c.type), columns.map((c) => c.type));
  });

  it('fails when the list column has a type that cannot hold list values, naming the supported types', () => {
    for (const type of ['jsonb', 'numeric', 'text[]', 'uuid', 'public.text']) {
      rejects(
        withSpec({}, { columns: withColumnType(3, type) }),
        'table.listColumn',
        `table.listColumn: column "activity_id" has type ${JSON.stringify(type)}, which cannot hold list values; use a column of type text, varchar / character varying (with or without a length), smallint, integer or bigint`,
      );
    }
  });

  it('fails when a list value is longer than a varchar list column holds', () => {
    rejects(
      withSpec({}, { columns: withColumnType(3, 'varchar(10)') }),
      'layouts[0].groups[0].values',
      'layouts[0].groups[0].values: "xrd_holding" is 11 characters long, longer than the list column\'s varchar(10) holds; shorten the value, or widen the list column',
    );
  });

  it('fails when the primary key names a column twice', () => {
    rejects(withSpec({}, { primaryKey: ['timestamp', 'activity_id', 'timestamp'] }), 'table.primaryKey[2]', 'table.primaryKey[2]: "timestamp" is already table.primaryKey[0]; list each key column once');
  });

  it('fails when a column is named like a system column', () => {
    for (const name of ['ctid', 'xmin', 'xmax', 'cmin', 'cmax', 'tableoid']) {
      const columns = [...accountBalances.columns, { name, type: 'text' }];
      rejects(withSpec({}, { columns }), 'table.columns[5].name', `table.columns[5].name: "${name}" is the name of a system column every PostgreSQL table has; rename the column`);
    }
  });

  it('fails when the schema is a system schema', () => {
    for (const schema of ['pg_catalog', 'information_schema', 'pg_toast', 'pg_temp', 'pg_temp_3', 'pg_toast_temp_1']) {
      rejects(withSpec({}, { schema }), 'table.schema', `table.schema: "${schema}" is a system schema; put the table in a schema of your own, e.g. "public"`);
    }
  });

  it('fails when there are no columns, saying so instead of offering an empty list', () => {
    rejects(withSpec({}, { columns: [] }), 'table.columns', 'table.columns: is empty; declare the table\'s columns, at least the range column');
  });

  it('fails when premake is more than 520 windows', () => {
    assert.equal(resolveSpec(withSpec({ premake: 520 })).premake, 520);
    rejects(withSpec({ premake: 5000 }), 'premake', 'premake: 5000 windows ahead is more than pgpartition plans (at most 520); make at most 520 windows ahead (10 years of weekly windows); a window made that early only sits empty');
  });

  it('fails when retention is more than 1830 windows', () => {
    assert.equal(resolveSpec(withSpec({ retention: { windows: 1830 } })).retention?.windows, 1830);
    rejects(withSpec({ retention: { windows: 5000 } }), 'retention.windows', 'retention.windows: 5000 windows is more than pgpartition keeps (at most 1830); keep at most 1830 windows behind the current one (5 years of daily or 35 years of weekly windows), or omit retention to keep every window from start on');
  });

  it('fails when premake or retention is NaN, printing NaN (not null)', () => {
    rejects(withSpec({ premake: NaN }), 'premake', 'premake: NaN is not an integer >= 0; use 0 or more windows, or omit it for the default of 4');
    rejects(withSpec({ retention: { windows: NaN } }), 'retention.windows', 'retention.windows: NaN is shorter than one window; keep at least 1 window behind the current one (an integer >= 1), or omit retention to keep all windows');
  });

  it('fails when two columns have one name', () => {
    const columns = [...accountBalances.columns, { name: 'data', type: 'text' }];
    rejects(withSpec({}, { columns }), 'table.columns[5].name', 'table.columns[5].name: "data" is already table.columns[4]; give each column its own name');
  });

  it('fails when an index names an unknown column', () => {
    rejects(withSpec({}, { indexes: [{ columns: ['nope'] }] }), 'table.indexes[0].columns[0]', 'table.indexes[0].columns[0]: "nope" is not a column of the table; use one of "timestamp", "account_address", "usd_value", "activity_id", "data"');
  });

  it('fails when two indexes have one name', () => {
    rejects(withSpec({}, { indexes: [{ columns: ['data'], name: 'ix' }, { columns: ['usd_value'], name: 'ix' }] }), 'table.indexes[1].name', 'table.indexes[1].name: "ix" is already the name of table.indexes[0]; give each index its own name');
  });
});

describe('resolveSpec: distribution (Citus)', () => {
  const oneLevel = (distribution: object, table: object = {}) =>
    withSpec({ layouts: undefined }, { listColumn: undefined, distribution: distribution as never, ...table });
  const multiLevel =
    'but the table is distributed (table.distribution): Citus cannot distribute multi-level partitioned tables, and a window sub-partitioned by LIST would be one; ' +
    'remove table.listColumn and the groups, so the windows are one level (weekly windows, each distributed like the parent), and add an index on the list column instead';

  it("keeps the distribution with the server's defaults left open", () => {
    assert.deepEqual(resolveSpec(oneLevel({ column: 'account_address' })).table.distribution, { column: 'account_address', shardCount: null, colocateWith: null });
    assert.deepEqual(resolveSpec(oneLevel({ column: 'account_address', shardCount: 4 })).table.distribution, { column: 'account_address', shardCount: 4, colocateWith: null });
    assert.deepEqual(resolveSpec(oneLevel({ column: 'account_address', colocateWith: 'none', shardCount: 8 })).table.distribution?.colocateWith, 'none');
    assert.equal(resolveSpec(withSpec({})).table.distribution, null);
  });

  it('fails when the windows would be list-sub-partitioned, saying why and what to do instead', () => {
    rejects(withSpec({ layouts: undefined }, { distribution: { column: 'account_address' } }), 'table.listColumn',
      `table.listColumn: is "activity_id", ${multiLevel} (table.indexes: [{ columns: ["activity_id"] }]) for queries by it`);
  });

  it('fails when activity groups are set on a distributed table', () => {
    rejects(withSpec({}, { listColumn: undefined, distribution: { column: 'account_address' } }), 'layouts',
      `layouts: are set, ${multiLevel} (table.indexes: [{ columns: ["activity_id"] }]) for queries by it`);
  });

  it('fails when the distribution column is not a column, or not in the primary key', () => {
    rejects(oneLevel({ column: 'nope' }), 'table.distribution.column', 'table.distribution.column: "nope" is not a column of the table; use one of "timestamp", "account_address", "usd_value", "activity_id", "data"');
    rejects(oneLevel({ column: 'data' }), 'table.distribution.column',
      'table.distribution.column: "data" is not in the primary key ["account_address","timestamp","activity_id"]; add "data" to the primary key (Citus checks a unique constraint within each shard only, so it must include the distribution column), or distribute by one of its columns');
  });

  it('fails when the shard count is not an integer from 1 to 64000', () => {
    for (const n of [0, 1.5, 64_001, Number.NaN]) {
      assert.throws(() => resolveSpec(oneLevel({ column: 'account_address', shardCount: n })), (err: SpecError) => err.field === 'table.distribution.shardCount' && err.message.includes('use an integer from 1 to 64000'));
    }
  });

  it('fails when a shard count is set together with a table to colocate with', () => {
    rejects(oneLevel({ column: 'account_address', shardCount: 4, colocateWith: 'accounts' }), 'table.distribution.shardCount',
      'table.distribution.shardCount: is set together with colocateWith "accounts"; remove shardCount: a colocated table has the shard count of the table it is colocated with (Citus refuses both)');
  });
});
