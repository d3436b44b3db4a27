// stateBackend: local files by default, terraform's pg backend with one schema per stack when asked.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TerraformStack, Testing } from 'cdktf';
import { SpecError } from '../../src/core/errors';
import { defaultStateSchema, stateBackend, STATE_BACKEND_ENV, STATE_DIR_ENV } from '../../src/constructs';
import { testApp } from '../support/cdktf';

function backendOf(stackName: string, env: NodeJS.ProcessEnv, schemaName?: string): unknown {
  const stack = new TerraformStack(testApp(), stackName);
  stateBackend(stack, { env, schemaName });
  return JSON.parse(Testing.synth(stack)).terraform.backend;
}

describe('stateBackend', () => {
  it('keeps local state in the working directory by default, in PGPARTITION_STATE_DIR when set', () => {
    const local = backendOf('staging', {}) as { local: { path: string } };
    assert.equal(local.local.path, `${process.cwd()}/terraform.staging.tfstate`); // cdktf's own default
    assert.deepEqual(backendOf('staging', { [STATE_BACKEND_ENV]: 'local', [STATE_DIR_ENV]: '/var/cache/state' }), { local: { path: '/var/cache/state/terraform.staging.tfstate' } });
  });

  it('selects the pg backend with a schema per stack and no connection string in the config', () => {
    assert.deepEqual(backendOf('prod', { [STATE_BACKEND_ENV]: 'pg', PG_CONN_STR: 'postgres://u:secret@db/x' }), { pg: { schema_name: 'pgpartition_state_prod' } });
    assert.deepEqual(backendOf('prod', { [STATE_BACKEND_ENV]: 'pg' }, 'ops_state'), { pg: { schema_name: 'ops_state' } });
  });

  it('names a schema from any stack name', () => {
    assert.equal(defaultStateSchema('EU-West.Prod'), 'pgpartition_state_eu_west_prod');
  });

  it('fails naming PGPARTITION_STATE_BACKEND and the values it takes for another backend', () => {
    assert.throws(() => backendOf('staging', { [STATE_BACKEND_ENV]: 's3' }), (err: unknown) =>
      err instanceof SpecError && err.field === STATE_BACKEND_ENV && err.problem === '"s3" is not a state backend' && err.fix.includes('local, pg'));
  });

  it('fails naming schemaName for a name PostgreSQL would fold or truncate', () => {
    for (const bad of ['Ops', 'x'.repeat(64), 'a-b']) {
      assert.throws(() => backendOf('staging', { [STATE_BACKEND_ENV]: 'pg' }, bad), (err: unknown) => err instanceof SpecError && err.field === 'schemaName', bad);
    }
  });
});
