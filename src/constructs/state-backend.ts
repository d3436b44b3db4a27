/**
 * Where a stack keeps its terraform state, chosen by environment at synth, so one app serves a
 * laptop (local files) and a pipeline (state in PostgreSQL, beside the database it describes).
 *
 * - `PGPARTITION_STATE_BACKEND` unset or `local`: cdktf's `LocalBackend`, the file
 *   `terraform.<stack>.tfstate` in `PGPARTITION_STATE_DIR` when set, else in the working directory.
 * - `PGPARTITION_STATE_BACKEND=pg`: terraform's built-in `pg` backend (Terraform docs, "Backend
 *   Type: pg"), one schema per stack (`pgpartition_state_<stack>` by default) so staging and prod
 *   never share a state. The connection is terraform's own `PG_CONN_STR`, read by terraform at
 *   `init`, never written into `cdk.tf.json`. Its driver (lib/pq) defaults to `sslmode=require`:
 *   a server without TLS needs `?sslmode=disable` in that URL, a production server `verify-full`.
 *   The backend creates its `states` table in the schema and locks the state with a PostgreSQL
 *   advisory lock for every plan and apply, released when the session ends (also a killed one).
 */
import * as path from 'node:path';
import { LocalBackend, PgBackend, TerraformStack, type TerraformBackend } from 'cdktf';
import type { IConstruct } from 'constructs';
import { SpecError } from '../core/errors';
import { STATE_BACKEND_ENV, STATE_BACKENDS, STATE_DIR_ENV } from './state-env';

export interface StateBackendOptions {
  /** Schema of the `pg` backend. @default `pgpartition_state_<stack>` (the stack name in lower case, other characters as `_`) */
  readonly schemaName?: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** `pgpartition_state_<stack>` of a stack name: lower case, every character but a-z, 0-9 and `_` as `_`. */
export function defaultStateSchema(stack: string): string {
  return `pgpartition_state_${stack.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}

/**
 * Declares the state backend of `scope`'s stack from {@link STATE_BACKEND_ENV} (see the module doc).
 * @throws SpecError naming `PGPARTITION_STATE_BACKEND` for a value other than `local` or `pg`, or
 *   `schemaName` for a schema name PostgreSQL would truncate or that needs quoting.
 */
export function stateBackend(scope: IConstruct, options: StateBackendOptions = {}): TerraformBackend {
  const env = options.env ?? process.env;
  const stack = TerraformStack.of(scope);
  const name = stack.node.id;
  const type = env[STATE_BACKEND_ENV] || 'local';
  if (type === 'local') {
    const dir = env[STATE_DIR_ENV];
    return new LocalBackend(stack, { path: dir ? path.resolve(dir, `terraform.${name}.tfstate`) : undefined });
  }
  if (type !== 'pg') {
    throw new SpecError(STATE_BACKEND_ENV, `"${type}" is not a state backend`, `set it to one of ${STATE_BACKENDS.join(', ')}, or unset it for local state files`);
  }
  const schemaName = options.schemaName ?? defaultStateSchema(name);
  if (!/^[a-z_][a-z0-9_]*$/.test(schemaName) || Buffer.byteLength(schemaName) > 63) {
    throw new SpecError('schemaName', `"${schemaName}" is not a plain PostgreSQL schema name of at most 63 bytes`, 'use lower-case letters, digits and _, starting with a letter or _');
  }
  // conn_str left out on purpose: terraform then reads PG_CONN_STR at init, and no URL (a secret)
  // lands in cdk.tf.json; cdktf's type marks it required, but terraform's backend does not
  return new PgBackend(stack, { schemaName } as ConstructorParameters<typeof PgBackend>[1]);
}
