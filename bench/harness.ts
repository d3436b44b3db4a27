/**
 * Runs the bench: one throwaway PostgreSQL, the contender modules of bench/contenders/, and for
 * every step a number of rounds in which each contender runs once (set-up untimed, the run timed,
 * the result checked), in an order rotated by one each round; then it writes bench/BENCHMARKS.md
 * and results.json beside it (see bench/contender.ts for the model, bench/results.ts for the statistics).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Installation } from '../src/provider/install';
import { startLocalPostgres } from '../src/local-server/postgres';
import { installOnce } from '../test/support/terraform';
import { once, type BenchContext, type BenchSizes, type Comparison, type Contender, type ContenderModule, type StepDefinition } from './contender';
import { BENCH_SERVER_SETTINGS, BenchDatabase, type ServerTime } from './database';
import { formatSample, printSummary, writeMarkdown } from './report';
import { compare, rotation, summarizeContenders, type BenchResults, type StepRun } from './results';
import { median, timed } from './stats';
import { standardComparisons, standardSteps } from './steps';
import { buildWorkload, type Workload } from './workload';

export interface BenchOptions {
  readonly sizes: BenchSizes;
  /** Overrides every step's repetitions. */
  readonly repetitions?: number;
  /** Step ids to run. @default every step */
  readonly steps?: readonly string[];
  /** Where results.json and BENCHMARKS.md go. */
  readonly outDir: string;
  /** The command line that started the run, recorded in both files. */
  readonly command: string;
}

const MODULE_DIR = join(__dirname, 'contenders');

/** The options name something that does not exist; `fix` says what to pass instead. */
export class BenchUsageError extends Error {
  constructor(problem: string, readonly fix: string) {
    super(problem);
    this.name = 'BenchUsageError';
  }
}

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/** The modules of bench/contenders/, in file name order. */
async function loadModules(): Promise<{ file: string; module: ContenderModule }[]> {
  const files = readdirSync(MODULE_DIR).filter((f) => f.endsWith('.ts')).sort();
  return Promise.all(files.map(async (file) => {
    const ns = (await import(join(MODULE_DIR, file))) as { default?: ContenderModule };
    if (typeof ns.default?.contenders !== 'function') throw new Error(`bench/contenders/${file}: its default export must be a ContenderModule (with a contenders(ctx) function)`);
    return { file, module: ns.default };
  }));
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Runs one step: `repetitions` rounds of every contender, rotating the order each round. */
async function runStep(step: StepDefinition, contenders: readonly Contender[], repetitions: number): Promise<StepRun> {
  const samples: Record<string, (number | null)[]> = {};
  const serverTime: Record<string, (ServerTime | null)[]> = {};
  const failures: Record<string, { repetition: number; message: string }[]> = {};
  for (const c of contenders) {
    samples[c.name] = Array<number | null>(repetitions).fill(null);
    serverTime[c.name] = Array<ServerTime | null>(repetitions).fill(null);
  }
  const orders: string[][] = [];
  const loadStart = loadavg()[0];
  for (let r = 0; r < repetitions; r++) {
    const order = rotation(contenders, r);
    orders.push(order.map((c) => c.name));
    for (const c of order) {
      const where = `${step.label} [${r + 1}/${repetitions}] ${c.name}`;
      let phase = 'set-up';
      try {
        await c.setUp();
        phase = 'run';
        const db = c.database?.();
        await db?.resetServerTime();
        const { ms, result } = await timed(() => c.run());
        const time = db ? await db.serverTime() : null; // before the check, whose queries are the bench's own
        phase = 'check';
        await c.check();
        const sample = typeof result === 'number' ? result : ms;
        if (step.unit !== 'ms' && typeof result !== 'number') throw new Error(`run() of a step measured in ${step.unit} must resolve with the sample`);
        samples[c.name][r] = sample;
        serverTime[c.name][r] = time;
        progress(`${where}: ${formatSample(sample, step.unit)}${time ? ` (server ${time.totalMs.toFixed(0)} ms in ${time.calls} statements)` : ''}`);
      } catch (err) {
        const message = `${phase} failed: ${errorText(err)}`;
        (failures[c.name] ??= []).push({ repetition: r + 1, message });
        progress(`${where}: FAILED in ${phase}: ${errorText(err).split('\n').slice(0, 6).join('\n    ')}`);
      }
    }
  }
  return {
    step,
    repetitions,
    contenders: contenders.map((c) => ({ name: c.name, description: c.description })),
    orders,
    samples,
    failures,
    serverTime,
    loadAverage: { start: loadStart, end: loadavg()[0] },
  };
}

function versionOf(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0].trim();
  } catch {
    return `${cmd}: not found`;
  }
}

/**
 * Runs the steps selected by `options` and writes `<outDir>/results.json` and `<outDir>/BENCHMARKS.md`.
 * Resolves with the results; a contender's failure is recorded, not thrown.
 * @throws BenchUsageError when `steps` names an unknown step; Error when PostgreSQL cannot start or a module is malformed.
 */
