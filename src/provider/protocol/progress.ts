/**
 * Progress lines for the CLI that started this provider (one process per command, see
 * src/cli/provider-process.ts): with PGPARTITION_PROGRESS=1, one stderr line per window step,
 * `pgpartition-progress: <text>`, which the CLI shows as it comes (terraform shows a provider's
 * stderr only with TF_LOG). Nothing otherwise.
 */

/** The prefix the CLI recognises. */
export const PROGRESS_PREFIX = 'pgpartition-progress: ';

/** Reports one step, e.g. `window 3/17 attached: public.account_balances_2025_01_06`. */
export function progress(text: string): void {
  if (process.env.PGPARTITION_PROGRESS === '1') process.stderr.write(`${PROGRESS_PREFIX}${text}\n`);
}
