/**
 * `pgpartition status --database-url-env VAR | --database-url URL --table T [--schema S] [--json]`:
 * prints the live partitions of a parent table (bounds, row estimates, sizes) from one catalog query.
 */
import type { Command } from 'commander';
import Table from 'cli-table3';
import { Pool } from 'pg';
import { partitionInfo, type PartitionInfoRow } from '../../runtime/partition-info';
import { CliError, ExitCode } from '../errors';

export interface StatusOptions {
  /** Name of the environment variable holding the connection URL (keeps the secret off the command line). */
  readonly databaseUrlEnv?: string;
  readonly databaseUrl?: string;
  /** @default 'public' */
  readonly schema?: string;
  readonly table: string;
  /** Print JSON instead of a table. @default false */
  readonly json?: boolean;
}

/**
 * Reads and prints the inventory. Returns ExitCode.Ok.
 * @throws CliError when no connection is given, the variable is unset, or the table is missing or not partitioned.
 */
export async function statusCommand(o: StatusOptions, env: NodeJS.ProcessEnv = process.env, out: (text: string) => void = (t) => process.stdout.write(t)): Promise<ExitCode> {
  const url = connectionUrl(o, env);
  const schema = o.schema ?? 'public';
  const pool = new Pool({ connectionString: url, max: 1, application_name: 'pgpartition status' });
  try {
    let rows: PartitionInfoRow[];
    try {
      rows = await partitionInfo(pool, schema, o.table);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new CliError(`cannot read the partitions of ${schema}.${o.table}: ${message}`, 'check --database-url(-env), --schema and --table');
    }
    out(o.json ? `${JSON.stringify({ schema, table: o.table, partitions: rows }, null, 2)}\n` : `${formatInventoryTable(rows, `${schema}.${o.table}`)}\n`);
    return ExitCode.Ok;
  } finally {
    await pool.end();
  }
}

function connectionUrl(o: StatusOptions, env: NodeJS.ProcessEnv): string {
  if (o.databaseUrl && o.databaseUrlEnv) {
    throw new CliError('--database-url and --database-url-env are both set', 'pass only one of them', ExitCode.Usage);
  }
  if (o.databaseUrl) return o.databaseUrl;
  if (!o.databaseUrlEnv) {
    throw new CliError('no database connection given', 'pass --database-url-env DATABASE_URL (the variable holding the URL), or --database-url URL', ExitCode.Usage);
  }
  const url = env[o.databaseUrlEnv];
  if (!url) throw new CliError(`environment variable ${o.databaseUrlEnv} is not set`, `export ${o.databaseUrlEnv}=postgres://USER:PASSWORD@HOST:5432/DATABASE`);
  return url;
}

/** The inventory as a cli-table3 table under a title line, with totals; sizes human readable. */
export function formatInventoryTable(rows: readonly PartitionInfoRow[], title: string): string {
  const table = new Table({
    head: ['partition', 'kind', 'from', 'to', 'sub-partitions', 'rows', 'size', 'notes'],
    colAligns: ['left', 'left', 'left', 'left', 'right', 'right', 'right', 'left'],
    // colours only for a terminal: piped output (CI logs, grep) stays plain text
    ...(process.stdout.isTTY && !('NO_COLOR' in process.env) ? {} : { style: { head: [], border: [] } }),
  });
  for (const r of rows) {
    const notes = [r.managed ? 'managed' : 'not managed', r.detachPending ? 'DETACH PENDING' : ''].filter(Boolean).join(', ');
    table.push([r.name, r.kind, r.from ?? '', r.to ?? '', r.subPartitions, r.rows.toLocaleString('en-US'), formatBytes(r.bytes), notes]);
  }
  const totalRows = rows.reduce((s, r) => s + r.rows, 0);
  const totalBytes = rows.reduce((s, r) => s + r.bytes, 0);
  return `${title}: ${rows.length} partitions, ~${totalRows.toLocaleString('en-US')} rows, ${formatBytes(totalBytes)}\n${table.toString()}`;
}

/** Bytes in PostgreSQL's `pg_size_pretty` units (1024-based): `512 bytes`, `8.0 kB`, `1.2 MB`, `3.4 GB`, `1.0 TB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export function register(program: Command): void {
  program
    .command('status')
    .description('print the partitions of a parent table: bounds, row estimates, sizes')
    .option('--database-url-env <VAR>', 'environment variable holding the connection URL (keeps it out of the process list)')
    .option('--database-url <URL>', 'connection URL, postgres://USER:PASSWORD@HOST:PORT/DATABASE')
    .option('--schema <schema>', 'schema of the parent table', 'public')
    .requiredOption('--table <table>', 'parent table name')
    .option('--json', 'print JSON instead of a table')
    .action(async (o: StatusOptions) => {
      process.exitCode = await statusCommand(o);
    });
}
