// The runtime is for applications: loading it (and planning from the construct's props) must not
// load cdktf or the constructs library, which are for synth only.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../..');

describe('src/runtime', () => {
  it('loads without cdktf, constructs or the generated bindings', () => {
    const script = `require('./src/runtime'); require('./stacks/account-balances');
      const loaded = Object.keys(require.cache).filter((f) => /node_modules[\\\\/](cdktf|constructs|@cdktf)[\\\\/]|[\\\\/]\\.gen[\\\\/]/.test(f));
      process.stdout.write(JSON.stringify(loaded));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });
});
