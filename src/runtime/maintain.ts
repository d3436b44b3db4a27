/**
 * Routine maintenance of a partitioned table (the original guide's `optimizePartitions`), decided
 * from the cumulative statistics and done with the server's own commands:
 *
 * - ANALYZE the parent table. Autovacuum never processes a partitioned table, so the planner's
 *   statistics for the table as a whole (used above the scan of each partition: joins, GROUP BY)
 *   exist only after a manual ANALYZE, to be repeated when the data in the partitions changes
 *   (PostgreSQL docs, Routine Vacuuming, "The Autovacuum Daemon" and "Updating Planner Statistics").
 *   Before PostgreSQL 18, ANALYZE of a partitioned table also analyses every partition (ANALYZE,
 *   "Notes"); 18 added `ONLY` to analyse the parent alone.
 * - ANALYZE the leaves of windows that received rows since their last analyse: the one being
 *   written now would otherwise wait for autovacuum's threshold (a fraction of the table's rows)
 *   and plan its queries from a stale row count.
 * - VACUUM (ANALYZE) the leaves of windows whose range has ended and that were written since their
 *   last vacuum: once writes stop, one VACUUM sets the visibility map (index-only scans need it) and
 *   freezes the rows, which spares later anti-wraparound vacuums ("Updating the Visibility Map",
 *   "Preventing Transaction ID Wraparound Failures"). A later late write makes it due again.
 *
 * Every statement names leaf tables with `SKIP_LOCKED`, so a leaf another session holds a
 * conflicting lock on is skipped (the server's WARNING is reported) instead of waited for. Measured
 * on PostgreSQL 15: `SKIP_LOCKED` does not keep the ANALYZE of a partitioned table from waiting on
 * a locked partition (it samples every partition), so each statement also runs under `lock_timeout`.
 */
import type { ClientBase, Pool, PoolClient } from 'pg';
import { readTableActivity, type PartitionActivity, type TableActivity } from '../catalog/maintenance-stats';
import { boundTime } from '../core/bounds';
import { qualifiedName, quoteLiteral } from '../core/sql';

/** The four kinds of step, in PostgreSQL's words. */
export type MaintenanceKind = 'analyze-parent' | 'vacuum-analyze' | 'vacuum' | 'analyze';

/** One step about to run: what `onStep` is told. */
export interface MaintenanceStep {
  readonly kind: MaintenanceKind;
  /** The window (or other partition) the step is for, or the parent table for `analyze-parent`. */
  readonly target: string;
  /** The tables the statement names, unqualified: the parent, or the window's leaves that need it. */
  readonly tables: readonly string[];
  /** Why, from the statistics, e.g. `1,200 rows written since the last ANALYZE`. */
  readonly reason: string;
}

/** One step and how it went. */
export interface MaintenanceAction extends MaintenanceStep {
  /** The statement run, e.g. `VACUUM (ANALYZE, SKIP_LOCKED) "public"."w_a", "public"."w_b"`. */
  readonly statement: string;
  /** `skipped`: every table was locked by another session; `failed`: the server refused the statement. */
  readonly outcome: 'done' | 'skipped' | 'failed';
  /** Tables passed over (locked, or not the caller's to maintain); all of them when the step timed out. */
  readonly skipped: readonly string[];
  /** Why tables were skipped or the step failed, the server's words; null when all went through. */
  readonly message: string | null;
  /** How long the statement took, in milliseconds. */
  readonly durationMs: number;
}

export interface MaintenanceReport {
  readonly schema: string;
  readonly table: string;
  /** Server major version, e.g. 15: it decides whether ANALYZE of the parent also analyses every partition. */
  readonly serverVersion: number;
  /** When the run started, ISO 8601 UTC. */
  readonly startedAt: string;
  /** The whole run, in milliseconds. */
  readonly durationMs: number;
  /** Steps in the order they ran; none when nothing needed doing except the parent's ANALYZE. */
  readonly actions: readonly MaintenanceAction[];
}

export interface MaintainOptions {
  /** The instant that decides which windows have ended. @default new Date() */
  readonly now?: Date;
  /** How long one statement waits for a lock before its step is reported skipped. @default 2000 */
  readonly lockTimeoutMs?: number;
  /** Called before each step with its 1-based number and the steps planned in all (for a progress line). */
  readonly onStep?: (index: number, total: number, step: MaintenanceStep) => void;
}

/**
 * Maintains `schema.table` (see the module comment for what and why) and reports each step. Safe
 * to run at any time and to repeat: a second run right after the first only re-analyses the parent.
 * Given a client, it must not be inside a transaction (VACUUM cannot run in one); its `lock_timeout`
 * is restored afterwards.
 * @throws Error when the table does not exist or is not partitioned; RangeError for a
 *   `lockTimeoutMs` below 1; the server's error when the statistics cannot be read. A failing
 *   step does not throw: it is reported, and the other steps still run.
 */
