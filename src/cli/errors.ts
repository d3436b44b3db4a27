import type { Command } from 'commander';

/** Exit codes every command returns. */
export enum ExitCode {
  Ok = 0,
  Failed = 1,
  Usage = 2,
  ChangesPending = 3,
}

/** An error a user can fix: printed as two lines, the problem and the fix. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly fix: string,
    readonly exitCode: ExitCode = ExitCode.Failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * Parses argv, runs the command, and maps errors to two-line messages (problem, then fix);
 * stack traces only with `--debug`. Sets `process.exitCode` from the command's result.
 */
export async function runCli(program: Command, argv: readonly string[]): Promise<void> {
  try {
    await program.parseAsync(argv as string[]);
  } catch (err) {
    const debug = program.opts<{ debug?: boolean }>().debug === true;
    if (err instanceof CliError) {
      process.stderr.write(`pgpartition: ${err.message}\n  fix: ${err.fix}\n`);
      process.exitCode = err.exitCode;
    } else {
      process.stderr.write(`pgpartition: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = ExitCode.Failed;
    }
    if (debug && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  }
}
