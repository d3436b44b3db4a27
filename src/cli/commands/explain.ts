/**
 * `pgpartition explain --table T [--schema S] [--param VALUE]... "<sql>"`: the partitions of T the
 * query would scan after partition pruning, one a line (from `EXPLAIN (FORMAT JSON)`; the query is
 * not run). The original guide's EXPLAIN check: a one-week query should name one window's
 * sub-partitions, a query filtering on the list column one sub-partition.
 */
import type { Command } from 'commander';
import { explainPruning } from '../../runtime/explain';
import { readPartitionedInventory } from '../../runtime/partition-info';
import { addDatabaseOptions, withPool, type DatabaseOptions } from '../database-options';
import { CliError, ExitCode } from '../errors';

export interface ExplainOptions extends DatabaseOptions {
  /** @default 'public' */
  readonly schema?: string;
  readonly table: string;
  /** Values for `$1`, `$2`, ..., as text (PostgreSQL casts them as the query needs). @default - none */
  readonly param?: readonly string[];
}

/**
 * Prints the partitions of `schema.table` (windows, sub-partitions, DEFAULT partitions) that `sql`
 * scans, in plan order. Returns ExitCode.Ok.
 * @throws CliError when the table cannot be read or the query cannot be planned.
 */
export async function explainCommand(sql: string, o: ExplainOptions, env: NodeJS.ProcessEnv = process.env, out: (text: string) => void = (t) => process.stdout.write(t)): Promise<ExitCode> {
  const schema = o.schema ?? 'public';
  const names = await withPool(o, 'pgpartition explain', env, async (pool) => {
    let partitions: Set<string>;
    try {
      const inventory = await readPartitionedInventory(pool, schema, o.table);
      partitions = new Set(inventory.windows.flatMap((w) => [w.name, ...w.subPartitions.map((s) => s.name)]));
    } catch (err) {
      throw new CliError(`cannot read the partitions of ${schema}.${o.table}: ${err instanceof Error ? err.message : String(err)}`, 'check --database-url(-env), --schema and --table');
    }
    let scanned;
    try {
      scanned = await explainPruning(pool, sql, o.param ?? []);
    } catch (err) {
      throw new CliError(err instanceof Error ? err.message : String(err), 'pass one SELECT (or other statement) with a --param for each $n, quoted as one argument');
    }
    return scanned.filter((t) => t.schema === schema && partitions.has(t.name)).map((t) => t.name);
  });
  out(names.map((n) => `${n}\n`).join(''));
  if (names.length === 0) process.stderr.write(`pgpartition: the query scans no partition of ${schema}.${o.table}\n`);
  return ExitCode.Ok;
}

export function register(program: Command): void {
  addDatabaseOptions(program
    .command('explain')
    .description('print the partitions of a table that a query would scan after partition pruning, one a line (EXPLAIN; the query is not run)')
    .argument('<sql>', 'the query, quoted as one argument; $1, $2, ... take --param values'))
    .option('--schema <schema>', 'schema of the parent table', 'public')
    .requiredOption('--table <table>', 'parent table whose partitions are listed')
    .option('--param <value>', 'a value for the next $n (repeat for $1, $2, ...)', (value: string, previous: string[] = []) => [...previous, value])
    .action(async (sql: string, o: ExplainOptions) => {
      process.exitCode = await explainCommand(sql, o);
    });
}
