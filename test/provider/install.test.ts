// `pgpartition provider install`: mirror layout, CLI config, idempotence and byte-stable bundles.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installProvider, PROVIDER_SOURCE } from '../../src/provider/install';

const ECHO_ENTRY = 'test/fixtures/echo-provider/main.ts';

describe('provider install', () => {
  const dirs = [mkdtempSync(join(tmpdir(), 'pgp-install-a-')), mkdtempSync(join(tmpdir(), 'pgp-install-b-'))];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('lays out the unpacked mirror and a CLI config that uses it only for our provider', async () => {
    const i = await installProvider({ dir: dirs[0], entry: ECHO_ENTRY });
    assert.equal(i.executable, join(dirs[0], 'mirror', PROVIDER_SOURCE, i.version, 'linux_amd64', `terraform-provider-pgpartition_v${i.version}`));
    assert.equal(statSync(i.executable).mode & 0o777, 0o755);
    assert.match(readFileSync(i.executable, 'utf8'), /^#!\/bin\/sh\n[\s\S]*\nexec node "\$\(dirname "\$0"\)\/terraform-provider-pgpartition_v[\d.]+\.cjs" "\$@"\n$/);
    const config = readFileSync(i.cliConfigFile, 'utf8');
    assert.match(config, new RegExp(`filesystem_mirror \\{\\s*path\\s*= "${i.mirrorDir}"\\s*include = \\["${PROVIDER_SOURCE}"\\]`));
    assert.match(config, new RegExp(`direct \\{\\s*exclude = \\["${PROVIDER_SOURCE}"\\]`));
  });

  it('is idempotent: a second install writes nothing and leaves identical bytes', async () => {
    const before = await installProvider({ dir: dirs[0], entry: ECHO_ENTRY });
    const bytes = readFileSync(before.bundle);
    const again = await installProvider({ dir: dirs[0], entry: ECHO_ENTRY });
    assert.deepEqual(again.written, []);
    assert.ok(readFileSync(again.bundle).equals(bytes));
  });

  it('builds the same bytes in another directory, with no absolute path inside', async () => {
    const [a, b] = await Promise.all(dirs.map((dir) => installProvider({ dir, entry: ECHO_ENTRY })));
    assert.ok(readFileSync(a.bundle).equals(readFileSync(b.bundle)));
    assert.ok(readFileSync(a.executable).equals(readFileSync(b.executable)));
    const text = readFileSync(a.bundle, 'utf8');
    assert.equal(text.includes(process.cwd()), false, 'bundle contains the package path');
    assert.equal(text.includes(dirs[0]), false, 'bundle contains the install path');
  });
});
