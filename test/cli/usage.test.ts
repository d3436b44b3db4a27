// Tests the CLI shell (src/cli/main.ts, src/cli/errors.ts): help for every command, and usage errors as two lines.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ExitCode } from '../../src/cli/errors';

const BIN = join(__dirname, '../../src/cli/bin.cjs');
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('pgpartition usage', () => {
  for (const command of [[], ['provider'], ['provider', 'install'], ['demo'], ['plan'], ['diff'], ['apply'], ['deploy'], ['plan-summary'], ['status'], ['maintain'], ['explain']]) {
    it(`prints help for "${['pgpartition', ...command].join(' ')} --help" and exits 0`, () => {
      const r = run([...command, '--help']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^Usage: ${['pgpartition', ...command].join(' ')} `));
    });
  }

  const cases: [string, string[], string][] = [
    ['an option is unknown', ['--bogus'], `pgpartition: unknown option '--bogus'\n  fix: run "pgpartition --help" to see its arguments and options\n`],
    ['a command is unknown', ['nosuchcmd'], `pgpartition: unknown command 'nosuchcmd'\n  fix: run "pgpartition --help" to see its arguments and options\n`],
    ['deploy lacks its stack', ['deploy'], `pgpartition: missing required argument 'stack'\n  fix: run "pgpartition deploy --help" to see its arguments and options\n`],
    ['status lacks --table', ['status'], `pgpartition: required option '--table <table>' not specified\n  fix: run "pgpartition status --help" to see its arguments and options\n`],
    ['an option lacks its value', ['provider', 'install', '--dir'], `pgpartition: option '--dir <dir>' argument missing\n  fix: run "pgpartition provider install --help" to see its arguments and options\n`],
    ['status has two connection flags', ['status', '--table', 'x', '--database-url-env', 'A', '--database-url', 'postgres://h/d'], 'pgpartition: --database-url and --database-url-env are both set\n  fix: pass only one of them\n'],
    ['explain lacks its query', ['explain', '--table', 'x'], `pgpartition: missing required argument 'sql'\n  fix: run "pgpartition explain --help" to see its arguments and options\n`],
    ['maintain lacks --table', ['maintain'], `pgpartition: required option '--table <table>' not specified\n  fix: run "pgpartition maintain --help" to see its arguments and options\n`],
  ];
  for (const [when, args, stderr] of cases) {
    it(`fails with two lines and the usage exit code when ${when}`, () => {
      const r = run(args);
      assert.equal(r.stderr, stderr);
      assert.equal(r.status, ExitCode.Usage);
      assert.equal(r.stdout, '');
    });
  }

  it('fails with the usage exit code and shows the subcommands when a command group is given none', () => {
    const r = run(['provider']);
    assert.equal(r.status, ExitCode.Usage);
    assert.match(r.stderr, /install \[options\]/);
  });
});
