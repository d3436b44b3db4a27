// examples/hcl/main.tf, the plain-HCL example the docs link to, against the real terraform and a
// throwaway PostgreSQL: it validates, applies as written, and plans nothing afterwards.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../../src/provider/install';
import { assertOk, type TerraformWorkdir } from '../support/terraform';
import { partitionsOf, startFixture, type ProviderFixture } from '../provider/support/fixture';

const EXAMPLE = path.join(PACKAGE_ROOT, 'examples/hcl/main.tf');

describe('examples/hcl/main.tf', () => {
  let f: ProviderFixture;
  let tf: TerraformWorkdir;

  before(async () => {
    f = await startFixture();
    // the example reads its connection URL from DATABASE_URL, as a user's shell would give it
    tf = await f.workdir(readFileSync(EXAMPLE, 'utf8'), { DATABASE_URL: f.pg.url });
    assertOk(await tf.init());
  });
  after(async () => f?.stop());

  it('validates', async () => {
    assertOk(await tf.run('validate'));
  });

  it('creates the parent table and its windows in one window set, then plans nothing', async () => {
    assertOk(await tf.apply());
    assert.deepEqual(await partitionsOf(f.admin, 'account_balances'), ['account_balances_2025_01_06', 'account_balances_2025_01_13']);
    const state = await tf.showJson();
    const types = state.values.root_module.resources.filter((r: { mode: string }) => r.mode === 'managed').map((r: { type: string }) => r.type).sort();
    assert.deepEqual(types, ['pgpartition_parent_table', 'pgpartition_window_set']);
    assert.equal((await tf.planExitCode()).code, 0);
  });
});
