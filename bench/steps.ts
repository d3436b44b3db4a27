/**
 * The standard steps and their targets (issue 10, "Targets"): ratios in one interleaved run,
 * reported with a verdict, never asserted in tests. `before` is where each stood when the issue
 * was written (its "now" column). Contenders come from the modules in bench/contenders/.
 */
import type { BenchSizes, Comparison, StepDefinition } from './contender';

/** Contender names the targets refer to. */
export const NAMES = {
  provider: 'provider',
  /** The provider with one `pgpartition_window` per window instead of the window set. */
  providerPerWindow: 'provider (per-window resources)',
  providerParentOnly: 'provider, parent table only',
  /** The provider (window set) with one provider process per terraform command, reattached, as the CLI runs it. */
  providerReattached: 'provider (one process per command)',
  workaround: 'workaround',
  safeFloor: 'safe floor',
  plainFloor: 'plain floor',
  /** The provider in the scale steps, at `windows` windows. */
  providerAt: (windows: number) => `provider, ${windows} windows`,
  pgpartitionDeploy: 'pgpartition deploy',
  cdktfDeploy: 'cdktf deploy',
  nodeBare: 'node -e',
  plainCreateIndex: 'plain CREATE INDEX',
  citusFunctions: 'citus functions',
  copyInserter: 'CopyInserter',
  psqlCopy: 'psql \\copy',
  multiRowInsert: 'multi-row INSERT',
  /** The inserter in the peak-memory step, for `rows` rows. */
  inserterRows: (rows: number) => `CopyInserter, ${rows.toLocaleString('en-US')} rows`,
} as const;

const rows = (n: number) => n.toLocaleString('en-US');

export function standardSteps(s: BenchSizes): StepDefinition[] {
  const windows = `${s.windows} weekly windows of 11 leaves (10 list sub-partitions + DEFAULT) each`;
  return [
    { id: 'create', label: `create ${s.windows}`, unit: 'ms', repetitions: s.repetitions, description: `From a parent table with no windows, create ${windows}.` },
    { id: 'noop-plan', label: `no-op plan of ${s.windows}`, unit: 'ms', repetitions: s.repetitions, description: `\`terraform plan -detailed-exitcode\` with all ${s.windows} windows in place; it must exit 0 (no changes).` },
    { id: 'drop-expired', label: `drop ${s.expired} expired`, unit: 'ms', repetitions: s.repetitions, description: `From all ${s.windows} windows, retire the ${s.expired} oldest.` },
    { id: 'drop-all', label: `drop all ${s.windows}`, unit: 'ms', repetitions: s.repetitions, description: `From all ${s.windows} windows, retire every one.` },
    { id: 'create-scale', label: `create ${s.windows} vs ${s.scaleWindows}`, unit: 'ms', repetitions: s.repetitions, description: `The provider creating ${s.windows} and ${s.scaleWindows} windows (each in its own database): is the cost per window flat?` },
    { id: 'noop-plan-scale', label: `no-op plan of ${s.windows} vs ${s.scaleWindows}`, unit: 'ms', repetitions: s.repetitions, description: `The provider's no-op plan with ${s.windows} and with ${s.scaleWindows} windows in place.` },
    { id: 'weekly-roll', label: 'weekly roll', unit: 'ms', repetitions: s.quick ? 1 : s.repetitions, description: 'The example app\'s staging stack (17 windows: 12 kept, the current one, 4 premade), deployed as of a week ago (untimed), then deployed as of now: one window created, one retired, end to end (synth, init, plan, apply).' },
    { id: 'handshake', label: 'provider start-to-handshake', unit: 'ms', repetitions: s.shortRepetitions, description: 'Spawn to the first stdout line, with the environment terraform gives a plugin.' },
    { id: 'copy-rows', label: `COPY ${rows(s.copyRows)} rows`, unit: 'ms', repetitions: s.repetitions, description: `${rows(s.copyRows)} generated rows of the example app's \`account_balances\` (primary key, two indexes, 17 windows x 11 leaves) into the current window, from an emptied table.` },
    { id: 'small-insert', label: `insert ${rows(s.smallInsertRows)} rows`, unit: 'ms', repetitions: s.shortRepetitions, description: `One batch of ${rows(s.smallInsertRows)} rows into the same table, on a warm pooled connection, from an emptied table.` },
    { id: 'inserter-memory', label: 'CopyInserter peak RSS', unit: 'bytes', repetitions: s.quick ? 1 : s.repetitions, description: `Peak resident memory of a child process inserting ${rows(s.rssRows[0])} and ${rows(s.rssRows[1])} generated rows (produced one at a time, never held) with CopyInserter's defaults.` },
  ];
}

/** Samples of two runs to the ratio of their cost per window. */
const perWindow = (subjectWindows: number, versusWindows: number) => (subject: number, versus: number) => (subject / subjectWindows) / (versus / versusWindows);
/** A rate ratio from two durations: the subject's rate over the versus's is the versus's time over the subject's. */
const rateRatio = (subject: number, versus: number) => versus / subject;

