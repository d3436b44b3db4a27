/**
 * Health of a partitioned table: a report for applications and monitoring, never a fix (deploys
 * converge; this says what is at risk and what a deploy would change). From the declaration
 * (`checkHealth(pool, props)`: the props of `PartitionedTable`, planned with the construct's own
 * `planTable`) or, without one, from the live table alone (`checkLiveHealth`, which `pgpartition
 * status` uses). Four catalog reads, whatever the number of partitions: the inventory, the rows of
 * every DEFAULT partition and DEFAULT sub-partition, managed tables left standalone, and archived windows.
 */
import type { ClientBase, Pool } from 'pg';
import { readArchivedWindows, readDefaultPartitionRows, readStandaloneWindows, type ArchivedWindow, type DefaultPartitionTarget, type PartitionInventory, type StandaloneWindow } from '../catalog';
import { boundTime } from '../core/bounds';
import { retentionHorizon } from '../core/plan';
import type { PartitionPlan, RangeColumnType } from '../core/spec';
import { planTable, type PartitionedTableProps } from '../constructs/table-plan';
import {
  oversizedWindows,
  premakeRunway,
  windowDrift,
  windowsPastCount,
  windowsPastHorizon,
  type Runway,
  type WindowDrift,
} from './health-rules';
import { readPartitionedInventory, toPartitionInfoRows, type PartitionInfoRow } from './partition-info';

export type { Runway, WindowDrift } from './health-rules';
export type { ArchivedWindow, StandaloneWindow } from '../catalog';

/** The original guide's alert: a window over 1 GB. */
export const DEFAULT_MAX_WINDOW_BYTES = 1024 ** 3;
/** Premade windows after the current one below which the runway is reported, without a declaration. */
export const DEFAULT_MIN_RUNWAY_WINDOWS = 2;

export interface HealthOptions {
  /** The instant the check judges by: the current window, the runway, retention. @default new Date() */
  readonly now?: Date;
  /** A window larger than this many bytes (heap, TOAST and indexes of its sub-partitions) is reported. @default 1073741824 (1 GiB, the original guide's alert) */
  readonly maxWindowBytes?: number;
  /** Fewer premade windows than this after the current one are reported. @default - min(2, premake) with a declaration, 2 without */
  readonly minRunwayWindows?: number;
  /** List values reported per DEFAULT partition, most rows first. @default 10 */
  readonly maxListValues?: number;
  /** Rows read per DEFAULT partition at most; beyond it the count says "at least". @default 100000 */
  readonly scanLimitRows?: number;
  /** How long reading a DEFAULT partition waits for a lock (a deploy's ATTACH holds one briefly). @default 2000 */
  readonly lockTimeoutMs?: number;
}

/** {@link HealthOptions} for a check without a declaration. */
export interface LiveHealthOptions extends HealthOptions {
  /** Windows kept behind the current one; older managed windows still attached are reported as expired. @default - expiry is not judged */
  readonly retentionWindows?: number;
}

/** The rows found in one DEFAULT partition or DEFAULT sub-partition. */
export interface DefaultPartitionHealth {
  readonly partition: string;
  /** The window it is the DEFAULT sub-partition of; null for the parent's DEFAULT partition. */
  readonly window: string | null;
  /** Rows counted; all of them when `complete`, else at least this many. */
  readonly rows: number;
  readonly complete: boolean;
  /** Most frequent list values among the rows, most rows first, at most `maxListValues`. */
  readonly values: readonly { readonly value: string | null; readonly rows: number }[];
  /** Distinct list values among the rows (more than `values.length` when that list was cut). */
  readonly distinctValues: number;
  /** Earliest and latest range-column value among the rows, canonical bound text; null without rows. */
  readonly earliest: string | null;
  readonly latest: string | null;
}

/** One thing worth a look. */
export interface HealthFinding {
  readonly kind: 'default-rows' | 'no-current-window' | 'runway' | 'window-size' | 'expired-window' | 'drift' | 'detach-pending' | 'standalone-table' | 'archived-window';
  /** `problem`s make `pgpartition status` exit 1; a `notice` is reported only. */
  readonly severity: 'problem' | 'notice';
  /** The partition, window or table it is about. */
  readonly subject: string;
  /** What is wrong and what to do, one sentence. */
  readonly message: string;
}

