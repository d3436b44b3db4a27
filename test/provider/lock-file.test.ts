// The provider's lock file entry: terraform's own h1 hash of the mirror, and merging into a stack's lock file.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROVIDER_SOURCE } from '../../src/provider/install';
import { LOCK_FILE_NAME, lockFileText, packageHashV1, readProviderLock, withProviderLock, type ProviderLock } from '../../src/provider/lock-file';
import { assertOk, installOnce, terraformWorkdir } from '../support/terraform';

const lock: ProviderLock = { source: PROVIDER_SOURCE, version: '0.1.0', constraints: '0.1.0', hashes: ['h1:abc='] };
const other = `provider "registry.terraform.io/hashicorp/random" {
  version = "3.6.0"
  hashes = [
    "h1:other=",
  ]
}
`;

describe('provider lock file', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('hashes a package directory as Go\'s dirhash Hash1 does (sorted paths, subdirectories with /)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgp-hash-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'b'), 'bee\n');
    writeFileSync(join(dir, 'sub', 'a'), 'ay\n');
    // sha256("bee\n") and sha256("ay\n"), then sha256 of the two summary lines, computed with sha256sum
    assert.equal(packageHashV1(dir), 'h1:CG7tX36CPZmDk5ydTII3smXVrLbxHHoXzURXw1kJgkU=');
  });

  it('is the hash terraform init records for the installed mirror, so init accepts the installed entry', async () => {
    const installation = await installOnce();
    const tf = await terraformWorkdir({
      'main.tf': 'terraform {\n  required_providers {\n    pgpartition = { source = "pgpartition/pgpartition", version = "0.1.0" }\n  }\n}\n',
    });
    try {
      assertOk(await tf.init());
      const recorded = readProviderLock(readFileSync(join(tf.dir, LOCK_FILE_NAME), 'utf8'), PROVIDER_SOURCE);
      assert.deepEqual(recorded?.hashes, [installation.packageHash]);
      assert.deepEqual(readProviderLock(readFileSync(installation.lockFile, 'utf8'), PROVIDER_SOURCE), recorded);
    } finally {
      await tf.cleanup();
    }
  });

  it('writes a whole lock file when there is none', () => {
    const text = withProviderLock(null, lock);
    assert.equal(text, lockFileText(lock));
    assert.deepEqual(readProviderLock(text, PROVIDER_SOURCE), lock);
  });

  it('adds the entry to a lock file of other providers and keeps theirs', () => {
    const text = withProviderLock(other, lock);
    assert.ok(text.startsWith(other));
    assert.deepEqual(readProviderLock(text, PROVIDER_SOURCE), lock);
    assert.equal(readProviderLock(text, 'registry.terraform.io/hashicorp/random')?.version, '3.6.0');
  });

  it('replaces a stale entry of the provider (another build) in place', () => {
    const stale = `${other}\n${lockFileText({ ...lock, hashes: ['h1:old='] }).split('\n\n').slice(1).join('\n\n')}`;
    const text = withProviderLock(stale, lock);
    assert.deepEqual(readProviderLock(text, PROVIDER_SOURCE), lock);
    assert.equal(text.includes('h1:old='), false);
    assert.ok(text.startsWith(other));
  });

  it('returns an up-to-date lock file unchanged', () => {
    const current = withProviderLock(other, lock);
    assert.equal(withProviderLock(current, lock), current);
  });
});
