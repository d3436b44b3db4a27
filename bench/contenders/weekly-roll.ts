/**
 * The weekly roll end to end: the example app's staging stack (stacks/), deployed as of a week ago
 * (untimed set-up), then deployed as of now, which creates one window and retires the oldest. Timed:
 * the whole command, `pgpartition deploy staging` (the CLI: synth, init, plan, summary, apply of
 * that plan) against plain `cdktf deploy staging --auto-approve --skip-provider-lock` (cdktf's CLI:
 * synth, init, plan, apply). Each has its own database, state directory and synth output, and both
 * use one provider build: the CLI's own mirror in `.pgpartition/` (what `pgpartition provider
 * install` writes), which cdktf reaches through `TF_CLI_CONFIG_FILE`.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { deployCommand } from '../../src/cli/commands/deploy';
import { installDefault } from '../../src/cli/stack-setup';
import { planTable } from '../../src/constructs/table-plan';
import { PACKAGE_ROOT, type Installation } from '../../src/provider/install';
import { ACCOUNT_BALANCES, accountBalancesProps } from '../../stacks/account-balances';
import { ENVIRONMENTS } from '../../stacks/environments';
import { STATE_DIR_ENV } from '../../src/constructs/state-env';
import { cleanEnv } from '../../test/support/example-stack';
import { runCommand } from '../command';
import { once, type BenchContext, type Contender, type ContenderModule } from '../contender';
import type { BenchDatabase } from '../database';
import { NAMES } from '../steps';

const STACK = 'staging';
const WEEK_MS = 7 * 86_400_000;

/** The window names the staging stack plans at `asOf`, sorted. */
function plannedWindows(asOf: Date): string[] {
  const config = ENVIRONMENTS.find((e) => e.name === STACK)!;
  return planTable(accountBalancesProps(config), { value: asOf, source: 'asOf' }).plan.windows.map((w) => w.name).sort();
}

async function expectWindows(db: BenchDatabase, asOf: Date, what: string): Promise<void> {
  const want = plannedWindows(asOf);
  const found = await db.partitionNames(ACCOUNT_BALANCES.schema, ACCOUNT_BALANCES.name);
  if (found.join() !== want.join()) {
    throw new Error(`${what}: the windows are ${found.join(', ') || '(none)'}; the stack plans ${want.join(', ')} as of ${asOf.toISOString()}`);
  }
}

function rollContender(ctx: BenchContext, name: string, description: string, database: string, command: (outputDir: string) => [string, string[]], provider: () => Promise<Installation>): Contender {
  let db: BenchDatabase | undefined;
  let dirs: { state: string; output: string } | undefined;
  let env: NodeJS.ProcessEnv = {};
  let asOf = new Date();
  return {
    step: 'weekly-roll',
    name,
    description,
    async setUp() {
      db ??= await ctx.database(database);
      if (!dirs) {
        const root = ctx.tempDir('pgpartition-bench-roll-');
        dirs = { state: join(root, 'state'), output: join(root, 'cdktf.out') };
      }
      env = { ...cleanEnv(), STAGING_DATABASE_URL: db.url, [STATE_DIR_ENV]: dirs.state, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: (await provider()).cliConfigFile, NO_COLOR: '1' };
      await db.dropTable(ACCOUNT_BALANCES.schema, ACCOUNT_BALANCES.name);
      rmSync(dirs.state, { recursive: true, force: true });
      asOf = new Date();
      // a week ago, with the CLI in this process (untimed); the roll is the deploy as of now
      const weekAgo = new Date(asOf.getTime() - WEEK_MS);
      let output = '';
      const keep = (text: string) => void (output += text);
      try {
        await deployCommand({
          stack: STACK, projectDir: PACKAGE_ROOT, outputDir: dirs.output, provider: await provider(),
          env: { ...env, PGPARTITION_AS_OF: weekAgo.toISOString() }, stdout: keep, stderr: keep, log: (line) => keep(`${line}\n`),
        });
      } catch (err) {
        throw new Error(`deploy as of ${weekAgo.toISOString()} failed: ${(err as Error).message}\n${output.split('\n').slice(-40).join('\n')}`);
      }
      await expectWindows(db, weekAgo, 'after the deploy of a week ago');
    },
    async run() {
      const [cmd, args] = command(dirs!.output);
      await runCommand(cmd, args, { cwd: PACKAGE_ROOT, env: { ...env, PGPARTITION_AS_OF: asOf.toISOString() }, label: name });
    },
    check: () => expectWindows(db!, asOf, `after ${name}`),
    database: () => db!,
  };
}

const weeklyRoll: ContenderModule = {
  contenders(ctx) {
    const provider = once(installDefault);
    return [
      rollContender(ctx, NAMES.pgpartitionDeploy,
        '`pgpartition deploy staging --output <dir>` (the CLI from source through tsx, as `npx pgpartition` runs it): provider install check, synth, `terraform init`, plan saved, its summary, apply of that plan.',
        'bench_roll_pgpartition', (output) => [process.execPath, [join(PACKAGE_ROOT, 'src/cli/bin.cjs'), 'deploy', STACK, '--output', output]], provider),
      rollContender(ctx, NAMES.cdktfDeploy,
        '`cdktf deploy staging --auto-approve --skip-provider-lock --output <dir>` (cdktf-cli 0.21), `TF_CLI_CONFIG_FILE` pointing at the same mirror, `CHECKPOINT_DISABLE=1`.',
        'bench_roll_cdktf', (output) => [join(PACKAGE_ROOT, 'node_modules/.bin/cdktf'), ['deploy', STACK, '--auto-approve', '--skip-provider-lock', '--output', output]], provider),
    ];
  },
};

export default weeklyRoll;
