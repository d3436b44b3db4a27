/**
 * The example pipelines (examples/pipelines/): every YAML file parses, GitHub workflows and the
 * GitLab file have the shape their CI reads, the cron line and systemd units are well-formed, and
 * every command they run exists: each `pgpartition` (or `npm run`) call is checked against the CLI's
 * real command tree (createProgram) with its arguments and options, other commands against a short
 * list, so a typo or a renamed option fails here, not in someone's pipeline.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseShell, type ParseEntry } from 'shell-quote';
import { parse as parseYaml } from 'yaml';
import type { Command } from 'commander';
import { PLAN_FORMATS } from '../../src/cli/plan/format';
import { createProgram } from '../../src/cli/program';
import { lockTimeoutOption } from '../../src/cli/state';

const ROOT = path.resolve(__dirname, '..', '..');
const DIR = path.join(ROOT, 'examples', 'pipelines');
const SCRIPTS = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** Commands other than pgpartition and npm the examples may run. */
const OTHER_COMMANDS = new Set(['echo', 'cat', 'date', 'gh', 'curl', 'apk', 'cd', '.', '[', 'export']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? files(file) : [file];
  });
}

/** One shell command: its words (operators and redirections taken out). */
type ShellCommand = string[];

/**
 * The simple commands of a shell script, `$(...)` substitutions included as commands of their
 * own. Variables stay as `$NAME` text; a redirection's target and file descriptor are dropped.
 */
function shellCommands(script: string): ShellCommand[] {
  const substitutions: string[] = [];
  const flat = script.replace(/\\\n/g, ' ').replace(/\$\(([^()]*)\)/g, (_, inner: string) => {
    substitutions.push(inner);
    return 'SUBSTITUTION';
  });
  const commands: ShellCommand[] = [];
  for (const line of flat.split('\n')) {
    let current: string[] = [];
    let redirectTarget = false;
    const entries: ParseEntry[] = parseShell(line, (name) => `$${name}`);
    for (const entry of entries) {
      if (typeof entry === 'string') {
        if (redirectTarget) redirectTarget = false;
        else current.push(entry);
      } else if ('op' in entry && /^[<>]/.test(entry.op)) {
        if (/^\d$/.test(current.at(-1) ?? '')) current.pop(); // `2>&1`: the 2 is a descriptor, not an argument
        redirectTarget = true;
      } else if ('comment' in entry) {
        break;
      } else {
        if (current.length > 0) commands.push(current);
        current = [];
      }
    }
    if (current.length > 0) commands.push(current);
  }
  return [...commands, ...substitutions.flatMap(shellCommands)];
}

/** The problem with `pgpartition <args>`, or null when the CLI accepts them. */
function pgpartitionProblem(args: string[]): string | null {
  const program = createProgram();
  let command: Command = program;
  let rest = args;
  for (let sub = command.commands.find((c) => c.name() === rest[0]); sub; sub = command.commands.find((c) => c.name() === rest[0])) {
    command = sub;
    rest = rest.slice(1);
  }
  if (command === program) return `no command "${args[0]}"`;
  if (command.commands.length > 0) return `"${command.name()}" needs one of ${command.commands.map((c) => c.name()).join(', ')}`;
  command.exitOverride().configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  let parsed: { operands: string[]; unknown: string[] };
  try {
    parsed = command.parseOptions(rest);
  } catch (err) {
    return (err as Error).message;
  }
  if (parsed.unknown.length > 0) return `unknown option ${parsed.unknown[0]}`;
  const expected = command.registeredArguments;
  const required = expected.filter((a) => a.required).length;
  const most = expected.some((a) => a.variadic) ? Infinity : expected.length;
  if (parsed.operands.length < required || parsed.operands.length > most) {
    return `takes ${required === most ? required : `${required} to ${most}`} arguments, got ${parsed.operands.length} (${parsed.operands.join(' ')})`;
  }
  const opts = command.opts<{ lockTimeout?: string; format?: string }>();
  try {
    if (opts.lockTimeout !== undefined) lockTimeoutOption(opts.lockTimeout);
  } catch (err) {
    return (err as Error).message;
  }
  if (command.name() === 'plan-summary' && !PLAN_FORMATS.includes(opts.format as never)) return `--format ${opts.format} is not a plan summary format`;
  return null;
}

