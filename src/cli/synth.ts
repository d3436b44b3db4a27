/**
 * Synthesizes the cdktf app of a project the way `cdktf synth` does, without the cdktf CLI: runs
 * the `app` command of `cdktf.json` with `CDKTF_OUTDIR` and `CDKTF_CONTEXT_JSON` (the variables
 * cdktf's `App` reads: its outdir, and the `context` of cdktf.json), then reads the stack's
 * directory from the `manifest.json` the app writes. The app's own stderr reaches the user as is.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CliError } from './errors';

/** The parts of `cdktf.json` read here. */
interface CdktfJson {
  readonly app?: string;
  readonly output?: string;
  readonly context?: Record<string, unknown>;
}

/** The parts of cdktf's `manifest.json` read here. */
interface Manifest {
  readonly stacks: Record<string, { readonly workingDirectory: string }>;
}

export interface SynthOptions {
  /** Directory holding `cdktf.json`. */
  readonly projectDir: string;
  /** Stack to find in the synthesized output, e.g. `staging`. */
  readonly stack: string;
  /** Where the app writes. @default the `output` of cdktf.json, else `cdktf.out`, in projectDir */
  readonly outputDir?: string;
  /** Environment of the app. */
  readonly env: NodeJS.ProcessEnv;
  /** Receives the app's stdout and stderr text. @default process.stderr (stdout stays for terraform's plan) */
  readonly onOutput?: (text: string) => void;
}

export interface Synthesized {
  /** Absolute output directory of the app. */
  readonly outputDir: string;
  /** Absolute directory of the stack's `cdk.tf.json`: where terraform runs. */
  readonly stackDir: string;
  /** Every stack the app declares. */
  readonly stacks: readonly string[];
}

/** The output directory synth uses for `projectDir` (see {@link SynthOptions.outputDir}). */
export function defaultOutputDir(projectDir: string): string {
  return path.resolve(projectDir, readCdktfJson(projectDir).output ?? 'cdktf.out');
}

/**
 * Runs the app and locates `stack` in its output.
 * @throws CliError when cdktf.json is missing or has no `app`, when the app fails (its stderr was
 *   shown), or when the app declares no stack of that name (naming the stacks it has).
 */
export async function synthesize(o: SynthOptions): Promise<Synthesized> {
  const config = readCdktfJson(o.projectDir);
  if (!config.app) throw new CliError(`cdktf.json in ${o.projectDir} has no "app"`, 'set "app" to the command that runs your cdktf app, e.g. "npx tsx main.ts"');
  const outputDir = path.resolve(o.projectDir, o.outputDir ?? config.output ?? 'cdktf.out');
  const inherited = o.env.CDKTF_CONTEXT_JSON ? (JSON.parse(o.env.CDKTF_CONTEXT_JSON) as Record<string, unknown>) : {};
  const env = {
    ...o.env,
    CDKTF_OUTDIR: outputDir,
    CDKTF_CONTEXT_JSON: JSON.stringify({ ...(config.context ?? {}), ...inherited }),
  };
  const code = await runApp(config.app, o.projectDir, env, o.onOutput ?? ((t) => process.stderr.write(t)));
  if (code !== 0) {
    throw new CliError(`synthesizing the cdktf app failed (\`${config.app}\` exited ${code})`, 'correct the error the app printed above, then re-run');
  }
  const manifestFile = path.join(outputDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const stacks = Object.keys(manifest.stacks);
  const entry = manifest.stacks[o.stack];
  if (!entry) {
    throw new CliError(`the cdktf app has no stack "${o.stack}"`, `name one of its stacks: ${stacks.join(', ') || '(none)'}`);
  }
  return { outputDir, stackDir: path.resolve(outputDir, entry.workingDirectory), stacks };
}

function readCdktfJson(projectDir: string): CdktfJson {
  const file = path.join(projectDir, 'cdktf.json');
  if (!existsSync(file)) throw new CliError(`no cdktf.json in ${projectDir}`, 'run the command from the project root (where cdktf.json is)');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CdktfJson;
  } catch (err) {
    throw new CliError(`cdktf.json in ${projectDir} is not valid JSON: ${(err as Error).message}`, 'correct the file');
  }
}

function runApp(command: string, cwd: string, env: NodeJS.ProcessEnv, onOutput: (text: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    // a shell, as cdktf runs it: "app" is a command line such as `npx tsx stacks/main.ts`
    const child = spawn(command, { cwd, env, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', onOutput);
    child.stderr.setEncoding('utf8').on('data', onOutput);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
