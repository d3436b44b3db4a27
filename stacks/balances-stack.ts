/**
 * One function builds the stack of every environment: the pgpartition provider connected through
 * an environment variable (no secret in `cdk.tf.json`), the state backend the environment selects,
 * and `account_balances`.
 */
import { TerraformStack, type App } from 'cdktf';
import { databaseUrlEnvFor, PartitionedTable, pgpartitionProvider, stateBackend } from '../src/constructs';
import { accountBalancesProps } from './account-balances';
import type { EnvironmentConfig } from './environments';

/**
 * The stack for one environment. The provider reads the connection URL at plan/apply time from
 * `<NAME>_DATABASE_URL` only (or the variable `pgpartition plan --database-url-env` names). State:
 * local files (`$PGPARTITION_STATE_DIR/terraform.<name>.tfstate`, else `terraform.<name>.tfstate`
 * in the working directory), or with `PGPARTITION_STATE_BACKEND=pg` terraform's `pg` backend in
 * schema `pgpartition_state_<name>` of the database `PG_CONN_STR` names (src/constructs/state-backend.ts).
 */
export function buildBalancesStack(app: App, config: EnvironmentConfig, env: NodeJS.ProcessEnv = process.env): TerraformStack {
  const stack = new TerraformStack(app, config.name);
  stateBackend(stack, { env });
  const provider = pgpartitionProvider(stack, 'pgpartition', { databaseUrlEnv: databaseUrlEnvFor(config.name, env) });
  new PartitionedTable(stack, 'AccountBalances', { ...accountBalancesProps(config), provider });
  return stack;
}
