/**
 * End to end: plain `npx cdktf deploy staging --auto-approve`, offline, after the README's one setup
 * command and nothing else (no --skip-provider-lock), from a fresh output directory: the stack's
 * synthesis writes the provider's lock entry, so cdktf skips `terraform providers lock` (which would
 * ask the registry), and CHECKPOINT_DISABLE=1 from the setup keeps the update check quiet.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { partitionInfo } from '../../src/runtime/partition-info';
import { PROVIDER_SOURCE } from '../../src/provider/install';
import { LOCK_FILE_NAME, readProviderLock } from '../../src/provider/lock-file';
import { ACCOUNT_BALANCES } from '../../stacks/account-balances';
import { runCdktfScript } from '../support/cdktf-cli';
import { cleanEnv, startExampleStack, type ExampleStack } from '../support/example-stack';

describe('plain cdktf deploy after the setup command', () => {
  let stack: ExampleStack;
  before(async () => {
    stack = await startExampleStack(1);
  });
  after(async () => stack?.stop());

  it('deploys the staging stack offline from a fresh cdktf output directory, with no extra flags', async () => {
    const work = path.join(stack.outputDir, '..');
    const setupDir = path.join(work, 'setup');
    const out = path.join(work, 'plain-cdktf.out');
    assert.equal(existsSync(out), false);
    const env = Object.fromEntries(Object.entries(cleanEnv()).filter(([k]) => k !== 'CHECKPOINT_DISABLE' && !k.startsWith('TF_')));
    const r = await runCdktfScript(
      'eval "$(npx pgpartition provider install --dir "$SETUP_DIR")"\nnpx cdktf deploy staging --auto-approve --output "$OUT"',
      { ...env, SETUP_DIR: setupDir, OUT: out, STAGING_DATABASE_URL: stack.pg.url, PGPARTITION_STATE_DIR: path.join(work, 'plain-state'), CI: '1' },
    );
    assert.equal(r.code, 0, r.output);
    assert.match(r.output, /Apply complete! Resources: 2 added, 0 changed, 0 destroyed\./);
    assert.doesNotMatch(r.output, /providers lock|Could not retrieve providers|checkpoint/i);

    const installed = readProviderLock(readFileSync(path.join(setupDir, 'provider.lock.hcl'), 'utf8'), PROVIDER_SOURCE);
    const used = readProviderLock(readFileSync(path.join(out, 'stacks', 'staging', LOCK_FILE_NAME), 'utf8'), PROVIDER_SOURCE);
    assert.deepEqual(used?.hashes, installed?.hashes);
    const windows = (await partitionInfo(stack.pool, ACCOUNT_BALANCES.schema, ACCOUNT_BALANCES.name, 'timestamptz')).filter((p) => p.kind === 'range');
    assert.equal(windows.length, 17);
  });
});
