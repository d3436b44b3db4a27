/**
 * Reads the report of a saved plan: terraform's JSON of the plan file, pgpartition's record beside
 * it, and the live size of every window it retires, from the stack's own database.
 */
import { existsSync } from 'node:fs';
import { openCliPool } from '../connection';
import { CliError } from '../errors';
import type { PreparedStack } from '../stack';
import { planReport, withLiveSizes, type PlanReport } from './report';
import { readPlanRecord, showPlan } from './saved-plan';

/**
 * The report of `planFile` of the prepared stack `s`. A plan that failed before terraform wrote the
 * file is reported from its record alone (status `errored`).
 * @throws CliError when there is neither a plan file nor a record of a failed plan, terraform cannot
 *   read the plan, or the live sizes cannot be read.
 */
export async function readPlanReport(s: PreparedStack, planFile: string): Promise<PlanReport> {
  const record = readPlanRecord(planFile);
  if (!existsSync(planFile)) {
    if (record && record.terraformExitCode === 1) return planReport(s.stack, planFile, { errored: true }, record);
    throw new CliError(`no saved plan at ${planFile}`, `make one first: pgpartition plan ${s.stack}`);
  }
  const report = planReport(s.stack, planFile, await showPlan(planFile, s.stackDir, s.env, s.stack), record);
  if (report.status === 'errored') return report;
  const pool = await openCliPool(s.connection, 'pgpartition plan-summary');
  try {
    return await withLiveSizes(report, pool);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new CliError(`cannot read the live size of the windows the plan retires from ${s.connection.target}: ${message}`, `check that ${s.connection.variable} points at the stack's database`);
  } finally {
    await pool.end();
  }
}
