/**
 * Batch inserter for a partitioned table using `COPY ... FROM STDIN` (pg-copy-streams): rows are
 * encoded as they are added and streamed into one COPY statement per batch.
 *
 * Atomicity: one COPY is one statement, so a failing batch rolls back as a whole (PostgreSQL docs,
 * COPY: "COPY stops operation at the first error ... the target table will already have received
 * earlier rows ... these rows will not be visible or accessible"); nothing of it is half-written.
 * Batches already written stay written unless the caller's client is inside a transaction it rolls back.
 *
 * Throughput: the server parses and routes a batch's rows while the application is still adding
 * them (the COPY opens at the batch's first 64 KiB of text, and each further 64 KiB is sent as it
 * fills), and the next batch is encoded while the server finishes the last one. Memory stays
 * bounded: at most one batch waits for the server, and `add` waits whenever the connection's
 * socket is full (back-pressure), so a producer faster than the server is slowed to its pace.
 */
import type { ClientBase, Pool, PoolClient } from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import { qualifiedName, quoteIdent } from '../core/sql';
import { CopyTextEncoder, type CopyRow } from './copy-text';

export type { CopyRow } from './copy-text';
export { CopyValueError } from './copy-text';

export interface CopyInserterOptions {
  /** Columns written, in COPY order; object rows are read by these keys. */
  readonly columns: readonly string[];
  /** Rows per COPY statement: the unit that is written, or rolled back, as a whole. @default 5000 */
  readonly maxBatchRows?: number;
  /** Max wait for a partial batch before it is sent. @default 1000 */
  readonly flushIntervalMs?: number;
}

/**
 * No window (and no DEFAULT partition) accepts a row: SQLSTATE 23514, `no partition of relation
 * "X" found for row`. The whole COPY batch holding the row was rolled back. On a table distributed
 * with Citus the worker's error reaches the client as SQLSTATE XX000 with the same message, naming
 * the shard (`<relation>_<shard id>`); `relation` is then the table the shard belongs to.
 */
export class NoWindowForRowError extends Error {
  constructor(
    /** Qualified table the COPY wrote to. */
    readonly table: string,
    /** Partitioned table (the parent or a window) that had no partition for the row, as the server named it. */
    readonly relation: string,
    /** The server's DETAIL, e.g. `Partition key of the failing row contains ("timestamp") = (2030-01-07 00:00:00+00).` */
    readonly detail: string,
    /** Rows in the rolled-back batch. */
    readonly batchRows: number,
    options: { cause: unknown },
  ) {
    super(`No partition of "${relation}" accepts a row written to ${table} (${detail || 'no detail'}); ` +
      `the batch of ${batchRows} rows was rolled back. Create the window for that range (deploy with enough premake), or add a DEFAULT partition.`, options);
    this.name = 'NoWindowForRowError';
  }
}

/** Text handed to the COPY stream in one piece (one CopyData message), in UTF-16 code units. */
const CHUNK_CHARS = 64 * 1024;
/** Text a batch may hold while the batch before it is still being written; past it, `add` waits. */
const WAITING_TEXT_CHARS = 4 * 1024 * 1024;
const DONE: Promise<void> = Promise.resolve();

/** One COPY statement's rows, from the first row taken to the server's answer. */
interface Batch {
  /** Rows taken into this batch. */
  rows: number;
  /** The statement on its connection, once opened. */
  copy?: { readonly client: ClientBase; readonly pooled: boolean; readonly stream: CopyStreamQuery };
  /** The server's (or the connection's) error, once there is one; later text is not sent. */
  error?: unknown;
  /** Settles when the statement is over (ReadyForQuery) or failed; never rejects. */
  readonly over: Promise<void>;
  readonly resolveOver: () => void;
  /** Settles when every batch before this one is over and accounted for: its COPY opens after that. */
  readonly after: Promise<void>;
}

function newBatch(after: Promise<void>): Batch {
  let resolveOver!: () => void;
  const over = new Promise<void>((resolve) => (resolveOver = resolve));
  return { rows: 0, over, resolveOver, after };
}

/**
 * Buffers rows and writes them with COPY, one batch per statement.
 *
 * ```ts
 * const inserter = new CopyInserter(pool, 'public', 'account_balances', { columns: ['timestamp', 'account_address', ...] });
 * for (const row of rows) await inserter.add(row); // one COPY per 5000 rows, or after 1000 ms
 * const written = await inserter.close();          // rows written in total
 * ```
 * A batch's failure (e.g. {@link NoWindowForRowError}) is thrown by the first `add`, `flush` or
 * `close` after the server reported it. That call's own row is not taken (add it again); a batch
 * still being filled when its failure is thrown ends there, with the rows taken so far.
 */
