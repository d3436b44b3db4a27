/**
 * The bench's results as data (what results.json beside BENCHMARKS.md holds), and the rules that turn a step's
 * samples into them: per contender the median and min-max of its samples; per comparison the ratio
 * of each repetition (both contenders ran in the same round), then the median of those ratios, and
 * a verdict against the target. Pure: no I/O, so the rules are tested on their own.
 */
import type { Comparison, StepDefinition, Target, Unit } from './contender';
import type { ServerTime } from './database';
import { median } from './stats';

/** Everything measured for one step. `samples[name][r]` is repetition r's sample, null when it failed. */
export interface StepRun {
  readonly step: StepDefinition;
  readonly repetitions: number;
  /** Contenders in the order of the first repetition. */
  readonly contenders: readonly { readonly name: string; readonly description: string }[];
  /** The order the contenders ran in, per repetition. */
  readonly orders: readonly (readonly string[])[];
  readonly samples: Readonly<Record<string, readonly (number | null)[]>>;
  readonly failures: Readonly<Record<string, readonly { readonly repetition: number; readonly message: string }[]>>;
  /** Server time of each repetition's run, for contenders with a database. */
  readonly serverTime: Readonly<Record<string, readonly (ServerTime | null)[]>>;
  /** 1-minute load average when the step started and ended. */
  readonly loadAverage: { readonly start: number; readonly end: number };
}

/** One contender in one step: a row of results.json's `results`. */
export interface ContenderResult {
  readonly step: string;
  readonly label: string;
  readonly contender: string;
  readonly unit: Unit;
  /** One per repetition, in order; null where the repetition failed. */
  readonly samples: readonly (number | null)[];
  readonly median: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly failures: readonly { readonly repetition: number; readonly message: string }[];
  /** Median over the repetitions of the server time by kind of statement (ms, calls). */
  readonly serverTime?: { readonly totalMs: number; readonly calls: number; readonly byKind: Readonly<Record<string, { readonly ms: number; readonly calls: number }>> };
}

/** NO TARGET: a ratio reported for reading (a comparison the issues set no target for). */
export type Verdict = 'PASS' | 'MISS' | 'FAILED' | 'NOT RUN' | 'NO TARGET';

/** One comparison: a row of results.json's `targets`. */
export interface TargetResult {
  readonly step: string;
  readonly label: string;
  readonly contender: string;
  readonly versus: string;
  /** One per repetition in which both ran without failing, else null. */
  readonly ratios: readonly (number | null)[];
  /** Median of `ratios` (nulls left out). */
  readonly ratio: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** e.g. `<= 0.7`; `-` when the comparison has none. */
  readonly target: string;
  readonly before: string | null;
  /** PASS/MISS by the median ratio; FAILED when either contender failed in a repetition; NOT RUN when no repetition has both; NO TARGET when there is a ratio but no target. */
  readonly verdict: Verdict;
}

export interface StepSummary {
  readonly step: string;
  readonly label: string;
  readonly unit: Unit;
  readonly description: string;
  readonly repetitions: number;
  readonly orders: readonly (readonly string[])[];
  readonly contenders: readonly { readonly name: string; readonly description: string }[];
  readonly loadAverage: { readonly start: number; readonly end: number };
}

/** results.json, as the bench writes it beside BENCHMARKS.md. */
export interface BenchResults {
  /** The command that produced the file, e.g. `npm run bench -- --quick`. */
  readonly command: string;
  readonly startedAt: string;
  readonly totalSeconds: number;
  readonly quick: boolean;
  readonly sizes: Readonly<Record<string, unknown>>;
  readonly machine: {
    readonly cores: number;
    readonly cpu: string;
    readonly node: string;
    readonly terraform: string;
    readonly postgres: string;
    readonly psql: string;
    /** 1-minute load average, sampled every 10 s over the run. */
    readonly loadAverage: { readonly start: number; readonly end: number; readonly min: number; readonly median: number; readonly max: number };
  };
  readonly steps: readonly StepSummary[];
  readonly results: readonly ContenderResult[];
  readonly targets: readonly TargetResult[];
  readonly diagnostics: readonly string[];
}

/** Median, min and max of the samples that are there; nulls when none is. */
export function spread(samples: readonly (number | null)[]): { median: number | null; min: number | null; max: number | null } {
  const xs = present(samples);
  return xs.length === 0 ? { median: null, min: null, max: null } : { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

/** The contenders of one round, repetition `r` (0-based): the list rotated left by r, so each goes first in turn. */
export function rotation<T>(items: readonly T[], r: number): T[] {
  if (items.length === 0) return [];
  const k = r % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

export function summarizeContenders(run: StepRun): ContenderResult[] {
  return run.contenders.map(({ name }) => {
    const samples = run.samples[name] ?? [];
    const times = present(run.serverTime[name] ?? []);
    return {
      step: run.step.id,
      label: run.step.label,
      contender: name,
      unit: run.step.unit,
      samples,
      ...spread(samples),
      failures: run.failures[name] ?? [],
      ...(times.length > 0 ? { serverTime: medianServerTime(times) } : {}),
    };
  });
}

function present<T>(xs: readonly (T | null)[]): T[] {
  return xs.filter((x): x is T => x !== null);
}

/** Per kind of statement, the median over repetitions of its ms and calls (a kind absent in a repetition counts 0). */
function medianServerTime(times: readonly ServerTime[]): NonNullable<ContenderResult['serverTime']> {
  const kinds = [...new Set(times.flatMap((t) => Object.keys(t.byKind)))].sort();
  const byKind: Record<string, { ms: number; calls: number }> = {};
  for (const k of kinds) byKind[k] = { ms: median(times.map((t) => t.byKind[k]?.ms ?? 0)), calls: median(times.map((t) => t.byKind[k]?.calls ?? 0)) };
  return { totalMs: median(times.map((t) => t.totalMs)), calls: median(times.map((t) => t.calls)), byKind };
}

export const targetText = (t: Target | undefined) => (t ? `${t.op} ${t.limit}` : '-');

/** Whether `ratio` meets `target`. */
export function meets(ratio: number, target: Target): boolean {
  return target.op === '<=' ? ratio <= target.limit : ratio >= target.limit;
}

/** A comparison over one step's samples: ratio per repetition, their median, and the verdict. */
export function compare(run: StepRun | undefined, c: Comparison): TargetResult {
  const base = { step: c.step, label: c.label, contender: c.subject, versus: c.versus, target: targetText(c.target), before: c.before ?? null };
  const subject = run?.samples[c.subject];
  const versus = run?.samples[c.versus];
  if (!run || !subject || !versus) return { ...base, ratios: [], ratio: null, min: null, max: null, verdict: 'NOT RUN' };
  const ratioOf = c.ratio ?? ((a: number, b: number) => a / b);
  const ratios = Array.from({ length: run.repetitions }, (_, r) => {
    const a = subject[r] ?? null;
    const b = versus[r] ?? null;
    return a === null || b === null ? null : ratioOf(a, b);
  });
  const s = spread(ratios);
  const failed = (run.failures[c.subject]?.length ?? 0) + (run.failures[c.versus]?.length ?? 0) > 0;
  const verdict: Verdict = failed ? 'FAILED' : s.median === null ? 'NOT RUN' : !c.target ? 'NO TARGET' : meets(s.median, c.target) ? 'PASS' : 'MISS';
  return { ...base, ratios, ratio: s.median, min: s.min, max: s.max, verdict };
}
