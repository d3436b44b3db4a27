/**
 * The shared set-up of `pgpartition plan`, `apply` and `deploy`: the stack's connection (checked and
 * named before anything runs), the provider installed in its offline mirror, the app synthesized,
 * its state backend checked and named, and `terraform init` in the stack's directory. Terraform runs
 * with the mirror's CLI config (`TF_CLI_CONFIG_FILE`), so it never looks for the provider online.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { DATABASE_URL_ENV_OVERRIDE } from '../constructs/connection-env';
import { AS_OF_ENV } from '../constructs/as-of';
import type { Installation } from '../provider/install';
import { CliError } from './errors';
import { withProgressFile } from './progress-file';
import { withProviderProcess } from './provider-process';
import { installDefault, stackConnection, type StackConnection } from './stack-setup';
import { defaultOutputDir, synthesize } from './synth';
import { checkStateConnection, DEFAULT_LOCK_TIMEOUT, describeState, initializedBackend, sameBackend, synthesizedBackend } from './state';
import { runTerraform, useColour, type OutputSink } from './terraform';

/** Options every stack command takes. */
export interface StackOptions extends OutputSink {
  /** Stack name, e.g. `staging`. */
  readonly stack: string;
  /** The NAME of the variable holding the URL, chosen on purpose. @default `<STACK>_DATABASE_URL` */
  readonly databaseUrlEnv?: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Directory holding `cdktf.json`. @default process.cwd() */
  readonly projectDir?: string;
  /** Where the app writes its stacks. @default the `output` of cdktf.json, else `cdktf.out` */
  readonly outputDir?: string;
  /** An installed provider mirror. @default - installs the provider into `.pgpartition/` of the package root */
  readonly provider?: Installation;
  /** Receives pgpartition's own progress lines. @default process.stderr */
  readonly log?: (line: string) => void;
  /** Copy the state to a backend that changed since the last init (`terraform init -migrate-state`). @default false: re-initialise without copying */
  readonly migrateState?: boolean;
  /** How long plan and apply wait for another run's state lock (terraform's `-lock-timeout`). @default '5m' */
  readonly lockTimeout?: string;
}

/** A stack ready for terraform commands. */
export interface PreparedStack {
  readonly stack: string;
  readonly connection: StackConnection;
  /** The synthesized stack's directory, where terraform runs. */
  readonly stackDir: string;
  /** Environment of terraform (and of the app): the mirror, the connection variable's name, a pinned asOf. */
  readonly env: NodeJS.ProcessEnv;
  /** `-no-color` unless colour is wanted (see `useColour`). */
  readonly colourFlags: readonly string[];
  /** The installed provider. */
  readonly provider: Installation;
  /** The instant the app plans the calendar for (ISO 8601 UTC). */
  readonly asOf: string;
  readonly log: (line: string) => void;
  readonly sinks: OutputSink;
  /** Where the state lives, for messages (e.g. `pg schema pgpartition_state_staging of user@host:5432/db (PG_CONN_STR)`). */
  readonly state: string;
  /** terraform's `-lock-timeout`, e.g. `5m`. */
  readonly lockTimeout: string;
}

/** The default plan file of a stack directory: `plan`, where `cdktf diff` keeps it too. */
export function defaultPlanFile(stackDir: string): string {
  return path.join(stackDir, 'plan');
}

/**
 * Checks the connection, installs the provider, synthesizes the app (unless `synth` is false and the
 * stack directory already holds a `cdk.tf.json`) and runs `terraform init`.
 *
 * The instant the calendar is planned for is pinned here: `PGPARTITION_AS_OF` when set, else now;
 * the app gets it in that variable and the plan record keeps it, so a reviewed plan says which
 * instant it was made for (a `pgpartition:asOf` context key in cdktf.json still wins in the app).
 * @throws CliError when the connection variable is unset or malformed, the app fails, or init fails.
 */
export async function prepareStack(o: StackOptions, synth: 'always' | 'if-missing'): Promise<PreparedStack> {
  const baseEnv = o.env ?? process.env;
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const connection = stackConnection(o.stack, baseEnv, o.databaseUrlEnv);
  const projectDir = path.resolve(o.projectDir ?? process.cwd());
  const provider = o.provider ?? (await installDefault());
  const asOf = baseEnv[AS_OF_ENV] || new Date().toISOString();
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    TF_CLI_CONFIG_FILE: provider.cliConfigFile,
    CHECKPOINT_DISABLE: '1',
    [AS_OF_ENV]: asOf,
    ...(o.databaseUrlEnv ? { [DATABASE_URL_ENV_OVERRIDE]: o.databaseUrlEnv } : {}),
  };
  const sinks: OutputSink = { stdout: o.stdout, stderr: o.stderr };
  const outputDir = path.resolve(projectDir, o.outputDir ?? defaultOutputDir(projectDir));
  let stackDir = path.join(outputDir, 'stacks', o.stack);
  if (synth === 'always' || !existsSync(path.join(stackDir, 'cdk.tf.json'))) {
    log(`pgpartition: synthesizing the cdktf app in ${projectDir}`);
    stackDir = (await synthesize({ projectDir, stack: o.stack, outputDir, env, onOutput: o.stderr })).stackDir;
  }
  const backend = synthesizedBackend(stackDir);
  checkStateConnection(backend, o.stack, env);
  const state = describeState(backend, env);
  const lockTimeout = o.lockTimeout ?? DEFAULT_LOCK_TIMEOUT;
  const prepared = { stack: o.stack, connection, stackDir, env, asOf, log, sinks, provider, state, lockTimeout, colourFlags: useColour(baseEnv) ? [] : ['-no-color'] };
  await init(prepared, o.migrateState === true);
  return prepared;
}