export function standardComparisons(s: BenchSizes): Comparison[] {
  const n = NAMES;
  const labels = { create: `create ${s.windows}`, 'noop-plan': `no-op plan of ${s.windows}`, 'drop-expired': `drop ${s.expired} expired`, 'drop-all': `drop all ${s.windows}` };
  return [
    { step: 'noop-plan', label: `no-op plan of ${s.windows}: provider / workaround`, subject: n.provider, versus: n.workaround, target: { op: '<=', limit: 3 }, before: '9.7x' },
    { step: 'create', label: `create ${s.windows}: provider / workaround`, subject: n.provider, versus: n.workaround, target: { op: '<=', limit: 0.7 }, before: '1.51x' },
    { step: 'create', label: `create ${s.windows}: provider / safe floor (standalone + ATTACH)`, subject: n.provider, versus: n.safeFloor, target: { op: '<=', limit: 2 }, before: '~2.8x (not interleaved)' },
    { step: 'create', label: `create ${s.windows}: provider / plain floor (beyond the targets)`, subject: n.provider, versus: n.plainFloor, target: { op: '<=', limit: 1 } },
    { step: 'noop-plan', label: `no-op plan of ${s.windows}: window set / per-window resources`, subject: n.provider, versus: n.providerPerWindow },
    { step: 'create', label: `create ${s.windows}: window set / per-window resources`, subject: n.provider, versus: n.providerPerWindow },
    { step: 'drop-all', label: `drop all ${s.windows}: provider / workaround`, subject: n.provider, versus: n.workaround, target: { op: '<=', limit: 0.7 }, before: '1.24x' },
    { step: 'drop-expired', label: `drop ${s.expired} expired: provider / workaround`, subject: n.provider, versus: n.workaround, target: { op: '<=', limit: 1 }, before: '2-4.6x' },
    { step: 'noop-plan', label: `no-op plan of ${s.windows}: provider, one process per command / workaround`, subject: n.providerReattached, versus: n.workaround, target: { op: '<=', limit: 3 } },
    { step: 'create', label: `create ${s.windows}: provider, one process per command / workaround`, subject: n.providerReattached, versus: n.workaround, target: { op: '<=', limit: 0.7 } },
    { step: 'create', label: `create ${s.windows}: provider, one process per command / safe floor`, subject: n.providerReattached, versus: n.safeFloor, target: { op: '<=', limit: 2 } },
    { step: 'drop-all', label: `drop all ${s.windows}: provider, one process per command / workaround`, subject: n.providerReattached, versus: n.workaround, target: { op: '<=', limit: 0.7 } },
    { step: 'drop-expired', label: `drop ${s.expired} expired: provider, one process per command / workaround`, subject: n.providerReattached, versus: n.workaround, target: { op: '<=', limit: 1 } },
    ...(['create', 'noop-plan', 'drop-expired', 'drop-all'] as const).map((step) => ({
      step, label: `${labels[step]}: provider, one process per command / provider`, subject: n.providerReattached, versus: n.provider,
    })),
    { step: 'weekly-roll', label: 'weekly roll: `pgpartition deploy` / `cdktf deploy`', subject: n.pgpartitionDeploy, versus: n.cdktfDeploy, target: { op: '<=', limit: 0.3 }, before: 'not measured' },
    {
      step: 'create-scale', label: `create: cost per window at ${s.scaleWindows} / at ${s.windows}`, subject: n.providerAt(s.scaleWindows), versus: n.providerAt(s.windows),
      ratio: perWindow(s.scaleWindows, s.windows), target: { op: '<=', limit: 1.2 }, before: '~1.5x',
    },
    {
      step: 'noop-plan-scale', label: `no-op plan: cost per window at ${s.scaleWindows} / at ${s.windows}`, subject: n.providerAt(s.scaleWindows), versus: n.providerAt(s.windows),
      ratio: perWindow(s.scaleWindows, s.windows), target: { op: '<=', limit: 1.2 }, before: '~1.5x',
    },
    { step: 'handshake', label: 'provider start-to-handshake / bare `node -e` (same environment)', subject: n.provider, versus: n.nodeBare, target: { op: '<=', limit: 1.3 }, before: '~1.5x' },
    { step: 'copy-rows', label: `CopyInserter rows/s / \`psql \\copy\` rows/s (${rows(s.copyRows)} rows)`, subject: n.copyInserter, versus: n.psqlCopy, ratio: rateRatio, target: { op: '>=', limit: 0.9 }, before: '0.62' },
    { step: 'small-insert', label: `CopyInserter speed / multi-row INSERT speed (${rows(s.smallInsertRows)} rows)`, subject: n.copyInserter, versus: n.multiRowInsert, ratio: rateRatio, target: { op: '>=', limit: 2 }, before: '1.7' },
    {
      step: 'inserter-memory', label: `CopyInserter peak RSS, ${rows(s.rssRows[1])} rows / ${rows(s.rssRows[0])} rows`, subject: n.inserterRows(s.rssRows[1]), versus: n.inserterRows(s.rssRows[0]),
      target: { op: '<=', limit: 1.2 }, before: 'not measured',
    },
  ];
}
