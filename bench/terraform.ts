/** What the terraform contenders share beyond test/support/terraform.ts. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../test/support/terraform';

/** `plan -detailed-exitcode` must say "no changes" (0); anything else fails the run. */
export function assertNoChanges(result: RunResult, what: string): void {
  if (result.code !== 0) throw new Error(`${what}: terraform plan -detailed-exitcode exited ${result.code} (0 = no changes expected)\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
}

/** Starts from no state: the working directory keeps .terraform and the lock file, so no new init. */
export function forgetState(dir: string): void {
  for (const f of ['terraform.tfstate', 'terraform.tfstate.backup']) rmSync(join(dir, f), { force: true });
}
