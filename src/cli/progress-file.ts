/**
 * The CLI's end of the provider's per-window progress channel (src/provider/windows/progress.ts): a
 * fresh file named in `PGPARTITION_PROGRESS_FILE` for terraform's environment, read while terraform
 * runs, each complete line handed on as a window step.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROGRESS_FILE_ENV, type WindowStepEvent } from '../provider/windows/progress';

/** A progress file being read. */
export interface ProgressFile {
  /** Environment entries that point the provider at the file. */
  readonly env: Readonly<Record<string, string>>;
  /** Reads what is left, stops reading and removes the file. */
  stop(): void;
}

/** How often the file is read while terraform runs, in milliseconds. */
const POLL_MS = 200;

/** Creates the file and reads it every {@link POLL_MS} ms, calling `onStep` for each well-formed line. */
export function watchProgressFile(onStep: (step: WindowStepEvent) => void): ProgressFile {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgpartition-progress-'));
  const file = path.join(dir, 'windows.jsonl');
  const fd = openSync(file, 'a+');
  let offset = 0;
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
      const step = parseStep(line);
      if (step) onStep(step);
    }
  };
  const timer = setInterval(read, POLL_MS);
  return {
    env: { [PROGRESS_FILE_ENV]: file },
    stop() {
      clearInterval(timer);
      read();
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function parseStep(line: string): WindowStepEvent | null {
  try {
    const v = JSON.parse(line) as Partial<WindowStepEvent>;
    return typeof v.window === 'string' && (v.action === 'attached' || v.action === 'retired') ? { window: v.window, action: v.action } : null;
  } catch {
    return null;
  }
}
