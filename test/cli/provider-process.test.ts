/**
 * One provider process per command (src/cli/provider-process.ts): the real terraform reattached to a
 * provider started once, against a real PostgreSQL. Each ConfigureProvider starts afresh (a window
 * dropped by hand between two plans shows up, a second database is read from its own settings), the
 * socket is private, Shutdown stops it, and it exits when its parent dies.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { startProvider } from '../../src/cli/provider-process';
import { assertOk } from '../support/terraform';
import { startLocalPostgres, type LocalPostgres } from '../support/postgres';
import { parentHcl, partitionsOf, startFixture, windowHcl, withEnv, type ProviderFixture } from '../provider/support/fixture';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('one provider process per command', () => {
  let f: ProviderFixture;
  let other: LocalPostgres;

  before(async () => {
    [f, other] = await Promise.all([startFixture(), startLocalPostgres()]);
  });
  after(async () => Promise.all([f?.stop(), other?.stop()]));

  it('serves several terraform commands, each configured afresh, on a private socket, and stops on Shutdown', async () => {
    // database_url from a variable: each command's own settings name its database
    const hcl = `terraform {
  required_providers {
    pgpartition = { source = "pgpartition/pgpartition" }
  }
}
variable "url" {
  type      = string
  sensitive = true
}
provider "pgpartition" {
  database_url = var.url
}
` + parentHcl('shared') + windowHcl('shared', '2030-01-07') + windowHcl('shared', '2030-01-14');
    const tf = await f.workdir(hcl);
    assertOk(await tf.init());
    const provider = await startProvider(tf.installation.executable, process.env);
    try {
      const socketDir = path.dirname(JSON.parse(provider.reattach)['registry.terraform.io/pgpartition/pgpartition'].Addr.String);
      assert.equal(statSync(socketDir).mode & 0o777, 0o700, 'only this user can reach the socket');
      const reattached = withEnv(tf, { TF_REATTACH_PROVIDERS: provider.reattach });
      assertOk(await reattached.apply(`-var=url=${f.pg.url}`));
      assert.deepEqual(await partitionsOf(f.admin, 'shared'), ['shared_2030_01_07', 'shared_2030_01_14']);

      await f.admin.query('DROP TABLE shared_2030_01_14');
      const plan = await reattached.planExitCode(`-var=url=${f.pg.url}`);
      assert.equal(plan.code, 2, 'the same process sees the window dropped by hand: nothing cached across commands');
      assert.match(plan.stdout, /pgpartition_window\.shared_2030_01_14 will be created/);

      const elsewhere = await reattached.planExitCode(`-var=url=${other.url}`, '-refresh=true');
      assert.match(elsewhere.stdout, /pgpartition_window\.shared_2030_01_07 will be created/, 'a second database is read with its own settings');
    } finally {
      await provider.stop();
    }
    assert.equal(alive(provider.pid), false, 'Shutdown stopped it');
  });

  it('exits by itself when the process that started it dies', async () => {
    const tf = await f.workdir(parentHcl('orphan'));
    const script = `
      const { startProvider } = require(${JSON.stringify(path.resolve(__dirname, '../../src/cli/provider-process.ts'))});
      startProvider(${JSON.stringify(tf.installation.executable)}, process.env).then((p) => { process.stdout.write(p.pid + '\\n'); setInterval(() => {}, 1000); });
    `;
    const parent = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve) => parent.stdout!.once('data', (b: Buffer) => resolve(Number(String(b).trim()))));
    assert.equal(alive(pid), true);
    parent.kill('SIGKILL');
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(alive(pid), false, 'the orphaned provider exited');
  });

  it('leaves no socket directory behind', async () => {
    const provider = await startProvider((await f.workdir('')).installation.executable, process.env);
    const socket = JSON.parse(provider.reattach)['registry.terraform.io/pgpartition/pgpartition'].Addr.String as string;
    await provider.stop();
    assert.equal(existsSync(path.dirname(socket)), false);
  });
});
