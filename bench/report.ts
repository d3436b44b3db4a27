/**
 * The bench's results: the targets of issue 3 and their verdicts, a terminal table (cli-table3)
 * and bench/BENCHMARKS.md. Everything here is derived from {@link Results}; durations in ms.
 * BENCHMARKS.md is regenerated on every run except the text after {@link HAND_WRITTEN_MARKER},
 * which is kept (the analysis a person wrote about a run).
 */
import Table from 'cli-table3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerTime } from './database';
import { median, p90 } from './stats';
import { EXPIRED_COUNT, GROUP_COUNT, RETENTION, WINDOW_COUNT } from './workload';

export type StepName = 'create' | 'noopPlan' | 'dropExpired' | 'dropAll';

export interface Results {
  readonly command: string;
  readonly date: string;
  readonly machine: {
    cores: number;
    cpu: string;
    node: string;
    terraform: string;
    postgres: string;
    psql: string;
    loadAverageAtStart: number;
    loadAverageAtEnd?: number;
  };
  readonly repeats: number;
  readonly contenders: readonly string[];
  /** step -> contender -> one wall time per repetition. */
  readonly wallMs: Partial<Record<StepName, Record<string, number[]>>>;
  /** step -> contender -> server time per repetition. */
  readonly serverTime: Partial<Record<StepName, Record<string, ServerTime[]>>>;
  /** step -> contender -> the error of each repetition in which the step failed. */
  readonly failures: Partial<Record<StepName, Record<string, string[]>>>;
  /** Provider: no-op plan with no windows in the configuration, per repetition. */
  emptyPlanMs?: number[];
  handshakeMs?: number[];
  /** `node -e` printing one line: the part of a handshake any node process pays. */
  nodeBaselineMs?: number[];
  /** Size of the installed provider bundle, bytes. */
  bundleBytes?: number;
  /** Provider processes terraform started for one apply creating every window, and one no-op plan. */
  providerStarts?: { apply: number; plan: number };
  totalSeconds?: number;
}

export const HAND_WRITTEN_MARKER = '<!-- Everything below this line is hand-written and kept when `npm run bench` rewrites this file. -->';

const STEPS: readonly { key: StepName; label: string }[] = [
  { key: 'create', label: `create ${WINDOW_COUNT}` },
  { key: 'noopPlan', label: `no-op plan of ${WINDOW_COUNT}` },
  { key: 'dropExpired', label: `drop ${EXPIRED_COUNT} expired` },
  { key: 'dropAll', label: `drop all ${WINDOW_COUNT}` },
];

interface Verdict {
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean;
}

