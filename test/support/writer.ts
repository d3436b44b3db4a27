/**
 * A background writer for tests and benchmarks that change a table while it takes writes: one
 * connection inserting one row at a time at a steady rate, recording each INSERT's latency (from
 * sending it to its reply, lock waits included) and every error. The worst latency is the longest
 * time the writer was stalled by whatever ran meanwhile.
 *
 * ```ts
 * const writer = await startWriter(url, (i) => ['INSERT INTO t (ts, v) VALUES (now(), $1)', [i]], { intervalMs: 10 });
 * await runTheChange();
 * const report = await writer.stop();   // { inserts, errors, worstMs, ... }
 * ```
 */
import { Client } from 'pg';

/** What the writer saw. Times in milliseconds. */
export interface WriterReport {
  /** INSERTs that succeeded. */
  readonly inserts: number;
  /** Messages of the INSERTs that failed (with SQLSTATE). */
  readonly errors: readonly string[];
  /** The longest INSERT, ms: the worst stall. */
  readonly worstMs: number;
  /** The 99th percentile INSERT, ms. */
  readonly p99Ms: number;
  /** Median INSERT, ms. */
  readonly medianMs: number;
  /** Wall time the writer ran, ms. */
  readonly elapsedMs: number;
}

export interface WriterOptions {
  /** Target time between the starts of two INSERTs, ms (an INSERT slower than this starts the next at once). @default 10 */
  readonly intervalMs?: number;
}

/** A running writer; `stop` waits for the INSERT in flight and reports. */
export interface Writer {
  stop(): Promise<WriterReport>;
}

/**
 * Connects to `url` and starts inserting: `statement(i)` gives the SQL and parameters of the i-th
 * INSERT (i from 0). Resolves once connected and the first INSERT succeeded.
 * @throws when the connection or the first INSERT fails.
 */
export async function startWriter(url: string, statement: (i: number) => [string, unknown[]], o: WriterOptions = {}): Promise<Writer> {
  const intervalMs = o.intervalMs ?? 10;
  const client = new Client({ connectionString: url, application_name: 'pgpartition-test-writer' });
  client.on('error', () => undefined); // reported by the INSERT in flight
  await client.connect();
  await client.query(...statement(0));
  const latencies: number[] = [];
  const errors: string[] = [];
  let stopped = false;
  const started = performance.now();
  const loop = (async () => {
    for (let i = 1; !stopped; i++) {
      const t0 = performance.now();
      try {
        await client.query(...statement(i));
        latencies.push(performance.now() - t0);
      } catch (err) {
        errors.push(`${(err as { code?: string }).code ?? ''} ${(err as Error).message}`.trim());
      }
      const wait = intervalMs - (performance.now() - t0);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await client.end().catch(() => undefined);
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
      return { inserts: latencies.length + 1, errors, worstMs: sorted.at(-1) ?? 0, p99Ms: at(0.99), medianMs: at(0.5), elapsedMs: performance.now() - started };
    },
  };
}
