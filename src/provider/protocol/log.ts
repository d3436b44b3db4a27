/**
 * Provider logging. Never stdout: terraform reads the handshake line there and treats anything else
 * as a broken plugin. Lines go to the file named by PGPARTITION_PROVIDER_LOG (appended), else to
 * stderr, which terraform shows with TF_LOG=debug.
 */
import { appendFileSync } from 'node:fs';

/** Writes one line, prefixed with an ISO-8601 UTC timestamp and the process id. */
export function log(message: string): void {
  const line = `${new Date().toISOString()} pgpartition-provider[${process.pid}] ${message}\n`;
  const file = process.env.PGPARTITION_PROVIDER_LOG;
  if (file) appendFileSync(file, line);
  else process.stderr.write(line);
}

/** Sends console.log/info/debug to {@link log}, so a stray console call cannot corrupt stdout. */
export function redirectConsole(): void {
  const write = (...args: unknown[]) => log(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  console.log = write;
  console.info = write;
  console.debug = write;
  console.warn = write;
  console.error = write;
}