export interface HealthReport {
  readonly schema: string;
  readonly table: string;
  /** The instant judged by, ISO 8601 UTC. */
  readonly checkedAt: string;
  /** Compared with a declaration: drift and expiry by its retention are known. */
  readonly declared: boolean;
  /** The live partitions (row estimates, bytes), oldest window first. */
  readonly partitions: readonly PartitionInfoRow[];
  /** Every DEFAULT partition and DEFAULT sub-partition, rows found in each (0 included). */
  readonly defaultPartitions: readonly DefaultPartitionHealth[];
  readonly maxWindowBytes: number;
  /** Windows over `maxWindowBytes`. */
  readonly oversizedWindows: readonly { readonly window: string; readonly sizeBytes: number }[];
  readonly runway: Runway & { readonly minimumWindows: number };
  /** Managed windows past retention and still attached; null when no retention is known. */
  readonly expiredWindows: readonly string[] | null;
  /** Planned windows the live table does not match; null without a declaration. */
  readonly drift: readonly WindowDrift[] | null;
  /** Partitions whose DETACH CONCURRENTLY was cut short. */
  readonly detachPending: readonly string[];
  /** Managed window tables of this parent that are no partition (left by a killed apply, or detached). */
  readonly standaloneTables: readonly StandaloneWindow[];
  /** Windows archived by retention mode `archive`, in their archive schema, with when each may be dropped. */
  readonly archivedWindows: readonly ArchivedWindow[];
  /** Everything above worth a look, problems first. */
  readonly findings: readonly HealthFinding[];
}

/** What `checkHealth` takes: the props of `PartitionedTable`, or the construct itself. */
export type TableDeclaration = PartitionedTableProps | { readonly props: PartitionedTableProps };

/**
 * The health of the table `declaration` describes, planned as the construct plans it but at
 * `options.now` (the props' `asOf` pins a synth, not a health check). Findings: rows in DEFAULT
 * partitions (with the list values found there), windows over the size limit, a short premake
 * runway, expired windows still attached, drift from the plan, detach-pending partitions, managed
 * tables left standalone or detached, archived windows (a problem once past their drop date).
 * @throws SpecError for invalid props (as the construct would at synth); Error when the table does
 *   not exist or is not partitioned; DefaultPartitionLockedError when a DEFAULT partition stayed
 *   locked for `lockTimeoutMs`; RangeError for an invalid option; the server's error otherwise.
 */
export async function checkHealth(db: ClientBase | Pool, declaration: TableDeclaration, options: HealthOptions = {}): Promise<HealthReport> {
  const props = 'props' in declaration ? declaration.props : declaration;
  const now = options.now ?? new Date();
  const { spec, plan } = planTable(props, { value: now, source: 'the health check\'s instant' });
  const table = spec.table;
  const inventory = await readPartitionedInventory(db, table.schema, table.name, table.rangeType);
  const horizon = retentionHorizon(spec, now);
  return assess(db, inventory, {
    now,
    minRunwayWindows: options.minRunwayWindows ?? Math.min(DEFAULT_MIN_RUNWAY_WINDOWS, spec.premake),
    listColumn: table.listColumn,
    rangeType: table.rangeType,
    plan,
    expiredWindows: horizon === null ? [] : windowsPastHorizon(inventory.windows, horizon),
  }, options);
}

/**
 * The health of `schema.table` from the live table alone: what `checkHealth` finds except drift,
 * with expiry judged only when `options.retentionWindows` is given, and the runway checked against
 * `options.minRunwayWindows` (default 2).
 * @throws Error when the table does not exist or is not partitioned; DefaultPartitionLockedError;
 *   RangeError for an invalid option; the server's error otherwise.
 */
export async function checkLiveHealth(db: ClientBase | Pool, target: { readonly schema?: string; readonly table: string }, options: LiveHealthOptions = {}): Promise<HealthReport> {
  const now = options.now ?? new Date();
  if (options.retentionWindows !== undefined) checkCount('retentionWindows', options.retentionWindows, 1);
  const inventory = await readPartitionedInventory(db, target.schema ?? 'public', target.table);
  return assess(db, inventory, {
    now,
    minRunwayWindows: options.minRunwayWindows ?? DEFAULT_MIN_RUNWAY_WINDOWS,
    listColumn: null,
    rangeType: undefined,
    plan: null,
    expiredWindows: options.retentionWindows === undefined ? null : windowsPastCount(inventory.windows, now, options.retentionWindows),
  }, options);
}

