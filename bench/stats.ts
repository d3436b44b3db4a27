/** Timing and the two statistics the report uses. All durations are wall-clock milliseconds. */

/** Runs `fn` and returns how long it took, in ms (monotonic clock), with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

/** Median (mean of the middle two for an even count). @throws RangeError for no samples. */
export function median(samples: readonly number[]): number {
  return percentile(samples, 50, true);
}

/** 90th percentile, nearest-rank. @throws RangeError for no samples. */
export function p90(samples: readonly number[]): number {
  return percentile(samples, 90, false);
}

function percentile(samples: readonly number[], p: number, interpolateMiddle: boolean): number {
  if (samples.length === 0) throw new RangeError('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  if (interpolateMiddle && p === 50 && sorted.length % 2 === 0) return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}
