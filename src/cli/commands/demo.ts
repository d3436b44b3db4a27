/**
 * `pgpartition demo` (`npm run demo`): the main job end to end on this machine. Starts a throwaway
 * PostgreSQL (or uses the database of `--database-url-env VAR`, given on purpose), deploys the example app's staging
 * stack with its own state (a temporary directory, never the user's terraform.staging.tfstate),
 * loads a day of generated balances with COPY, prints the partition inventory, deploys again to
 * show nothing changes, and stops what it started (also on failure and Ctrl-C).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import type { Pool } from 'pg';
import { CopyInserter } from '../../runtime/copy-inserter';
import { startLocalPostgres } from '../../local-server/postgres';
import { partitionInfo } from '../../runtime/partition-info';
import { ACCOUNT_BALANCES } from '../../../stacks/account-balances';
import { ENVIRONMENTS } from '../../../stacks/environments';
import { STATE_BACKEND_ENV, STATE_DIR_ENV } from '../../constructs/state-env';
import { sampleBalances } from '../../../stacks/sample-balances';
import { CliError, ExitCode } from '../errors';
import { formatInventoryTable } from '../inventory-table';
import { PACKAGE_ROOT } from '../../provider/install';
import { cliConnection, openCliPool } from '../connection';
import { installDefault, stackConnection } from '../stack-setup';
import type { StackOptions } from '../stack';
import { deployCommand } from './deploy';

const STACK = 'staging';
/** One row per account x hour x activity: 100 accounts x 24 hours x 100 activities. */
const DAY_ACCOUNTS = 100;
const DAY_ROWS = DAY_ACCOUNTS * 24 * 100;

export interface DemoOptions {
  /** Stream the deploys' whole output instead of their summary lines. @default false */
  readonly verbose?: boolean;
  /** The NAME of a variable holding the URL of a database to use instead of a throwaway one. @default - a throwaway PostgreSQL */
  readonly databaseUrlEnv?: string;
}

/** Lines of the deploy's output worth showing in the demo: terraform's plan and apply summaries, and ours. */
const SUMMARY = /(Plan: .*|Apply complete!.*|No changes\..*|Error.*|\d+ to create, .*)$/;

export async function demoCommand(o: DemoOptions): Promise<ExitCode> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  };
  const onSigint = () => {
    process.stderr.write('\npgpartition demo: interrupted, cleaning up\n');
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSigint);
  try {
    const url = await database(cleanups, o.databaseUrlEnv);
    const tempDir = mkdtempSync(path.join(os.tmpdir(), 'pgpartition-demo-'));
    cleanups.push(() => rmSync(tempDir, { recursive: true, force: true }));
    const env = { ...process.env, STAGING_DATABASE_URL: url, [STATE_BACKEND_ENV]: 'local', [STATE_DIR_ENV]: path.join(tempDir, 'state') };
    const provider = await installDefault(); // one provider build for both deploys
    const deploy = (label: string) => deployStack(label, { env, outputDir: path.join(tempDir, 'cdktf.out'), provider }, o.verbose === true);

    await deploy('1. deploy staging');
    const pool = await openCliPool(cliConnection(url, 'STAGING_DATABASE_URL', env), 'pgpartition demo', 4);
    cleanups.push(() => pool.end());
    await loadDay(pool);
    const inventory = await partitionInfo(pool, ACCOUNT_BALANCES.schema, ACCOUNT_BALANCES.name, 'timestamptz');
    process.stdout.write(`\n${formatInventoryTable(inventory, `Partitions of ${ACCOUNT_BALANCES.schema}.${ACCOUNT_BALANCES.name}`, { now: new Date() })}\n`);
    const calendar = ENVIRONMENTS.find((e) => e.name === STACK)!;
    process.stdout.write(`   ${calendar.retentionWindows} windows kept behind the current one (retention), the current one, ${calendar.premakeWindows} made ahead (premake)\n`);
    const second = await deploy('3. deploy staging again');
    if (!/No changes\./.test(second)) {
      throw new CliError('the second deploy changed something; a deploy right after a deploy must change nothing', 'run `npm run demo -- --verbose` and report the plan it shows');
    }
    process.stdout.write('   nothing to change: the database matches the plan\n');
    return ExitCode.Ok;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await cleanup();
  }
}

