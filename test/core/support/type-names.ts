/**
 * Real PostgreSQL type spellings (docs 8 "Data Types", table 8.1 and the sections it links), as
 * users write them: aliases, multi-word names, modifiers, arrays, schema-qualified names. Every
 * one must pass the core's type-name grammar (test/core/sql-type.test.ts) and resolve in a real
 * server (test/catalog/column-types.test.ts).
 */
export const REAL_TYPE_NAMES: readonly string[] = [
  'bigint', 'int8', 'bigserial', 'serial8', 'bit', 'bit(8)', 'bit varying', 'bit varying(64)', 'varbit(64)', 'boolean', 'bool',
  'box', 'bytea', 'character', 'character(10)', 'char', 'char(3)', 'bpchar', 'character varying', 'character varying(255)',
  'char varying(20)', 'varchar', 'varchar(255)', 'national character varying(30)', 'nchar(2)', 'cidr', 'circle', 'date',
  'double precision', 'float8', 'float', 'float(24)', 'float(53)', 'inet', 'integer', 'int', 'int4', 'interval',
  'interval(3)', 'interval year', 'interval year to month', 'interval day to hour', 'interval day to second(3)',
  'interval hour to minute', 'interval minute to second', 'interval second(6)', 'json', 'jsonb', 'jsonpath', 'line', 'lseg',
  'macaddr', 'macaddr8', 'money', 'numeric', 'numeric(18,2)', 'numeric(18, 2)', 'numeric(10)', 'decimal(12,4)', 'dec(5,1)',
  'path', 'pg_lsn', 'pg_snapshot', 'point', 'polygon', 'real', 'float4', 'smallint', 'int2', 'smallserial', 'serial2',
  'serial', 'serial4', 'text', 'time', 'time(3)', 'time without time zone', 'time(0) with time zone', 'timetz',
  'timestamp', 'timestamp(3)', 'timestamp without time zone', 'timestamp(6) without time zone', 'timestamp with time zone',
  'timestamp(3) with time zone', 'timestamptz', 'timestamptz(3)', 'tsquery', 'tsvector', 'txid_snapshot', 'uuid', 'xml',
  'int4range', 'int8range', 'numrange', 'tsrange', 'tstzrange', 'daterange', 'int4multirange', 'regclass', 'oid', 'name',
  'text[]', 'integer[]', 'int[3]', 'int[][]', 'integer ARRAY', 'integer ARRAY[4]', 'numeric(18,2)[]', 'varchar(20)[]',
  'timestamp with time zone[]', 'double precision[]', 'pg_catalog.int4', 'pg_catalog.timestamptz', 'pg_catalog.text',
  'pg_catalog.varchar(10)', 'pg_catalog.numeric(18,2)', 'TIMESTAMPTZ', 'Timestamp With Time Zone', 'VARCHAR(255)',
  'Double Precision', 'NUMERIC(18,2)', '  text  ', 'timestamp\twith time zone', 'numeric(5,-2)',
];
