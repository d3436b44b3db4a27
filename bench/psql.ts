/** Runs psql the way the floors, the workaround and the COPY floor do: `psql -X -q -v ON_ERROR_STOP=1`. */
import { runCommand } from './command';

/** The psql arguments every psql run of the bench uses, before `-d` and what to run. */
export const PSQL_FLAGS = ['-X', '-q', '-v', 'ON_ERROR_STOP=1'];

/**
 * Runs `psql <flags> -d <url> -f <file>`; resolves when psql exits 0.
 * @throws Error with psql's exit code and output otherwise (the script's first failing statement).
 */
export async function runPsqlFile(url: string, file: string): Promise<void> {
  await runCommand('psql', [...PSQL_FLAGS, '-d', url, '-f', file], { label: `psql -f ${file}` });
}

/** Runs one psql meta-command or statement (`psql -c`), e.g. a `\copy`. */
export async function runPsqlCommand(url: string, command: string): Promise<void> {
  await runCommand('psql', [...PSQL_FLAGS, '-d', url, '-c', command], { label: `psql -c ${JSON.stringify(command)}` });
}
