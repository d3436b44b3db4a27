/**
 * The entry point of a cdktf app that declares pgpartition tables: an invalid spec is a user's
 * mistake, not a crash, so it reads like every other pgpartition error (two lines, the problem and
 * the fix) instead of a Node stack trace (safety rule 9).
 */
import { SpecError } from '../core/errors';

/** Where {@link runApp} reports and how it ends the process; tests pass their own. */
export interface RunAppIo {
  /** Writes to standard error. */
  readonly writeError: (text: string) => void;
  /** Makes the process end with `code`. */
  readonly exit: (code: number) => void;
}

const PROCESS_IO: RunAppIo = {
  writeError: (text) => process.stderr.write(text),
  exit: (code) => {
    process.exitCode = code; // the process ends once stderr is flushed, as nothing else is pending
  },
};

/**
 * Runs `main` (build the stacks, then `app.synth()`). A SpecError thrown by it is printed as
 *
 * ```
 * pgpartition: <prop>: <problem>
 *   fix: <fix>
 * ```
 *
 * on standard error, and the process exits with code 1 (`cdktf synth` then fails and shows those
 * lines). Any other error is a bug and is rethrown, stack and all.
 * @param main the app's body, synchronous as cdktf apps are
 * @param io where to report and how to exit @default - process.stderr and process.exit
 */
export function runApp(main: () => void, io: RunAppIo = PROCESS_IO): void {
  try {
    main();
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    io.writeError(`pgpartition: ${err.field}: ${err.problem}\n  fix: ${err.fix}\n`);
    io.exit(1);
  }
}
