// The throwaway Citus cluster (src/local-server/citus.ts): three real nodes, skipped only where Citus is not installed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { CitusNotInstalledError, findCitusBinaries } from '../../src/local-server/citus';
import { citusSkipReason, startLocalCitus, type LocalCitus } from '../support/citus';

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('startLocalCitus', { skip: citusSkipReason }, () => {
  let citus: LocalCitus;
  before(async () => { citus = await startLocalCitus(); });
  after(async () => { await citus?.stop(); });

  it('registers the coordinator and two active workers, each its own server with the citus extension', async () => {
    assert.equal(citus.workers.length, 2);
    assert.equal(new Set([citus.coordinator.port, ...citus.workers.map((w) => w.port)]).size, 3);
    const active = await query(citus.url, 'SELECT node_port FROM citus_get_active_worker_nodes() ORDER BY node_port');
    assert.deepEqual(active.map((r) => Number(r.node_port)), citus.workers.map((w) => w.port).sort((a, b) => a - b));
    const [coordinator] = await query(citus.url, `SELECT groupid, shouldhaveshards FROM pg_dist_node WHERE nodeport = ${citus.coordinator.port}`);
    assert.deepEqual(coordinator, { groupid: 0, shouldhaveshards: false }, 'the coordinator keeps no shards');
    for (const w of citus.workers) {
      assert.deepEqual(await query(w.url, `SELECT extversion AS v FROM pg_extension WHERE extname = 'citus'`), [{ v: citus.citusVersion }]);
    }
  });

  it('puts the rows of a distributed table on the workers', async () => {
    await query(citus.url, `CREATE TABLE t (k int PRIMARY KEY); SELECT create_distributed_table('t', 'k'); INSERT INTO t SELECT generate_series(1, 1000)`);
    const perWorker = await query(citus.url, `SELECT nodeport, count(*)::int AS shards FROM pg_dist_shard JOIN pg_dist_placement USING (shardid)
      JOIN pg_dist_node USING (groupid) WHERE logicalrelid = 't'::regclass GROUP BY nodeport ORDER BY nodeport`);
    assert.deepEqual(perWorker.map((r) => Number(r.nodeport)), citus.workers.map((w) => w.port).sort((a, b) => a - b));
    assert.deepEqual(await query(citus.url, 'SELECT count(*)::int AS n FROM t'), [{ n: 1000 }]);
  });

  it('fails a login with a wrong password on every node (password authentication, not trust)', async () => {
    for (const node of [citus.coordinator, ...citus.workers]) {
      const client = new Client({ host: node.host, port: node.port, user: node.user, password: 'wrong', database: node.database });
      await assert.rejects(client.connect(), (err: { code?: string }) => err.code === '28P01');
    }
  });

  it('stop() stops every node and deletes its directory; a second stop() is harmless', async () => {
    await citus.stop();
    await citus.stop();
    for (const node of [citus.coordinator, ...citus.workers]) assert.equal(existsSync(node.dir), false);
    await assert.rejects(query(citus.url, 'SELECT 1'), (err: { code?: string }) => err.code === 'ECONNREFUSED');
  });
});

describe('findCitusBinaries', () => {
  it('fails naming what it searched and what to install when no PostgreSQL has Citus', () => {
    const empty = mkdtempSync(join(tmpdir(), 'pgpartition-empty-'));
    try {
      assert.throws(() => findCitusBinaries({ pathDirs: [], debianRoot: join(empty, 'none'), nodeModulesDirs: [empty] }),
        (err: Error) => err instanceof CitusNotInstalledError && /The Citus extension is not installed/.test(err.message) && /citus\.so/.test(err.message));
    } finally {
      rmSync(empty, { recursive: true });
    }
  });
});
