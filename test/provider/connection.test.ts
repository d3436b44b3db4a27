// The provider's connection settings (src/provider/internal/connection.ts): provider attributes >
// the URL > PG* variables > libpq's defaults, diagnostics that name the attribute and never the
// password, and the TLS attributes end to end through terraform against a server with TLS.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { DiagnosticError, type Model } from '../../src/provider/framework/types';
import { resolveConnection } from '../../src/provider/internal/connection';
import { startLocalPostgres, type LocalPostgres } from '../support/postgres';
import { assertOk, terraformWorkdir, type TerraformWorkdir } from '../support/terraform';
import { makeCertificates, type TestCertificates } from '../support/tls';
import { withEnv } from './support/fixture';

const ATTRIBUTES = ['host', 'port', 'database', 'username', 'password', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'connect_timeout', 'max_connections', 'database_url', 'database_url_env', 'lock_timeout_ms'];

/** A provider block: every attribute null unless given. */
function config(given: Record<string, string | number> = {}): Model {
  return Object.fromEntries(ATTRIBUTES.map((a) => [a, given[a] ?? null]));
}

/** Asserts resolving fails with one diagnostic on `attribute` whose summary and detail match. */
function diagnoses(given: Record<string, string | number>, env: NodeJS.ProcessEnv, attribute: string[] | undefined, detail: RegExp, secret?: string): void {
  assert.throws(() => resolveConnection(config(given), env), (err: unknown) => {
    assert.ok(err instanceof DiagnosticError, String(err));
    const [d] = err.diagnostics;
    assert.deepEqual(d.attribute, attribute);
    assert.match(d.detail, detail);
    if (secret) assert.ok(!JSON.stringify(err.diagnostics).includes(secret), JSON.stringify(err.diagnostics));
    return true;
  });
}

describe('provider connection settings', () => {
  it('lets attributes win over the URL, setting by setting, sslmode included', () => {
    const s = resolveConnection(config({ database_url_env: 'DB', sslmode: 'require', host: 'attrhost' }), { DB: 'postgres://u:pw@urlhost:6432/db?sslmode=disable' });
    assert.deepEqual([s.connection.host, s.connection.port, s.connection.user, s.connection.password, s.connection.sslmode], ['attrhost', 6432, 'u', 'pw', 'require']);
    assert.deepEqual(s.attempts.map((a) => a.label), ['with TLS']);
    assert.equal(s.target, 'u@attrhost:6432/db');
  });

  it('lets the URL win over PG* variables, and those over libpq\'s defaults (prefer: TLS, then plaintext)', () => {
    const s = resolveConnection(config({ database_url_env: 'DB' }), { DB: 'postgres://u@h/db', PGSSLMODE: 'disable', PGPASSWORD: 'envpw', PGPORT: '7000' });
    assert.deepEqual([s.connection.sslmode, s.connection.password, s.connection.port], ['disable', 'envpw', 7000]);
    const defaults = resolveConnection(config({ database_url_env: 'DB' }), { DB: 'postgres://u@h/db' });
    assert.deepEqual(defaults.attempts.map((a) => a.label), ['with TLS', 'without TLS']);
  });

  it('uses DATABASE_URL only when no URL attribute, connection attribute or PG* variable is set', () => {
    assert.equal(resolveConnection(config(), { DATABASE_URL: 'postgres://u@fromenv/db' }).target, 'u@fromenv:5432/db');
    assert.equal(resolveConnection(config({ host: 'h', username: 'u' }), { DATABASE_URL: 'postgres://x@fromenv/db' }).target, 'u@h:5432/u');
    assert.equal(resolveConnection(config(), { DATABASE_URL: 'postgres://x@fromenv/db', PGHOST: 'pghost', PGUSER: 'p' }).target, 'p@pghost:5432/p');
  });

  it('fails when database_url_env names an unset variable', () => {
    diagnoses({ database_url_env: 'MISSING' }, {}, ['database_url_env'], /MISSING, which is unset or empty/);
  });

  it('fails on a malformed URL naming database_url_env, never echoing it (issue 8)', () => {
    for (const bad of ['postgres:/deployer:Sekr3tPW@127.0.0.1:5432/db', 'postgres:Sekr3tPW@host/db']) {
      diagnoses({ database_url_env: 'STAGING_DATABASE_URL' }, { STAGING_DATABASE_URL: bad }, ['database_url_env'], /^STAGING_DATABASE_URL: not a valid connection URL: /, 'Sekr3tPW');
    }
  });

  it('fails on an unknown sslmode in the URL, naming it and where it came from', () => {
    diagnoses({ database_url: 'postgres://u:Sekr3tPW@h/db?sslmode=bogus' }, {}, ['database_url'], /^sslmode in the URL of database_url: "bogus" is not an sslmode; use one of disable, allow, prefer, require, verify-ca, verify-full/, 'Sekr3tPW');
    diagnoses({ host: 'h' }, { PGSSLMODE: 'bogus' }, undefined, /^PGSSLMODE: "bogus" is not an sslmode/);
  });

  it('fails on an unreadable sslrootcert, naming the attribute', () => {
    diagnoses({ host: 'h', sslmode: 'verify-full', sslrootcert: '/nonexistent/ca.pem' }, {}, ['sslrootcert'], /^sslrootcert: cannot read \/nonexistent\/ca\.pem/);
  });

  it('fails when sslrootcert = "system" comes with sslmode require, as libpq does', () => {
    diagnoses({ host: 'h', sslmode: 'require', sslrootcert: 'system' }, {}, ['sslmode'], /^sslmode: "require" is weaker than verify-full/);
  });
});