export async function maintain(db: ClientBase | Pool, target: { readonly schema?: string; readonly table: string }, options: MaintainOptions = {}): Promise<MaintenanceReport> {
  const schema = target.schema ?? 'public';
  const lockTimeoutMs = options.lockTimeoutMs ?? 2000;
  if (!Number.isInteger(lockTimeoutMs) || lockTimeoutMs < 1) throw new RangeError(`lockTimeoutMs must be an integer >= 1 (got ${lockTimeoutMs})`);
  const startedAt = new Date();
  const started = performance.now();
  const now = options.now ?? startedAt;
  const pooled = 'totalCount' in db;
  const client: ClientBase = pooled ? await (db as Pool).connect() : (db as ClientBase);
  try {
    const activity = await readTableActivity(client, schema, target.table);
    if (!activity.partitioned) throw new Error(`Table ${schema}.${target.table} does not exist or is not partitioned; check the schema and table name (or deploy it first).`);
    const serverVersion = Math.floor(activity.serverVersionNum / 10000);
    const [{ lock_timeout: saved }] = (await client.query<{ lock_timeout: string }>('SHOW lock_timeout')).rows;
    await client.query(`SET lock_timeout = '${lockTimeoutMs}ms'`);
    try {
      const actions = await runSteps(client, schema, target.table, activity, serverVersion, now, lockTimeoutMs, options.onStep);
      return { schema, table: target.table, serverVersion, startedAt: startedAt.toISOString(), durationMs: performance.now() - started, actions };
    } finally {
      await client.query(`SET lock_timeout = ${quoteLiteral(saved)}`);
    }
  } finally {
    if (pooled) (client as PoolClient).release();
  }
}

async function runSteps(client: ClientBase, schema: string, table: string, activity: TableActivity, serverVersion: number, now: Date,
  lockTimeoutMs: number, onStep: MaintainOptions['onStep']): Promise<MaintenanceAction[]> {
  const parentOnly = serverVersion >= 18;
  const parentStep: MaintenanceStep = {
    kind: 'analyze-parent',
    target: table,
    tables: [table],
    reason: parentOnly
      ? 'autovacuum never analyses a partitioned table'
      : 'autovacuum never analyses a partitioned table; before PostgreSQL 18 this also analyses every partition',
  };
  // a lock that stops the parent's ANALYZE may sit on any partition it samples
  const tree = [table, ...activity.partitions.flatMap((p) => [p.name, ...p.leaves.map((l) => l.name)])];
  const actions: MaintenanceAction[] = [];
  const run = async (step: MaintenanceStep, total: number) => {
    onStep?.(actions.length + 1, total, step);
    const action = await runStep(client, schema, step, parentOnly, lockTimeoutMs, step.kind === 'analyze-parent' ? tree : step.tables);
    actions.push(action);
    return action;
  };
  if (parentOnly) {
    const steps = planMaintenance(activity, now, false);
    for (const step of steps) await run(step, steps.length + 1);
    await run(parentStep, steps.length + 1);
  } else {
    // the parent's ANALYZE analyses every leaf anyway: do it first, and the windows need only what it leaves
    const optimistic = planMaintenance(activity, now, true);
    const parent = await run(parentStep, optimistic.length + 1);
    const steps = parent.outcome === 'done' && parent.skipped.length === 0 ? optimistic : planMaintenance(activity, now, false);
    for (const step of steps) await run(step, steps.length + 1);
  }
  return actions;
}

/**
 * The window steps the statistics call for, pure: `VACUUM (ANALYZE)` of the written leaves of
 * windows whose upper bound is at or before `now` (plain `VACUUM` when `leavesAnalysed`, i.e. the
 * parent's ANALYZE just analysed every leaf), `ANALYZE` of the written leaves of the others (none
 * when `leavesAnalysed`). Detach-pending partitions are left alone: they are on their way out.
 */
