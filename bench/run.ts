/**
 * `npm run bench` (tsx bench/run.ts): the side-by-side benchmark of issue 3, in one run.
 *
 * One throwaway PostgreSQL (src/local-server/postgres.ts), one database per contender, the
 * provider installed once (src/provider/install.ts via the test harness). Each repetition runs
 * every contender in turn (round-robin, so background load on the shared machine spreads over all
 * of them) from a fresh parent table: create 52 windows; no-op plan (terraform contenders); drop
 * the 12 oldest (expired) windows; put them back (untimed); drop all 52. Then provider
 * start-to-handshake times and a few diagnostics. Writes bench/BENCHMARKS.md and prints a table.
 * Options (environment): BENCH_REPEATS (default 3), BENCH_HANDSHAKES (default 20), BENCH_ONLY
 * (e.g. `provider,safe floor`; default all four).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { startLocalPostgres } from '../src/local-server/postgres';
import { installOnce, TerraformWorkdir } from '../test/support/terraform';
import { BENCH_SERVER_SETTINGS, BenchDatabase, type ServerTime } from './database';
import { plainFloorContender, providerContender, safeFloorContender, workaroundContender, type Contender } from './contenders';
import { measureHandshakes, measureNodeBaseline } from './handshake';
import { providerHcl, URL_VARIABLE } from './hcl';
import { failureSummary, printTable, writeReport, type Results, type StepName } from './report';
import { timed } from './stats';
import { buildWorkload, EXPIRED_COUNT, WINDOW_COUNT, type Workload } from './workload';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const HANDSHAKES = Number(process.env.BENCH_HANDSHAKES ?? 20);
/** Contender names to run (comma-separated), for working on one of them; the report then lacks the others' columns. */
const ONLY = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((s) => s.trim()) : null;

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/** A timed step failed; recorded in the results, and the contender's repetition stops there. */
class StepFailed extends Error {}

/**
 * Runs one timed step of a contender and records wall time and server time; checks the partition
 * count after. A failure (the step throws, or leaves the wrong number of windows) is recorded
 * with its message and rethrown as StepFailed.
 */
