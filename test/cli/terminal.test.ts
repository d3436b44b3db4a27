// Tests src/cli/terminal.ts: colours and progress lines only for a person at a terminal.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isInteractive, progressLine } from '../../src/cli/terminal';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (t: string) => written.push(t) };
}

describe('terminal', () => {
  it('is interactive only on a TTY outside CI and without NO_COLOR', () => {
    assert.equal(isInteractive(stream(true), {}), true);
    assert.equal(isInteractive(stream(false), {}), false);
    assert.equal(isInteractive(stream(true), { CI: 'true' }), false);
    assert.equal(isInteractive(stream(true), { NO_COLOR: '' }), false);
    assert.equal(isInteractive(stream(true), { CI: 'false' }), true);
  });

  it('rewrites one line in place on a terminal and erases it when done', () => {
    const s = stream(true);
    const progress = progressLine(s, {});
    progress.update('maintain 1/2: analyze-parent ab');
    progress.update('maintain 2/2: vacuum ab_2024_12_16');
    progress.done();
    assert.deepEqual(s.written, ['\r\x1b[2Kmaintain 1/2: analyze-parent ab', '\r\x1b[2Kmaintain 2/2: vacuum ab_2024_12_16', '\r\x1b[2K']);
  });

  it('writes nothing in CI or a pipe', () => {
    for (const [s, env] of [[stream(true), { CI: 'true' }], [stream(false), {}]] as const) {
      const progress = progressLine(s, env);
      progress.update('maintain 1/1');
      progress.done();
      assert.deepEqual(s.written, []);
    }
  });
});