export function planMaintenance(activity: TableActivity, now: Date, leavesAnalysed: boolean): MaintenanceStep[] {
  const count = (n: number) => n.toLocaleString('en-US');
  return activity.partitions.flatMap((p): MaintenanceStep[] => {
    if (p.detachPending) return [];
    if (hasEnded(p, now)) {
      const leaves = p.leaves.filter((l) => l.insertedSinceVacuum > 0 || l.deadRows > 0 || (!leavesAnalysed && l.modifiedSinceAnalyze > 0));
      if (leaves.length === 0) return [];
      const inserted = leaves.reduce((s, l) => s + l.insertedSinceVacuum, 0);
      const dead = leaves.reduce((s, l) => s + l.deadRows, 0);
      return [{
        kind: leavesAnalysed ? 'vacuum' : 'vacuum-analyze',
        target: p.name,
        tables: leaves.map((l) => l.name),
        reason: `ended ${p.to}; ${count(inserted)} rows inserted and ${count(dead)} dead since the last VACUUM`,
      }];
    }
    const leaves = leavesAnalysed ? [] : p.leaves.filter((l) => l.modifiedSinceAnalyze > 0);
    if (leaves.length === 0) return [];
    return [{ kind: 'analyze', target: p.name, tables: leaves.map((l) => l.name), reason: `${count(leaves.reduce((s, l) => s + l.modifiedSinceAnalyze, 0))} rows written since the last ANALYZE` }];
  });
}

/** A window whose range is over: no row it accepts can be written as of `now` (DEFAULT and list partitions never end). */
function hasEnded(p: PartitionActivity, now: Date): boolean {
  return p.kind === 'range' && boundTime(p.to as string) <= now.getTime();
}

const STATEMENTS: Record<MaintenanceKind, (parentOnly: boolean) => string> = {
  'analyze-parent': (parentOnly) => `ANALYZE (SKIP_LOCKED)${parentOnly ? ' ONLY' : ''}`,
  analyze: () => 'ANALYZE (SKIP_LOCKED)',
  'vacuum-analyze': () => 'VACUUM (ANALYZE, SKIP_LOCKED)',
  vacuum: () => 'VACUUM (SKIP_LOCKED)',
};

/** Runs one step's statement, collecting the server's "skipping ..." warnings; `lockScope`: where to look for who holds a lock it timed out on. */
async function runStep(client: ClientBase, schema: string, step: MaintenanceStep, parentOnly: boolean, lockTimeoutMs: number,
  lockScope: readonly string[]): Promise<MaintenanceAction> {
  const statement = `${STATEMENTS[step.kind](parentOnly)} ${step.tables.map((t) => qualifiedName(schema, t)).join(', ')}`;
  const warnings: string[] = [];
  const onNotice = (n: { severity?: string; message?: string }) => {
    if (n.severity === 'WARNING' && n.message) warnings.push(n.message);
  };
  client.on('notice', onNotice);
  const started = performance.now();
  try {
    await client.query(statement);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const timedOut = e.code === '55P03';
    const message = timedOut ? `waited ${lockTimeoutMs} ms for a lock${await lockHolders(client, schema, lockScope)}` : e.message ?? String(err);
    return { ...step, statement, outcome: timedOut ? 'skipped' : 'failed', skipped: timedOut ? step.tables : [], message, durationMs: performance.now() - started };
  } finally {
    client.off('notice', onNotice);
  }
  const durationMs = performance.now() - started;
  // e.g. `skipping analyze of "w_a" --- lock not available`, `skipping "w_a" --- only table or database owner can vacuum it`
  const skippedWarnings = warnings.filter((w) => /skipping/i.test(w));
  const skipped = skippedWarnings.flatMap((w) => {
    const m = /"((?:[^"]|"")+)"/.exec(w);
    return m && step.tables.includes(m[1].replace(/""/g, '"')) ? [m[1].replace(/""/g, '"')] : [];
  });
  return {
    ...step,
    statement,
    outcome: skipped.length === step.tables.length && skipped.length > 0 ? 'skipped' : 'done',
    skipped,
    message: skippedWarnings.length > 0 ? skippedWarnings.join('; ') : null,
    durationMs,
  };
}

/** ` held by pid 4711 (application "etl", idle in transaction)`, or '' when no holder is found any more. */
async function lockHolders(client: ClientBase, schema: string, tables: readonly string[]): Promise<string> {
  const { rows } = await client.query<{ pid: number; application_name: string; state: string | null }>(
    `SELECT DISTINCT a.pid, a.application_name, a.state
       FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
      WHERE l.granted AND l.pid <> pg_catalog.pg_backend_pid() AND l.mode <> 'AccessShareLock' AND l.mode <> 'RowShareLock' AND l.mode <> 'RowExclusiveLock'
        AND l.relation IN (SELECT pg_catalog.to_regclass(t) FROM unnest($1::text[]) t)
      ORDER BY a.pid`,
    [tables.map((t) => qualifiedName(schema, t))],
  ).catch(() => ({ rows: [] }));
  if (rows.length === 0) return '';
  return ` held by ${rows.map((r) => `pid ${r.pid} (application "${r.application_name}", ${r.state ?? 'state unknown'})`).join(', ')}`;
}
