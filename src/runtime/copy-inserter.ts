/**
 * Batch inserter for a partitioned table using `COPY ... FROM STDIN` (pg-copy-streams): rows are
 * buffered and written one batch per COPY statement.
 *
 * Atomicity: one COPY is one statement, so a failing batch rolls back as a whole (PostgreSQL docs,
 * COPY: "COPY stops operation at the first error ... the target table will already have received
 * earlier rows ... these rows will not be visible or accessible"); nothing of it is half-written.
 * Batches already written stay written unless the caller's client is inside a transaction it rolls back.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase, Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { qualifiedName, quoteIdent } from '../core/sql';

/** A row: values in `columns` order, or an object keyed by column name. */
export type CopyRow = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface CopyInserterOptions {
  /** Columns written, in COPY order; object rows are read by these keys. */
  readonly columns: readonly string[];
  /** Rows buffered before a COPY is sent. @default 5000 */
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

/**
 * Buffers rows and writes them with COPY, one batch per statement.
 *
 * ```ts
 * const inserter = new CopyInserter(pool, 'public', 'account_balances', { columns: ['timestamp', 'account_address', ...] });
 * for (const row of rows) await inserter.add(row); // writes every 5000 rows, or after 1000 ms
 * const written = await inserter.close();          // rows written in total
 * ```
 * Errors of a timer-triggered flush are thrown by the next `add`, `flush` or `close`.
 */
export class CopyInserter {
  private readonly maxBatchRows: number;
  private readonly flushIntervalMs: number;
  private readonly copySql: string;
  private batch: CopyRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<unknown> = Promise.resolve();
  private failure: unknown;
  private written = 0;

  private readonly table: string;

  /**
   * @param db a pool (a connection per batch) or a client (batches run on it, inside its transaction if one is open)
   * @param schema schema of `tableName`, the parent table or any partition
   * @throws RangeError for a `maxBatchRows` below 1, a negative `flushIntervalMs`, or no columns
   */
  constructor(private readonly db: Pool | ClientBase, schema: string, tableName: string, private readonly options: CopyInserterOptions) {
    this.maxBatchRows = options.maxBatchRows ?? 5000;
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
    if (!Number.isInteger(this.maxBatchRows) || this.maxBatchRows < 1) throw new RangeError(`maxBatchRows must be an integer >= 1 (got ${this.maxBatchRows})`);
    if (!(this.flushIntervalMs >= 0)) throw new RangeError(`flushIntervalMs must be >= 0 (got ${this.flushIntervalMs})`);
    if (options.columns.length === 0) throw new RangeError('columns must name at least one column to COPY');
    this.copySql = `COPY ${qualifiedName(schema, tableName)} (${options.columns.map(quoteIdent).join(', ')}) FROM STDIN`;
    this.table = `${schema}.${tableName}`;
  }

  /** Rows written so far. */
  get rowCount(): number {
    return this.written;
  }

  /** Buffers a row; when the batch is full, waits for it to be written (backpressure). */
  async add(row: CopyRow): Promise<void> {
    this.throwFailure();
    this.batch.push(row);
    if (this.batch.length >= this.maxBatchRows) await this.flush();
    else this.timer ??= setTimeout(() => { this.flush().catch((err) => { this.failure ??= err; }); }, this.flushIntervalMs);
  }

  /** Buffers every row, then writes everything buffered. Returns the rows these calls wrote. */
  async insert(rows: Iterable<CopyRow>): Promise<number> {
    const before = this.written + this.batch.length;
    for (const row of rows) await this.add(row);
    await this.flush();
    return this.written - before;
  }

  /**
   * Writes the buffered rows as one COPY. Returns the rows it wrote.
   * @throws NoWindowForRowError when no partition accepts a row (the batch is rolled back), or the server's error.
   */
  async flush(): Promise<number> {
    this.throwFailure();
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.batch;
    this.batch = [];
    // One COPY at a time, in order, even when a timer flush and a full batch race.
    const done = this.writing.then(() => (rows.length ? this.copy(rows) : 0));
    this.writing = done.catch(() => undefined);
    return done;
  }

  /** Writes what is buffered and stops the timer. Returns the rows written over the inserter's life. */
  async close(): Promise<number> {
    await this.flush();
    return this.written;
  }

  private async copy(rows: CopyRow[]): Promise<number> {
    const pooled = 'totalCount' in this.db;
    const client: ClientBase | PoolClient = pooled ? await (this.db as Pool).connect() : (this.db as ClientBase);
    try {
      const stream = client.query(copyFrom(this.copySql));
      await pipeline(Readable.from(encodeRows(rows, this.options.columns)), stream);
      if (pooled) (client as PoolClient).release();
      this.written += rows.length;
      return rows.length;
    } catch (err) {
      // pg-copy-streams reports the error before the server's ReadyForQuery; a round trip puts the
      // connection back in step before anyone else (or pool.end) uses it
      await client.query('SELECT 1').catch(() => undefined);
      if (pooled) (client as PoolClient).release();
      throw toNoWindowError(err, this.table, rows.length) ?? err;
    }
  }

  private throwFailure(): void {
    if (this.failure === undefined) return;
    const err = this.failure;
    this.failure = undefined;
    throw err;
  }
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

/** COPY text format lines (PostgreSQL docs, COPY "Text Format"), in chunks of about 64 kB. */
function* encodeRows(rows: readonly CopyRow[], columns: readonly string[]): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    const values = Array.isArray(row) ? row : columns.map((c) => (row as Record<string, unknown>)[c]);
    chunk += values.map(encodeValue).join('\t') + '\n';
    if (chunk.length > 65536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function encodeValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (value instanceof Date) text = value.toISOString(); // UTC with Z: the session time zone cannot shift it
  else if (Buffer.isBuffer(value)) text = `\\x${value.toString('hex')}`; // bytea hex input
  else if (typeof value === 'object') text = JSON.stringify(value); // json/jsonb
  else text = String(value);
  return text.replace(/[\\\n\r\t]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] as string);
}
