/**
 * Test harness for running the real `terraform` against the provider (used by every integration
 * test of the provider). Nothing is mocked: it bundles and installs the provider with
 * src/provider/install.ts into a temp directory (once per test process and entry point), writes the
 * given HCL into a fresh temp working directory, and runs terraform there.
 *
 * ```ts
 * const tf = await terraformWorkdir({ 'main.tf': hcl });         // real provider (src/provider/main.ts)
 * const tf = await terraformWorkdir(files, { entry: ECHO_ENTRY }); // another entry, e.g. a fixture
 * assertOk(await tf.init());
 * assertOk(await tf.apply());
 * assert.equal((await tf.planExitCode()), 0);                    // -detailed-exitcode: 0 empty, 2 changes
 * const state = await tf.showJson();                             // `terraform show -json`, parsed
 * tf.write('main.tf', newHcl);                                   // change the config between runs
 * await tf.cleanup();
 * ```
 * Every run sets TF_CLI_CONFIG_FILE (the installed mirror config), CHECKPOINT_DISABLE=1 and
 * TF_IN_AUTOMATION=1 and TF_INPUT=0, and passes -input=false -no-color to the commands that take them. Provider logs go to `<workdir>/provider.log`
 * (PGPARTITION_PROVIDER_LOG). A terraform that cannot start fails the test with the reason.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installProvider, type Installation } from '../../src/provider/install';

export interface RunResult {
  /** Exit code of terraform. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface WorkdirOptions {
  /** Entry point to bundle as the provider, relative to the package root. @default 'src/provider/main.ts' */
  readonly entry?: string;
  /** Extra environment for every terraform run (e.g. PGHOST for the real provider). */
  readonly env?: NodeJS.ProcessEnv;
}

/** Commands that take both -input=false and -no-color. */
const FLAGGED_COMMANDS = new Set(['init', 'plan', 'apply', 'destroy', 'import', 'refresh']);

const installs = new Map<string, Promise<Installation>>();

/** Installs the provider built from `entry` into a temp dir, once per test process. */
export function installOnce(entry = 'src/provider/main.ts'): Promise<Installation> {
  let install = installs.get(entry);
  if (!install) {
    const dir = mkdtempSync(join(tmpdir(), 'pgpartition-provider-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    install = installProvider({ dir, entry });
    installs.set(entry, install);
  }
  return install;
}

export class TerraformWorkdir {
  constructor(
    /** The working directory holding the HCL, state and lock file. */
    readonly dir: string,
    readonly installation: Installation,
    /** Terraform's environment for every command. */
    readonly env: NodeJS.ProcessEnv,
  ) {}

  /** The same working directory with `extra` added to terraform's environment (e.g. `TF_REATTACH_PROVIDERS`). */
  withEnv(extra: NodeJS.ProcessEnv): TerraformWorkdir {
    return new TerraformWorkdir(this.dir, this.installation, { ...this.env, ...extra });
  }

  /** Writes (or overwrites) a file of the working directory. */
  write(name: string, content: string): void {
    writeFileSync(join(this.dir, name), content);
  }

  /**
   * Runs `terraform <command> [-input=false -no-color] <args...>`; `command` may have words
   * (`'state rm'`). The two flags go where the command takes them; TF_INPUT=0 covers the rest.
   */
  run(command: string, ...args: string[]): Promise<RunResult> {
    const words = command.split(' ');
    const flags = FLAGGED_COMMANDS.has(command) ? ['-input=false', '-no-color'] : [];
    return runTerraform(this.dir, [...words, ...flags, ...args], this.env);
  }

  init(): Promise<RunResult> {
    return this.run('init');
  }

  plan(...args: string[]): Promise<RunResult> {
    return this.run('plan', ...args);
  }

  apply(...args: string[]): Promise<RunResult> {
    return this.run('apply', '-auto-approve', ...args);
  }

  destroy(...args: string[]): Promise<RunResult> {
    return this.run('destroy', '-auto-approve', ...args);
  }

  /** `terraform import <address> <id>`. */
  import(address: string, id: string): Promise<RunResult> {
    return this.run('import', address, id);
  }

  /** `plan -detailed-exitcode`: 0 no changes, 1 error, 2 changes. */
  async planExitCode(...args: string[]): Promise<RunResult> {
    return this.run('plan', '-detailed-exitcode', ...args);
  }

  /** `terraform show -json` (the state), parsed. Throws with stderr when terraform fails. */
  async showJson(): Promise<any> {
    const result = await runTerraform(this.dir, ['show', '-json', '-no-color'], this.env);
    if (result.code !== 0) throw new Error(`terraform show -json failed (${result.code}):\n${result.stderr}`);
    return JSON.parse(result.stdout);
  }

  async cleanup(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A fresh temp working directory with `files` (name -> content) and the provider installed. */
export async function terraformWorkdir(files: Record<string, string>, options: WorkdirOptions = {}): Promise<TerraformWorkdir> {
  const installation = await installOnce(options.entry);
  const dir = mkdtempSync(join(tmpdir(), 'pgpartition-tf-'));
  const env = {
    ...process.env,
    ...options.env,
    TF_CLI_CONFIG_FILE: installation.cliConfigFile,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    PGPARTITION_PROVIDER_LOG: join(dir, 'provider.log'),
  };
  const workdir = new TerraformWorkdir(dir, installation, env);
  for (const [name, content] of Object.entries(files)) workdir.write(name, content);
  return workdir;
}

/** Asserts terraform exited 0, showing its output otherwise (the reason a test failed). */
export function assertOk(result: RunResult, what = 'terraform'): RunResult {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  return result;
}

function runTerraform(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new Error(`cannot run terraform (is terraform 1.11 on PATH?): ${e.message}`, { cause: e })));
    child.on('close', (code) =>
      resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}
