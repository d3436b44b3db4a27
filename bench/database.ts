/**
 * One database per contender on the shared throwaway cluster, with what the bench does there
 * outside the timed runs: give a contender a fresh parent table, check what a run left, and read
 * what the server spent on a run (pg_stat_statements, filtered to this database).
 */
import { Client } from 'pg';
import type { LocalPostgres } from '../src/local-server/postgres';
import { qualifiedName, quoteIdent } from '../src/core';
import type { Workload } from './workload';

/**
 * Server settings the bench adds to the throwaway cluster: statement statistics, utility statements
 * included; and room in the shared lock table for dropping a parent with 260 windows x 11 leaves
 * (each leaf, its TOAST table and indexes take a lock: ~15,000, over the default 64 x 100 slots).
 */
export const BENCH_SERVER_SETTINGS = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.max': 20000,
  'pg_stat_statements.track_utility': 'on',
  max_locks_per_transaction: 512,
} as const;

/** Server time of one step, by kind of statement. Durations in ms (pg_stat_statements total_exec_time). */
export interface ServerTime {
  readonly totalMs: number;
  readonly calls: number;
  readonly byKind: Readonly<Record<string, { ms: number; calls: number }>>;
}

/** Statement kinds worth telling apart when reading where a step's server time went. */
function kindOf(query: string): string {
  const q = query.trim().replace(/\s+/g, ' ').toUpperCase();
  if (/ ATTACH PARTITION /.test(q)) return 'ATTACH';
  if (/ DETACH PARTITION /.test(q)) return 'DETACH';
  if (q.startsWith('CREATE TABLE')) return 'CREATE TABLE';
  if (q.startsWith('DROP TABLE')) return 'DROP TABLE';
  if (q.startsWith('ALTER TABLE')) return 'ALTER TABLE (other)';
  if (q.startsWith('COMMENT')) return 'COMMENT';
  if (q.includes('PG_ADVISORY')) return 'advisory lock (incl. wait)';
  if (q.includes('WITH RECURSIVE ROOTS AS')) return 'one window\'s rows and size (src/catalog)';
  if (q.includes('WITH RECURSIVE')) return 'inventory query (src/catalog)';
  if (q.startsWith('SELECT') || q.startsWith('WITH')) return 'other SELECT (catalog lookups)';
  return 'BEGIN/COMMIT/SET';
}

export class BenchDatabase {
  private constructor(
    readonly name: string,
    /** libpq URL of this database, with the password: pass it through the environment only. */
    readonly url: string,
    private readonly client: Client,
    private readonly oid: number,
  ) {}

  /** Creates database `name` on the cluster with pg_stat_statements installed. */
  static async create(pg: LocalPostgres, name: string): Promise<BenchDatabase> {
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    } finally {
      await admin.end();
    }
    const url = new URL(pg.url);
    url.pathname = `/${encodeURIComponent(name)}`;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    await client.query('CREATE EXTENSION pg_stat_statements');
    const { rows } = await client.query<{ oid: number }>('SELECT oid FROM pg_database WHERE datname = current_database()');
    return new BenchDatabase(name, url.toString(), client, rows[0].oid);
  }

  /** Drops the parent table with every partition, then, if `create`, creates it again (the core's SQL). */
  async freshParent(w: Workload, options: { readonly create: boolean }): Promise<void> {
    const t = w.spec.table;
    await this.dropTable(t.schema, t.name);
    if (options.create) for (const sql of w.parentSql) await this.client.query(sql);
  }

  /**
   * Drops `schema.name` with every partition, and the standalone windows named `<name>_2...` that a
   * cut-short build or retire left behind; then vacuums the catalog tables the drops bloated, so
   * each repetition starts from a similar catalog.
   */
  async dropTable(schema: string, name: string): Promise<void> {
    await this.client.query(`DROP TABLE IF EXISTS ${qualifiedName(schema, name)} CASCADE`);
    const { rows } = await this.client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname LIKE $2 AND c.relkind IN ('r', 'p') AND NOT c.relispartition`,
      [schema, `${name}\\_2%`],
    );
    for (const r of rows) await this.client.query(`DROP TABLE IF EXISTS ${qualifiedName(schema, r.name)} CASCADE`);
    await this.client.query('VACUUM pg_catalog.pg_class, pg_catalog.pg_attribute, pg_catalog.pg_inherits, pg_catalog.pg_depend');
  }

  /** How many partitions (direct children) the workload's parent has: the bench checks every step did its work. */
  async partitionCount(w: Workload): Promise<number> {
    return (await this.partitionNames(w.spec.table.schema, w.spec.table.name)).length;
  }

  /** Names of the partitions (direct children) of `schema.parent`, sorted; none when it does not exist. */
  async partitionNames(schema: string, parent: string): Promise<string[]> {
    const { rows } = await this.client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass($1) ORDER BY 1`,
      [qualifiedName(schema, parent)],
    );
    return rows.map((r) => r.name);
  }

  /** Runs one statement on the bench's own connection (set-up and checks, never timed). */
  async query<R extends Record<string, unknown> = Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<R[]> {
    return (await this.client.query<R>(sql, values)).rows;
  }

  /** Forgets this database's statement statistics (call right before a timed step). */
  async resetServerTime(): Promise<void> {
    await this.client.query('SELECT pg_stat_statements_reset(0, $1, 0)', [this.oid]);
  }

  /** Server time spent in this database since {@link resetServerTime}, leaving out the bench's own queries. */
  async serverTime(): Promise<ServerTime> {
    const { rows } = await this.client.query<{ query: string; calls: string; ms: number }>(
      `SELECT query, calls, total_exec_time AS ms FROM pg_stat_statements WHERE dbid = $1 AND query NOT LIKE '%pg_stat_statements%'`,
      [this.oid],
    );
    const byKind: Record<string, { ms: number; calls: number }> = {};
    let totalMs = 0;
    let calls = 0;
    for (const r of rows) {
      const k = (byKind[kindOf(r.query)] ??= { ms: 0, calls: 0 });
      k.ms += r.ms;
      k.calls += Number(r.calls);
      totalMs += r.ms;
      calls += Number(r.calls);
    }
    return { totalMs, calls, byKind };
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
