/**
 * A saved plan and what pgpartition records beside it. `terraform plan -out FILE` keeps the plan
 * (also a failed one, marked `errored`), but not the diagnostics that explain a failure, the
 * database it was made against, or the instant the calendar was planned for: `pgpartition plan`
 * writes those to `FILE.pgpartition.json`, so `plan-summary` can print a failed plan's errors and
 * `apply` can refuse a plan made against another database.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { CliError } from '../errors';
import { runTerraform } from '../terraform';
import type { TerraformPlanJson } from './summary';

/** What `pgpartition plan` records next to a plan file. No secret: the URL itself is never stored. */
export interface PlanRecord {
  readonly version: 1;
  readonly stack: string;
  /** `user@host:port/database` the plan was made against. */
  readonly target: string;
  /** The environment variable the connection came from. */
  readonly variable: string;
  /** The instant the calendar was planned for (ISO 8601, UTC), as given to the app in PGPARTITION_AS_OF. */
  readonly asOf: string;
  /** When the plan was made (ISO 8601, UTC, this machine's clock). */
  readonly createdAt: string;
  /** terraform plan's exit code with -detailed-exitcode: 0 no changes, 1 error, 2 changes. */
  readonly terraformExitCode: number;
  /** terraform's `Error:` diagnostics when planning failed, each with its detail. */
  readonly errors: readonly string[];
}

/** The record file of `planFile`. */
export function recordFileOf(planFile: string): string {
  return `${planFile}.pgpartition.json`;
}

export function writePlanRecord(planFile: string, record: PlanRecord): void {
  writeFileSync(recordFileOf(planFile), `${JSON.stringify(record, null, 2)}\n`);
}

/** Removes the record of an older plan, so it can never describe a new plan file. */
export function removePlanRecord(planFile: string): void {
  rmSync(recordFileOf(planFile), { force: true });
}

/** The record of `planFile`, or null when there is none (a plan made by plain terraform or cdktf). */
export function readPlanRecord(planFile: string): PlanRecord | null {
  const file = recordFileOf(planFile);
  if (!existsSync(file)) return null;
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as PlanRecord;
    return record.version === 1 ? record : null;
  } catch {
    return null;
  }
}

/**
 * `terraform show -json <planFile>`, parsed, run in the initialised stack directory `cwd`.
 * @throws CliError with terraform's errors when it cannot read the plan.
 */
export async function showPlan(planFile: string, cwd: string, env: NodeJS.ProcessEnv, stack: string): Promise<TerraformPlanJson> {
  const result = await runTerraform(['show', '-json', '-no-color', planFile], { cwd, env, quiet: true });
  if (result.code !== 0) {
    throw new CliError(`terraform cannot read the plan ${planFile}:\n${result.output.trim()}`, `make the plan again: pgpartition plan ${stack}`);
  }
  return JSON.parse(result.stdout) as TerraformPlanJson;
}
