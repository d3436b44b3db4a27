// `pgpartition local-citus` (src/cli/commands/local-citus.ts): a real cluster in the foreground until SIGINT.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { PACKAGE_ROOT } from '../../src/provider/install';
import { citusSkipReason } from '../support/citus';
import { cleanEnv } from '../support/example-stack';

describe('pgpartition local-citus', { skip: citusSkipReason }, () => {
  it('runs a coordinator with two workers, its URL only in a 0600 file, until SIGINT stops it and deletes the file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgpartition-local-citus-'));
    const urlFile = path.join(dir, 'url');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'local-citus', '--url-file', urlFile], { cwd: PACKAGE_ROOT, env: cleanEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 1200 && !stdout.includes('\n') && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(stdout, `export DISTRIBUTED_DATABASE_URL="$(cat ${urlFile})"\n`, stderr);
      const url = readFileSync(urlFile, 'utf8').trim();
      assert.equal(statSync(urlFile).mode & 0o777, 0o600);
      assert.ok(!stdout.includes(url) && !stderr.includes(url) && !stderr.includes(new URL(url).password), 'the URL and its password are never printed');
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        assert.deepEqual((await client.query('SELECT count(*)::int AS n FROM citus_get_active_worker_nodes()')).rows, [{ n: 2 }]);
      } finally {
        await client.end();
      }
      child.kill('SIGINT');
      assert.equal(await exited, 0, stderr);
      assert.equal(existsSync(urlFile), false);
      const gone = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
      await assert.rejects(gone.connect(), (err: { code?: string }) => err.code === 'ECONNREFUSED');
    } finally {
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
