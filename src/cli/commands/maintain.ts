/**
 * `pgpartition maintain --table T [--schema S] [--format text|json] [--lock-timeout-ms N]
 * [--database-url-env VAR | --database-url URL]` (the original guide's `optimizePartitions`):
 * ANALYZE the parent, ANALYZE windows written since their last analyse, VACUUM (ANALYZE) windows
 * that have ended (see src/runtime/maintain.ts for why each). A progress line on a terminal; each
 * step and its time in the report. Exit 0 when every step ran (a step skipped for a lock is
 * reported, not failed: the next run does it), 1 when the server refused one.
 */
import type { Command } from 'commander';
import type { Pool } from 'pg';
import { maintain, type MaintenanceReport } from '../../runtime/maintain';
import { addDatabaseOptions, withPool, type DatabaseOptions } from '../database-options';
import { CliError, ExitCode } from '../errors';
import { formatMaintenance, MAINTENANCE_FORMATS, type MaintenanceFormat } from '../maintenance-printers';
import { isInteractive, progressLine } from '../terminal';

export interface MaintainCommandOptions extends DatabaseOptions {
  /** @default 'public' */
  readonly schema?: string;
  readonly table: string;
  /** @default 'text' */
  readonly format?: string;
  /** How long one statement waits for a lock, in milliseconds, as text. @default '2000' */
  readonly lockTimeoutMs?: string;
}

/** Where {@link runMaintenance} writes: the report and the progress line. */
export interface MaintenanceOutput {
  /** @default 'text' */
  readonly format?: MaintenanceFormat;
  /** Receives the report text. @default - stdout */
  readonly out?: (text: string) => void;
  /** @default process.env (decides colours and the progress line with the streams' TTY state) */
  readonly env?: NodeJS.ProcessEnv;
  /** @default 2000 */
  readonly lockTimeoutMs?: number;
}

/**
 * Maintains `schema.table` on `pool` and prints the report, with a progress line on stderr when
 * that is a terminal outside CI. What `pgpartition maintain` runs, and what `deploy --maintain`
 * calls after a successful apply.
 * @returns the report (its steps' outcomes say whether all went through).
 * @throws CliError when the table cannot be maintained (missing, not partitioned, statistics unreadable).
 */
export async function runMaintenance(pool: Pool, target: { readonly schema?: string; readonly table: string }, output: MaintenanceOutput = {}): Promise<MaintenanceReport> {
  const env = output.env ?? process.env;
  const progress = progressLine(process.stderr, env);
  const schema = target.schema ?? 'public';
  let report: MaintenanceReport;
  try {
    report = await maintain(pool, { schema, table: target.table }, {
      lockTimeoutMs: output.lockTimeoutMs,
      onStep: (i, total, step) => progress.update(`maintain ${i}/${total}: ${step.kind} ${step.target}`),
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new CliError(`cannot maintain ${schema}.${target.table}: ${message}`, 'check --database-url(-env), --schema and --table');
  } finally {
    progress.done();
  }
  (output.out ?? ((t) => process.stdout.write(t)))(formatMaintenance(report, output.format ?? 'text', { colour: isInteractive(process.stdout, env) }));
  return report;
}

/**
 * @returns ExitCode.Ok when no step failed, ExitCode.Failed otherwise.
 * @throws CliError for a bad option (usage), a missing connection, or a table that cannot be maintained.
 */
export async function maintainCommand(o: MaintainCommandOptions, env: NodeJS.ProcessEnv = process.env, out?: (text: string) => void): Promise<ExitCode> {
  const format = (o.format ?? 'text') as MaintenanceFormat;
  if (!MAINTENANCE_FORMATS.includes(format)) {
    throw new CliError(`--format must be one of ${MAINTENANCE_FORMATS.join(', ')} (got "${o.format}")`, 'pass --format text or json', ExitCode.Usage);
  }
  const lockTimeoutMs = o.lockTimeoutMs === undefined ? undefined : Number(o.lockTimeoutMs);
  if (lockTimeoutMs !== undefined && !(/^\d+$/.test(o.lockTimeoutMs as string) && lockTimeoutMs >= 1)) {
    throw new CliError(`--lock-timeout-ms must be an integer >= 1 (got "${o.lockTimeoutMs}")`, 'pass a number of milliseconds, or omit it for 2000', ExitCode.Usage);
  }
  const report = await withPool(o, 'pgpartition maintain', env, (pool) => runMaintenance(pool, { schema: o.schema, table: o.table }, { format, out, env, lockTimeoutMs }));
  return report.actions.some((a) => a.outcome === 'failed') ? ExitCode.Failed : ExitCode.Ok;
}

export function register(program: Command): void {
  addDatabaseOptions(program
    .command('maintain')
    .description('ANALYZE the parent table, ANALYZE windows written since their last analyse, VACUUM (ANALYZE) windows that have ended; SKIP_LOCKED'))
    .option('--schema <schema>', 'schema of the parent table', 'public')
    .requiredOption('--table <table>', 'parent table name')
    .option('--format <format>', `output format: ${MAINTENANCE_FORMATS.join(', ')}`)
    .option('--lock-timeout-ms <ms>', 'how long one statement waits for a lock before its step is skipped (default 2000)')
    .action(async (o: MaintainCommandOptions) => {
      process.exitCode = await maintainCommand(o);
    });
}
