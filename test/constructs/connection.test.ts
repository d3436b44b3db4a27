import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PostgresqlProviderConfig } from '@cdktf/provider-postgresql/lib/provider';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { databaseUrlEnvFor, pgpartitionProvider, stackDatabaseUrlEnv, toProviderConfig } from '../../src/constructs';
import { testApp } from '../support/cdktf';

describe('pgpartition provider connection', () => {
  it('takes a PostgresqlProviderConfig object as is, mapping its fields', () => {
    const shared: PostgresqlProviderConfig = { host: 'db.internal', port: 5433, database: 'app', username: 'deployer', sslMode: 'require', connectTimeout: 15, maxConnections: 4, superuser: false };
    assert.deepEqual(
      Object.fromEntries(Object.entries(toProviderConfig(shared)).filter(([, v]) => v !== undefined)),
      { host: 'db.internal', port: 5433, database: 'app', username: 'deployer', sslmode: 'require', connectTimeout: 15, maxConnections: 4 },
    );
  });

  it('writes the variable name, never a secret, into the synthesized config', () => {
    const stack = new TerraformStack(testApp(), 'test');
    pgpartitionProvider(stack, 'pgpartition', { databaseUrlEnv: 'STAGING_DATABASE_URL', lockTimeoutMs: 2000 });
    const text = Testing.synth(stack);
    assert.ok(Testing.toHaveProviderWithProperties(text, 'pgpartition', { database_url_env: 'STAGING_DATABASE_URL', lock_timeout_ms: 2000 }), text);
  });

  it('accepts a password from a sensitive variable (a token)', () => {
    const stack = new TerraformStack(testApp(), 'test');
    const password = new TerraformVariable(stack, 'db_password', { type: 'string', sensitive: true });
    pgpartitionProvider(stack, 'pgpartition', { host: 'db.internal', password: password.stringValue });
    assert.match(Testing.synth(stack), /"password": "\$\{var\.db_password\}"/);
  });

  it('fails on a literal password, naming the field and the fix', () => {
    assert.throws(() => toProviderConfig({ password: 'hunter2' }), /connection\.password: a literal would be written into cdk\.tf\.json; set databaseUrlEnv/);
  });

  it('maps the postgresql provider\'s clientcert files onto sslcert and sslkey', () => {
    const mapped = toProviderConfig({ host: 'db', clientcert: { cert: '/etc/pg/client.crt', key: '/etc/pg/client.key' } });
    assert.deepEqual([mapped.sslcert, mapped.sslkey], ['/etc/pg/client.crt', '/etc/pg/client.key']);
  });

  it('fails on an inline client certificate, whose key would land in cdk.tf.json', () => {
    assert.throws(() => toProviderConfig({ clientcert: { cert: 'PEM', key: 'PEM', sslinline: true } }), /connection\.clientcert\.sslinline: inline certificates are not supported/);
  });

  it('fails on an authentication setting it cannot honour', () => {
    assert.throws(() => toProviderConfig({ awsRdsIamAuth: true }), /connection\.awsRdsIamAuth: .*databaseUrlEnv/);
  });

  it('names <STACK>_DATABASE_URL, never DATABASE_URL by fallback, unless a variable is named on purpose', () => {
    assert.equal(stackDatabaseUrlEnv('eu-west.prod'), 'EU_WEST_PROD_DATABASE_URL');
    assert.equal(databaseUrlEnvFor('staging', { DATABASE_URL: 'postgres://x' }), 'STAGING_DATABASE_URL');
    assert.equal(databaseUrlEnvFor('staging', { PGPARTITION_DATABASE_URL_ENV: 'DATABASE_URL' }), 'DATABASE_URL');
  });
});
