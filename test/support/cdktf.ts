/**
 * `Testing.app()` for tests, with an output directory that is removed when the test process exits:
 * cdktf's own default is a fresh `mkdtemp` per app that it never deletes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing, type App } from 'cdktf';

const outdirs: string[] = [];
process.on('exit', () => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/** A cdktf testing App (stub versions, no cdktf.json needed) with `context`, cleaned up at exit. */
export function testApp(context?: Record<string, unknown>): App {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'pgpartition-synth-'));
  outdirs.push(outdir);
  return Testing.app({ outdir, context });
}