/** What the live table is judged against. */
interface Expectations {
  readonly now: Date;
  readonly minRunwayWindows: number;
  /** The declared list column, for the parent's DEFAULT partition; null: the windows' own. */
  readonly listColumn: string | null;
  readonly rangeType: RangeColumnType | undefined;
  /** The declaration's plan at `now`; null without a declaration. */
  readonly plan: PartitionPlan | null;
  readonly expiredWindows: string[] | null;
}

async function assess(db: ClientBase | Pool, inventory: PartitionInventory, e: Expectations, options: HealthOptions): Promise<HealthReport> {
  const maxWindowBytes = options.maxWindowBytes ?? DEFAULT_MAX_WINDOW_BYTES;
  checkCount('maxWindowBytes', maxWindowBytes, 1);
  checkCount('minRunwayWindows', e.minRunwayWindows, 0);
  const { schema, name: table } = inventory.parent;
  const targets = defaultPartitionsOf(inventory, e);
  const [counted, standaloneTables, archivedWindows] = await Promise.all([
    readDefaultPartitionRows(db, targets.map((t) => t.target), { scanLimitRows: options.scanLimitRows, maxValues: options.maxListValues, lockTimeoutMs: options.lockTimeoutMs }),
    readStandaloneWindows(db, schema, table),
    readArchivedWindows(db, schema, table),
  ]);
  const defaultPartitions = counted.map((c, i): DefaultPartitionHealth => ({
    partition: c.name,
    window: targets[i].window,
    rows: c.rows,
    complete: c.complete,
    values: c.values,
    distinctValues: c.distinctValues,
    earliest: c.earliest,
    latest: c.latest,
  }));
  const report = {
    schema,
    table,
    checkedAt: e.now.toISOString(),
    declared: e.plan !== null,
    partitions: toPartitionInfoRows(inventory),
    defaultPartitions,
    maxWindowBytes,
    oversizedWindows: oversizedWindows(inventory.windows, maxWindowBytes),
    runway: { ...premakeRunway(inventory.windows, e.now), minimumWindows: e.minRunwayWindows },
    expiredWindows: e.expiredWindows,
    drift: e.plan === null ? null : windowDrift(e.plan, inventory.windows, e.now),
    detachPending: inventory.windows.filter((w) => w.detachPending).map((w) => w.name),
    standaloneTables,
    archivedWindows,
  };
  return { ...report, findings: findingsOf(report, inventory, e) };
}

/** The parent's DEFAULT partition and every window's DEFAULT sub-partition, with the columns to read in each. */
function defaultPartitionsOf(inventory: PartitionInventory, e: Expectations): { target: DefaultPartitionTarget; window: string | null }[] {
  const { schema, rangeColumn } = inventory.parent;
  const windowListColumn = inventory.windows.find((w) => w.listColumn !== null)?.listColumn ?? null;
  return inventory.windows.flatMap((w): { target: DefaultPartitionTarget; window: string | null }[] => {
    if (w.kind === 'default') {
      return [{ target: { schema, name: w.name, listColumn: e.listColumn ?? windowListColumn, rangeColumn, rangeType: e.rangeType }, window: null }];
    }
    return w.subPartitions.filter((s) => s.isDefault).map((s) => ({
      target: { schema, name: s.name, listColumn: w.listColumn, rangeColumn, rangeType: e.rangeType },
      window: w.name,
    }));
  });
}

