/**
 * Runs the real `terraform` binary for the CLI's stack commands: its own text reaches the user in
 * full (streamed as it comes, never summarised away: a pipeline log must show every diagnostic), and
 * is kept so a command can save it beside a plan file or search it.
 *
 * Terraform's flags for unattended runs (Terraform docs, "Running Terraform in automation"):
 * `-input=false` on every command that could prompt, `TF_IN_AUTOMATION=1` so it does not suggest
 * commands to type next, `CHECKPOINT_DISABLE=1` (no update check: these runs are offline), and
 * `-no-color` whenever the output is not a colour terminal (see {@link useColour}).
 */
import { spawn } from 'node:child_process';

/** Where a command's terraform output goes, besides being kept. */
export interface OutputSink {
  /** Receives terraform's stdout text as it arrives. @default process.stdout */
  readonly stdout?: (text: string) => void;
  /** Receives terraform's stderr text as it arrives. @default process.stderr */
  readonly stderr?: (text: string) => void;
}

export interface TerraformRun extends OutputSink {
  /** Working directory: the synthesized stack's directory. */
  readonly cwd: string;
  /** The whole environment of the terraform process. */
  readonly env: NodeJS.ProcessEnv;
  /** Keep the output but do not stream it (e.g. `terraform init`, shown only when it fails). @default false */
  readonly quiet?: boolean;
}

export interface TerraformResult {
  /** Exit code; 128 + n when terraform died of signal n. */
  readonly code: number;
  /** stdout and stderr interleaved as they arrived, without ANSI colour codes. */
  readonly output: string;
  /** stdout alone, as written (for machine-readable output such as `show -json`). */
  readonly stdout: string;
}

/**
 * True when terraform (and our own printing) may use colour: stdout is a terminal, `NO_COLOR` is
 * unset (no-color.org) and `CI` is not set to a true value (CI logs keep escape codes verbatim).
 */
export function useColour(env: NodeJS.ProcessEnv = process.env, stream: { isTTY?: boolean } = process.stdout): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  return stream.isTTY === true && env.NO_COLOR === undefined && !ci;
}

/** Removes ANSI escape sequences (colours, cursor movement) from `text`. */
export function stripAnsi(text: string): string {
  // CSI sequences (ESC [ ... final byte) and the two-byte ESC sequences terraform does not use but cdktf does
  return text.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '').replace(/\x1b[@-Z\\-_]/g, '');
}

/**
 * Runs `terraform <args>`, streaming its output unless `quiet`. Resolves with the exit code and
 * the output; never rejects for a non-zero exit.
 * @throws Error naming the fix when the `terraform` binary cannot be started (not on PATH).
 */
export function runTerraform(args: readonly string[], o: TerraformRun): Promise<TerraformResult> {
  const out = o.stdout ?? ((t: string) => process.stdout.write(t));
  const err = o.stderr ?? ((t: string) => process.stderr.write(t));
  const env = { ...o.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [...args], { cwd: o.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    const forward = (sink: (t: string) => void) => (chunk: string) => {
      output += chunk;
      if (!o.quiet) sink(chunk);
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stdout.on('data', forward(out));
    child.stderr.setEncoding('utf8').on('data', forward(err));
    child.on('error', (e) =>
      reject(new Error(`cannot run terraform: ${e.message}. Install Terraform 1.5 or newer and put it on PATH`, { cause: e })),
    );
    child.on('close', (code, signal) => {
      const signalNumber = signal ? ({ SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 1 : 0;
      resolve({ code: code ?? 128 + signalNumber, output: stripAnsi(output), stdout });
    });
  });
}

/**
 * The `Error:` diagnostics of terraform's human-readable output, each with its detail, in order;
 * empty when there are none. Terraform boxes diagnostics (`╷ │ ╵`) in colour mode and prints them
 * bare with `-no-color`; a bare one runs until the next diagnostic or the end of the output.
 */
export function terraformErrors(output: string): string[] {
  const blocks: string[] = [];
  let current: string[] | null = null;
  const close = () => {
    if (current) blocks.push(current.join('\n').replace(/\n{3,}/g, '\n\n').trim());
    current = null;
  };
  for (const raw of stripAnsi(output).split('\n')) {
    if (/^\s*╵/.test(raw)) {
      close();
      continue;
    }
    const line = raw.replace(/^\s*[│╷]\s?/, '');
    if (/^Error: /.test(line)) {
      close();
      current = [line];
    } else if (/^Warning: /.test(line)) close();
    else current?.push(line);
  }
  close();
  return blocks;
}
