/**
 * The window steps (create, no-op plan, drop expired, drop all, and the scale steps) share one
 * shape: a tool puts a workload's windows into its database in its own way (psql scripts,
 * terraform_data + psql, the provider). A {@link WindowTool} says how; {@link windowContenders}
 * makes its contenders for the steps it takes part in, with set-ups that bring the database (and
 * terraform's state) to each step's starting point and checks that count the windows after each run.
 */
import { once, type Contender } from './contender';
import type { BenchDatabase } from './database';
import type { Workload } from './workload';

/** One way of creating and retiring a workload's windows, in its own database. */
export interface WindowTool {
  readonly workload: Workload;
  /** How many windows "all" is (0 for a configuration with the parent table alone). */
  readonly windowCount: number;
  /** Once, before anything else: the database, working directories, terraform init. */
  init(): Promise<void>;
  /** The database, after init. */
  db(): BenchDatabase;
  /** A fresh parent table with no windows (and fresh terraform state). */
  reset(): Promise<void>;
  createAll(): Promise<void>;
  /** From all windows but the expired ones, back to all. */
  restoreExpired(): Promise<void>;
  dropExpired(): Promise<void>;
  dropAll(): Promise<void>;
  /** A plan that must find nothing to change (terraform tools). */
  noopPlan?(): Promise<void>;
}

/** What the database holds: no window, all of them, or all but the expired ones. */
type State = 'empty' | 'all' | 'kept';

/**
 * A tool with what its database holds tracked across steps, so a set-up only does the work its
 * step needs (e.g. a no-op plan after a create needs none). A run that fails or a check that does
 * not find what it expects leaves the state unknown, and the next set-up starts from scratch.
 */
export class TrackedWindows {
  private state: State | 'unknown' = 'unknown';
  private readonly init: () => Promise<void>;

  constructor(readonly tool: WindowTool) {
    this.init = once(() => tool.init());
  }

  /** Brings the database to `target`, from whatever it holds. */
  async ensure(target: 'empty' | 'all'): Promise<void> {
    await this.init();
    const from = this.state;
    if (from === target) return;
    this.state = 'unknown';
    if (target === 'empty') await this.tool.reset();
    else if (from === 'kept') await this.tool.restoreExpired();
    else {
      if (from !== 'empty') await this.tool.reset();
      await this.tool.createAll();
    }
    await this.expect(target);
  }

  /** Before a timed run: what the database holds is unknown until {@link expect} says. */
  begin(): void {
    this.state = 'unknown';
  }

  /** After a run: the parent must have the windows `state` says, or this throws. */
  async expect(state: State): Promise<void> {
    const { windowCount, workload } = this.tool;
    const want = state === 'all' ? windowCount : state === 'kept' ? windowCount - workload.expired.length : 0;
    const found = await this.tool.db().partitionCount(workload);
    if (found !== want) throw new Error(`the parent has ${found} windows afterwards, expected ${want}`);
    this.state = state;
  }
}

/** Step ids a tool's contenders run in; steps left out get no contender from it. */
export interface WindowSteps {
  readonly create?: string;
  readonly noopPlan?: string;
  readonly dropExpired?: string;
  readonly dropAll?: string;
}

/** The contenders of one tracked tool, named `name`, for the given steps. */
export function windowContenders(t: TrackedWindows, name: string, description: string, steps: WindowSteps): Contender[] {
  const tool = t.tool;
  const make = (step: string | undefined, from: 'empty' | 'all', action: (() => Promise<void>) | undefined, to: State): Contender[] =>
    step === undefined || action === undefined
      ? []
      : [{
          step,
          name,
          description,
          setUp: () => t.ensure(from),
          run: async () => {
            t.begin();
            await action();
          },
          check: () => t.expect(to),
          database: () => tool.db(),
        }];
  return [
    ...make(steps.create, 'empty', () => tool.createAll(), 'all'),
    ...make(steps.noopPlan, 'all', tool.noopPlan && (() => tool.noopPlan!()), 'all'),
    ...make(steps.dropExpired, 'all', () => tool.dropExpired(), 'kept'),
    ...make(steps.dropAll, 'all', () => tool.dropAll(), 'empty'),
  ];
}
