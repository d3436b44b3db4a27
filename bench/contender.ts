/**
 * What the bench is made of, and how to add to it.
 *
 * A **step** is one piece of work measured side by side (create the windows, a no-op plan, the
 * weekly roll, COPY a million rows, ...); its id, label, unit and repetitions are a
 * {@link StepDefinition} (bench/steps.ts holds the standard ones). A **contender** is one way of
 * doing one step's work: a named object with an untimed `setUp`, the timed `run`, and an untimed
 * `check` of the result. For every step the harness (bench/harness.ts) runs each repetition as one
 * round in which every contender runs once, in an order rotated by one each repetition, so load on
 * a shared machine falls on all of them alike. A **comparison** names two contenders of a step and
 * a target for the ratio of their samples; the ratio is taken per repetition (both ran in the same
 * round), then its median is reported.
 *
 * To add a contender, add a module to bench/contenders/ whose default export is a
 * {@link ContenderModule}: its `contenders(ctx)` returns the contenders (for existing steps, or for
 * steps it defines in `steps`), and `comparisons` adds targets. The harness loads every module in
 * that directory; nothing else needs editing.
 */
import type { Installation } from '../src/provider/install';
import type { LocalPostgres } from '../src/local-server/postgres';
import type { BenchDatabase } from './database';
import type { Workload } from './workload';

/** What a step's samples measure: wall time of `run` (ms), or what `run` returns (bytes). */
export type Unit = 'ms' | 'bytes';

export interface Contender {
  /** Id of the step this contender runs in (a {@link StepDefinition}'s `id`). */
  readonly step: string;
  /** Its name in the reports, unique within the step, e.g. `provider` or `psql \copy`. */
  readonly name: string;
  /** What it runs, one sentence for the report. */
  readonly description: string;
  /** Untimed, before every repetition: bring the world to the step's starting point (create what it needs the first time). */
  setUp(): Promise<void>;
  /**
   * The timed action. Its wall time is the sample, unless it resolves with a number: then that is
   * the sample (a step in another unit, or a time measured inside, e.g. from spawn to a first line).
   */
  run(): Promise<number | void>;
  /** Untimed, after every run: throws when the result is wrong (the repetition then counts as failed). */
  check(): Promise<void>;
  /** The database it works in, if any: the report shows the server time (pg_stat_statements) of each run. Called after `setUp`. */
  database?(): BenchDatabase;
}

export interface StepDefinition {
  readonly id: string;
  /** The label in the reports, e.g. `create 52`. */
  readonly label: string;
  readonly unit: Unit;
  /** Rounds of every contender (a `--repetitions` option overrides it). */
  readonly repetitions: number;
  /** What the step does, a paragraph for the report. */
  readonly description: string;
}

/** Where a ratio should be. */
export interface Target {
  readonly op: '<=' | '>=';
  readonly limit: number;
}

export interface Comparison {
  readonly step: string;
  /** Its row in the targets table, e.g. `create 52 / workaround`. */
  readonly label: string;
  readonly subject: string;
  readonly versus: string;
  /** One repetition's samples of subject and versus to the ratio compared. @default subject / versus */
  readonly ratio?: (subject: number, versus: number) => number;
  /** Where the ratio should be; none for a ratio only reported (the report says NO TARGET). */
  readonly target?: Target;
  /** Where it stood before this run's code, for the report (e.g. the measurement). */
  readonly before?: string;
}

/** How big the work is: the full run, or `--quick`. */
export interface BenchSizes {
  readonly quick: boolean;
  /** Windows of the create / no-op plan / drop steps. */
  readonly windows: number;
  /** The oldest of them, retired by "drop expired". */
  readonly expired: number;
  /** Windows of the scale steps (compared per window with `windows`). */
  readonly scaleWindows: number;
  /** Rows the table holds before the add-index steps add an index to it. */
  readonly addIndexRows: number;
  /** Shards of each distributed table in the Citus steps (`citus.shard_count`). */
  readonly citusShards: number;
  /** Rows of "COPY rows". */
  readonly copyRows: number;
  /** Rows of "insert a small batch". */
  readonly smallInsertRows: number;
  /** Rows of the inserter's two peak-memory runs, small then large. */
  readonly rssRows: readonly [number, number];
  /** Repetitions of every step but the short ones below. */
  readonly repetitions: number;
  /** Repetitions of the steps that take milliseconds (handshake, small insert). */
  readonly shortRepetitions: number;
}

export const FULL_SIZES: BenchSizes = {
  quick: false,
  windows: 52,
  expired: 12,
  scaleWindows: 260,
  addIndexRows: 1_000_000,
  citusShards: 4,
  copyRows: 1_000_000,
  smallInsertRows: 1_000,
  rssRows: [1_000_000, 10_000_000],
  repetitions: 5,
  shortRepetitions: 20,
};

export const QUICK_SIZES: BenchSizes = {
  quick: true,
  windows: 6,
  expired: 2,
  scaleWindows: 30,
  addIndexRows: 20_000,
  citusShards: 4,
  copyRows: 50_000,
  smallInsertRows: 1_000,
  rssRows: [20_000, 200_000],
  repetitions: 2,
  shortRepetitions: 5,
};

/** What a module gets to build its contenders; everything is created on first use and cleaned up after the run. */
export interface BenchContext {
  readonly sizes: BenchSizes;
  /** The throwaway cluster every contender's database lives on. */
  readonly pg: LocalPostgres;
  /** Database `name` on the cluster (pg_stat_statements installed), created on the first call. */
  database(name: string): Promise<BenchDatabase>;
  /** The provider bundled into a temporary filesystem mirror, once per run. */
  provider(): Promise<Installation>;
  /** The window workload of `windows` windows (bench/workload.ts); the oldest `sizes.expired` are the expired ones. */
  workload(windows: number): Workload;
  /** A fresh temporary directory, removed after the run. */
  tempDir(prefix: string): string;
  /** Runs `cleanup` after the last step (in reverse order of registration). */
  onCleanup(cleanup: () => Promise<void> | void): void;
  /** One line of progress on stderr. */
  progress(message: string): void;
}

export interface ContenderModule {
  /** Steps this module adds, after the standard ones. */
  readonly steps?: (sizes: BenchSizes) => readonly StepDefinition[];
  /** Targets this module adds. */
  readonly comparisons?: (sizes: BenchSizes) => readonly Comparison[];
  contenders(ctx: BenchContext): readonly Contender[];
  /** Lines for the report's diagnostics, measured after every step (untimed by the harness). */
  diagnostics?(ctx: BenchContext): Promise<readonly string[]>;
}

/** `fn` run once; later calls share its promise (lazy set-up shared by several contenders). A failed run is tried again by the next call. */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= fn().catch((err: unknown) => {
      result = undefined;
      throw err;
    });
    return result;
  };
}
