/**
 * `pgpartition plan-summary <stack> [--json] [--output DIR]` (`npm run plan-summary -- staging`):
 * the short answer a reviewer wants from the saved plan of `pgpartition diff <stack>`: windows to
 * create, windows to drop or detach (with the rows and bytes they hold now), replacements, parent
 * table changes, anything else. Reads `terraform show -json plan` in `<output>/stacks/<stack>/`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import Table from 'cli-table3';
import type { Command } from 'commander';
import type { Pool } from 'pg';
import type { RangeColumnType } from '../../core/spec';
import { partitionInfo } from '../../runtime/partition-info';
import { CliError, ExitCode } from '../errors';
import { formatBytes } from '../inventory-table';
import { openCliPool } from '../connection';
import { installDefault, stackConnection } from '../stack-setup';

const WINDOW_TYPE = 'pgpartition_window';
const PARENT_TABLE_TYPE = 'pgpartition_parent_table';

/** The part of terraform's JSON plan representation (`terraform show -json`, format 1.x) read here. */
export interface TerraformPlanJson {
  readonly resource_changes?: readonly {
    readonly address: string;
    readonly type: string;
    readonly change: {
      /** e.g. `["create"]`, `["delete"]`, `["update"]`, `["delete","create"]` (replace), `["no-op"]`. */
      readonly actions: readonly string[];
      readonly before: Record<string, unknown> | null;
      readonly after: Record<string, unknown> | null;
    };
  }[];
}

/** A window of the plan, from its `pgpartition_window` attributes. */
export interface PlannedWindow {
  readonly address: string;
  readonly schema: string;
  readonly parentTable: string;
  readonly name: string;
  /** Canonical inclusive lower partition bound, e.g. `2024-12-23T00:00:00Z`. */
  readonly from: string;
  /** Canonical exclusive upper partition bound. */
  readonly to: string;
  /** List sub-partitions, the DEFAULT sub-partition included (as `pgpartition status` counts them). */
  readonly subPartitions: number;
}

/** A window whose table goes away (destroyed, or replaced: dropped and created again). */
export interface RetiredWindow extends PlannedWindow {
  /** What the destroy does (the window's state): `drop`, `detach` or `keep` (the provider refuses). */
  readonly retentionMode: string;
  readonly rangeType: RangeColumnType;
  /**
   * Row estimate. From the plan (terraform 1.11 does not refresh orphaned resources, so stale for
   * destroys) until {@link withLiveSizes} reads the database; null when the window is not in it.
   */
  readonly rows: number | null;
  /** Bytes on disk (heap, TOAST, indexes of every sub-partition); null like `rows`. */
  readonly bytes: number | null;
}

/** Any other resource change: its address, type and terraform actions. */
export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly actions: readonly string[];
}

export interface PlanSummary {
  readonly create: readonly PlannedWindow[];
  readonly destroy: readonly RetiredWindow[];
  readonly replace: readonly RetiredWindow[];
  readonly parentTables: readonly ResourceChange[];
  readonly other: readonly ResourceChange[];
}

/**
 * Pure: sorts the plan's `resource_changes` into the summary, windows by `from`, skipping no-op and
 * read changes. Window creates, destroys and replacements get their own lists; updates of a window
 * in place (a sub-partition added) go to `other`, every `pgpartition_parent_table` change to
 * `parentTables`.
 */
export function summarizePlan(plan: TerraformPlanJson): PlanSummary {
  const create: PlannedWindow[] = [];
  const destroy: RetiredWindow[] = [];
  const replace: RetiredWindow[] = [];
  const parentTables: ResourceChange[] = [];
  const other: ResourceChange[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const { actions, before, after } = rc.change;
    if (actions.every((a) => a === 'no-op' || a === 'read')) continue;
    const isReplace = actions.includes('create') && actions.includes('delete');
    if (rc.type === WINDOW_TYPE && isReplace && before) replace.push(retiredWindow(rc.address, before));
    else if (rc.type === WINDOW_TYPE && actions.length === 1 && actions[0] === 'create' && after) create.push(plannedWindow(rc.address, after));
    else if (rc.type === WINDOW_TYPE && actions.length === 1 && actions[0] === 'delete' && before) destroy.push(retiredWindow(rc.address, before));
    else (rc.type === PARENT_TABLE_TYPE ? parentTables : other).push({ address: rc.address, type: rc.type, actions });
  }
  const byFrom = (a: PlannedWindow, b: PlannedWindow) => a.from.localeCompare(b.from) || a.name.localeCompare(b.name);
  return { create: create.sort(byFrom), destroy: destroy.sort(byFrom), replace: replace.sort(byFrom), parentTables, other };
}