const wall = (r: Results, step: StepName, contender: string): number | undefined => {
  const samples = r.wallMs[step]?.[contender];
  return samples && samples.length > 0 ? median(samples) : undefined;
};
const failed = (r: Results, step: StepName, contender: string): number => r.failures[step]?.[contender]?.length ?? 0;
/** Median wall time, or FAILED, with how many repetitions failed. */
const wallCell = (r: Results, step: StepName, contender: string): string => {
  const n = failed(r, step, contender);
  const ms = wall(r, step, contender);
  if (n === 0 && ms === undefined && STEPS.some((s) => failed(r, s.key, contender) > 0)) return 'not run (an earlier step failed)';
  if (n === 0) return fmtMs(ms);
  return ms === undefined ? `FAILED (${n}/${n})` : `${fmtMs(ms)} (failed ${n}x)`;
};
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a / b);
const fmtMs = (ms: number | undefined) => (ms === undefined ? '-' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const fmtX = (x: number | undefined) => (x === undefined ? '-' : `${x.toFixed(2)}x`);

/** The targets of issue 3, each with the measured value and PASS/MISS. */
export function verdicts(r: Results): Verdict[] {
  const v: Verdict[] = [];
  // a step that failed in any repetition misses its targets, whatever the other repetitions measured
  const measured = (step: StepName, x: number | undefined) =>
    failed(r, step, 'provider') > 0 ? `failed ${failed(r, step, 'provider')}x` : x === undefined ? wallCell(r, step, 'provider') : fmtX(x);
  const vsSafe = (step: StepName, limit: number, label: string) => {
    const x = ratio(wall(r, step, 'provider'), wall(r, step, 'safe floor'));
    v.push({ target: `${label}: provider within ${limit}x of the safe floor`, measured: measured(step, x), pass: x !== undefined && x <= limit && failed(r, step, 'provider') === 0 });
  };
  const vsWorkaround = (step: StepName, label: string) => {
    const x = ratio(wall(r, step, 'provider'), wall(r, step, 'workaround'));
    v.push({ target: `${label}: provider faster than the workaround`, measured: measured(step, x), pass: x !== undefined && x < 1 && failed(r, step, 'provider') === 0 });
  };
  vsSafe('create', 1.25, `create ${WINDOW_COUNT}`);
  vsWorkaround('create', `create ${WINDOW_COUNT}`);
  vsSafe('dropExpired', 1.5, `drop ${EXPIRED_COUNT} expired`);
  vsWorkaround('dropExpired', `drop ${EXPIRED_COUNT} expired`);
  vsSafe('dropAll', 1.5, `drop all ${WINDOW_COUNT}`);
  vsWorkaround('dropAll', `drop all ${WINDOW_COUNT}`);
  const plan = ratio(wall(r, 'noopPlan', 'provider'), wall(r, 'noopPlan', 'workaround'));
  v.push({ target: `no-op plan of ${WINDOW_COUNT}: provider within 4x of the workaround`, measured: measured('noopPlan', plan), pass: plan !== undefined && plan <= 4 && failed(r, 'noopPlan', 'provider') === 0 });
  const hs = r.handshakeMs && r.handshakeMs.length > 0 ? median(r.handshakeMs) : undefined;
  v.push({ target: 'provider start-to-handshake: median under 100 ms', measured: hs === undefined ? '-' : `${hs.toFixed(0)} ms (p90 ${p90(r.handshakeMs!).toFixed(0)} ms)`, pass: hs !== undefined && hs < 100 });
  return v;
}

function resultRows(r: Results): string[][] {
  return STEPS.filter((s) => r.wallMs[s.key]).map((s) => [
    s.label,
    ...r.contenders.map((c) => wallCell(r, s.key, c)),
    fmtX(ratio(wall(r, s.key, 'provider'), wall(r, s.key, 'safe floor'))),
    fmtX(ratio(wall(r, s.key, 'provider'), wall(r, s.key, 'workaround'))),
  ]);
}

const resultHead = (r: Results) => ['step (median)', ...r.contenders, 'provider / safe', 'provider / workaround'];

/** Prints the results and the verdicts to stdout as two tables. */
export function printTable(r: Results): void {
  const style = process.stdout.isTTY ? {} : { style: { head: [], border: [] } }; // no colour codes in a redirected log
  const results = new Table({ head: resultHead(r), ...style });
  results.push(...resultRows(r));
  const targets = new Table({ head: ['target', 'measured', 'verdict'], ...style });
  targets.push(...verdicts(r).map((v) => [v.target, v.measured, v.pass ? 'PASS' : 'MISS']));
  process.stdout.write(`${results.toString()}\n${targets.toString()}\n`);
}

function mdTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Median per statement kind of a contender's server time over the repetitions. */
function serverRows(r: Results, step: StepName): string[][] {
  const kinds = new Set<string>();
  for (const c of r.contenders) for (const t of r.serverTime[step]?.[c] ?? []) Object.keys(t.byKind).forEach((k) => kinds.add(k));
  const cell = (c: string, pick: (t: ServerTime) => { ms: number; calls: number } | undefined) => {
    const ts = r.serverTime[step]?.[c];
    if (!ts || ts.length === 0) return '-';
    const picked = ts.map(pick);
    return `${median(picked.map((p) => p?.ms ?? 0)).toFixed(0)} ms / ${median(picked.map((p) => p?.calls ?? 0)).toFixed(0)}`;
  };
  return [
    ...[...kinds].sort().map((k) => [k, ...r.contenders.map((c) => cell(c, (t) => t.byKind[k]))]),
    ['**all statements**', ...r.contenders.map((c) => cell(c, (t) => ({ ms: t.totalMs, calls: t.calls })))],
    ['**wall time**', ...r.contenders.map((c) => fmtMs(wall(r, step, c)))],
  ];
}

/** The lines of a failed step's error that say what failed (terraform's Error/PostgreSQL/Statement lines), at most 8. */
export function failureSummary(message: string): string {
  return message.split('\n').filter((l) => /Error|PostgreSQL|Statement|exited/.test(l)).slice(0, 8).join('\n') || message.slice(0, 800);
}

/** Each distinct failure once, its first lines (terraform's diagnostics), with where and how often it happened. */
function failureText(r: Results): string {
  const seen = new Map<string, string[]>();
  for (const s of STEPS) {
    for (const [c, messages] of Object.entries(r.failures[s.key] ?? {})) {
      for (const m of messages) {
        const key = failureSummary(m);
        (seen.get(key) ?? seen.set(key, []).get(key)!).push(`${c}, ${s.label}`);
      }
    }
  }
  if (seen.size === 0) return 'None: every timed step of every repetition succeeded and left the expected number of windows.';
  return [...seen].map(([text, where]) => `- ${[...new Set(where)].join('; ')} (${where.length}x):\n\n\`\`\`\n${text}\n\`\`\``).join('\n');
}

function markdown(r: Results): string {
  const m = r.machine;
  const hs = r.handshakeMs ?? [];
  const raw = STEPS.flatMap((s) => r.contenders.filter((c) => r.wallMs[s.key]?.[c]).map((c) => [s.label, c, r.wallMs[s.key]![c].map((x) => x.toFixed(0)).join(', ')]));
  return `# Benchmarks (issue 3)

Produced by \`${r.command}\` (\`tsx bench/run.ts\`) on ${r.date}; the whole run took ${r.totalSeconds?.toFixed(0) ?? '?'} s.
Regenerate with the same command; it rewrites this file (and keeps the hand-written part at the end).

## Machine

- ${m.cores} cores (${m.cpu}), shared with other work: 1-minute load average ${m.loadAverageAtStart.toFixed(2)} at the start, ${m.loadAverageAtEnd?.toFixed(2) ?? '?'} at the end
- node ${m.node}; ${m.terraform}; ${m.postgres}; ${m.psql}
- PostgreSQL is a throwaway cluster (\`startLocalPostgres\`: fsync, synchronous_commit and full_page_writes off) with pg_stat_statements loaded for the server-time columns below; every contender runs against it, each in its own database.

## What runs

${WINDOW_COUNT} weekly windows (2020-01-06 to 2020-12-28, planned by the core), each \`PARTITION BY LIST (activity_id)\` into ${GROUP_COUNT} activity groups plus a DEFAULT sub-partition, of a parent \`account_balances\` (4 columns, primary key, one index). Each repetition runs every contender in turn from a fresh parent table; ${r.repeats} repetitions, medians reported.

- **plain floor**: one psql script (\`psql -X -q -v ON_ERROR_STOP=1 -f\`), one transaction per window: \`CREATE TABLE ... PARTITION OF ... FOR VALUES FROM/TO ... PARTITION BY LIST\` + sub-partitions; drops are \`DROP TABLE\`.
- **safe floor**: one psql script: per window, one transaction building it standalone (the core's \`createStandaloneWindowSql\`: \`LIKE\` the parent, sub-partitions, CHECK matching the bound, ownership comments), then one transaction with \`ATTACH PARTITION\` and dropping the CHECK (the core's \`attachWindowSql\`); retired with \`DETACH PARTITION ... CONCURRENTLY\` then \`DROP TABLE\`. Sequential; the lock profile the provider must have under traffic.
- **workaround**: one \`terraform_data\` resource per window with a \`local-exec\` provisioner running psql on that window's plain-floor SQL (create) and a destroy-time provisioner running its \`DROP TABLE\`; drop 12 is \`terraform destroy -target=...\` x${EXPIRED_COUNT}, drop all is \`terraform destroy\`.
- **provider**: plain HCL, \`pgpartition_parent_table\` + ${WINDOW_COUNT} \`pgpartition_window\` (retention '${RETENTION}', retention_mode 'drop', so every 2020 window is past retention on the database clock); \`terraform init\` once (untimed), the parent table applied untimed before each repetition; windows dropped by removing them from the configuration and applying.
- Both terraform contenders run with terraform's default parallelism (10); the provider's pool has its default connections (\`DEFAULT_MAX_CONNECTIONS\` in src/provider/internal/connection.ts). Timed: the whole \`psql\` / \`terraform\` process, start to exit. No-op plan: \`terraform plan -detailed-exitcode\`, which must exit 0. After every timed step the bench checks the parent has the expected number of windows.

## Results (median of ${r.repeats}, wall time)

${mdTable(resultHead(r), resultRows(r))}

## Targets

${mdTable(['target', 'measured', 'verdict'], verdicts(r).map((v) => [v.target, v.measured, v.pass ? 'PASS' : '**MISS**']))}

Provider start-to-handshake (${hs.length} starts of the installed executable with terraform's environment: PATH, NODE_EXTRA_CA_CERTS when set, magic cookie, \`PLUGIN_PROTOCOL_VERSIONS=6\`, an ECDSA P-256 \`PLUGIN_CLIENT_CERT\`; until the first stdout line; one untimed warm-up start first, which lives long enough to write the provider's V8 code cache): ${hs.length ? `median ${median(hs).toFixed(0)} ms, p90 ${p90(hs).toFixed(0)} ms, min ${Math.min(...hs).toFixed(0)} ms, max ${Math.max(...hs).toFixed(0)} ms` : 'not measured'}.

## Where the time goes

- Handshake floor: a bare \`node -e\` printing one line takes ${r.nodeBaselineMs?.length ? `median ${median(r.nodeBaselineMs).toFixed(0)} ms` : 'not measured'} here (with this environment's NODE_EXTRA_CA_CERTS${process.env.NODE_EXTRA_CA_CERTS ? '' : ', unset here'}, which the provider's launcher moves aside); the rest of the provider's handshake is its own start-up (loading the ${r.bundleBytes ? `${(r.bundleBytes / 1024).toFixed(0)} KiB` : ''} start-up bundle, the certificate, gRPC).
- Provider processes terraform starts per command (terraform debug log, \`plugin started\` lines): ${r.providerStarts ? `${r.providerStarts.apply} for an apply creating ${WINDOW_COUNT} windows, ${r.providerStarts.plan} for a no-op plan` : 'not measured'}.
- Provider no-op plan with only the parent table in the configuration (terraform's and the provider's fixed cost per command): ${r.emptyPlanMs?.length ? `median ${fmtMs(median(r.emptyPlanMs))}` : 'not measured'}.
- Server time per step, from pg_stat_statements (median over the repetitions of the total \`total_exec_time\` / number of calls, by kind of statement). For the provider, statements run on several connections at once, so server time can exceed wall time; wall time minus server time is spent outside PostgreSQL (process starts, terraform, gRPC, round trips).

${STEPS.filter((s) => r.serverTime[s.key]).map((s) => `### ${s.label}\n\n${mdTable(['statement kind (ms / calls)', ...r.contenders], serverRows(r, s.key))}`).join('\n\n')}

## Failures

${failureText(r)}

## Raw wall times (ms, one per repetition, in order)

${mdTable(['step', 'contender', 'samples'], raw)}

Handshake samples (ms): ${hs.map((x) => x.toFixed(0)).join(', ')}
`;
}

/** Writes bench/BENCHMARKS.md (keeping its hand-written tail) and returns its path. */
export function writeReport(r: Results): string {
  const file = join(__dirname, 'BENCHMARKS.md');
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = previous.indexOf(HAND_WRITTEN_MARKER);
  const tail = at >= 0 ? previous.slice(at) : `${HAND_WRITTEN_MARKER}\n\n## Analysis\n\n(none yet)\n`;
  writeFileSync(file, `${markdown(r)}\n${tail}`);
  return file;
}
