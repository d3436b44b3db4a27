import { CommanderError, type Command } from 'commander';

/**
 * Exit codes every command returns. `Ok`, `Failed` and `Changes` are those of `terraform plan
 * -detailed-exitcode` (0 no changes, 1 error, 2 changes), so a pipeline reads ours the same way;
 * usage errors take 64 (`EX_USAGE` of BSD sysexits.h) so they never read as "changes".
 */
export enum ExitCode {
  Ok = 0,
  Failed = 1,
  Changes = 2,
  Usage = 64,
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
 * stack traces only with `--debug`. Sets `process.exitCode` from the command's result. Usage
 * errors commander finds (unknown option or command, missing argument) get the same two lines,
 * the fix naming the command's `--help`, and exit code {@link ExitCode.Usage}.
 */
export async function runCli(program: Command, argv: readonly string[]): Promise<void> {
  reportUsageErrors(program);
  try {
    await program.parseAsync(argv as string[]);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage; // help for a missing subcommand went to stderr
      return;
    }
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

/**
 * Makes commander throw instead of exiting, and turns its one-line usage errors into CliErrors,
 * on `command` and every subcommand (commander copies settings only to subcommands added later).
 */
function reportUsageErrors(command: Command): void {
  const usage = [...ancestry(command)].map((c) => c.name()).join(' ');
  command.configureOutput({ outputError: () => undefined }); // printed by runCli, with the fix
  command.exitOverride((err) => {
    if (err.exitCode === 0 || err.code === 'commander.help') throw err;
    throw new CliError(err.message.replace(/^error: /, ''), `run "${usage} --help" to see its arguments and options`, ExitCode.Usage);
  });
  command.commands.forEach(reportUsageErrors);
}

/** `command` and its parents, outermost first. */
function* ancestry(command: Command | null): Generator<Command> {
  if (command === null) return;
  yield* ancestry(command.parent);
  yield command;
}
