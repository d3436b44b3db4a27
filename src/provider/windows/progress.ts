/**
 * Per-window progress for the CLI's apply display. Terraform reports progress per resource; a
 * resource that holds many windows would report one line for all of them, so the window functions
 * report each finished step themselves: one JSON line appended to the file the CLI names in
 * {@link PROGRESS_FILE_ENV} (terraform passes its environment to the provider). Best effort: no
 * variable, or a file that cannot be written, costs only the display. The CLI side is
 * src/cli/apply-output.ts, which counts each window and step once whichever source reports it.
 */
import { appendFileSync } from 'node:fs';

/** Names the file the provider appends window steps to; set by `pgpartition apply`/`deploy`. */
export const PROGRESS_FILE_ENV = 'PGPARTITION_PROGRESS_FILE';

/** What happened to a window: `attached` (built and attached, or found attached), `archived` (detached and moved to its archive schema) or `retired` (detached, and dropped unless kept detached). */
export type WindowStepAction = 'attached' | 'archived' | 'retired';

/** Window steps a resource holding many windows is about to take, added to the display's total. */
export interface ExpectedStepsEvent {
  readonly expect: number;
}

/** One finished window step, as one line of the progress file. */
export interface WindowStepEvent {
  /** Schema-qualified window name, e.g. `public.account_balances_2025_01_06`. */
  readonly window: string;
  readonly action: WindowStepAction;
}

/** Appends `event` to the progress file when {@link PROGRESS_FILE_ENV} names one; never throws. */
export function reportWindowStep(event: WindowStepEvent | ExpectedStepsEvent, env: NodeJS.ProcessEnv = process.env): void {
  const file = env[PROGRESS_FILE_ENV];
  if (!file) return;
  try {
    // one short line per append: O_APPEND keeps lines of parallel writers whole
    appendFileSync(file, `${JSON.stringify(event)}\n`);
  } catch {
    // the display misses a line; the apply itself is unaffected
  }
}