/** The problem with one command of an example, or null; `calls` collects the pgpartition calls. */
function commandProblem(words: ShellCommand, calls: string[][]): string | null {
  let [program, ...args] = words;
  while (/^[A-Za-z_][A-Za-z0-9_]*=/.test(program ?? '')) [program, ...args] = args; // VAR=value before a command
  if (program === undefined) return null;
  if (program === '/usr/bin/npx' || program === 'npx') {
    if (args[0] !== 'pgpartition') return `npx runs only pgpartition here, not ${args[0]}`;
    calls.push(args.slice(1));
    return pgpartitionProblem(args.slice(1));
  }
  if (program === 'npm') {
    if (args[0] === 'ci') return null;
    const [run, ...rest] = args.filter((a) => a !== '-s' && a !== '--silent');
    if (run !== 'run' || !rest[0]) return `npm ${args.join(' ')}: only npm ci and npm run SCRIPT are expected`;
    const script = SCRIPTS[rest[0]];
    if (script === undefined) return `package.json has no script "${rest[0]}"`;
    const cli = /^tsx src\/cli\/main\.ts\b(.*)$/.exec(script);
    if (!cli) return null;
    const pgArgs = [...cli[1].trim().split(/\s+/).filter(Boolean), ...rest.slice(rest[1] === '--' ? 2 : 1)];
    calls.push(pgArgs);
    return pgpartitionProblem(pgArgs);
  }
  return OTHER_COMMANDS.has(program) ? null : `unexpected command ${program}`;
}

/** Checks every command of `scripts`; returns the pgpartition calls. */
function checkScripts(file: string, scripts: string[]): string[][] {
  const calls: string[][] = [];
  const problems = scripts.flatMap(shellCommands).map((words) => [words.join(' '), commandProblem(words, calls)] as const).filter(([, p]) => p !== null);
  assert.deepEqual(problems, [], `${path.relative(ROOT, file)}: commands the CLI or this check does not know`);
  return calls;
}

const has = (calls: string[][], ...words: string[]) => calls.some((c) => words.every((w) => c.includes(w)));

