/**
 * The four contenders, each bound to its own database, behind one interface so the runner times
 * the same steps for all. Untimed: `setUp` (terraform init) and `prepare` (a fresh parent table,
 * fresh terraform state) and `restoreExpired` (puts back the 12 dropped windows before "drop all").
 * Timed: `createAll`, `noopPlan` (terraform contenders only), `dropExpired`, `dropAll`.
 * Terraform runs with its default -parallelism (10); nothing passes the flag.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertOk, terraformWorkdir, type RunResult, type TerraformWorkdir } from '../test/support/terraform';
import type { BenchDatabase } from './database';
import { plainFloor, safeFloor, type Floor } from './floors';
import { providerHcl, URL_VARIABLE, workaroundAddress, workaroundHcl, WORKAROUND_SQL_DIR } from './hcl';
import { runPsqlFile } from './psql';
import type { Workload } from './workload';

export interface Contender {
  readonly name: string;
  readonly db: BenchDatabase;
  setUp(): Promise<void>;
  prepare(): Promise<void>;
  createAll(): Promise<void>;
  /** `terraform plan -detailed-exitcode` with every window in place; must exit 0. */
  readonly noopPlan?: () => Promise<void>;
  /** Diagnostic: the same no-op plan with no windows in the configuration (fixed cost per command). */
  readonly emptyPlan?: () => Promise<void>;
  dropExpired(): Promise<void>;
  restoreExpired(): Promise<void>;
  dropAll(): Promise<void>;
  /** The terraform working directory, for diagnostics runs. */
  readonly workdir?: () => TerraformWorkdir;
  cleanup(): Promise<void>;
}

/** A floor sent as psql scripts, one `psql -f` per step. */
export function psqlContender(floor: Floor, w: Workload, db: BenchDatabase): Contender {
  const dir = mkdtempSync(join(tmpdir(), 'pgpartition-bench-psql-'));
  const script = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const files = {
    createAll: script('create-all.sql', floor.createScript(w, w.windows)),
    dropExpired: script('drop-expired.sql', floor.dropScript(w, w.expired)),
    restore: script('create-expired.sql', floor.createScript(w, w.expired)),
    dropAll: script('drop-all.sql', floor.dropScript(w, w.windows)),
  };
  return {
    name: floor.name,
    db,
    setUp: async () => undefined,
    prepare: () => db.freshParent(w, { create: true }),
    createAll: () => runPsqlFile(db.url, files.createAll),
    dropExpired: () => runPsqlFile(db.url, files.dropExpired),
    restoreExpired: () => runPsqlFile(db.url, files.restore),
    dropAll: () => runPsqlFile(db.url, files.dropAll),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const plainFloorContender = (w: Workload, db: BenchDatabase) => psqlContender(plainFloor, w, db);
export const safeFloorContender = (w: Workload, db: BenchDatabase) => psqlContender(safeFloor, w, db);

/** `plan -detailed-exitcode` must say "no changes" (0); anything else is a failed step. */
function assertNoChanges(result: RunResult, what: string): void {
  if (result.code !== 0) throw new Error(`${what}: terraform plan -detailed-exitcode exited ${result.code} (0 = no changes expected)\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
}

/** Starts a fresh state: the working directory keeps .terraform and the lock file, so no re-init. */
function forgetState(tf: TerraformWorkdir): void {
  for (const f of ['terraform.tfstate', 'terraform.tfstate.backup']) rmSync(join(tf.dir, f), { force: true });
}

/** The common workaround: terraform_data + local-exec psql per window (see ./hcl.ts). */
export async function workaroundContender(w: Workload, db: BenchDatabase): Promise<Contender> {
  const tf = await terraformWorkdir({ 'main.tf': workaroundHcl(w.windows) }, { env: { [URL_VARIABLE]: db.url } });
  mkdirSync(join(tf.dir, WORKAROUND_SQL_DIR));
  for (const win of w.windows) {
    tf.write(join(WORKAROUND_SQL_DIR, `${win.name}.create.sql`), plainFloor.createScript(w, [win]));
    tf.write(join(WORKAROUND_SQL_DIR, `${win.name}.drop.sql`), plainFloor.dropScript(w, [win]));
  }
  return {
    name: 'workaround',
    db,
    setUp: async () => void assertOk(await tf.init(), 'workaround: terraform init'),
    prepare: async () => {
      forgetState(tf);
      await db.freshParent(w, { create: true });
    },
    createAll: async () => void assertOk(await tf.apply(), 'workaround: apply (create)'),
    noopPlan: async () => assertNoChanges(await tf.planExitCode(), 'workaround: no-op plan'),
    dropExpired: async () => void assertOk(await tf.destroy(...w.expired.map((x) => `-target=${workaroundAddress(x)}`)), 'workaround: destroy -target (12)'),
    restoreExpired: async () => void assertOk(await tf.apply(), 'workaround: apply (restore)'),
    dropAll: async () => void assertOk(await tf.destroy(), 'workaround: destroy'),
    workdir: () => tf,
    cleanup: () => tf.cleanup(),
  };
}

/** The pgpartition provider: plain HCL, windows removed from the configuration to drop them. */
export async function providerContender(w: Workload, db: BenchDatabase): Promise<Contender> {
  const withWindows = providerHcl(w, w.windows);
  const parentOnly = providerHcl(w, []);
  const withoutExpired = providerHcl(w, w.windows.slice(w.expired.length));
  const tf = await terraformWorkdir({ 'main.tf': parentOnly }, { env: { [URL_VARIABLE]: db.url } });
  const applyWith = async (hcl: string, what: string) => {
    tf.write('main.tf', hcl);
    assertOk(await tf.apply(), `provider: ${what}`);
  };
  return {
    name: 'provider',
    db,
    setUp: async () => void assertOk(await tf.init(), 'provider: terraform init'),
    prepare: async () => {
      forgetState(tf);
      await db.freshParent(w, { create: false });
      await applyWith(parentOnly, 'apply (parent table)');
    },
    createAll: () => applyWith(withWindows, 'apply (create)'),
    noopPlan: async () => assertNoChanges(await tf.planExitCode(), 'provider: no-op plan'),
    emptyPlan: async () => {
      tf.write('main.tf', parentOnly);
      assertNoChanges(await tf.planExitCode(), 'provider: no-op plan without windows');
    },
    dropExpired: () => applyWith(withoutExpired, 'apply (drop 12 expired)'),
    restoreExpired: () => applyWith(withWindows, 'apply (restore)'),
    dropAll: () => applyWith(parentOnly, 'apply (drop all)'),
    workdir: () => tf,
    cleanup: () => tf.cleanup(),
  };
}
