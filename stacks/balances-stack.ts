/**
 * One function builds the stack of every environment: the pgpartition provider connected through
 * an environment variable (no secret in `cdk.tf.json`), local state, and `account_balances`.
 */
import * as path from 'node:path';
import { LocalBackend, TerraformStack, type App } from 'cdktf';
import { databaseUrlEnvFor, PartitionedTable, pgpartitionProvider } from '../src/constructs';
import { accountBalancesProps } from './account-balances';
import { STATE_DIR_ENV, type EnvironmentConfig } from './environments';

/**
 * The stack for one environment. The provider reads the connection URL at plan/apply time from
 * `<NAME>_DATABASE_URL` only (or the variable `pgpartition plan --database-url-env` names); state goes to
 * `$PGPARTITION_STATE_DIR/terraform.<name>.tfstate`, else `terraform.<name>.tfstate` in the
 * working directory (cdktf's default place).
 */
export function buildBalancesStack(app: App, config: EnvironmentConfig, env: NodeJS.ProcessEnv = process.env): TerraformStack {
  const stack = new TerraformStack(app, config.name);
  const stateDir = env[STATE_DIR_ENV];
  new LocalBackend(stack, { path: stateDir ? path.resolve(stateDir, `terraform.${config.name}.tfstate`) : undefined });
  const provider = pgpartitionProvider(stack, 'pgpartition', { databaseUrlEnv: databaseUrlEnvFor(config.name, env) });
  new PartitionedTable(stack, 'AccountBalances', { ...accountBalancesProps(config), provider });
  return stack;
}