describe('example pipelines', () => {
  const all = files(DIR);

  it('has GitHub Actions and GitLab CI files, a cron line and a systemd timer with its service', () => {
    const names = all.map((f) => path.relative(DIR, f)).sort();
    assert.deepEqual(names, [
      'cron/pgpartition-roll-forward.cron',
      'github/pgpartition-deploy.yml',
      'github/pgpartition-plan.yml',
      'github/pgpartition-roll-forward.yml',
      'gitlab/gitlab-ci.yml',
      'systemd/pgpartition-roll-forward.service',
      'systemd/pgpartition-roll-forward.timer',
    ]);
  });

  it('GitHub workflows: jobs with runners and steps, needs that exist, and every command exists', () => {
    const calls: string[][] = [];
    for (const file of all.filter((f) => f.includes('/github/'))) {
      const doc = parseYaml(readFileSync(file, 'utf8'), { strict: true, uniqueKeys: true }) as { name: string; on: unknown; jobs: Record<string, any> };
      assert.equal(typeof doc.name, 'string', file);
      assert.ok(doc.on && typeof doc.on === 'object', `${file}: no "on" triggers`);
      const scripts: string[] = [];
      for (const [id, job] of Object.entries(doc.jobs)) {
        assert.equal(typeof job['runs-on'], 'string', `${file}: job ${id} has no runs-on`);
        for (const need of [job.needs ?? []].flat()) assert.ok(need in doc.jobs, `${file}: job ${id} needs a job "${need}" that does not exist`);
        for (const step of job.steps) {
          assert.ok(typeof step.uses === 'string' || typeof step.run === 'string', `${file}: a step of ${id} neither uses nor runs`);
          if (step.run) scripts.push(step.run);
        }
      }
      calls.push(...checkScripts(file, scripts));
    }
    assertFourMoments(calls);
  });

  it('GitHub: prod is planned and applied with the asOf pinned once, behind an environment, checked against the reviewed summary', () => {
    const doc = parseYaml(readFileSync(path.join(DIR, 'github', 'pgpartition-deploy.yml'), 'utf8')) as { jobs: Record<string, any> };
    for (const id of ['staging', 'review-prod', 'prod']) assert.equal(doc.jobs[id].env.PGPARTITION_AS_OF, '${{ needs.pin.outputs.as-of }}', id);
    assert.equal(doc.jobs.prod.environment, 'production');
    const runs = doc.jobs.prod.steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    assert.ok(runs.indexOf('--expect reviewed-prod.json') < runs.indexOf('pgpartition apply prod'), 'prod applies only after the comparison');
  });

  it('GitLab: every job has a script and a known stage, needs exist, anchors resolve, and every command exists', () => {
    const file = path.join(DIR, 'gitlab', 'gitlab-ci.yml');
    const doc = parseYaml(readFileSync(file, 'utf8'), { strict: true, uniqueKeys: true, merge: true }) as Record<string, any>;
    const keywords = new Set(['stages', 'default', 'variables', 'workflow', 'include', 'image', 'services', 'before_script', 'after_script', 'cache']);
    const jobs = Object.entries(doc).filter(([k]) => !keywords.has(k) && !k.startsWith('.'));
    const scripts: string[] = [...doc.default.before_script];
    for (const [id, job] of jobs) {
      assert.ok(Array.isArray(job.script) && job.script.length > 0, `job ${id} has no script`);
      assert.ok(doc.stages.includes(job.stage), `job ${id} has stage ${job.stage}, not one of ${doc.stages}`);
      assert.ok(Array.isArray(job.rules) && job.rules.length > 0, `job ${id} has no rules (it would run in every pipeline)`);
      for (const need of job.needs ?? []) assert.ok(jobs.some(([other]) => other === need), `job ${id} needs a job "${need}" that does not exist`);
      scripts.push(...job.script, ...(job.before_script ?? []));
    }
    const calls = checkScripts(file, scripts);
    assertFourMoments(calls);
    assert.equal(doc.prod.rules[0].when, 'manual', 'prod waits for a person');
  });

  it('cron: one well-formed /etc/cron.d line whose commands exist', () => {
    const file = path.join(DIR, 'cron', 'pgpartition-roll-forward.cron');
    const entries = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#') && !/^[A-Z_]+=/.test(l));
    assert.equal(entries.length, 1);
    const [minute, hour, dom, month, dow, user, ...command] = entries[0].split(/\s+/);
    assert.deepEqual([minute, hour, dom, month, dow], ['0', '3', '*', '*', '1'], 'weekly, Monday 03:00');
    assert.match(user, /^[a-z_][a-z0-9_-]*$/);
    const calls = checkScripts(file, [command.join(' ')]);
    assert.ok(has(calls, 'deploy', 'prod', '--calendar-only'), 'the cron line rolls prod forward');
  });

  it('systemd: a oneshot service whose commands exist, started weekly by its timer', () => {
    const unit = (name: string) => {
      const sections: Record<string, Record<string, string[]>> = {};
      let current = '';
      for (const line of readFileSync(path.join(DIR, 'systemd', name), 'utf8').split('\n')) {
        if (line.trim() === '' || line.startsWith('#')) continue;
        const section = /^\[(\w+)\]$/.exec(line);
        if (section) current = section[1];
        else {
          const [, key, value] = /^(\w+)=(.*)$/.exec(line) ?? assert.fail(`${name}: "${line}" is neither a section nor Key=value`);
          ((sections[current] ??= {})[key] ??= []).push(value);
        }
      }
      return sections;
    };
    const service = unit('pgpartition-roll-forward.service');
    const timer = unit('pgpartition-roll-forward.timer');
    assert.deepEqual(service.Service.Type, ['oneshot']);
    const exec = ['ExecStartPre', 'ExecStart', 'ExecStartPost'].flatMap((k) => service.Service[k] ?? []).map((v) => v.replace(/^[-@:+!]+/, ''));
    for (const line of exec) assert.match(line, /^\//, `systemd needs an absolute path: ${line}`);
    const calls = checkScripts('systemd/pgpartition-roll-forward.service', exec);
    assert.ok(has(calls, 'deploy', 'prod', '--calendar-only'));
    assert.deepEqual(timer.Timer.OnCalendar, ['Mon *-*-* 03:00:00 UTC']);
    assert.deepEqual(timer.Install.WantedBy, ['timers.target']);
  });

  it('every check fails for a command the CLI does not have', () => {
    assert.match(pgpartitionProblem(['plan', 'prod', '--no-such-option']) ?? '', /unknown option --no-such-option/);
    assert.match(pgpartitionProblem(['deploy']) ?? '', /takes 1 arguments, got 0/);
    assert.match(pgpartitionProblem(['aply', 'prod']) ?? '', /no command "aply"/);
    assert.match(pgpartitionProblem(['plan', 'prod', '--lock-timeout', '10']) ?? '', /not a duration/);
    assert.match(commandProblem(['npx', 'pgpartiton', 'plan'], []) ?? '', /npx runs only pgpartition/);
    assert.match(commandProblem(['npm', 'run', 'deplyo'], []) ?? '', /no script "deplyo"/);
    assert.equal(commandProblem(['npm', 'run', 'deploy', '--', 'staging', '--calendar-only'], []), null);
  });
});

/** The four moments: a PR comment, staging on merge, prod only after the reviewed summary matched, a scheduled roll. */
function assertFourMoments(calls: string[][]): void {
  assert.ok(has(calls, 'plan-summary', '--format', 'markdown'), 'a pull-request comment from the markdown summary');
  assert.ok(has(calls, 'deploy', 'staging'), 'staging deployed on merge');
  assert.ok(has(calls, 'plan-summary', 'prod', '--expect'), 'prod checked against the reviewed summary');
  assert.ok(has(calls, 'plan-summary', 'prod', '--format', 'json'), 'the reviewed summary saved');
  assert.ok(has(calls, 'apply', 'prod'), 'prod applies the plan it checked');
  assert.ok(has(calls, 'deploy', 'prod', '--calendar-only'), 'the scheduled roll-forward');
}
