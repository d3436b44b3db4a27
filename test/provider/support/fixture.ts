/**
 * Shared set-up of the provider's integration tests (test/provider/*.test.ts): a throwaway
 * PostgreSQL or Citus cluster (one per test file), an admin connection to check the catalog, and HCL for the
 * provider block, a parent table and weekly windows. The provider connects through
 * `database_url_env`, so the URL (with its password) is never written into the HCL.
 */
import { Client } from 'pg';
import type { LocalCitusOptions } from '../../../src/local-server/citus';
import { startLocalCitus, type LocalCitus } from '../../support/citus';
import { startLocalPostgres, type LocalPostgres } from '../../support/postgres';
import { terraformWorkdir, TerraformWorkdir } from '../../support/terraform';

export const URL_VARIABLE = 'PGPARTITION_TEST_DATABASE_URL';

/** Terraform's diagnostics as one line: box-drawing borders and line wraps become single spaces. */
export const flat = (text: string) => text.replace(/[│╷╵]/g, ' ').replace(/\s+/g, ' ');

export interface ProviderFixture {
  /** The server the provider connects to: the PostgreSQL, or Citus's coordinator. */
  readonly pg: LocalPostgres;
  /** The Citus cluster, when started with `citus` options. */
  readonly citus: LocalCitus | null;
  /** Superuser connection for checks and hand-made drift. */
  readonly admin: Client;
  /** A terraform working directory with `main.tf`; extra env for every run. */
  workdir(mainTf: string, env?: NodeJS.ProcessEnv): Promise<TerraformWorkdir>;
  stop(): Promise<void>;
}

/** Starts the server (a throwaway Citus cluster when `options.citus` is given) and the admin connection. */
export async function startFixture(options: { readonly citus?: LocalCitusOptions } = {}): Promise<ProviderFixture> {
  const citus = options.citus ? await startLocalCitus(options.citus) : null;
  const pg = citus?.coordinator ?? (await startLocalPostgres());
  const admin = new Client({ connectionString: pg.url });
  await admin.connect();
  const dirs: TerraformWorkdir[] = [];
  return {
    pg,
    citus,
    admin,
    async workdir(mainTf, env = {}) {
      const tf = await terraformWorkdir({ 'main.tf': mainTf }, { env: { [URL_VARIABLE]: pg.url, ...env } });
      dirs.push(tf);
      return tf;
    },
    async stop() {
      await admin.end().catch(() => undefined);
      await Promise.all(dirs.map((d) => d.cleanup()));
      await (citus ?? pg).stop();
    },
  };
}

/** The same working directory with extra environment for the next runs (e.g. a fault hook). */
export function withEnv(tf: TerraformWorkdir, env: NodeJS.ProcessEnv): TerraformWorkdir {
  return new TerraformWorkdir(tf.dir, tf.installation, {
    ...process.env,
    ...env,
    TF_CLI_CONFIG_FILE: tf.installation.cliConfigFile,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
  });
}

export const PROVIDER_HCL = `terraform {
  required_providers {
    pgpartition = { source = "pgpartition/pgpartition" }
  }
}

provider "pgpartition" {
  database_url_env = "${URL_VARIABLE}"
  lock_timeout_ms  = 5000
}
`;

export interface ParentHclOptions {
  readonly defaultPartition?: boolean;
  /** Distribute it with Citus by this column (then no list column): `distribution_column`, `shard_count`. */
  readonly distribution?: { readonly column: string; readonly shardCount?: number };
}

/**
 * A parent `<name>` (ts timestamptz, activity_id text, v numeric) partitioned by RANGE (ts), list
 * column activity_id; distributed: no list column, `distribution_column` and `shard_count` instead.
 */
export function parentHcl(name: string, options: ParentHclOptions = {}): string {
  const d = options.distribution;
  const layout = d
    ? `distribution_column = "${d.column}"${d.shardCount === undefined ? '' : `\n  shard_count         = ${d.shardCount}`}`
    : 'list_column       = "activity_id"';
  return `
resource "pgpartition_parent_table" "${name}" {
  name = "${name}"
  columns = [
    { name = "ts", type = "timestamptz", nullable = false },
    { name = "activity_id", type = "text", nullable = false },
    { name = "v", type = "numeric(18,2)", nullable = true },
  ]
  primary_key       = ["ts", "activity_id"]
  indexes           = [{ name = null, columns = ["activity_id"] }]
  range_column      = "ts"
  ${layout}
  default_partition = ${options.defaultPartition ? 'true' : 'false'}
}
`;
}

/** Monday `YYYY-MM-DD` plus `weeks` weeks. */
export function addWeeks(monday: string, weeks: number): string {
  return new Date(Date.parse(`${monday}T00:00:00Z`) + weeks * 7 * 86_400_000).toISOString().slice(0, 10);
}

export interface WindowHclOptions {
  readonly retention?: string;
  readonly mode?: 'drop' | 'detach' | 'keep';
  /** Groups: name -> values. @default { a: ['a1','a2'], b: ['b1'] } */
  readonly groups?: Readonly<Record<string, readonly string[]>>;
  /** One level: no list column, no sub-partitions (the windows of a distributed parent). @default false */
  readonly oneLevel?: boolean;
}

/** The window of `parent` starting Monday `start` (one week), with group sub-partitions and a DEFAULT one (unless `oneLevel`). */
export function windowHcl(parent: string, start: string, o: WindowHclOptions = {}): string {
  const name = `${parent}_${start.replace(/-/g, '_')}`;
  const groups = Object.entries(o.groups ?? { a: ['a1', 'a2'], b: ['b1'] });
  const layout = o.oneLevel ? '' : `
  list_column    = "activity_id"
  sub_partitions = [${groups.map(([g, vs]) => `\n    { name = "${name}_${g}", values = [${vs.map((v) => `"${v}"`).join(', ')}] }`).join(',')}
  ]
  default_sub_partition = "${name}_default"`;
  return `
resource "pgpartition_window" "${name}" {
  parent_table   = pgpartition_parent_table.${parent}.name
  name           = "${name}"
  range_column   = "ts"
  range_type     = "timestamptz"
  from           = "${start}T00:00:00Z"
  to             = "${addWeeks(start, 1)}T00:00:00Z"${layout}
  retention      = ${o.retention ? `"${o.retention}"` : 'null'}
  retention_mode = "${o.mode ?? 'keep'}"
}
`;
}

/** Names of the partitions (direct children) of `schema.table`, sorted. */
export async function partitionsOf(admin: Client, table: string, schema = 'public'): Promise<string[]> {
  const { rows } = await admin.query(
    `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      JOIN pg_namespace n ON n.oid = p.relnamespace WHERE n.nspname = $1 AND p.relname = $2 ORDER BY 1`,
    [schema, table],
  );
  return rows.map((r) => r.relname);
}
