// Tests src/cli/state.ts: where a stack's state lives, whether it moved, and how it is named.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError, ExitCode } from '../../src/cli/errors';
import { checkStateConnection, describeState, initializedBackend, isStateLockError, lockTimeoutOption, sameBackend, synthesizedBackend } from '../../src/cli/state';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A stack directory with `backend` in its cdk.tf.json and, when given, `initialized` as terraform recorded it. */
function stackDir(backend: unknown, initialized?: unknown): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgp-state-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify({ terraform: backend === undefined ? {} : { backend } }));
  if (initialized !== undefined) {
    mkdirSync(path.join(dir, '.terraform'));
    writeFileSync(path.join(dir, '.terraform', 'terraform.tfstate'), JSON.stringify({ version: 3, backend: initialized }));
  }
  return dir;
}

describe('stack state', () => {
  it('sees a moved state directory and a switched backend, not the settings terraform leaves null', () => {
    const dir = stackDir({ local: { path: '/b/terraform.staging.tfstate' } }, { type: 'local', config: { path: '/a/terraform.staging.tfstate', workspace_dir: null } });
    assert.equal(sameBackend(initializedBackend(dir)!, synthesizedBackend(dir)), false);
    const same = stackDir({ pg: { schema_name: 'pgpartition_state_staging' } }, { type: 'pg', config: { conn_str: null, schema_name: 'pgpartition_state_staging', skip_table_creation: null } });
    assert.equal(sameBackend(initializedBackend(same)!, synthesizedBackend(same)), true);
    const switched = stackDir({ pg: { schema_name: 'pgpartition_state_staging' } }, { type: 'local', config: { path: '/a/x.tfstate' } });
    assert.equal(sameBackend(initializedBackend(switched)!, synthesizedBackend(switched)), false);
    assert.equal(initializedBackend(stackDir(undefined)), null, 'never initialised');
    assert.deepEqual(synthesizedBackend(stackDir(undefined)), { type: 'local', config: {} }, 'terraform\'s default');
  });

  it('names the state without the password of PG_CONN_STR', () => {
    const pg = { type: 'pg', config: { schema_name: 'pgpartition_state_prod' } };
    const text = describeState(pg, { PG_CONN_STR: 'postgres://deployer:s3cret@db.internal:5433/app?sslmode=verify-full' });
    assert.equal(text, 'pg schema pgpartition_state_prod of deployer@db.internal:5433/app (PG_CONN_STR)');
    assert.equal(describeState(pg, { PG_CONN_STR: 'host=db password=s3cret' }), 'pg schema pgpartition_state_prod of the database PG_CONN_STR names');
    assert.equal(describeState({ type: 'local', config: { path: '/s/terraform.prod.tfstate' } }, {}), 'local file /s/terraform.prod.tfstate');
    assert.equal(describeState({ type: 's3', config: {} }, {}), 's3 backend');
  });

  it('fails naming PG_CONN_STR for a pg backend without a connection, and passes with one', () => {
    const pg = { type: 'pg', config: { schema_name: 'pgpartition_state_prod' } };
    assert.throws(() => checkStateConnection(pg, 'prod', {}), (err: unknown) => err instanceof CliError && /PG_CONN_STR is not set/.test(err.message) && /sslmode=require/.test(err.fix));
    assert.doesNotThrow(() => checkStateConnection(pg, 'prod', { PG_CONN_STR: 'postgres://db/app' }));
    assert.doesNotThrow(() => checkStateConnection({ type: 'local', config: {} }, 'prod', {}));
  });

  it('takes terraform durations for --lock-timeout and fails with the usage exit code on others', () => {
    for (const ok of ['0', '0s', '30s', '5m', '1h30m', '1.5h', '500ms']) assert.equal(lockTimeoutOption(ok), ok);
    for (const bad of ['5', 'five minutes', '-1m', '']) {
      assert.throws(() => lockTimeoutOption(bad), (err: unknown) => err instanceof CliError && err.exitCode === ExitCode.Usage && err.message.includes(`"${bad}"`), bad);
    }
  });

  it('recognises terraform\'s state lock error', () => {
    assert.equal(isStateLockError('Error: Error acquiring the state lock\n\nError message: Workspace is already locked: default'), true);
    assert.equal(isStateLockError('Error: Saved plan is stale'), false);
  });
});
