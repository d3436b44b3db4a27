/**
 * `pgpartition status --database-url-env VAR | --database-url URL --table T [--schema S] [--json]`:
 * prints the live partitions of a parent table (bounds, row estimates, sizes) from one catalog query.
 */
import type { Command } from 'commander';
import { partitionInfo, type PartitionInfoRow } from '../../runtime/partition-info';
import { cliConnection, openCliPool, type CliConnection } from '../connection';
import { CliError, ExitCode } from '../errors';
import { formatInventoryTable } from '../inventory-table';

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
 * @throws CliError when no connection is given, the variable is unset, its URL is not valid, the
 *   server cannot be reached, or the table is missing or not partitioned.
 */
export async function statusCommand(o: StatusOptions, env: NodeJS.ProcessEnv = process.env, out: (text: string) => void = (t) => process.stdout.write(t)): Promise<ExitCode> {
  const connection = connectionOf(o, env);
  const schema = o.schema ?? 'public';
  const pool = await openCliPool(connection, 'pgpartition status');
  try {
    let rows: PartitionInfoRow[];
    try {
      rows = await partitionInfo(pool, schema, o.table);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new CliError(`cannot read the partitions of ${schema}.${o.table} on ${connection.target}: ${message}`, 'check --database-url(-env), --schema and --table');
    }
    out(o.json ? `${JSON.stringify({ schema, table: o.table, partitions: rows }, null, 2)}\n` : `${formatInventoryTable(rows, `${schema}.${o.table}`, { now: new Date() })}\n`);
    return ExitCode.Ok;
  } finally {
    await pool.end();
  }
}

/** The connection the options name, resolved with libpq's rules (PG* variables fill what the URL leaves out). */
function connectionOf(o: StatusOptions, env: NodeJS.ProcessEnv): CliConnection {
  if (o.databaseUrl && o.databaseUrlEnv) {
    throw new CliError('--database-url and --database-url-env are both set', 'pass only one of them', ExitCode.Usage);
  }
  if (o.databaseUrl) return cliConnection(o.databaseUrl, '--database-url', env);
  if (!o.databaseUrlEnv) {
    throw new CliError('no database connection given', 'pass --database-url-env DATABASE_URL (the variable holding the URL), or --database-url URL', ExitCode.Usage);
  }
  const url = env[o.databaseUrlEnv];
  if (!url) throw new CliError(`environment variable ${o.databaseUrlEnv} is not set`, `export ${o.databaseUrlEnv}=postgres://USER:PASSWORD@HOST:5432/DATABASE`);
  return cliConnection(url, o.databaseUrlEnv, env);
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
