// Tests src/cli/apply-output.ts and src/cli/progress-file.ts: terraform's -json apply UI rendered as
// one line per window step in CI, a progress line on a terminal, diagnostics in full.
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyOutput } from '../../src/cli/apply-output';
import { watchProgressFile, withProgressFile } from '../../src/cli/progress-file';
import { progressLine } from '../../src/cli/terminal';
import { PROGRESS_FILE_ENV, reportWindowStep, type WindowStepEvent } from '../../src/provider/windows/progress';

const WINDOW = 'pgpartition_window';

function resource(type: string, name: string) {
  return { addr: `${type}.${name}`, resource_type: type, resource_name: name };
}

/** terraform apply -json lines: planned changes, then starts and completions. */
function ui(): string[] {
  const w1 = resource(WINDOW, 'w_2025_01_06');
  const w2 = resource(WINDOW, 'w_2024_10_07');
  const w3 = resource(WINDOW, 'w_2025_01_13');
  const parent = resource('pgpartition_parent_table', 'ab');
  const lines: object[] = [
    { type: 'version', '@message': 'Terraform 1.11.4' },
    { type: 'planned_change', change: { resource: parent, action: 'update' } },
    { type: 'planned_change', change: { resource: w1, action: 'create' } },
    { type: 'planned_change', change: { resource: w2, action: 'delete' } },
    { type: 'planned_change', change: { resource: w3, action: 'replace' } },
    { type: 'apply_start', '@message': `${parent.addr}: Modifying...`, hook: { resource: parent, action: 'update', id_value: 'public.ab' } },
    { type: 'apply_complete', '@message': `${parent.addr}: Modifications complete after 0s [id=public.ab]`, hook: { resource: parent, action: 'update', id_value: 'public.ab' } },
    { type: 'apply_start', '@message': `${w2.addr}: Destroying... [id=public.ab_2024_10_07]`, hook: { resource: w2, action: 'delete', id_value: 'public.ab_2024_10_07' } },
    { type: 'apply_complete', '@message': `${w2.addr}: Destruction complete after 1s`, hook: { resource: w2, action: 'delete' } },
    { type: 'apply_start', '@message': `${w1.addr}: Creating...`, hook: { resource: w1, action: 'create' } },
    { type: 'apply_progress', '@message': `${w1.addr}: Still creating... [10s elapsed]`, hook: { resource: w1, action: 'create' } },
    { type: 'apply_complete', '@message': `${w1.addr}: Creation complete after 11s [id=public.ab_2025_01_06]`, hook: { resource: w1, action: 'create', id_value: 'public.ab_2025_01_06' } },
    { type: 'apply_start', hook: { resource: w3, action: 'delete', id_value: 'public.ab_2025_01_13' } },
    { type: 'apply_complete', hook: { resource: w3, action: 'delete' } },
    { type: 'apply_errored', '@level': 'error', '@message': `${w3.addr}: Creation errored after 1s`, hook: { resource: w3, action: 'create' } },
    {
      type: 'diagnostic', '@level': 'error', '@message': 'Error: Lock timeout',
      diagnostic: { severity: 'error', summary: 'Lock timeout', detail: 'attach public.ab_2025_01_13 waited 5 x 1 s for a lock held by pid 4711\n(app \'reporting\'): end that transaction and deploy again', address: w3.addr, range: { filename: 'cdk.tf.json', start: { line: 42 } } },
    },
    { type: 'change_summary', '@message': 'Apply complete! Resources: 1 added, 1 changed, 2 destroyed.' },
    { type: 'outputs', outputs: { CurrentWindowStart: { sensitive: false, value: '2025-01-06T00:00:00Z' }, secret: { sensitive: true, value: 'x' } } },
  ];
  return lines.map((l) => JSON.stringify(l));
}

function capture(interactive: boolean) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const progressWrites: string[] = [];
  const progress = progressLine({ isTTY: interactive, write: (t: string) => progressWrites.push(t) }, {});
  const output = applyOutput({ stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t), progress, interactive });
  return { output, stdout, stderr, progressWrites };
}