async function step(results: Results, c: Contender, name: StepName, run: () => Promise<void>, w: Workload, expectPartitions: number): Promise<void> {
  await c.db.resetServerTime();
  let ms: number;
  let server: ServerTime;
  try {
    ms = (await timed(run)).ms;
    server = await c.db.serverTime(); // before the count below, which is the bench's own query
    const found = await c.db.partitionCount(w);
    if (found !== expectPartitions) throw new Error(`the parent has ${found} windows afterwards, expected ${expectPartitions}`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    ((results.failures[name] ??= {})[c.name] ??= []).push(message);
    progress(`${c.name.padEnd(11)} ${name.padEnd(12)} FAILED: ${failureSummary(message).replace(/\n/g, '\n    ')}`);
    throw new StepFailed(message);
  }
  ((results.wallMs[name] ??= {})[c.name] ??= []).push(ms);
  ((results.serverTime[name] ??= {})[c.name] ??= []).push(server);
  progress(`${c.name.padEnd(11)} ${name.padEnd(12)} ${ms.toFixed(0).padStart(6)} ms (server ${server.totalMs.toFixed(0)} ms in ${server.calls} statements)`);
}

async function repetition(results: Results, c: Contender, w: Workload): Promise<void> {
  await c.prepare();
  if (c.emptyPlan) (results.emptyPlanMs ??= []).push((await timed(c.emptyPlan)).ms);
  await step(results, c, 'create', () => c.createAll(), w, WINDOW_COUNT);
  if (c.noopPlan) await step(results, c, 'noopPlan', c.noopPlan, w, WINDOW_COUNT);
  await step(results, c, 'dropExpired', () => c.dropExpired(), w, WINDOW_COUNT - EXPIRED_COUNT);
  await c.restoreExpired();
  if ((await c.db.partitionCount(w)) !== WINDOW_COUNT) throw new Error(`${c.name}: restoring the expired windows did not bring back ${WINDOW_COUNT}`);
  await step(results, c, 'dropAll', () => c.dropAll(), w, 0);
}

/**
 * How many provider processes terraform starts for one apply (creating every window) and one
 * no-op plan: `plugin started` lines of terraform's debug log. Untimed (logging slows terraform).
 */
async function providerStarts(provider: Contender, w: Workload): Promise<Results['providerStarts']> {
  const tf = provider.workdir!();
  const logFile = join(tf.dir, 'terraform-debug.log');
  const env = {
    ...process.env,
    TF_CLI_CONFIG_FILE: tf.installation.cliConfigFile,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    [URL_VARIABLE]: provider.db.url,
    TF_LOG: 'debug',
    TF_LOG_PATH: logFile,
  };
  const logged = new TerraformWorkdir(tf.dir, tf.installation, env);
  const count = async (run: () => Promise<unknown>) => {
    const before = safeRead(logFile).match(/plugin started: path=\S*terraform-provider-pgpartition/g)?.length ?? 0;
    await run();
    return (safeRead(logFile).match(/plugin started: path=\S*terraform-provider-pgpartition/g)?.length ?? 0) - before;
  };
  await provider.prepare();
  tf.write('main.tf', providerHcl(w, w.windows));
  const apply = await count(() => logged.apply());
  const plan = await count(() => logged.planExitCode());
  return { apply, plan };
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function versionOf(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8' }).split('\n')[0].trim();
}

async function main(): Promise<void> {
  const started = Date.now();
  const w = buildWorkload();
  progress('starting PostgreSQL and installing the provider');
  const [pg, installation] = await Promise.all([startLocalPostgres({ settings: BENCH_SERVER_SETTINGS }), installOnce()]);
  const contenders: Contender[] = [];
  try {
    const db = (name: string) => BenchDatabase.create(pg, `bench_${name}`);
    const make = {
      'plain floor': async () => plainFloorContender(w, await db('plain')),
      'safe floor': async () => safeFloorContender(w, await db('safe')),
      workaround: async () => workaroundContender(w, await db('workaround')),
      provider: async () => providerContender(w, await db('provider')),
    };
    for (const [name, create] of Object.entries(make)) if (ONLY === null || ONLY.includes(name)) contenders.push(await create());
    for (const c of contenders) await c.setUp(); // terraform init, once, untimed

    const results: Results = {
      command: 'npm run bench',
      date: new Date().toISOString(),
      machine: {
        cores: cpus().length,
        cpu: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        terraform: versionOf('terraform', ['version']),
        postgres: `${versionOf(join(pg.binDir, 'postgres'), ['--version'])} (${pg.source})`,
        psql: versionOf('psql', ['--version']),
        loadAverageAtStart: loadavg()[0],
      },
      repeats: REPEATS,
      contenders: contenders.map((c) => c.name),
      wallMs: {},
      serverTime: {},
      failures: {},
    };
    for (let rep = 1; rep <= REPEATS; rep++) {
      progress(`repetition ${rep} of ${REPEATS}`);
      for (const c of contenders) {
        await repetition(results, c, w).catch((err: unknown) => {
          if (!(err instanceof StepFailed)) throw err; // the next repetition starts from a fresh parent table
        });
      }
    }
    progress(`provider start-to-handshake, ${HANDSHAKES} starts`);
    results.handshakeMs = await measureHandshakes(installation.executable, HANDSHAKES);
    results.nodeBaselineMs = await measureNodeBaseline(HANDSHAKES);
    results.bundleBytes = statSync(installation.bundle).size;
    const provider = contenders.find((c) => c.name === 'provider');
    if (provider) {
      progress('counting provider starts per terraform command (debug log)');
      results.providerStarts = await providerStarts(provider, w).catch((err: unknown) => {
        progress(`could not count provider starts: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
        return undefined;
      });
    }
    results.machine.loadAverageAtEnd = loadavg()[0];
    results.totalSeconds = (Date.now() - started) / 1000;
    printTable(results);
    const file = writeReport(results);
    progress(`wrote ${file} (${results.totalSeconds.toFixed(0)} s in all)`);
  } finally {
    for (const c of contenders) {
      await c.cleanup().catch(() => undefined);
      await c.db.close().catch(() => undefined);
    }
    await pg.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
