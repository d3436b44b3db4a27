/**
 * The original guide's application calls, done the pgpartition way, against the example app's
 * `account_balances` (deploy it first: `npm run deploy -- staging`). It writes sample rows (one
 * hour of balances and one row of an activity no group lists), so point it at a scratch database:
 *
 *   DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DATABASE npx tsx examples/guide-application.ts
 *
 * Each step names the guide's call it replaces. The table itself (createPartitionManager,
 * createWeeklyPartitions, dropOldPartitions, the weekly cron job) is no application code any more:
 * it is the `PartitionedTable` declaration in `stacks/`, which `pgpartition deploy` reconciles.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { checkHealth, CopyInserter, explainPruning, maintain, partitionInfo } from '../src/runtime';
import { ACCOUNT_BALANCES, accountBalancesProps } from '../stacks/account-balances';
import { ENVIRONMENTS } from '../stacks/environments';
import { sampleBalances } from '../stacks/sample-balances';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('guide-application: DATABASE_URL is not set\n  fix: export DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DATABASE (a scratch database: this writes sample rows)');
    process.exitCode = 2;
    return;
  }
  // createPartitionManager(pool, config): the declaration the staging stack deploys, loaded without cdktf
  const declaration = accountBalancesProps(ENVIRONMENTS.find((e) => e.name === 'staging')!);
  const { schema, name } = ACCOUNT_BALANCES;
  const pool = new Pool({ connectionString: url, max: 4 });
  try {
    // createBatchInserter(...): COPY in batches; a row no window accepts fails its batch as a whole
    const run = randomUUID().slice(0, 8); // accounts of this run, so a second run adds rows instead of repeating keys
    const thisHour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const inserter = new CopyInserter(pool, schema, name, { columns: ['timestamp', 'account_address', 'usd_value', 'activity_id', 'data'] });
    for (const row of sampleBalances({ from: thisHour, hours: 1, rows: 1000, accounts: 100 })) {
      await inserter.add({ ...row, account_address: `${row.account_address}_${run}` });
    }
    await inserter.add({ timestamp: thisHour, account_address: `example_${run}`, usd_value: '1.00', activity_id: 'example_unlisted_activity', data: '{}' });
    console.log(`CopyInserter: ${await inserter.close()} rows written to ${schema}.${name}`);

    // getPartitionInfo(): the windows with bounds, row estimates and sizes
    const partitions = await partitionInfo(pool, schema, name);
    const totalBytes = partitions.reduce((sum, p) => sum + p.bytes, 0);
    console.log(`partitionInfo: ${partitions.length} partitions, ${totalBytes} bytes, ${partitions.filter((p) => p.managed).length} managed`);

    // optimizePartitions(): ANALYZE the parent, ANALYZE written windows, VACUUM (ANALYZE) ended ones
    const maintenance = await maintain(pool, { schema, table: name });
    for (const a of maintenance.actions) console.log(`maintain: ${a.statement} -> ${a.outcome} (${a.reason})`);

    // checkPartitionHealth(): from the same declaration; the unlisted activity shows up here
    const health = await checkHealth(pool, declaration);
    console.log(`checkHealth: runway ${health.runway.windows} windows after ${health.runway.currentWindow}, ${health.findings.length} findings`);
    for (const f of health.findings) console.log(`checkHealth: ${f.severity} ${f.kind}: ${f.message}`);

    // the guide's EXPLAIN check: a one-week query scans one window, an activity filter one sub-partition
    const current = partitions.find((p) => p.kind === 'range' && p.from !== null && Date.parse(p.from) <= thisHour.getTime() && thisHour.getTime() < Date.parse(p.to!))!;
    const week = await explainPruning(pool, `SELECT * FROM ${name} WHERE "timestamp" >= $1 AND "timestamp" < $2`, [current.from, current.to]);
    const swaps = await explainPruning(pool, `SELECT * FROM ${name} WHERE "timestamp" >= $1 AND "timestamp" < $2 AND activity_id = $3`, [current.from, current.to, 'dex_swap']);
    console.log(`explainPruning: one week scans ${week.length} partitions of ${current.name}; with activity_id = 'dex_swap', ${swaps.map((t) => t.name).join(', ')}`);
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => {
  console.error(`guide-application: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
