/**
 * One stack of the example app (staging, or `distributed` on Citus) against a throwaway server, for
 * the tests that run the stack commands end to end (test/e2e, test/cli): one cluster, one provider
 * build (the lock file of the first init pins its checksum), state and synthesized output in a temp
 * dir (never the user's).
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { deployCommand, type DeployOptions } from '../../src/cli/commands/deploy';
import { applyCommand } from '../../src/cli/commands/apply';
import { planCommand } from '../../src/cli/commands/plan';
import { planSummaryCommand, type PlanSummaryOptions } from '../../src/cli/commands/plan-summary';
import { CliError, ExitCode } from '../../src/cli/errors';
import type { PlanFormat } from '../../src/cli/plan/format';
import { installProvider, PACKAGE_ROOT, type Installation } from '../../src/provider/install';
import { STATE_DIR_ENV } from '../../src/constructs/state-env';
import { stackDatabaseUrlEnv } from '../../src/constructs/connection-env';
import type { LocalCitusOptions } from '../../src/local-server/citus';
import { startLocalCitus, type LocalCitus } from './citus';
import { startLocalPostgres, type LocalPostgres } from './postgres';

/** This process's environment without any connection variable or pinned asOf. */
export function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.endsWith('DATABASE_URL') && !k.startsWith('PGPARTITION_') && !k.startsWith('PG')));
}

/** The stack commands of the CLI. */
export type StackCommand = 'plan' | 'apply' | 'deploy' | 'plan-summary';

/** Runs the pgpartition CLI from source in the package root. */
export function runPgpartition(args: readonly string[], env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: PACKAGE_ROOT, env, encoding: 'utf8' });
}

export interface ExampleStack {
  /** The server the stack deploys to: the PostgreSQL, or Citus's coordinator. */
  readonly pg: LocalPostgres;
  /** The Citus cluster, when the stack runs on one. */
  readonly citus: LocalCitus | null;
  /** A pool on the cluster, for the test's own reads and loads. */
  readonly pool: Pool;
  /** The one provider build. */
  readonly provider: Installation;
  /** cdktf's output directory (synthesized stacks, saved plans). */
  readonly outputDir: string;
  /** Environment of the stack's commands: clean, `<STACK>_DATABASE_URL` and the state dir set. */
  env(): NodeJS.ProcessEnv;
  /**
   * Runs `pgpartition <command> <stack>` at `asOf` (apply ignores it) in-process; resolves with its
   * exit code and output (stdout, stderr, progress and a CliError's two lines, as printed).
   * `options.command` adds command options (another stack, output directory, lock timeout, ...).
   */
  run(command: StackCommand, asOf: Date, options?: { env?: NodeJS.ProcessEnv; format?: PlanFormat; command?: Partial<DeployOptions & PlanSummaryOptions> }): Promise<{ code: number; output: string; stdout: string }>;
  /** {@link run}, asserting exit code 0 (2 too for plan-summary); resolves with the output. */
  pgpartition(command: StackCommand, asOf: Date): Promise<string>;
  stop(): Promise<void>;
}

export interface ExampleStackOptions {
  /** The example app's stack. @default 'staging' */
  readonly stack?: string;
  /** Run on a throwaway Citus cluster started with these options (for the `distributed` stack). @default - one PostgreSQL */
  readonly citus?: LocalCitusOptions;
}

/** Starts the cluster and installs the provider; `poolMax` connections for the test's pool. */
export async function startExampleStack(poolMax: number, options: ExampleStackOptions = {}): Promise<ExampleStack> {
  const stack = options.stack ?? 'staging';
  const citus = options.citus ? await startLocalCitus(options.citus) : null;
  const pg = citus?.coordinator ?? (await startLocalPostgres());
  const pool = new Pool({ connectionString: pg.url, max: poolMax });
  pool.on('error', () => undefined); // node-postgres: an idle client the server drops (e.g. at stop) is reported here, not thrown
  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'pgpartition-example-'));
  const provider = await installProvider({ dir: path.join(tempDir, 'provider') });
  const outputDir = path.join(tempDir, 'cdktf.out');
  const env = () => ({ ...cleanEnv(), [stackDatabaseUrlEnv(stack)]: pg.url, [STATE_DIR_ENV]: path.join(tempDir, 'state') });
  const run: ExampleStack['run'] = async (command, asOf, options = {}) => {
    let output = '';
    let stdout = '';
    const o = {
      stack,
      projectDir: PACKAGE_ROOT,
      outputDir,
      provider,
      env: { ...env(), PGPARTITION_AS_OF: asOf.toISOString(), ...options.env },
      stdout: (t: string) => ((output += t), (stdout += t)),
      stderr: (t: string) => (output += t),
      log: (line: string) => (output += `${line}\n`),
    };
    let code: number;
    try {
      code = await { plan: planCommand, apply: applyCommand, deploy: deployCommand, 'plan-summary': planSummaryCommand }[command]({ ...o, format: options.format, ...options.command });
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      output += `pgpartition: ${err.message}\n  fix: ${err.fix}\n`;
      code = err.exitCode;
    }
    return { code, output, stdout };
  };
  return {
    pg,
    citus,
    pool,
    provider,
    outputDir,
    env,
    run,
    async pgpartition(command, asOf) {
      const r = await run(command, asOf);
      assert.ok(r.code === ExitCode.Ok || (command === 'plan-summary' && r.code === ExitCode.Changes), `pgpartition ${command} exited ${r.code}:\n${r.output}`);
      return r.output;
    },
    async stop() {
      await pool.end();
      await (citus ?? pg).stop();
      rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
