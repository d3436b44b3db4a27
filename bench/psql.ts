/** Runs psql scripts the way the floors and the workaround do: `psql -X -q -v ON_ERROR_STOP=1 -f`. */
import { spawn } from 'node:child_process';

/** The psql arguments every psql run of the bench uses, before `-f <file>`. */
export const PSQL_FLAGS = ['-X', '-q', '-v', 'ON_ERROR_STOP=1'];

/**
 * Runs `psql <flags> -d <url> -f <file>`; resolves when psql exits 0.
 * @throws Error with psql's exit code and stderr otherwise (the script's first failing statement).
 */
export function runPsqlFile(url: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', [...PSQL_FLAGS, '-d', url, '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    const err: Buffer[] = [];
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new Error(`cannot run psql (is it on PATH?): ${e.message}`, { cause: e })));
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`psql -f ${file} exited ${code}:\n${Buffer.concat(err).toString('utf8')}`)),
    );
  });
}
