// The committed L1 bindings (src/constructs/.gen) are exactly what `cdktf get` generates from the
// provider's schema today: a schema change without `npm run get` fails here, not in a user's synth.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../../src/provider/install';
import { installOnce } from '../support/terraform';

const COMMITTED = path.join(PACKAGE_ROOT, 'src/constructs/.gen');

function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const rel = path.join(prefix, entry);
    return statSync(path.join(dir, entry)).isDirectory() ? files(path.join(dir, entry), rel) : [rel];
  }).sort();
}

describe('generated L1 bindings', () => {
  it('match what cdktf get generates from the provider schema', async () => {
    const installation = await installOnce();
    const project = mkdtempSync(path.join(os.tmpdir(), 'pgpartition-get-'));
    try {
      const cdktfJson = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'cdktf.json'), 'utf8'));
      writeFileSync(path.join(project, 'cdktf.json'), JSON.stringify({ ...cdktfJson, app: 'true', codeMakerOutput: 'gen' }));
      const cdktf = path.join(PACKAGE_ROOT, 'node_modules/.bin/cdktf');
      const run = spawnSync(cdktf, ['get', '--force'], {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, TF_CLI_CONFIG_FILE: installation.cliConfigFile, CHECKPOINT_DISABLE: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: 'true', CI: '1' },
      });
      assert.equal(run.status, 0, `cdktf get failed:\n${run.stdout}\n${run.stderr}`);
      const generated = path.join(project, 'gen');
      assert.deepEqual(files(generated), files(COMMITTED), 'generated files differ from src/constructs/.gen: run `npm run get`');
      for (const f of files(generated)) {
        assert.equal(readFileSync(path.join(generated, f), 'utf8'), readFileSync(path.join(COMMITTED, f), 'utf8'), `${f} differs: run \`npm run get\``);
      }
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