export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const started = new Date();
  const loads = [loadavg()[0]];
  const sampler = setInterval(() => loads.push(loadavg()[0]), 10_000).unref();
  const cleanups: (() => Promise<void> | void)[] = [];
  const modules = await loadModules();
  const sizes = options.sizes;
  const steps = [...standardSteps(sizes), ...modules.flatMap((m) => m.module.steps?.(sizes) ?? [])];
  const comparisons: Comparison[] = [...standardComparisons(sizes), ...modules.flatMap((m) => m.module.comparisons?.(sizes) ?? [])];
  const unknown = (options.steps ?? []).filter((id) => !steps.some((s) => s.id === id));
  if (unknown.length > 0) throw new BenchUsageError(`--steps: there is no step ${unknown.map((u) => JSON.stringify(u)).join(', ')}`, `name steps among ${steps.map((s) => s.id).join(', ')}`);
  const selected = steps.filter((s) => !options.steps || options.steps.includes(s.id));

  progress('starting PostgreSQL');
  const pg = await startLocalPostgres({ settings: BENCH_SERVER_SETTINGS });
  cleanups.push(() => pg.stop());
  try {
    const databases = new Map<string, Promise<BenchDatabase>>();
    const workloads = new Map<number, Workload>();
    const ctx: BenchContext = {
      sizes,
      pg,
      database(name) {
        let db = databases.get(name);
        if (!db) {
          db = BenchDatabase.create(pg, name);
          databases.set(name, db);
          cleanups.push(async () => (await db!).close());
        }
        return db;
      },
      provider: once(async (): Promise<Installation> => {
        progress('bundling the provider into a temporary mirror');
        return installOnce(); // the build test/support/terraform.ts's working directories use
      }),
      workload(windows) {
        let w = workloads.get(windows);
        if (!w) workloads.set(windows, (w = buildWorkload(windows, sizes.expired)));
        return w;
      },
      tempDir(prefix) {
        const dir = mkdtempSync(join(tmpdir(), prefix));
        cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
        return dir;
      },
      onCleanup: (cleanup) => void cleanups.push(cleanup),
      progress,
    };
    const contenders = modules.flatMap(({ file, module }) => module.contenders(ctx).map((c) => ({ c, file })));
    for (const { c, file } of contenders) {
      if (!steps.some((s) => s.id === c.step)) throw new Error(`bench/contenders/${file}: contender "${c.name}" names step "${c.step}", which no module defines`);
    }

    const runs: StepRun[] = [];
    const write = (diagnostics: readonly string[]): BenchResults => {
      loads.push(loadavg()[0]);
      const results: BenchResults = {
        command: options.command,
        startedAt: started.toISOString(),
        totalSeconds: Math.round((Date.now() - started.getTime()) / 1000),
        quick: sizes.quick,
        sizes: { ...sizes, ...(options.repetitions === undefined ? {} : { repetitionsOverride: options.repetitions }) },
        machine: {
          cores: cpus().length,
          cpu: cpus()[0]?.model ?? 'unknown',
          node: process.version,
          terraform: versionOf('terraform', ['version']),
          postgres: `${versionOf(join(pg.binDir, 'postgres'), ['--version'])} (${pg.source})`,
          psql: versionOf('psql', ['--version']),
          loadAverage: { start: loads[0], end: loads[loads.length - 1], min: Math.min(...loads), median: median(loads), max: Math.max(...loads) },
        },
        steps: runs.map((r) => ({
          step: r.step.id, label: r.step.label, unit: r.step.unit, description: r.step.description, repetitions: r.repetitions, orders: r.orders, contenders: r.contenders, loadAverage: r.loadAverage,
        })),
        results: runs.flatMap(summarizeContenders),
        targets: comparisons.filter((c) => selected.some((s) => s.id === c.step)).map((c) => compare(runs.find((r) => r.step.id === c.step), c)),
        diagnostics,
      };
      mkdirSync(options.outDir, { recursive: true });
      writeFileSync(join(options.outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
      writeMarkdown(results, join(options.outDir, 'BENCHMARKS.md'));
      return results;
    };
    for (const step of selected) {
      const mine = contenders.filter(({ c }) => c.step === step.id).map(({ c }) => c);
      if (mine.length === 0) continue;
      const repetitions = options.repetitions ?? step.repetitions;
      progress(`${step.label}: ${repetitions} rounds of ${mine.map((c) => c.name).join(', ')}`);
      runs.push(await runStep(step, mine, repetitions));
      write([]); // after every step, so a run cut short keeps the steps it finished (their targets; the rest NOT RUN)
    }
    const diagnostics: string[] = [];
    for (const { file, module } of modules) {
      if (!module.diagnostics || sizes.quick) continue; // untimed extras; --quick keeps to the steps
      try {
        diagnostics.push(...(await module.diagnostics(ctx)));
      } catch (err) {
        diagnostics.push(`bench/contenders/${file}: diagnostics failed: ${errorText(err).split('\n')[0]}`);
      }
    }
    const results = write(diagnostics);
    printSummary(results);
    progress(`wrote ${join(options.outDir, 'results.json')} and BENCHMARKS.md (${results.totalSeconds} s in all)`);
    return results;
  } finally {
    clearInterval(sampler);
    for (const cleanup of cleanups.reverse()) await Promise.resolve().then(cleanup).catch(() => undefined);
  }
}
