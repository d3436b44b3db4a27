/**
 * The CLI's end of the provider's per-window progress channel (src/provider/windows/progress.ts): a
 * fresh file named in `PGPARTITION_PROGRESS_FILE`, in the environment of the provider process the
 * CLI starts and of terraform (which passes it to a provider it starts itself), read while an apply
 * runs, each complete line handed on as a window step.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROGRESS_FILE_ENV, type ExpectedStepsEvent, type WindowStepEvent } from '../provider/windows/progress';

/** How often the file is read while terraform runs, in milliseconds. */
const POLL_MS = 200;

/**
 * Runs `body` with the environment entries naming a fresh, empty progress file (in a private
 * temporary directory), and removes the file afterwards, also when `body` throws.
 */
export async function withProgressFile<T>(body: (env: Readonly<Record<string, string>>) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgpartition-progress-')); // mode 0700
  const file = path.join(dir, 'windows.jsonl');
  closeSync(openSync(file, 'a'));
  try {
    return await body({ [PROGRESS_FILE_ENV]: file });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Reads `file` from its current end every {@link POLL_MS} ms, calling `onStep` for each window
 * step and `onExpect` for each announced step count; `stop()` reads what is left and stops.
 */
export function watchProgressFile(file: string, onStep: (step: WindowStepEvent) => void, onExpect: (count: number) => void): { stop(): void } {
  const fd = openSync(file, 'r');
  let offset = statSync(file).size; // steps of an earlier apply of the same command are not this one's
  let partial = '';
  const read = () => {
    const chunk = Buffer.alloc(64 * 1024);
    for (let n = readSync(fd, chunk, 0, chunk.length, offset); n > 0; n = readSync(fd, chunk, 0, chunk.length, offset)) {
      offset += n;
      partial += chunk.subarray(0, n).toString('utf8');
    }
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const event = parseEvent(line);
      if (event && 'expect' in event) onExpect(event.expect);
      else if (event) onStep(event);
    }
  };
  const timer = setInterval(read, POLL_MS);
  return {
    stop() {
      clearInterval(timer);
      read();
      closeSync(fd);
    },
  };
}

function parseEvent(line: string): WindowStepEvent | ExpectedStepsEvent | null {
  try {
    const v = JSON.parse(line) as Partial<WindowStepEvent & ExpectedStepsEvent>;
    if (typeof v.expect === 'number' && Number.isInteger(v.expect) && v.expect >= 0) return { expect: v.expect };
    return typeof v.window === 'string' && (v.action === 'attached' || v.action === 'archived' || v.action === 'retired') ? { window: v.window, action: v.action } : null;
  } catch {
    return null;
  }
}
