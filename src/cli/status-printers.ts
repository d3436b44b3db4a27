/**
 * The printers of `pgpartition status`: one health report, three formats. Text for people (the
 * inventory table, then the findings), JSON for scripts (the report as it is), Prometheus for
 * node_exporter's textfile collector (gauges with units in their names, labels for schema, table,
 * window and partition).
 */
import type { HealthReport } from '../runtime/health';
import { boundTime } from '../core/bounds';
import { formatInventoryTable } from './inventory-table';
import { formatExposition, type MetricFamily } from './prometheus';

export type StatusFormat = 'text' | 'json' | 'prometheus';
export const STATUS_FORMATS: readonly StatusFormat[] = ['text', 'json', 'prometheus'];

/** The report in `format`, ending in a newline. */
export function formatStatus(report: HealthReport, format: StatusFormat, options: { colour?: boolean } = {}): string {
  return { text: () => formatStatusText(report, options), json: () => `${JSON.stringify(report, null, 2)}\n`, prometheus: () => formatStatusPrometheus(report) }[format]();
}

/** True when the report holds a finding that should fail a monitor (a `problem`, not a `notice`). */
export function hasProblems(report: HealthReport): boolean {
  return report.findings.some((f) => f.severity === 'problem');
}

/** The inventory table, a line each for the DEFAULT partitions and the runway, then one line per finding. */
export function formatStatusText(report: HealthReport, options: { colour?: boolean } = {}): string {
  const colour = options.colour ?? false;
  const paint = (code: number, text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  const lines = [formatInventoryTable(report.partitions, `${report.schema}.${report.table}`, { now: new Date(report.checkedAt), colour })];
  const withRows = report.defaultPartitions.filter((d) => d.rows > 0).length;
  lines.push(`DEFAULT partitions: ${report.defaultPartitions.length} checked, ${withRows} with rows`);
  const r = report.runway;
  lines.push(r.currentWindow === null
    ? `premake runway: no window contains ${report.checkedAt}`
    : `premake runway: ${r.windows} ${r.windows === 1 ? 'window' : 'windows'} after ${r.currentWindow} (minimum ${r.minimumWindows}), rows have a window until ${r.coveredUntil}`);
  if (report.archivedWindows.length > 0) {
    lines.push(`archived windows: ${report.archivedWindows.map((a) => `${a.schema}.${a.name} until ${a.archivedUntil}`).join(', ')}`);
  }
  if (report.findings.length === 0) {
    lines.push('no findings');
  } else {
    lines.push(`findings (${report.findings.length}):`);
    for (const f of report.findings) lines.push(`  ${f.severity === 'problem' ? paint(31, 'problem') : paint(33, 'notice ')}  ${f.message}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The report as Prometheus text exposition (see the module comment for the metric names). */
export function formatStatusPrometheus(report: HealthReport): string {
  const table = { schema: report.schema, table: report.table };
  const one = (value: number) => [{ labels: table, value }];
  const windows = report.partitions.filter((p) => p.kind === 'range');
  const families: MetricFamily[] = [
    { name: 'pgpartition_window_size_bytes', type: 'gauge', help: 'Bytes on disk of a window (heap, TOAST and indexes of its sub-partitions).',
      samples: windows.map((w) => ({ labels: { ...table, window: w.name }, value: w.bytes })) },
    { name: 'pgpartition_window_rows', type: 'gauge', help: 'Estimated rows of a window.',
      samples: windows.map((w) => ({ labels: { ...table, window: w.name }, value: w.rows })) },
    { name: 'pgpartition_window_size_limit_bytes', type: 'gauge', help: 'Size over which a window is reported.', samples: one(report.maxWindowBytes) },
    { name: 'pgpartition_default_partition_rows', type: 'gauge',
      help: 'Rows in the DEFAULT partition of the parent or of a window (counted up to the scan limit); above 0: a window is missing or a list value is in no group.',
      samples: report.defaultPartitions.map((d) => ({ labels: { ...table, partition: d.partition }, value: d.rows })) },
    { name: 'pgpartition_default_partition_value_rows', type: 'gauge', help: 'Rows in a DEFAULT partition holding one list value (the most frequent values only).',
      samples: report.defaultPartitions.flatMap((d) => d.values.map((v) => ({ labels: { ...table, partition: d.partition, value: v.value ?? '' }, value: v.rows }))) },
    { name: 'pgpartition_premake_runway_windows', type: 'gauge', help: 'Windows after the current one, without a gap; 0 also when no window contains now.', samples: one(report.runway.windows) },
    { name: 'pgpartition_premake_runway_minimum_windows', type: 'gauge', help: 'Runway below which status reports a problem.', samples: one(report.runway.minimumWindows) },
    { name: 'pgpartition_premake_covered_until_timestamp_seconds', type: 'gauge', help: 'Upper bound of the last window of the runway, as Unix time; rows from then on have no window.',
      samples: report.runway.coveredUntil === null ? [] : one(boundTime(report.runway.coveredUntil) / 1000) },
    { name: 'pgpartition_expired_windows', type: 'gauge', help: 'Managed windows past retention and still attached (only when a retention is known).',
      samples: report.expiredWindows === null ? [] : one(report.expiredWindows.length) },
    { name: 'pgpartition_drifted_windows', type: 'gauge', help: 'Declared windows the live table does not match (only with a declaration).',
      samples: report.drift === null ? [] : one(report.drift.length) },
    { name: 'pgpartition_detach_pending_partitions', type: 'gauge', help: 'Partitions left detach pending by a DETACH CONCURRENTLY cut short.', samples: one(report.detachPending.length) },
    { name: 'pgpartition_standalone_tables', type: 'gauge', help: 'Managed window tables of this parent that are no partition (never attached, or detached).', samples: one(report.standaloneTables.length) },
    { name: 'pgpartition_archived_windows', type: 'gauge', help: 'Windows archived by retention mode archive (detached, in their archive schema).', samples: one(report.archivedWindows.length) },
    { name: 'pgpartition_archived_window_drop_timestamp_seconds', type: 'gauge', help: 'When an archived window may be dropped, as Unix time; the first deploy after it drops the window.',
      samples: report.archivedWindows.map((a) => ({ labels: { ...table, window: a.name, archive_schema: a.schema }, value: boundTime(a.archivedUntil) / 1000 })) },
    { name: 'pgpartition_health_findings', type: 'gauge', help: 'Findings of the health check by severity; status exits 1 on any problem.',
      samples: (['problem', 'notice'] as const).map((severity) => ({ labels: { ...table, severity }, value: report.findings.filter((f) => f.severity === severity).length })) },
  ];
  return formatExposition(families);
}