describe('provider TLS attributes through terraform', () => {
  const VARIABLE = 'PGPARTITION_TEST_DATABASE_URL';
  let certs: TestCertificates;
  let pg: LocalPostgres;
  let tf: TerraformWorkdir;

  /** main.tf: the provider block with `attributes`, and a data source that makes the provider connect. */
  const hcl = (attributes: string) => `
terraform {
  required_providers {
    pgpartition = { source = "pgpartition/pgpartition" }
  }
}
provider "pgpartition" {
  database_url_env = "${VARIABLE}"
${attributes}
}
data "pgpartition_partitions" "live" {
  parent_table = "events"
}
output "count" {
  value = length(data.pgpartition_partitions.live.partitions)
}
`;
  const plan = async (attributes: string, url: string) => {
    tf.write('main.tf', hcl(attributes));
    return withEnv(tf, { [VARIABLE]: url }).plan();
  };

  before(async () => {
    certs = await makeCertificates({ serverNames: { dns: ['localhost'] } });
    pg = await startLocalPostgres({
      tls: { certFile: certs.serverCertFile, keyFile: certs.serverKeyFile, caFile: certs.caFile },
      hba: ['hostssl all certuser 127.0.0.1/32 cert', 'hostnossl all all 127.0.0.1/32 reject', 'hostssl all all 127.0.0.1/32 scram-sha-256'],
    });
    const admin = new Client({ connectionString: `${pg.url}?sslmode=no-verify` });
    await admin.connect();
    await admin.query('CREATE ROLE certuser LOGIN SUPERUSER; CREATE TABLE events (ts timestamptz NOT NULL) PARTITION BY RANGE (ts)');
    await admin.end();
    tf = await terraformWorkdir({ 'main.tf': hcl('') });
    assertOk(await tf.init());
  });
  after(async () => {
    await tf?.cleanup();
    await pg?.stop();
    certs?.remove();
  });

  it('connects with sslmode = "require" although the URL says ?sslmode=disable and the server refuses plaintext', async () => {
    assertOk(await plan('  sslmode = "require"', `${pg.url}?sslmode=disable`));
  });

  it('fails when only the URL\'s ?sslmode=disable is left, with the target and no password', async () => {
    const result = await plan('', `${pg.url}?sslmode=disable`);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr.replace(/\s+/g, ' '), new RegExp(`Connecting to postgres@127\\.0\\.0\\.1:${pg.port}/pgpartition failed: .*no encryption`));
    assert.ok(!`${result.stdout}${result.stderr}`.includes(pg.password));
  });

  it('verifies the server with sslmode = "verify-full" and sslrootcert, and logs in with sslcert and sslkey', async () => {
    const attributes = `  sslmode     = "verify-full"\n  sslrootcert = "${certs.caFile}"\n  sslcert     = "${certs.clientCertFile}"\n  sslkey      = "${certs.clientKeyFile}"`;
    assertOk(await plan(attributes, `postgres://certuser@localhost:${pg.port}/${pg.database}`));
  });

  it('fails when the URL\'s sslmode is unknown, naming the value and database_url_env', async () => {
    const result = await plan('', `${pg.url}?sslmode=bogus`);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr.replace(/\s+/g, ' '), /sslmode in the URL of PGPARTITION_TEST_DATABASE_URL: "bogus" is not an sslmode/); // terraform wraps lines
    assert.match(result.stderr, /database_url_env/);
    assert.ok(!`${result.stdout}${result.stderr}`.includes(pg.password));
  });
});