describe('apply output', () => {
  it('prints one plain line per window step with a count, terraform\'s line for other resources, no ANSI codes', () => {
    const { output, stdout, stderr } = capture(false);
    const text = ui().join('\n');
    for (let i = 0; i < text.length; i += 97) output.feed(text.slice(i, i + 97)); // any chunking
    output.end();
    const out = stdout.join('');
    assert.deepEqual(out.split('\n').filter((l) => l.startsWith('window ')), [
      'window 1/4 retired: public.ab_2024_10_07',
      'window 2/4 attached: public.ab_2025_01_06',
      'window 3/4 retired: public.ab_2025_01_13',
    ]);
    assert.match(out, /^pgpartition_parent_table\.ab: Modifications complete after 0s \[id=public\.ab\]$/m);
    assert.match(out, /Still creating\.\.\. \[10s elapsed\]/);
    assert.match(out, /^Apply complete! Resources: 1 added, 1 changed, 2 destroyed\.$/m);
    assert.match(out, /^CurrentWindowStart = "2025-01-06T00:00:00Z"$/m);
    assert.match(out, /^secret = <sensitive>$/m);
    assert.doesNotMatch(out + stderr.join(''), /\x1b/);
    assert.equal(output.text.includes('window 3/4 retired'), true);
  });

  it('shows a diagnostic in full on stderr: summary, resource, place and the whole detail', () => {
    const { output, stderr } = capture(false);
    ui().forEach((l) => output.feed(`${l}\n`));
    output.end();
    const err = stderr.join('');
    assert.match(err, /Creation errored after 1s/);
    assert.ok(err.includes([
      'Error: Lock timeout',
      '',
      '  with pgpartition_window.w_2025_01_13,',
      '  on cdk.tf.json line 42',
      '',
      'attach public.ab_2025_01_13 waited 5 x 1 s for a lock held by pid 4711',
      '(app \'reporting\'): end that transaction and deploy again',
    ].join('\n')), err);
  });

  it('counts a window once when the provider\'s progress file reports it too, and windows only the provider reports', () => {
    const { output, stdout } = capture(false);
    output.expectWindowSteps(1); // e.g. a resource holding many windows
    const lines = ui();
    lines.slice(0, 8).forEach((l) => output.feed(`${l}\n`));
    output.windowStep({ window: 'public.ab_2024_10_07', action: 'retired' }); // the provider was first
    output.windowStep({ window: 'public.other_2025_01_06', action: 'attached' });
    lines.slice(8).forEach((l) => output.feed(`${l}\n`));
    output.end();
    assert.deepEqual(stdout.join('').split('\n').filter((l) => l.startsWith('window ')), [
      'window 1/5 retired: public.ab_2024_10_07',
      'window 2/5 attached: public.other_2025_01_06',
      'window 3/5 attached: public.ab_2025_01_06',
      'window 4/5 retired: public.ab_2025_01_13',
    ]);
  });

  it('on a terminal, updates one progress line with the window steps instead of printing them', () => {
    const { output, stdout, progressWrites } = capture(true);
    ui().forEach((l) => output.feed(`${l}\n`));
    output.end();
    assert.equal(stdout.join('').includes('window '), false);
    assert.ok(progressWrites.includes('\r\x1b[2Kwindow 2/4 attached: public.ab_2025_01_06'), progressWrites.join('|'));
    assert.equal(progressWrites.at(-1), '\r\x1b[2K', 'the progress line is erased at the end');
  });

  it('passes a line that is not terraform\'s JSON through to stderr as it came', () => {
    const { output, stderr } = capture(false);
    output.feed('panic: something broke\n');
    output.end();
    assert.equal(stderr.join(''), 'panic: something broke\n');
  });
});

describe('progress file', () => {
  it('hands on each window step the provider appends after the watch began, once the file is read, and removes the file', async () => {
    const steps: WindowStepEvent[] = [];
    const expected: number[] = [];
    let named = '';
    await withProgressFile(async (env) => {
      named = env[PROGRESS_FILE_ENV];
      reportWindowStep({ window: 'public.ab_2024_01_01', action: 'attached' }, env); // an earlier apply's
      const watch = watchProgressFile(named, (s) => steps.push(s), (n) => expected.push(n));
      reportWindowStep({ expect: 3 }, env);
      reportWindowStep({ window: 'public.ab_2025_01_06', action: 'attached' }, env);
      reportWindowStep({ window: 'public.ab_2024_10_07', action: 'retired' }, env);
      reportWindowStep({ window: 'public.ab_2024_10_14', action: 'archived' }, env);
      watch.stop();
    });
    assert.equal(existsSync(named), false);
    assert.deepEqual(expected, [3]);
    assert.deepEqual(steps, [
      { window: 'public.ab_2025_01_06', action: 'attached' },
      { window: 'public.ab_2024_10_07', action: 'retired' },
      { window: 'public.ab_2024_10_14', action: 'archived' },
    ]);
  });

  it('costs the provider nothing without the variable', () => {
    assert.doesNotThrow(() => reportWindowStep({ window: 'public.x', action: 'attached' }, {}));
    assert.doesNotThrow(() => reportWindowStep({ window: 'public.x', action: 'attached' }, { PGPARTITION_PROGRESS_FILE: '/nonexistent/dir/file' }));
  });
});
