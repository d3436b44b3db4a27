// Tests src/runtime/explain.ts on the example app's account_balances (10 activity groups + DEFAULT
// per weekly window), laid out in a real PostgreSQL as the provider lays it out.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Pool } from 'pg';
import { startLocalPostgres, LocalPostgres } from '../support/postgres';
import { createDeclaredTable } from '../support/declared-table';
import { explainPruning, ExplainError } from '../../src/runtime';
import { readInventory } from '../../src/catalog';
import { accountBalancesProps } from '../../stacks/account-balances';
import { ENVIRONMENTS } from '../../stacks/environments';

const NOW = new Date('2024-12-25T12:00:00Z');
const WEEK = ['2024-12-23T00:00:00Z', '2024-12-30T00:00:00Z'];

describe('explainPruning', () => {
  let pg: LocalPostgres;
  let pool: Pool;
  /** Leaf partition name -> the window it belongs to. */
  let windowOf: Map<string, string>;
  let groupOfDexSwap: string;
  before(async () => {
    pg = await startLocalPostgres();
    pool = new Pool({ connectionString: pg.url, max: 2 });
    pool.on('error', () => undefined); // node-postgres: an idle client the server drops (e.g. at stop) is reported here, not thrown
    const props = accountBalancesProps(ENVIRONMENTS[0]);
    await createDeclaredTable(pool, props, NOW);
    const inventory = await readInventory(pool, 'public', 'account_balances', 'timestamptz');
    windowOf = new Map(inventory.windows.flatMap((w) => w.subPartitions.map((s) => [s.name, w.name] as const)));
    groupOfDexSwap = props.activityGroups!.find((g) => g.values.includes('dex_swap'))!.name;
  });
  after(async () => {
    await pool?.end();
    await pg?.stop();
  });

  it('touches one window for a one-week query: its 10 group sub-partitions and its DEFAULT', async () => {
    const scanned = await explainPruning(pool, 'SELECT * FROM account_balances WHERE "timestamp" >= $1 AND "timestamp" < $2', WEEK);
    assert.equal(scanned.length, 11);
    assert.deepEqual(new Set(scanned.map((t) => windowOf.get(t.name))), new Set(['account_balances_2024_12_23']));
    assert.ok(scanned.every((t) => t.schema === 'public'));
  });

  it('touches one sub-partition when the query also filters on activity_id', async () => {
    const scanned = await explainPruning(pool, 'SELECT * FROM account_balances WHERE "timestamp" >= $1 AND "timestamp" < $2 AND activity_id = $3', [...WEEK, 'dex_swap']);
    assert.deepEqual(scanned, [{ schema: 'public', name: `account_balances_2024_12_23_${groupOfDexSwap}` }]);
    const literal = await explainPruning(pool, `SELECT count(*) FROM account_balances WHERE "timestamp" >= '2024-12-23T00:00:00Z' AND "timestamp" < '2024-12-30T00:00:00Z' AND activity_id = 'dex_swap'`);
    assert.deepEqual(literal, scanned, 'the same without parameters');
  });

  it('lists every leaf when nothing prunes', async () => {
    const scanned = await explainPruning(pool, 'SELECT * FROM account_balances');
    assert.equal(scanned.length, windowOf.size);
  });

  it('fails with the server\'s message when the query cannot be planned, and never runs a second statement', async () => {
    await assert.rejects(explainPruning(pool, 'SELECT * FROM account_balances WHERE nope = 1'), (err: Error) => {
      assert.ok(err instanceof ExplainError);
      assert.match(err.message, /^cannot plan the query: column "nope" does not exist \(SQLSTATE 42703\)$/);
      return true;
    });
    await assert.rejects(explainPruning(pool, 'SELECT 1; DROP TABLE account_balances'), /cannot insert multiple commands into a prepared statement/);
    assert.equal((await pool.query(`SELECT to_regclass('account_balances') IS NOT NULL AS present`)).rows[0].present, true);
  });
});
