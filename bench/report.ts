/**
 * The bench's results for people: a terminal summary (cli-table3) and BENCHMARKS.md, both derived
 * from {@link BenchResults} alone. BENCHMARKS.md is regenerated on every run except the text after
 * {@link HAND_WRITTEN_MARKER}, which is kept (the analysis a person wrote about a run).
 */
import Table from 'cli-table3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Unit } from './contender';
import type { BenchResults, ContenderResult, TargetResult } from './results';

const HAND_WRITTEN_MARKER = '<!-- Everything below this line is hand-written and kept when `npm run bench` rewrites this file. -->';

/** A sample in its unit: ms below a second, else s; bytes in MiB. */
export function formatSample(x: number | null, unit: Unit): string {
  if (x === null) return '-';
  if (unit === 'bytes') return `${(x / 2 ** 20).toFixed(1)} MiB`;
  return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 10 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`;
}

const fmtRatio = (x: number | null) => (x === null ? '-' : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const fmtLoad = (x: number) => x.toFixed(2);

/** `1.23 (1.10-1.40)`: median ratio and the range of the per-repetition ratios. */
function measured(t: TargetResult): string {
  if (t.ratio === null) return '-';
  const n = t.ratios.filter((r) => r !== null).length;
  return n > 1 ? `${fmtRatio(t.ratio)} (${fmtRatio(t.min)}-${fmtRatio(t.max)})` : fmtRatio(t.ratio);
}

const verdictCell = (t: TargetResult) => (t.verdict === 'PASS' || t.verdict === 'NO TARGET' ? t.verdict : `**${t.verdict}**`);

function spreadCell(r: ContenderResult): string {
  if (r.median === null) return r.failures.length > 0 ? `FAILED (${r.failures.length}/${r.samples.length})` : '-';
  const failed = r.failures.length > 0 ? `, failed ${r.failures.length}/${r.samples.length}` : '';
  return `${formatSample(r.median, r.unit)} (${formatSample(r.min, r.unit)}-${formatSample(r.max, r.unit)}${failed})`;
}

/** Prints the targets and the medians to stdout. */
export function printSummary(r: BenchResults): void {
  const style = process.stdout.isTTY ? {} : { style: { head: [], border: [] } }; // no colour codes in a redirected log
  const targets = new Table({ head: ['target', 'before', 'ratio (min-max)', 'target', 'verdict'], ...style });
  targets.push(...r.targets.map((t) => [t.label, t.before ?? '-', measured(t), t.target, t.verdict]));
  const results = new Table({ head: ['step', 'contender', 'median (min-max)'], ...style });
  results.push(...r.results.map((x) => [x.label, x.contender, spreadCell(x)]));
  process.stdout.write(`${targets.toString()}\n${results.toString()}\n`);
}

function mdTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The lines of a failure that say what failed (terraform's Error lines, PostgreSQL's), at most 8. */
function failureSummary(message: string): string {
  const lines = message.split('\n');
  const picked = lines.filter((l, i) => i === 0 || /Error|ERROR|PostgreSQL|Statement|exited/.test(l)).slice(0, 8);
  return picked.join('\n').slice(0, 1200);
}

function failureText(r: BenchResults): string {
  const seen = new Map<string, string[]>();
  for (const x of r.results) {
    for (const f of x.failures) {
      const key = failureSummary(f.message);
      (seen.get(key) ?? seen.set(key, []).get(key)!).push(`${x.contender}, ${x.label}, repetition ${f.repetition}`);
    }
  }
  if (seen.size === 0) return 'None: every set-up, run and check of every repetition succeeded.';
  return [...seen].map(([text, where]) => `- ${where.join('; ')}:\n\n\`\`\`\n${text}\n\`\`\``).join('\n');
}

function serverTables(r: BenchResults): string {
  const parts: string[] = [];
  for (const step of r.steps) {
    const rows = r.results.filter((x) => x.step === step.step && x.serverTime);
    if (rows.length === 0) continue;
    const kinds = [...new Set(rows.flatMap((x) => Object.keys(x.serverTime!.byKind)))].sort();
    const cell = (v: { readonly ms: number; readonly calls: number } | undefined) => (v ? `${v.ms.toFixed(0)} ms / ${v.calls.toFixed(0)}` : '0 ms / 0');
    parts.push(`### ${step.label}\n\n${mdTable(['statement kind (ms / calls)', ...rows.map((x) => x.contender)], [
      ...kinds.map((k) => [k, ...rows.map((x) => cell(x.serverTime!.byKind[k]))]),
      ['**all statements**', ...rows.map((x) => cell({ ms: x.serverTime!.totalMs, calls: x.serverTime!.calls }))],
      ['**wall time (median)**', ...rows.map((x) => formatSample(x.median, x.unit))],
    ])}`);
  }
  return parts.join('\n\n');
}

