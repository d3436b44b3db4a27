/**
 * `npm run bench -- --quick`, its smallest case once: one repetition of the window contenders'
 * create (the provider beside the floors and the workaround), the handshake and the small insert,
 * written to a temporary directory, never to bench/. Checks that every contender ran and was
 * checked, the shape of results.json (step, contender, samples, median; ratio, target, verdict) and
 * that BENCHMARKS.md is written; never the times.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResults } from '../../bench/results';
import { PACKAGE_ROOT } from '../../src/provider/install';

const bench = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], { cwd: PACKAGE_ROOT, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });

describe('npm run bench', () => {
  let out: string;
  before(() => {
    out = mkdtempSync(join(tmpdir(), 'pgpartition-bench-test-'));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('runs every contender of the chosen steps, checks each result, and writes results.json and BENCHMARKS.md', () => {
    const args = ['--quick', '--repetitions', '1', '--steps', 'create,handshake,small-insert', '--out', out];
    const r = bench(args);
    assert.equal(r.status, 0, r.stderr);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchResults;
    assert.equal(results.command, `npm run bench -- ${args.join(' ')}`);
    assert.deepEqual(results.steps.map((s) => s.step), ['create', 'handshake', 'small-insert']);
    const ran = results.results.map((x) => `${x.step}: ${x.contender}`).sort();
    assert.deepEqual(ran, [
      'create: plain floor', 'create: provider', 'create: provider (one process per command)', 'create: provider (per-window resources)', 'create: safe floor', 'create: workaround',
      'handshake: node -e', 'handshake: provider',
      'small-insert: CopyInserter', 'small-insert: multi-row INSERT',
    ]);
    for (const x of results.results) {
      assert.deepEqual(x.failures, [], `${x.step}: ${x.contender} failed`);
      assert.equal(x.samples.length, 1);
      assert.ok(typeof x.samples[0] === 'number' && x.samples[0] > 0, `${x.step}: ${x.contender} has no sample`);
      assert.equal(x.median, x.samples[0], `${x.step}: ${x.contender}: the median of one sample is that sample`);
    }
    const targets = results.targets.map((t) => t.label);
    assert.ok(targets.includes('create 6: provider / workaround') && targets.includes('provider start-to-handshake / bare `node -e` (same environment)'), targets.join('\n'));
    for (const t of results.targets) {
      assert.ok(typeof t.ratio === 'number' && t.ratio > 0, `${t.label}: no ratio`);
      assert.deepEqual(t.ratios, [t.ratio]);
      if (t.target === '-') assert.equal(t.verdict, 'NO TARGET', t.label);
      else {
        assert.match(t.target, /^(<=|>=) \d+(\.\d+)?$/, t.label);
        assert.ok(t.verdict === 'PASS' || t.verdict === 'MISS', `${t.label}: ${t.verdict}`);
      }
    }
    const floor = results.targets.find((t) => t.label === 'create 6: provider / safe floor (standalone + ATTACH)');
    assert.deepEqual(floor && { step: floor.step, contender: floor.contender, versus: floor.versus, target: floor.target }, { step: 'create', contender: 'provider', versus: 'safe floor', target: '<= 2' });
    const reattached = results.targets.find((t) => t.label === 'create 6: provider, one process per command / workaround');
    assert.deepEqual(reattached && { contender: reattached.contender, target: reattached.target }, { contender: 'provider (one process per command)', target: '<= 0.7' });
    const md = readFileSync(join(out, 'BENCHMARKS.md'), 'utf8');
    assert.ok(md.includes(`Produced by \`${results.command}\``));
    assert.match(md, /1-minute load average \d+\.\d\d at/);
    assert.doesNotMatch(md + JSON.stringify(results), /postgres(ql)?:\/\/[^@\s]*:[^@\s]*@/, 'no URL with a password in the reports');
  });

  it('fails naming the steps there are for an unknown step', () => {
    const r = bench(['--steps', 'create,nope', '--out', out]);
    assert.equal(r.status, 64);
    assert.match(r.stderr, /^bench: --steps: there is no step "nope"\n  fix: name steps among create, noop-plan, .*inserter-memory, add-index, add-index-stall, citus-create, citus-drop-all\n$/);
  });
});