function plannedWindow(address: string, v: Record<string, unknown>): PlannedWindow {
  const groups = Array.isArray(v.sub_partitions) ? v.sub_partitions.length : 0;
  return {
    address,
    schema: String(v.schema ?? 'public'),
    parentTable: String(v.parent_table),
    name: String(v.name),
    from: String(v.from),
    to: String(v.to),
    subPartitions: groups + (v.default_sub_partition ? 1 : 0),
  };
}

function retiredWindow(address: string, v: Record<string, unknown>): RetiredWindow {
  return {
    ...plannedWindow(address, v),
    retentionMode: String(v.retention_mode ?? 'keep'),
    rangeType: String(v.range_type) as RangeColumnType,
    rows: typeof v.row_estimate === 'number' ? v.row_estimate : null,
    bytes: typeof v.size_bytes === 'number' ? v.size_bytes : null,
  };
}

/**
 * `summary` with the rows and bytes of every retired window read live from the database (one
 * catalog read per parent table); a window no longer in the database gets null rows and bytes.
 * @throws Error when a parent table is missing or not partitioned (from `partitionInfo`).
 */
export async function withLiveSizes(summary: PlanSummary, pool: Pool): Promise<PlanSummary> {
  const retired = [...summary.destroy, ...summary.replace];
  const live = new Map<string, { rows: number; bytes: number }>();
  const parents = new Map(retired.map((w) => [`${w.schema}.${w.parentTable}`, w]));
  for (const w of parents.values()) {
    for (const p of await partitionInfo(pool, w.schema, w.parentTable, w.rangeType)) live.set(`${w.schema}.${p.name}`, p);
  }
  const refresh = (w: RetiredWindow): RetiredWindow => {
    const found = live.get(`${w.schema}.${w.name}`);
    return { ...w, rows: found?.rows ?? null, bytes: found?.bytes ?? null };
  };
  return { ...summary, destroy: summary.destroy.map(refresh), replace: summary.replace.map(refresh) };
}

/** `N to create, M to drop, K to detach`, plus replacements and other changes when there are any. */
export function summaryLine(s: PlanSummary): string {
  const drops = s.destroy.filter((w) => w.retentionMode !== 'detach').length;
  const parts = [`${s.create.length} to create`, `${drops} to drop`, `${s.destroy.length - drops} to detach`];
  if (s.replace.length > 0) parts.push(`${s.replace.length} to replace`);
  const others = s.parentTables.length + s.other.length;
  if (others > 0) parts.push(`${others} other ${others === 1 ? 'change' : 'changes'}`);
  return parts.join(', ');
}

/** True when the summary lists no change at all. */
export function isEmpty(s: PlanSummary): boolean {
  return s.create.length + s.destroy.length + s.replace.length + s.parentTables.length + s.other.length === 0;
}

/**
 * The summary as one cli-table3 table (change, what, bounds, sub-partitions, rows, size) and the
 * summary line; plain text unless `colour`. Rows are estimates, sizes in `pg_size_pretty` units.
 */
export function formatPlanSummary(s: PlanSummary, colour = process.stdout.isTTY === true && !('NO_COLOR' in process.env)): string {
  if (isEmpty(s)) return `${summaryLine(s)}\n`;
  const table = new Table({
    head: ['change', 'window or resource', 'from', 'to', 'sub-partitions', 'rows', 'size'],
    colAligns: ['left', 'left', 'left', 'left', 'right', 'right', 'right'],
    style: { compact: true, head: colour ? ['cyan'] : [], border: colour ? ['grey'] : [] },
  });
  const size = (w: RetiredWindow) => [w.rows === null ? '-' : w.rows.toLocaleString('en-US'), w.bytes === null ? '-' : formatBytes(w.bytes)];
  for (const w of s.create) table.push(['create', `${w.schema}.${w.name}`, w.from, w.to, w.subPartitions, '', '']);
  for (const w of s.destroy) table.push([w.retentionMode, `${w.schema}.${w.name}`, w.from, w.to, w.subPartitions, ...size(w)]);
  for (const w of s.replace) table.push(['replace', `${w.schema}.${w.name}`, w.from, w.to, w.subPartitions, ...size(w)]);
  for (const c of [...s.parentTables, ...s.other]) table.push([c.actions.join('+'), c.address, '', '', '', '', '']);
  return `${table.toString()}\n${summaryLine(s)}\n`;
}

