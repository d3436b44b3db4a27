// The provider behind PgBouncer (src/provider/internal/pooler.ts): session pooling works like a
// direct connection; transaction and statement pooling fail at plan, before any DDL, saying why
// and what to connect through instead.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startPgBouncer, type LocalPgBouncer } from '../support/pgbouncer';
import { assertOk, type TerraformWorkdir } from '../support/terraform';
import { flat, PROVIDER_HCL, parentHcl, partitionsOf, startFixture, URL_VARIABLE, windowHcl, withEnv, type ProviderFixture } from './support/fixture';


describe('provider behind a connection pooler', () => {
  let f: ProviderFixture;
  let bouncer: LocalPgBouncer;
  let tf: TerraformWorkdir;

  before(async () => {
    f = await startFixture();
    bouncer = await startPgBouncer(f.pg);
    tf = await f.workdir(PROVIDER_HCL + parentHcl('pooled') + windowHcl('pooled', '2030-01-07'));
    assertOk(await tf.init());
  });
  after(async () => {
    await bouncer?.stop();
    await f?.stop();
  });

  for (const mode of ['transaction', 'statement'] as const) {
    it(`fails at plan through ${mode} pooling, naming the mode and the fix, and creates nothing`, async () => {
      const result = await withEnv(tf, { [URL_VARIABLE]: bouncer.url(mode) }).plan();
      assert.notEqual(result.code, 0);
      const text = flat(result.stderr);
      assert.match(text, new RegExp(`Connection pooler in ${mode} pooling mode`));
      assert.match(text, new RegExp(`through a connection pooler in ${mode} pooling mode`));
      assert.match(text, /pool_mode=session/);
      assert.ok(!`${result.stdout}${result.stderr}`.includes(f.pg.password));
      assert.deepEqual(await partitionsOf(f.admin, 'pooled'), []);
    });
  }

  it('deploys through session pooling like a direct connection, then plans nothing', async () => {
    const pooled = withEnv(tf, { [URL_VARIABLE]: bouncer.url('session') });
    assertOk(await pooled.apply());
    assert.deepEqual(await partitionsOf(f.admin, 'pooled'), ['pooled_2030_01_07']);
    assert.equal((await pooled.planExitCode()).code, 0);
  });
});
