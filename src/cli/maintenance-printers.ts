/** The printers of `pgpartition maintain`: the report as a table of steps for people, or as JSON. */
import Table from 'cli-table3';
import type { MaintenanceReport } from '../runtime/maintain';

export type MaintenanceFormat = 'text' | 'json';
export const MAINTENANCE_FORMATS: readonly MaintenanceFormat[] = ['text', 'json'];

/** The report in `format`, ending in a newline. */
export function formatMaintenance(report: MaintenanceReport, format: MaintenanceFormat, options: { colour?: boolean } = {}): string {
  return format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatMaintenanceText(report, options);
}

/** One row per step (statement kind, what for, why, outcome, time), and a summary line. */
export function formatMaintenanceText(report: MaintenanceReport, options: { colour?: boolean } = {}): string {
  const colour = options.colour ?? false;
  const table = new Table({
    head: ['step', 'table', 'why', 'outcome', 'time'],
    colAligns: ['left', 'left', 'left', 'left', 'right'],
    style: { compact: true, head: colour ? ['cyan'] : [], border: colour ? ['grey'] : [] },
  });
  const kinds = { 'analyze-parent': 'ANALYZE', analyze: 'ANALYZE', 'vacuum-analyze': 'VACUUM (ANALYZE)', vacuum: 'VACUUM' };
  for (const a of report.actions) {
    const leaves = a.kind === 'analyze-parent' ? '' : ` (${a.tables.length} ${a.tables.length === 1 ? 'leaf' : 'leaves'})`;
    const outcome = a.outcome === 'done' && a.skipped.length === 0 ? 'done' : `${a.outcome}${a.skipped.length > 0 ? `, skipped ${a.skipped.join(', ')}` : ''}: ${a.message}`;
    table.push([kinds[a.kind], `${a.target}${leaves}`, a.reason, outcome, seconds(a.durationMs)]);
  }
  const notDone = report.actions.filter((a) => a.outcome !== 'done' || a.skipped.length > 0).length;
  const summary = `${report.schema}.${report.table}: ${report.actions.length} ${report.actions.length === 1 ? 'step' : 'steps'} in ${seconds(report.durationMs)}` +
    (notDone > 0 ? `, ${notDone} not fully done (run again later)` : '');
  return `${table.toString()}\n${summary}\n`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
