import { Pool } from 'pg';
import { CopyInserter } from './src/runtime/copy-inserter';
import { partitionInfo } from './src/runtime/partition-info';
import { sampleBalances } from './stacks/sample-balances';
(async () => {
  const pool = new Pool({ connectionString: process.env.DISTRIBUTED_DATABASE_URL });
  const ins = new CopyInserter(pool, 'public', 'account_balances', { columns: ['timestamp', 'account_address', 'usd_value', 'activity_id', 'data'], maxBatchRows: 20000 });
  let t = Date.now();
  console.log(await ins.insert(sampleBalances({ from: new Date('2026-11-30T00:00:00Z'), hours: 48, rows: 100000 })), Date.now() - t);
  try { await ins.insert([{ timestamp: new Date('2020-01-01T00:00:00Z'), account_address: 'x', usd_value: '1', activity_id: 'a', data: '{}' }]); } catch (e) { console.log((e as Error).name, (e as Error).message); }
  t = Date.now();
  const info = await partitionInfo(pool, 'public', 'account_balances', 'timestamptz');
  console.log(Date.now() - t, info.filter((i) => i.rows > 0 || i.name.endsWith('11_30')));
  await pool.end();
})();