export class CopyInserter {
  private readonly maxBatchRows: number;
  private readonly flushIntervalMs: number;
  private readonly copySql: string;
  private readonly table: string;
  private readonly encoder: CopyTextEncoder;
  /** The batch rows are being taken into. */
  private current = newBatch(DONE);
  /** Encoded rows of `current` not yet handed to its COPY stream. */
  private text = '';
  /** Connection-side steps (open, write, end), one at a time, in order. */
  private steps: Promise<void> = DONE;
  /** Settles when every ended batch is over and accounted for. */
  private ended: Promise<void> = DONE;
  /** Ended batches not yet over. */
  private endedPending = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Failures not thrown yet, oldest first; each is thrown once. */
  private readonly failures: unknown[] = [];
  private written = 0;
  /** Rows taken whose batch is not over yet. */
  private unwritten = 0;

  /**
   * @param db a pool (a connection per batch) or a client (batches run on it, inside its transaction if one is open)
   * @param schema schema of `tableName`, the parent table or any partition
   * @throws RangeError for a `maxBatchRows` below 1, a negative `flushIntervalMs`, or no columns
   */
  constructor(private readonly db: Pool | ClientBase, schema: string, tableName: string, options: CopyInserterOptions) {
    this.maxBatchRows = options.maxBatchRows ?? 5000;
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
    if (!Number.isInteger(this.maxBatchRows) || this.maxBatchRows < 1) throw new RangeError(`maxBatchRows must be an integer >= 1 (got ${this.maxBatchRows})`);
    if (!(this.flushIntervalMs >= 0)) throw new RangeError(`flushIntervalMs must be >= 0 (got ${this.flushIntervalMs})`);
    if (options.columns.length === 0) throw new RangeError('columns must name at least one column to COPY');
    this.copySql = `COPY ${qualifiedName(schema, tableName)} (${options.columns.map(quoteIdent).join(', ')}) FROM STDIN`;
    this.table = `${schema}.${tableName}`;
    this.encoder = new CopyTextEncoder(options.columns);
  }

  /** Rows written so far (their COPY statements completed). */
  get rowCount(): number {
    return this.written;
  }

  /**
   * Takes a row into the current batch. Resolves at once unless the connection cannot take more
   * text yet, or the batch is full and the one before it is still being written (back-pressure).
   * @throws CopyValueError for a value COPY text cannot carry (the row is not taken), or an earlier
   *   batch's failure (see the class doc).
   */
  add(row: CopyRow): Promise<void> {
    try {
      this.throwFailure();
      this.text += this.encoder.encodeRow(row);
    } catch (err) {
      return Promise.reject(err);
    }
    this.unwritten++;
    if (++this.current.rows >= this.maxBatchRows) return this.endBatch();
    this.timer ??= setTimeout(() => void this.endBatch(), this.flushIntervalMs);
    // stream while the batch fills; while the batch before is still being written, gather its text instead
    if (this.text.length >= CHUNK_CHARS && (this.endedPending === 0 || this.text.length >= WAITING_TEXT_CHARS)) {
      const batch = this.current;
      const text = this.text;
      this.text = '';
      return this.step(() => this.send(batch, text));
    }
    return DONE;
  }

  /**
   * Takes every row, then writes everything taken. Returns the rows these calls wrote.
   * @throws like `add` and `flush`; it stops taking rows at the first failure and ends the batch
   *   being filled, so when it throws, every row it took is written or rolled back with its batch
   *   and `rowCount` is final.
   */
  async insert(rows: Iterable<CopyRow>): Promise<number> {
    const before = this.written + this.unwritten;
    try {
      for (const row of rows) {
        const wait = this.add(row);
        if (wait !== DONE) await wait;
      }
      await this.flush();
    } catch (err) {
      await this.endBatch();
      await this.ended;
      throw err;
    }
    return this.written - before;
  }

  /**
   * Ends the current batch and waits until it and every earlier batch are written. Returns the
   * rows of the batch it ended (0 when none was being filled).
   * @throws NoWindowForRowError when no partition accepts a row (that batch is rolled back), or the server's error.
   */
  async flush(): Promise<number> {
    this.throwFailure();
    const rows = this.current.rows;
    await this.endBatch();
    await this.ended;
    this.throwFailure();
    return rows;
  }