/**
 * The URL to use: the one in the variable `databaseUrlEnv` names, or a throwaway server (stopped by
 * cleanup). Never a variable that merely happens to be set: the demo loads generated rows.
 */
async function database(cleanups: (() => Promise<void> | void)[], databaseUrlEnv: string | undefined): Promise<string> {
  if (databaseUrlEnv) {
    const connection = stackConnection(STACK, process.env, databaseUrlEnv);
    process.stdout.write(`Using ${connection.target} (from ${connection.variable}).\n`);
    return connection.url;
  }
  const started = Date.now();
  const pg = await startLocalPostgres();
  cleanups.push(() => pg.stop());
  process.stdout.write(`Started a throwaway PostgreSQL ${pg.majorVersion} (${pg.source}) on port ${pg.port} in ${Date.now() - started} ms.\n`);
  return pg.url;
}

/** Runs `pgpartition deploy staging`, printing the summary lines; returns the whole output. */
async function deployStack(label: string, run: Pick<StackOptions, 'env' | 'outputDir' | 'provider'>, verbose: boolean): Promise<string> {
  process.stdout.write(`\n${label} (pgpartition deploy ${STACK})\n`);
  const started = Date.now();
  let output = '';
  const sink = (text: string) => {
    output += text;
    if (verbose) process.stdout.write(text);
  };
  const plain = () => output.replace(/\x1b\[[0-9;]*m/g, '');
  try {
    await deployCommand({ stack: STACK, ...run, env: { ...run.env, NO_COLOR: '1' }, projectDir: PACKAGE_ROOT, stdout: sink, stderr: sink, log: (line) => sink(`${line}\n`) });
  } catch (err) {
    if (!verbose) process.stderr.write(plain());
    throw err instanceof CliError ? new CliError(err.message, `${err.fix}; \`npm run demo -- --verbose\` streams all of the output`) : err;
  }
  if (!verbose) {
    for (const line of new Set(plain().split('\n').map((l) => SUMMARY.exec(l)?.[1]).filter((l): l is string => !!l))) {
      process.stdout.write(`   ${line}\n`);
    }
  }
  process.stdout.write(`   done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return plain();
}

/** COPYs one day (today, UTC) of generated balances into account_balances, then ANALYZEs it. */
async function loadDay(pool: Pool): Promise<void> {
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  process.stdout.write(`\n2. load ${DAY_ROWS.toLocaleString('en-US')} balances for ${today.toISOString().slice(0, 10)} with COPY\n`);
  const started = Date.now();
  const inserter = new CopyInserter(pool, ACCOUNT_BALANCES.schema, ACCOUNT_BALANCES.name, {
    columns: ['timestamp', 'account_address', 'usd_value', 'activity_id', 'data'],
    maxBatchRows: 20_000,
  });
  const rows = await inserter.insert(sampleBalances({ from: today, hours: 24, rows: DAY_ROWS, accounts: DAY_ACCOUNTS }));
  await pool.query(`ANALYZE ${ACCOUNT_BALANCES.schema}.${ACCOUNT_BALANCES.name}`); // row estimates for the inventory
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(`   ${rows.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s (${Math.round(rows / seconds).toLocaleString('en-US')} rows/s)\n`);
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('deploy the example staging stack to a throwaway PostgreSQL, load a day of balances, show the partitions, deploy again')
    .option('--verbose', "stream the deploys' whole output")
    .option('--database-url-env <VAR>', 'deploy into the database whose URL this variable holds, instead of a throwaway PostgreSQL')
    .action(async (o: DemoOptions) => {
      process.exitCode = await demoCommand(o);
    });
}