function findingsOf(r: Omit<HealthReport, 'findings'>, inventory: PartitionInventory, e: Expectations): HealthFinding[] {
  const problem = (kind: HealthFinding['kind'], subject: string, message: string): HealthFinding => ({ kind, severity: 'problem', subject, message });
  const listColumn = e.listColumn ?? inventory.windows.find((w) => w.listColumn !== null)?.listColumn ?? 'list';
  const findings: HealthFinding[] = [];
  for (const d of r.defaultPartitions.filter((p) => p.rows > 0)) {
    const rows = `${d.complete ? '' : 'at least '}${d.rows.toLocaleString('en-US')} ${d.rows === 1 ? 'row' : 'rows'}`;
    const span = d.earliest === null ? '' : d.earliest === d.latest ? ` (${d.earliest})` : ` (${d.earliest} to ${d.latest})`;
    findings.push(d.window === null
      ? problem('default-rows', d.partition, `${d.partition} holds ${rows}${span}: no window covers them; deploy so a window takes them over, or check the ${inventory.parent.rangeColumn ?? 'range'} values written`)
      : problem('default-rows', d.partition, `${d.partition} holds ${rows} whose ${listColumn} is in no activity group (${valuesText(d)}): add those activities to the catalogue the groups are built from and deploy`));
  }
  if (r.runway.currentWindow === null) {
    findings.push(problem('no-current-window', `${r.schema}.${r.table}`, `no window contains ${r.checkedAt}: rows written now go to the DEFAULT partition or fail; deploy to create the current window`));
  } else if (r.runway.windows < r.runway.minimumWindows) {
    findings.push(problem('runway', `${r.schema}.${r.table}`, `${r.runway.windows} premade ${r.runway.windows === 1 ? 'window' : 'windows'} after the current one (minimum ${r.runway.minimumWindows}): rows from ${r.runway.coveredUntil} on have no window; deploy to roll the windows forward`));
  }
  for (const w of r.oversizedWindows) {
    findings.push(problem('window-size', w.window, `${w.window} takes ${w.sizeBytes.toLocaleString('en-US')} bytes, over the limit of ${r.maxWindowBytes.toLocaleString('en-US')}: consider shorter windows or more activity groups`));
  }
  for (const w of r.expiredWindows ?? []) {
    findings.push(problem('expired-window', w, `${w} is past retention and still attached: deploy to retire or archive it (a window the provider refuses to retire says why in the plan)`));
  }
  for (const d of r.drift ?? []) {
    findings.push(problem('drift', d.window, `${d.window} drifted from the declaration (${d.problem}: ${d.detail}): review with a plan, then deploy`));
  }
  for (const w of r.detachPending) {
    findings.push(problem('detach-pending', w, `${w} is detach pending (a DETACH PARTITION ... CONCURRENTLY was cut short): deploy again, or run ALTER TABLE ... DETACH PARTITION ${w} FINALIZE`));
  }
  for (const t of r.standaloneTables) {
    findings.push({
      kind: 'standalone-table',
      severity: 'notice',
      subject: t.name,
      message: t.state === 'never attached'
        ? `${t.name} is a managed window table an apply built but never attached (~${t.rowEstimate.toLocaleString('en-US')} rows): the next deploy attaches it if it is still declared; otherwise drop it by hand`
        : `${t.name} is a managed window left detached (~${t.rowEstimate.toLocaleString('en-US')} rows; retention mode detach, or a retirement cut short before its DROP): archive or drop it once its rows are no longer needed`,
    });
  }
  for (const a of r.archivedWindows) {
    const due = boundTime(a.archivedUntil) <= e.now.getTime();
    const where = `${a.schema}.${a.name}`;
    findings.push(due
      ? problem('archived-window', where, `${where} is archived and was due to be dropped from ${a.archivedUntil}: deploy to drop it`)
      : { kind: 'archived-window', severity: 'notice', subject: where, message: `${where} is archived (~${a.rowEstimate.toLocaleString('en-US')} rows, detached from ${r.schema}.${r.table}) until ${a.archivedUntil}; the first deploy after that drops it. To put it back, declare it attached again (a longer retention) and deploy` });
  }
  return findings;
}

/** `new_activity (3), other (1), and 4 more values`. */
function valuesText(d: DefaultPartitionHealth): string {
  const listed = d.values.map((v) => `${v.value ?? 'NULL'} (${v.rows.toLocaleString('en-US')})`).join(', ');
  const more = d.distinctValues - d.values.length;
  return more > 0 ? `${listed}, and ${more} more ${more === 1 ? 'value' : 'values'}` : listed;
}

/** @throws RangeError naming the option unless `value` is an integer >= `min`. */
function checkCount(option: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${option} must be an integer >= ${min} (got ${value})`);
}
