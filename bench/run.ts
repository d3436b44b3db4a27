/**
 * `npm run bench [-- options]` (tsx bench/run.ts): the side-by-side benchmarks, interleaved, in one
 * run; writes bench/BENCHMARKS.md and results.json beside it (see bench/contender.ts).
 *
 *   --quick             fewer windows and rows, fewer repetitions, no diagnostics (about 2 minutes on a quiet machine)
 *   --repetitions N     every step N repetitions (the test suite runs 1)
 *   --steps a,b         only these step ids (create, noop-plan, drop-expired, drop-all, create-scale,
 *                       noop-plan-scale, weekly-roll, handshake, copy-rows, small-insert, inserter-memory,
 *                       add-index, add-index-stall, citus-create, citus-drop-all)
 *   --scale-windows N   windows of the scale steps' larger case (default 260, 30 with --quick), for a
 *                       run that must fit in less time
 *   --out DIR           write results.json and BENCHMARKS.md there (default: bench/, and bench/quick/
 *                       with --quick, which git ignores, so a quick check never replaces a full run)
 */
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { FULL_SIZES, QUICK_SIZES } from './contender';
import { BenchUsageError, runBench } from './harness';

const USAGE = 'usage: npm run bench [-- --quick] [--repetitions N] [--steps id,id] [--scale-windows N] [--out DIR]';

function fail(problem: string, fix: string): never {
  process.stderr.write(`bench: ${problem}\n  fix: ${fix}\n`);
  process.exit(64);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { quick: { type: 'boolean' }, repetitions: { type: 'string' }, steps: { type: 'string' }, 'scale-windows': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } },
    }).values;
  } catch (err) {
    fail((err as Error).message, USAGE);
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const repetitions = parsed.repetitions === undefined ? undefined : Number(parsed.repetitions);
  if (repetitions !== undefined && !(Number.isInteger(repetitions) && repetitions >= 1)) {
    fail(`--repetitions must be an integer >= 1 (got ${JSON.stringify(parsed.repetitions)})`, 'pass 1 or more, or leave it out for each step\'s own count');
  }
  const sizes = parsed.quick ? QUICK_SIZES : FULL_SIZES;
  const scaleWindows = parsed['scale-windows'] === undefined ? sizes.scaleWindows : Number(parsed['scale-windows']);
  if (!(Number.isInteger(scaleWindows) && scaleWindows > sizes.windows)) {
    fail(`--scale-windows must be an integer above the ${sizes.windows} windows of the other steps (got ${JSON.stringify(parsed['scale-windows'])})`, `pass e.g. ${sizes.windows * 3}, or leave it out for ${sizes.scaleWindows}`);
  }
  await runBench({
    sizes: { ...sizes, scaleWindows },
    repetitions,
    steps: parsed.steps?.split(',').map((s) => s.trim()).filter(Boolean),
    outDir: resolve(parsed.out ?? (parsed.quick ? join(__dirname, 'quick') : __dirname)),
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
  });
}

main().catch((err: unknown) => {
  if (err instanceof BenchUsageError) fail(err.message, err.fix);
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
