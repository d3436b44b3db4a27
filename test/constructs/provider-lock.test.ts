// lockProviderAtSynth: a stack's synthesized directory gets the installed provider's lock entry; a shell
// that was not set up gets a warning naming the setup command.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { lockProviderAtSynth, PROVIDER_SETUP_COMMAND } from '../../src/constructs';
import { PROVIDER_SOURCE } from '../../src/provider/install';
import { INSTALLED_LOCK_FILE_NAME, LOCK_FILE_NAME, lockFileText, readProviderLock } from '../../src/provider/lock-file';
import { testApp } from '../support/cdktf';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('provider lock at synth', () => {
  it('writes the installed entry into the stack\'s directory', () => {
    const install = mkdtempSync(path.join(os.tmpdir(), 'pgp-install-'));
    dirs.push(install);
    const lock = { source: PROVIDER_SOURCE, version: '0.1.0', constraints: '0.1.0', hashes: ['h1:installed='] };
    writeFileSync(path.join(install, 'terraformrc'), '');
    writeFileSync(path.join(install, INSTALLED_LOCK_FILE_NAME), lockFileText(lock));
    const stack = new TerraformStack(testApp(), 'staging');
    lockProviderAtSynth(stack, { TF_CLI_CONFIG_FILE: path.join(install, 'terraformrc') });
    lockProviderAtSynth(stack, {}); // once per stack: a second call changes nothing
    const outdir = Testing.fullSynth(stack);
    dirs.push(outdir);
    const written = readFileSync(path.join(outdir, 'stacks', 'staging', LOCK_FILE_NAME), 'utf8');
    assert.deepEqual(readProviderLock(written, PROVIDER_SOURCE), lock);
    assert.equal(stack.node.metadata.length, 0, 'no warning');
  });

  it('warns naming the setup command when TF_CLI_CONFIG_FILE leads to no installation', () => {
    for (const env of [{}, { TF_CLI_CONFIG_FILE: '/nonexistent/terraformrc' }]) {
      const stack = new TerraformStack(testApp(), 'staging');
      lockProviderAtSynth(stack, env);
      const warnings = stack.node.metadata.map((m) => String(m.data));
      assert.equal(warnings.length, 1);
      assert.ok(warnings[0].includes(PROVIDER_SETUP_COMMAND) && warnings[0].includes('TF_CLI_CONFIG_FILE'), warnings[0]);
    }
  });
});
