/**
 * The example app's staging stack against a throwaway PostgreSQL, for the tests that run cdktf end
 * to end (test/e2e, test/cli/plan-summary): one cluster, one provider build (the lock file of the
 * first init pins its checksum), state and cdktf output in a temp dir (never the user's).
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { runCdktf, type CdktfAction } from '../../src/cli/commands/deploy';
import { installProvider, PACKAGE_ROOT } from '../../src/provider/install';
import { STATE_DIR_ENV } from '../../stacks/environments';
import { startLocalPostgres, type LocalPostgres } from './postgres';

/** This process's environment without any connection variable or pinned asOf. */
export function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.endsWith('DATABASE_URL') && !k.startsWith('PGPARTITION_') && !k.startsWith('PG')));
}

/** Runs the pgpartition CLI from source in the package root. */
export function runPgpartition(args: readonly string[], env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: PACKAGE_ROOT, env, encoding: 'utf8' });
}

export interface ExampleStack {
  readonly pg: LocalPostgres;
  /** A pool on the cluster, for the test's own reads and loads. */
  readonly pool: Pool;
  /** Terraform CLI config of the one provider build. */
  readonly cliConfigFile: string;
  /** cdktf's output directory (synthesized stacks, saved plans). */
  readonly outputDir: string;
  /** Environment of the stack's commands: clean, STAGING_DATABASE_URL and the state dir set. */
  env(): NodeJS.ProcessEnv;
  /** Runs `cdktf <action> staging` at `asOf`; asserts it succeeds; returns its output without colours. */
  cdktf(action: CdktfAction, asOf: Date): Promise<string>;
  stop(): Promise<void>;
}

/** Starts the cluster and installs the provider; `poolMax` connections for the test's pool. */
export async function startExampleStack(poolMax: number): Promise<ExampleStack> {
  const pg = await startLocalPostgres();
  const pool = new Pool({ connectionString: pg.url, max: poolMax });
  pool.on('error', () => undefined); // node-postgres: an idle client the server drops (e.g. at stop) is reported here, not thrown
  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'pgpartition-example-'));
  const cliConfigFile = (await installProvider({ dir: path.join(tempDir, 'provider') })).cliConfigFile;
  const outputDir = path.join(tempDir, 'cdktf.out');
  const env = () => ({ ...cleanEnv(), STAGING_DATABASE_URL: pg.url, [STATE_DIR_ENV]: path.join(tempDir, 'state') });
  return {
    pg,
    pool,
    cliConfigFile,
    outputDir,
    env,
    async cdktf(action, asOf) {
      let output = '';
      const code = await runCdktf({
        action,
        stack: 'staging',
        projectDir: PACKAGE_ROOT,
        outputDir,
        env: { ...env(), PGPARTITION_AS_OF: asOf.toISOString() },
        cliConfigFile,
        onOutput: (text) => (output += text),
      });
      const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
      assert.equal(code, 0, `cdktf ${action} failed:\n${plain}`);
      return plain;
    },
    async stop() {
      await pool.end();
      await pg.stop();
      rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