/**
 * Runs `body` with one provider process for all of its terraform commands (see ./provider-process.ts):
 * `TF_REATTACH_PROVIDERS` in the stack's environment. Without it (`PGPARTITION_REATTACH=0`, or a stack
 * with more than one pgpartition provider configuration, which one process cannot serve) terraform
 * starts the provider itself, as plain terraform and cdktf do. Either way the provider reports its
 * window steps to a fresh progress file (./progress-file.ts) that `applyPlan` shows.
 */
export async function withStackProvider<T>(s: PreparedStack, body: (s: PreparedStack) => Promise<T>): Promise<T> {
  return withProgressFile((progress) => {
    const env = { ...s.env, ...progress };
    if (s.env.PGPARTITION_REATTACH === '0' || providerConfigurations(s.stackDir) !== 1) return body({ ...s, env });
    return withProviderProcess(s.provider.executable, env, (p) => body({ ...s, env: { ...env, TF_REATTACH_PROVIDERS: p.reattach } }));
  });
}

/** How many `provider "pgpartition"` blocks the synthesized stack declares (aliases included). */
function providerConfigurations(stackDir: string): number {
  try {
    const config = JSON.parse(readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as { provider?: { pgpartition?: unknown[] } };
    return config.provider?.pgpartition?.length ?? 0;
  } catch {
    return 0;
  }
}

/**
 * `terraform init` in the stack directory, quiet unless it fails. A backend that changed since the
 * last init (another type, another state file or schema) is re-initialised: with `-reconfigure`,
 * which starts from the new backend's state (and says so), or with `-migrate-state -force-copy`
 * when asked, which copies the old state over first. Without either terraform fails with "Backend
 * configuration changed". When the provider's checksum no longer matches the lock file (the
 * package was upgraded or rebuilt), the lock file is removed and init runs once more: the mirror
 * holds the only copy terraform may use.
 */
async function init(s: Pick<PreparedStack, 'stack' | 'stackDir' | 'env' | 'colourFlags' | 'log' | 'sinks' | 'state' | 'lockTimeout'>, migrateState: boolean): Promise<void> {
  const previous = initializedBackend(s.stackDir);
  const current = synthesizedBackend(s.stackDir);
  const moved = previous !== null && !sameBackend(previous, current);
  if (moved) {
    const from = describeState(previous, s.env);
    s.log(migrateState
      ? `pgpartition: the state of stack ${s.stack} moved from ${from} to ${s.state}: copying it over (--migrate-state)`
      : `pgpartition: the state of stack ${s.stack} moved from ${from} to ${s.state}: using the state found there, the old one is not copied (to copy it, run again with --migrate-state)`);
  }
  const mode = migrateState ? ['-migrate-state', '-force-copy', `-lock-timeout=${s.lockTimeout}`] : ['-reconfigure'];
  const args = ['init', '-input=false', ...mode, ...s.colourFlags];
  let result = await runTerraform(args, { cwd: s.stackDir, env: s.env, quiet: true });
  if (result.code !== 0 && /checksum/i.test(result.output) && result.output.includes('pgpartition/pgpartition')) {
    s.log('pgpartition: the installed provider differs from the one in .terraform.lock.hcl (upgraded or rebuilt): locking it again');
    rmSync(path.join(s.stackDir, '.terraform.lock.hcl'), { force: true });
    result = await runTerraform(args, { cwd: s.stackDir, env: s.env, quiet: true });
  }
  if (result.code !== 0) {
    (s.sinks.stderr ?? ((t: string) => process.stderr.write(t)))(result.output);
    throw new CliError(
      `terraform init failed in ${s.stackDir} (exit ${result.code}); the state is kept in ${s.state}`,
      current.type === 'pg'
        ? 'read terraform\'s errors above; for the state database check PG_CONN_STR (terraform\'s driver defaults to sslmode=require: a server without TLS needs ?sslmode=disable)'
        : 'read terraform\'s errors above; a missing provider means `pgpartition provider install` could not write its mirror',
    );
  }
}