function markdown(r: BenchResults): string {
  const m = r.machine;
  const load = m.loadAverage;
  const stepSections = r.steps.map((s) => {
    const rows = r.results.filter((x) => x.step === s.step);
    const table = mdTable(['contender', 'median (min-max)', `samples (${s.unit}, in repetition order)`], rows.map((x) => [
      x.contender,
      spreadCell(x),
      x.samples.map((v) => (v === null ? 'failed' : s.unit === 'bytes' ? (v / 2 ** 20).toFixed(1) : v.toFixed(0))).join(', '),
    ]));
    return `### ${s.label}\n\n${s.description} ${s.repetitions} repetitions; the order of the first: ${s.orders[0]?.join(' → ') ?? '-'} (rotated by one each repetition). Load average ${fmtLoad(s.loadAverage.start)} at its start, ${fmtLoad(s.loadAverage.end)} at its end.\n\n${table}`;
  }).join('\n\n');
  // each contender once, with the steps it runs in the same way
  const described = new Map<string, { name: string; description: string; steps: string[] }>();
  for (const s of r.steps) {
    for (const c of s.contenders) {
      const key = `${c.name}\n${c.description}`;
      (described.get(key) ?? described.set(key, { ...c, steps: [] }).get(key)!).steps.push(s.label);
    }
  }
  const contenders = [...described.values()].map((c) => `- **${c.name}** (${c.steps.join('; ')}): ${c.description}`).join('\n');
  return `# Benchmarks

Produced by \`${r.command}\` on ${r.startedAt}; the whole run took ${r.totalSeconds} s. The same
command regenerates this file and [results.json](results.json) (the same figures as data); it keeps
the hand-written part at the end.

**Load:** ${m.cores} cores (${m.cpu}), shared with other work. 1-minute load average ${fmtLoad(load.start)} at
the start, ${fmtLoad(load.end)} at the end; sampled every 10 s: min ${fmtLoad(load.min)}, median ${fmtLoad(load.median)}, max ${fmtLoad(load.max)}.
${load.median > m.cores ? `More runnable processes than cores for most of the run: absolute times here are inflated and noisy; the ratios, taken within each round, are the figures to read. Re-run on a quieter machine before quoting them.` : 'Absolute times depend on the machine; the ratios, taken within each round, are the figures to compare.'}

## How to read this

For every step, each repetition is one round in which every contender runs once (untimed set-up,
timed run, untimed check of the result), and the order of the contenders rotates by one each round,
so load that comes and goes falls on all of them. A sample is the wall time of the run (the whole
process for the psql and terraform contenders), or what the step measures (peak RSS, a writer's worst stall). Each ratio
below is taken within one round, then the median of those ratios is reported with their range; a
verdict compares the median with the target. FAILED: a contender failed in some repetition (see
Failures); NO TARGET: a ratio reported for reading, with no target set. Targets are reported, never asserted in tests.

## Targets

${mdTable(['target', 'before', 'ratio, median (min-max)', 'target', 'verdict'], r.targets.map((t) => [t.label, t.before ?? '-', measured(t), t.target, verdictCell(t)]))}

## Steps

${stepSections}

## Contenders

${contenders}

## Where the time goes

Server time per run from pg_stat_statements (median over the repetitions of \`total_exec_time\` / calls,
by kind of statement). For the provider, statements run on several connections at once, so server
time can exceed wall time; wall time minus server time is spent outside PostgreSQL (process starts,
terraform, gRPC, round trips).

${serverTables(r) || 'No step with a database ran.'}

## Diagnostics

${r.diagnostics.length > 0 ? r.diagnostics.map((d) => `- ${d}`).join('\n') : 'None.'}

## Failures

${failureText(r)}

## Machine

- node ${m.node}; ${m.terraform}; ${m.postgres}; ${m.psql}
- PostgreSQL is a throwaway cluster (\`startLocalPostgres\`: fsync, synchronous_commit and full_page_writes off) with pg_stat_statements loaded; every contender runs against it, each in its own database.
- Sizes: ${Object.entries(r.sizes).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(' and ') : String(v)}`).join(', ')}.
`;
}

/** Writes BENCHMARKS.md at `file`, keeping the hand-written part of the file that is there. */
export function writeMarkdown(r: BenchResults, file: string): void {
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = previous.indexOf(HAND_WRITTEN_MARKER);
  const tail = at >= 0 ? previous.slice(at) : `${HAND_WRITTEN_MARKER}\n\n## Analysis\n\n(none yet)\n`;
  writeFileSync(file, `${markdown(r)}\n${tail}`);
}