export interface PlanSummaryOptions {
  /** Stack name, e.g. `staging`. */
  readonly stack: string;
  /** Print JSON instead of a table. @default false */
  readonly json?: boolean;
  /** cdktf's output directory, as given to `cdktf diff --output`. @default 'cdktf.out' (relative to the working directory) */
  readonly output?: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Terraform CLI config of the installed provider mirror. @default - installs the provider, see `installDefault` */
  readonly cliConfigFile?: string;
  /** @default - writes to stdout */
  readonly out?: (text: string) => void;
}

/**
 * Reads the saved plan of `stack`, the live sizes of the windows it retires, and prints the summary.
 * Returns ExitCode.Ok when the plan changes nothing, ExitCode.ChangesPending otherwise.
 * @throws CliError when the connection variable is unset or its URL is not valid, the plan file is
 * missing, terraform cannot show it, or the database or the parent table of a retired window cannot be read.
 */
export async function planSummaryCommand(o: PlanSummaryOptions): Promise<ExitCode> {
  const env = o.env ?? process.env;
  const connection = stackConnection(o.stack, env);
  const stackDir = path.resolve(o.output ?? 'cdktf.out', 'stacks', o.stack);
  if (!existsSync(path.join(stackDir, 'plan'))) {
    throw new CliError(`no saved plan for stack "${o.stack}" in ${stackDir}`, `run \`npm run diff -- ${o.stack}\` first`);
  }
  const plan = await showPlan(stackDir, o.stack, { ...env, TF_CLI_CONFIG_FILE: o.cliConfigFile ?? (await installDefault()), CHECKPOINT_DISABLE: '1' });

  let summary = summarizePlan(plan);
  if (summary.destroy.length + summary.replace.length > 0) { // only retired windows need the database
    const pool = await openCliPool(connection, 'pgpartition plan-summary');
    try {
      summary = await withLiveSizes(summary, pool);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new CliError(`cannot read the live size of the windows the plan retires from ${connection.target}: ${message}`, `check that ${connection.name} points at the stack's database`);
    } finally {
      await pool.end();
    }
  }
  (o.out ?? ((t) => process.stdout.write(t)))(o.json ? `${JSON.stringify({ stack: o.stack, ...summary, summary: summaryLine(summary) }, null, 2)}\n` : formatPlanSummary(summary));
  return isEmpty(summary) ? ExitCode.Ok : ExitCode.ChangesPending;
}

/** `terraform show -json plan` in `stackDir`, parsed. @throws CliError with terraform's stderr when it fails. */
async function showPlan(stackDir: string, stack: string, env: NodeJS.ProcessEnv): Promise<TerraformPlanJson> {
  try {
    const { stdout } = await promisify(execFile)('terraform', ['show', '-json', 'plan'], { cwd: stackDir, env, maxBuffer: 1 << 30 });
    return JSON.parse(stdout) as TerraformPlanJson;
  } catch (err) {
    const detail = (err as { stderr?: string }).stderr?.trim() || (err instanceof Error ? err.message : String(err));
    throw new CliError(`terraform show -json plan failed in ${stackDir}: ${detail}`, `run \`npm run diff -- ${stack}\` again`);
  }
}

export function register(program: Command): void {
  program
    .command('plan-summary')
    .description('summarise the saved plan of `pgpartition diff <stack>`: windows to create, drop or detach (live rows and sizes), other changes; exit 3 when it changes anything')
    .argument('<stack>', 'stack name, e.g. staging or prod')
    .option('--json', 'print JSON instead of a table')
    .option('--output <dir>', 'cdktf output directory holding stacks/<stack>/plan', 'cdktf.out')
    .action(async (stack: string, o: { json?: boolean; output: string }) => {
      process.exitCode = await planSummaryCommand({ stack, json: o.json, output: o.output });
    });
}
