/** Runs a command the way the bench times the psql and CLI contenders: a whole process, start to exit. */
import { spawn } from 'node:child_process';

export interface CommandOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** How errors name the command; never the arguments, which may hold a URL with its password. @default the command */
  readonly label?: string;
}

/**
 * Runs `command args...`, keeping stdout and stderr interleaved; resolves when it exits 0.
 * @throws Error with the exit code and the output's last 60 lines otherwise, or when it cannot start.
 */
export function runCommand(command: string, args: readonly string[], o: CommandOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: o.cwd, env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => output.push(b));
    child.stderr.on('data', (b: Buffer) => output.push(b));
    const label = o.label ?? command;
    child.on('error', (e) => reject(new Error(`cannot run ${label}: ${e.message}`, { cause: e })));
    child.on('close', (code, signal) => {
      const text = Buffer.concat(output).toString('utf8');
      if (code === 0) resolve(text);
      else reject(new Error(`${label} exited ${code ?? signal}:\n${text.split('\n').slice(-60).join('\n')}`));
    });
  });
}
