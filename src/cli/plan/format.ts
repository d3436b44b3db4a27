/**
 * Printers of a {@link PlanReport}: `text` for a terminal or CI log, `markdown` for a pull-request
 * comment, `json` for machines. Each returns the whole text; none prints.
 */
import Table from 'cli-table3';
import { formatBytes } from '../inventory-table';
import type { PlanReport } from './report';
import { declarationCount, summaryLine, type ChangedResource, type RetiredWindow } from './summary';

export const PLAN_FORMATS = ['text', 'markdown', 'json'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/** `report` in `format`; `colour` applies to text only. */
export function formatPlanReport(report: PlanReport, format: PlanFormat, colour = false): string {
  switch (format) {
    case 'text':
      return formatText(report, colour);
    case 'markdown':
      return formatMarkdown(report);
    case 'json':
      return `${JSON.stringify({ ...report, summary: report.status === 'errored' ? null : summaryLine(report) }, null, 2)}\n`;
  }
}

const rows = (w: RetiredWindow) => (w.rows === null ? '-' : w.rows.toLocaleString('en-US'));
const bytes = (w: RetiredWindow) => (w.bytes === null ? '-' : formatBytes(w.bytes));
const what = (c: ChangedResource) => (c.attributes.length > 0 ? c.attributes.join(', ') : '');

/** `N resources leave terraform's state, no table changes: a, b, ...` (at most 5 named). */
function forgottenLine(addresses: readonly string[]): string {
  const named = addresses.slice(0, 5).join(', ') + (addresses.length > 5 ? `, and ${addresses.length - 5} more` : '');
  return `${addresses.length} resource${addresses.length === 1 ? '' : 's'} leave terraform's state and no table changes (removed blocks, e.g. per-window resources moving into a window set): ${named}`;
}

/** One header line: stack, target, asOf, current window. */
function heading(r: PlanReport): string {
  const parts = [`stack ${r.stack}`];
  if (r.target) parts.push(`target ${r.target}`);
  if (r.asOf) parts.push(`as of ${r.asOf}`);
  if (r.currentWindowStarts.length > 0) parts.push(`current window from ${r.currentWindowStarts.join(', ')}`);
  return parts.join(' · ');
}

/** Plain text: a header, the calendar roll and the declaration changes as tables, the summary line. */
export function formatText(r: PlanReport, colour = false): string {
  if (r.status === 'errored') {
    return `${heading(r)}\nthe plan FAILED; it cannot be applied. terraform's errors:\n\n${r.errors.join('\n\n')}\n`;
  }
  const style = { compact: true, head: colour ? ['cyan'] : [], border: colour ? ['grey'] : [] };
  const lines = [heading(r)];
  const roll = r.roll;
  if (roll.create.length + roll.retire.length > 0) {
    const table = new Table({
      head: ['change', 'window', 'from', 'to', 'sub-partitions', 'rows', 'size'],
      colAligns: ['left', 'left', 'left', 'left', 'right', 'right', 'right'],
      style,
    });
    for (const w of roll.create) table.push(['create', `${w.schema}.${w.name}`, w.from, w.to, w.subPartitions, '', '']);
    for (const w of roll.retire) table.push([w.early ? `${w.retentionMode} EARLY` : w.retentionMode, `${w.schema}.${w.name}`, w.from, w.to, w.subPartitions, rows(w), bytes(w)]);
    lines.push('calendar roll (windows entering and leaving; EARLY: before its retention, allowed by the declaration):', table.toString());
  }
  const d = r.declaration;
  if (declarationCount(d) > 0) {
    const table = new Table({ head: ['change', 'resource', 'attributes', 'rows', 'size'], colAligns: ['left', 'left', 'left', 'right', 'right'], style });
    for (const w of d.replace) table.push(['REPLACE (rows deleted)', `${w.schema}.${w.name}`, `[${w.from}, ${w.to})`, rows(w), bytes(w)]);
    for (const c of [...d.update, ...d.parentTables, ...d.other]) table.push([c.actions.join('+'), c.address, what(c), '', '']);
    lines.push('changes to the declaration (review these):', table.toString());
  }
  if (d.forgotten.length > 0) lines.push(forgottenLine(d.forgotten));
  lines.push(summaryLine(r));
  return `${lines.join('\n')}\n`;
}

/** Escapes text for a markdown table cell. */
const cell = (text: string | number) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

/**
 * A pull-request comment: the target and asOf, then the routine calendar roll and, apart from it,
 * the declaration changes (replacements flagged as dangerous), or a failed plan's errors.
 */
export function formatMarkdown(r: PlanReport): string {
  const out: string[] = [];
  const meta = [r.target ? `target ${code(r.target)}` : null, r.asOf ? `as of ${code(r.asOf)}` : null,
    r.currentWindowStarts.length > 0 ? `current window from ${r.currentWindowStarts.map(code).join(', ')}` : null].filter(Boolean);
  if (r.status === 'errored') {
    out.push(`### :x: pgpartition plan for ${code(r.stack)} failed`, '', meta.join(' · '), '', 'The plan cannot be applied. Terraform\'s errors:', '');
    for (const e of r.errors) out.push('```text', e.replace(/```/g, "'''"), '```', '');
    return `${out.join('\n').trimEnd()}\n`;
  }
  out.push(`### pgpartition plan for ${code(r.stack)}: ${summaryLine(r)}`, '', meta.join(' · '), '');
  const roll = r.roll;
  out.push('#### Calendar roll (routine)', '');
  if (roll.create.length + roll.retire.length === 0) out.push('No window enters or leaves.', '');
  else {
    out.push('| change | window | from | to | sub-partitions | rows | size |', '|---|---|---|---|--:|--:|--:|');
    for (const w of roll.create) out.push(`| create | ${code(`${w.schema}.${w.name}`)} | ${w.from} | ${w.to} | ${w.subPartitions} | | |`);
    for (const w of roll.retire) {
      const change = w.early ? `:warning: **${w.retentionMode} before its retention** (allowed by the declaration)` : w.retentionMode;
      out.push(`| ${change} | ${code(`${w.schema}.${w.name}`)} | ${w.from} | ${w.to} | ${w.subPartitions} | ${rows(w)} | ${bytes(w)} |`);
    }
    out.push('');
  }
  const d = r.declaration;
  out.push('#### Changes to the declaration (review these)', '');
  if (declarationCount(d) === 0) out.push('None: only the calendar moves.', '');
  else {
    out.push('| change | resource | attributes | rows | size |', '|---|---|---|--:|--:|');
    for (const w of d.replace) {
      out.push(`| :warning: **replace**: dropped and created empty, its rows are deleted | ${code(`${w.schema}.${w.name}`)} | [${w.from}, ${w.to}) | ${rows(w)} | ${bytes(w)} |`);
    }
    for (const c of [...d.update, ...d.parentTables, ...d.other]) out.push(`| ${cell(c.actions.join('+'))} | ${code(c.address)} | ${cell(what(c))} | | |`);
    out.push('');
  }
  if (d.forgotten.length > 0) out.push(forgottenLine(d.forgotten), '');
  return `${out.join('\n').trimEnd()}\n`;
}
