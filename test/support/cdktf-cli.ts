/**
 * Runs the plain cdktf CLI (the `cdktf` of node_modules, as `npx cdktf` finds it) the way a user
 * does: a bash script in the package root, so setup lines such as `eval "$(npx pgpartition provider
 * install)"` run as the README gives them. Output is kept (ANSI codes and cdktf's spinner frames
 * removed) for the test to read.
 */
import { spawn } from 'node:child_process';
import { stripAnsi } from '../../src/cli/terraform';
import { PACKAGE_ROOT } from '../../src/provider/install';

export interface ShellResult {
  readonly code: number;
  /** stdout and stderr interleaved, without ANSI codes. */
  readonly output: string;
}

/** Runs `script` with `bash -e` in the package root with exactly `env`. */
export function runCdktfScript(script: string, env: NodeJS.ProcessEnv): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd: PACKAGE_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (output += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (output += t));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output: stripAnsi(output) }));
  });
}
