/**
 * `pgpartition status --table T [--schema S] [--format text|json|prometheus] [--json]
 * [--min-runway N] [--max-window-bytes N] [--retention-windows N] [--database-url-env VAR | --database-url URL]`:
 * the partitions of a parent table and the findings of the health check on the live table (no
 * declaration at hand: the runway is the windows after the current one, checked against
 * `--min-runway`; expiry is judged only with `--retention-windows`).
 *
 * Exit codes, so a monitor can run it: text and JSON exit 1 when there is a problem (rows in a
 * DEFAULT partition or sub-partition, no current window or a short runway, a window over the size
 * limit, expired windows attached, detach pending); `--format prometheus` exits 0 whenever it wrote
 * the metrics (the findings are in them), so `status --format prometheus > f.tmp && mv f.tmp f.prom`
 * replaces the collector's file only with a complete one. Errors exit 1 (2 for usage) and print nothing on stdout.
 */
import type { Command } from 'commander';
import { DEFAULT_MAX_WINDOW_BYTES, DEFAULT_MIN_RUNWAY_WINDOWS, checkLiveHealth, type HealthReport } from '../../runtime/health';
import { addDatabaseOptions, withPool, type DatabaseOptions } from '../database-options';
import { CliError, ExitCode } from '../errors';
import { formatStatus, hasProblems, STATUS_FORMATS, type StatusFormat } from '../status-printers';
import { isInteractive } from '../terminal';

export interface StatusOptions extends DatabaseOptions {
  /** @default 'public' */
  readonly schema?: string;
  readonly table: string;
  /** @default 'text' */
  readonly format?: string;
  /** Short for `--format json`. @default false */
  readonly json?: boolean;
  /** Premade windows after the current one below which the runway is a problem, as text. @default '2' */
  readonly minRunway?: string;
  /** Window size over which a window is a problem, in bytes, as text. @default '1073741824' */
  readonly maxWindowBytes?: string;
  /** Windows kept behind the current one; older managed windows still attached are problems, as text. @default - expiry not judged */
  readonly retentionWindows?: string;
}

/**
 * Reads the inventory and the findings and prints them in the chosen format.
 * @returns ExitCode.Ok, or ExitCode.Failed when a text or JSON report holds a problem.
 * @throws CliError for a bad option (usage), a missing connection, or a table that cannot be read.
 */
export async function statusCommand(o: StatusOptions, env: NodeJS.ProcessEnv = process.env, out: (text: string) => void = (t) => process.stdout.write(t)): Promise<ExitCode> {
  const format = statusFormat(o);
  const options = {
    minRunwayWindows: count('--min-runway', o.minRunway, 0) ?? DEFAULT_MIN_RUNWAY_WINDOWS,
    maxWindowBytes: count('--max-window-bytes', o.maxWindowBytes, 1) ?? DEFAULT_MAX_WINDOW_BYTES,
    retentionWindows: count('--retention-windows', o.retentionWindows, 1),
  };
  const schema = o.schema ?? 'public';
  const report = await withPool(o, 'pgpartition status', env, async (pool): Promise<HealthReport> => {
    try {
      return await checkLiveHealth(pool, { schema, table: o.table }, options);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new CliError(`cannot check ${schema}.${o.table}: ${message}`, 'check --database-url(-env), --schema and --table');
    }
  });
  out(formatStatus(report, format, { colour: isInteractive(process.stdout, env) }));
  return format !== 'prometheus' && hasProblems(report) ? ExitCode.Failed : ExitCode.Ok;
}

function statusFormat(o: StatusOptions): StatusFormat {
  if (o.json && o.format !== undefined && o.format !== 'json') {
    throw new CliError(`--json and --format ${o.format} disagree`, 'pass one of them (--json is short for --format json)', ExitCode.Usage);
  }
  const format = o.json ? 'json' : o.format ?? 'text';
  if (!(STATUS_FORMATS as readonly string[]).includes(format)) {
    throw new CliError(`--format must be one of ${STATUS_FORMATS.join(', ')} (got "${format}")`, 'pass --format text, json or prometheus', ExitCode.Usage);
  }
  return format as StatusFormat;
}

/** The integer in `text` (>= `min`), or undefined when the option was not given. @throws CliError (usage) naming the option. */
function count(option: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min) {
    throw new CliError(`${option} must be an integer >= ${min} (got "${text}")`, `pass ${min} or more, or omit it for the default`, ExitCode.Usage);
  }
  return value;
}

export function register(program: Command): void {
  addDatabaseOptions(program
    .command('status')
    .description('print the partitions of a parent table and the health findings; exit 1 on a problem (text, json), 0 once the metrics are written (prometheus)'))
    .option('--schema <schema>', 'schema of the parent table', 'public')
    .requiredOption('--table <table>', 'parent table name')
    .option('--format <format>', `output format: ${STATUS_FORMATS.join(', ')} (prometheus: for node_exporter's textfile collector)`)
    .option('--json', 'short for --format json')
    .option('--min-runway <windows>', `premade windows after the current one below which the runway is a problem (default ${DEFAULT_MIN_RUNWAY_WINDOWS})`)
    .option('--max-window-bytes <bytes>', `window size over which a window is a problem (default ${DEFAULT_MAX_WINDOW_BYTES}, 1 GiB)`)
    .option('--retention-windows <windows>', 'windows kept behind the current one: older managed windows still attached are problems (default: not judged)')
    .action(async (o: StatusOptions) => {
      process.exitCode = await statusCommand(o);
    });
}
