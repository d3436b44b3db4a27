import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SpecError } from '../../src/core/errors';
import { runApp } from '../../src/constructs';

/** Runs `main` through runApp with captured output and exit code. */
function run(main: () => void): { stderr: string; code: number | null } {
  let stderr = '';
  let code: number | null = null;
  runApp(main, { writeError: (text) => (stderr += text), exit: (c) => (code = c) });
  return { stderr, code };
}

describe('runApp', () => {
  it('runs the app and leaves the exit code alone when it synthesizes', () => {
    let ran = false;
    assert.deepEqual(run(() => (ran = true)), { stderr: '', code: null });
    assert.ok(ran);
  });

  it('fails with exit code 1, printing a SpecError as two lines (problem, then fix) and no stack trace', () => {
    const result = run(() => {
      throw new SpecError('premake', '-1 is not an integer >= 0', 'use 0 or more windows, or omit it for the default of 4');
    });
    assert.deepEqual(result, { stderr: 'pgpartition: premake: -1 is not an integer >= 0\n  fix: use 0 or more windows, or omit it for the default of 4\n', code: 1 });
  });

  it('fails loudly on any other error, which is a bug: rethrown with its stack', () => {
    assert.throws(() => run(() => {
      throw new TypeError('boom');
    }), /boom/);
  });
});
