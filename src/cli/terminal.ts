/**
 * What a command may do to its output stream: colours and a progress line only on a terminal a
 * person watches, never in CI logs or pipes (`CI` set, `NO_COLOR` set, or no TTY).
 */

/** A stream that may be a terminal. */
export interface OutputStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * True when output goes to a terminal outside CI and `NO_COLOR` (https://no-color.org) is unset: colours
 * and progress lines are welcome. `CI=false` and `CI=0` count as unset.
 */
export function isInteractive(stream: OutputStream, env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return stream.isTTY === true && !ci && !('NO_COLOR' in env);
}

/** A one-line progress display, rewritten in place; does nothing unless the stream {@link isInteractive}. */
export interface ProgressLine {
  /** Replaces the line with `text` (cut to 120 characters). */
  update(text: string): void;
  /** Erases the line, so what follows starts on a clean one. */
  done(): void;
}

/** A progress line on `stream` (stderr by default, so stdout stays the report); inert unless {@link isInteractive}. */
export function progressLine(stream: OutputStream = process.stderr, env: NodeJS.ProcessEnv = process.env): ProgressLine {
  if (!isInteractive(stream, env)) return { update: () => undefined, done: () => undefined };
  let shown = false;
  return {
    update(text) {
      stream.write(`\r\x1b[2K${text.length > 120 ? `${text.slice(0, 119)}…` : text}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
