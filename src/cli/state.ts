/**
 * Where a synthesized stack keeps its terraform state, and what the stack commands do about it:
 * name it (never with a password), check terraform can reach it before anything runs, re-initialise
 * when it moved (another backend, another state directory) instead of failing with terraform's
 * "Backend configuration changed", and say clearly when another run holds the state lock.
 *
 * Backends come from the app (src/constructs/state-backend.ts): `local` files, or terraform's `pg`
 * backend with its connection in `PG_CONN_STR`. Terraform records the backend a working directory
 * was initialised with in `.terraform/terraform.tfstate`; comparing it with the synthesized one
 * tells a move.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PG_CONN_STR_ENV } from '../constructs/state-env';
import { describeUrl, NOT_A_VALID_URL } from '../connection';
import { CliError, ExitCode } from './errors';

/** A stack's state backend: its type and settings as terraform has them. */
export interface StateLocation {
  /** Backend type, e.g. `local` or `pg`. */
  readonly type: string;
  /** The backend's settings that are set (null and absent ones left out). */
  readonly config: Readonly<Record<string, unknown>>;
}

/** How long plan and apply wait for another run's state lock before failing (terraform's `-lock-timeout`). */
export const DEFAULT_LOCK_TIMEOUT = '5m';

/**
 * The backend in the stack's synthesized `cdk.tf.json`; terraform's default (`local`, file
 * `terraform.tfstate` in the stack directory) when it declares none.
 */
export function synthesizedBackend(stackDir: string): StateLocation {
  const json = JSON.parse(readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as { terraform?: { backend?: Record<string, Record<string, unknown>> } };
  const [type, config] = Object.entries(json.terraform?.backend ?? {})[0] ?? ['local', {}];
  return { type, config: setOnly(config) };
}

/** The backend the stack directory was last initialised with, or null before its first `terraform init`. */
export function initializedBackend(stackDir: string): StateLocation | null {
  const file = path.join(stackDir, '.terraform', 'terraform.tfstate');
  if (!existsSync(file)) return null;
  const backend = (JSON.parse(readFileSync(file, 'utf8')) as { backend?: { type: string; config?: Record<string, unknown> } }).backend;
  return backend ? { type: backend.type, config: setOnly(backend.config ?? {}) } : null;
}

function setOnly(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== null && v !== undefined).sort(([a], [b]) => a.localeCompare(b)));
}

/** True when `a` and `b` are the same backend with the same settings. */
export function sameBackend(a: StateLocation, b: StateLocation): boolean {
  return a.type === b.type && JSON.stringify(a.config) === JSON.stringify(b.config);
}

/**
 * Names the state's place for a person: `local file <path>`, `pg schema <schema> of
 * user@host:port/db (PG_CONN_STR)`, or `<type> backend`. Never prints a password.
 */
export function describeState(s: StateLocation, env: NodeJS.ProcessEnv): string {
  if (s.type === 'local') return `local file ${String(s.config.path ?? 'terraform.tfstate')}`;
  if (s.type !== 'pg') return `${s.type} backend`;
  const conn = typeof s.config.conn_str === 'string' ? s.config.conn_str : env[PG_CONN_STR_ENV];
  const target = conn ? describeUrl(conn, env) : NOT_A_VALID_URL;
  const where = target === NOT_A_VALID_URL ? `the database ${PG_CONN_STR_ENV} names` : `${target} (${PG_CONN_STR_ENV})`;
  return `pg schema ${String(s.config.schema_name ?? 'terraform_remote_state')} of ${where}`;
}

/**
 * Checks that terraform can find the state's database: a `pg` backend without `conn_str` reads
 * `PG_CONN_STR`, and without it terraform would try a local socket and fail with a driver error.
 * @throws CliError naming PG_CONN_STR and its sslmode default when it is unset.
 */
export function checkStateConnection(s: StateLocation, stack: string, env: NodeJS.ProcessEnv): void {
  if (s.type !== 'pg' || s.config.conn_str !== undefined || env[PG_CONN_STR_ENV]) return;
  throw new CliError(
    `stack ${stack} keeps its state in PostgreSQL (pg backend, schema ${String(s.config.schema_name)}), but ${PG_CONN_STR_ENV} is not set`,
    `export ${PG_CONN_STR_ENV}=postgres://USER:PASSWORD@HOST:5432/DATABASE?sslmode=verify-full (terraform's driver defaults to sslmode=require; a server without TLS needs sslmode=disable), or unset PGPARTITION_STATE_BACKEND for local state`,
  );
}

/**
 * Validates a `--lock-timeout` value as terraform reads it (Go's time.ParseDuration: `0`, `30s`, `5m`, `1h30m`).
 * @throws CliError (usage) naming the option and the value.
 */
export function lockTimeoutOption(text: string): string {
  if (/^(0|(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+)$/.test(text)) return text;
  throw new CliError(`--lock-timeout "${text}" is not a duration`, 'write it as terraform does, e.g. 30s, 5m or 1h; 0 fails at once when another run holds the state lock', ExitCode.Usage);
}

/** True when terraform's output says it could not acquire the state lock. */
export function isStateLockError(output: string): boolean {
  return /Error acquiring the state lock/.test(output);
}

/**
 * The error of a command that gave up waiting for the state lock. The pg backend's lock is an
 * advisory lock that ends with the holder's session, and the local backend's a file lock that ends
 * with its process, so a killed run leaves nothing to unlock: the holder is a live run.
 */
export function stateLockedError(stack: string, state: string, lockTimeout: string): CliError {
  return new CliError(
    `the state of stack ${stack} (${state}) is locked by another terraform run, and the lock was not released within --lock-timeout ${lockTimeout}`,
    'let the other run (a deploy, the scheduled roll-forward) finish, then run again; or wait longer with --lock-timeout 15m. Nothing was changed',
  );
}