  /** Writes what is taken and stops the timer. Returns the rows written over the inserter's life. */
  async close(): Promise<number> {
    await this.flush();
    return this.written;
  }

  /** Runs a connection-side step after the ones before it. Steps never reject: errors go to their batch. */
  private step(run: () => Promise<void>): Promise<void> {
    this.steps = this.steps.then(run);
    return this.steps;
  }

  /**
   * Ends the current batch: its last text and the end of its COPY are sent once the batch before
   * it is over (so the server has one batch at a time while the next is encoded); the server's
   * answer is not waited for here.
   */
  private endBatch(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.current;
    if (batch.rows === 0) return DONE;
    const text = this.text;
    this.text = '';
    this.endedPending++;
    this.afterOver(batch, true);
    this.current = newBatch(this.ended);
    return this.step(async () => {
      await this.send(batch, text);
      if (batch.error === undefined) batch.copy!.stream.end();
      else batch.resolveOver();
    });
  }

  /** Chains a batch's accounting (written, or its failure reported when `report`) after the batches before it. */
  private afterOver(batch: Batch, report: boolean): void {
    this.ended = this.ended.then(() => batch.over).then(() => this.settle(batch, report));
  }

  /** Hands text to the batch's COPY, opening it first; waits while the connection's socket is full. */
  private async send(batch: Batch, text: string): Promise<void> {
    try {
      if (!batch.copy && batch.error === undefined) batch.copy = await this.open(batch);
      if (batch.error !== undefined || text.length === 0) return; // a failed batch's rows go with it
      if (!batch.copy!.stream.write(text)) await drained(batch.copy!.stream);
    } catch (err) {
      batch.error ??= err;
      batch.resolveOver();
    }
  }

  /** Opens a batch's COPY once every batch before it is over, on a pooled connection or the caller's client. */
  private async open(batch: Batch): Promise<NonNullable<Batch['copy']>> {
    await batch.after;
    const pooled = 'totalCount' in this.db;
    const client: ClientBase = pooled ? await (this.db as Pool).connect() : (this.db as ClientBase);
    const stream = client.query(copyFrom(this.copySql));
    stream.once('finish', batch.resolveOver);
    stream.once('error', (err) => {
      batch.error ??= err;
      batch.resolveOver();
    });
    return { client, pooled, stream };
  }

  /** After a batch is over: counts it written or reports its failure, and gives its connection back. */
  private async settle(batch: Batch, report: boolean): Promise<void> {
    if (batch.error === undefined) {
      this.written += batch.rows;
    } else {
      // pg-copy-streams reports the error before the server's ReadyForQuery; a round trip puts the
      // connection back in step before anyone else (or pool.end) uses it
      if (batch.copy) await batch.copy.client.query('SELECT 1').catch(() => undefined);
      if (report) this.failures.push(toNoWindowError(batch.error, this.table, batch.rows) ?? batch.error);
    }
    this.unwritten -= batch.rows;
    if (report) this.endedPending--;
    if (batch.copy?.pooled) (batch.copy.client as PoolClient).release();
  }

  /**
   * Throws a failed batch's error once. The batch being filled, when its COPY already failed, ends
   * here: the rows taken so far are the rolled-back batch, and the next row starts a new one.
   */
  private throwFailure(): void {
    const batch = this.current;
    if (batch.error !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.text = '';
      this.afterOver(batch, false);
      this.current = newBatch(this.ended);
      this.failures.push(toNoWindowError(batch.error, this.table, batch.rows) ?? batch.error);
    }
    if (this.failures.length > 0) throw this.failures.shift();
  }
}

/** Resolves when the stream's buffer drained, or it failed (the failure is on its batch). */
function drained(stream: CopyStreamQuery): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('error', done);
  });
}

/**
 * 23514 from partition routing (no constraint name, unlike a CHECK violation) becomes
 * NoWindowForRowError; so does Citus's XX000 relaying it from a worker (same message, a shard named).
 */
function toNoWindowError(err: unknown, table: string, batchRows: number): NoWindowForRowError | undefined {
  const e = err as { code?: string; constraint?: string; message?: string; detail?: string };
  const m = /no partition of relation "((?:[^"]|"")+)" found for row/.exec(e?.message ?? '');
  if (!m || e.constraint || (e.code !== '23514' && e.code !== 'XX000')) return undefined;
  const relation = m[1].replace(/""/g, '"');
  return new NoWindowForRowError(table, e.code === 'XX000' ? relation.replace(/_\d+$/, '') : relation, e.detail ?? '', batchRows, { cause: err });
}
