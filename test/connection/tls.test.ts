// sslmode as libpq defines it (src/connection/tls.ts, open.ts), against real servers: one with TLS
// (a self-signed CA and server certificate made here) and one without. pg_hba.conf on the TLS
// server picks per role what is refused: `sslonly` may not connect in plaintext, `plainonly` may
// not use TLS, `certuser` logs in with a client certificate.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ConnectionFailedError, ConnectionSettingError, openPool, resolveConnection, tlsAttempts, type ConnectionInput } from '../../src/connection';
import { startLocalPostgres, type LocalPostgres } from '../support/postgres';
import { makeCertificates, type TestCertificates } from '../support/tls';

const HBA = [
  'hostssl   all certuser  127.0.0.1/32 cert',
  'hostnossl all certuser  127.0.0.1/32 reject',
  'hostnossl all sslonly   127.0.0.1/32 reject',
  'hostssl   all plainonly 127.0.0.1/32 reject',
  'host      all all       127.0.0.1/32 scram-sha-256',
];

let certs: TestCertificates;
let tlsServer: LocalPostgres;
let plainServer: LocalPostgres;

/** A URL to `server` as `user` (password `pw` for the extra roles), with `query` appended. */
function url(server: LocalPostgres, query = '', { user = 'postgres', host = '127.0.0.1' } = {}): string {
  const password = user === 'postgres' ? server.password : 'pw';
  return `postgres://${user}:${password}@${host}:${server.port}/${server.database}${query}`;
}

/** Opens a pool as the provider and CLI do; reports whether the connection is encrypted and as whom. */
async function connect(text: string, extra: Partial<ConnectionInput> = {}, extraCaFile?: string): Promise<{ ssl: boolean; user: string; label: string }> {
  const c = resolveConnection({ url: { text, name: 'TEST_URL' }, env: {}, homeDir: '/nonexistent', ...extra });
  const { pool, attempt } = await openPool(c, tlsAttempts(c, extraCaFile), { max: 1, applicationName: 'tls test' });
  try {
    const { rows } = await pool.query('SELECT ssl, current_user AS user FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    return { ssl: rows[0].ssl, user: rows[0].user, label: attempt.label };
  } finally {
    await pool.end();
  }
}

/** Asserts connecting fails with a ConnectionFailedError whose message matches `message`. */
async function refused(text: string, message: RegExp, extra: Partial<ConnectionInput> = {}): Promise<void> {
  await assert.rejects(connect(text, extra), (err: unknown) => {
    assert.ok(err instanceof ConnectionFailedError, String(err));
    assert.match(err.message, message);
    return true;
  });
}

describe('sslmode against real servers', () => {
  before(async () => {
    certs = await makeCertificates({ serverNames: { dns: ['localhost'] } });
    [tlsServer, plainServer] = await Promise.all([
      startLocalPostgres({ tls: { certFile: certs.serverCertFile, keyFile: certs.serverKeyFile, caFile: certs.caFile }, hba: HBA }),
      startLocalPostgres(),
    ]);
    const admin = new Client({ connectionString: `${tlsServer.url}?sslmode=no-verify` });
    await admin.connect();
    await admin.query("CREATE ROLE certuser LOGIN; CREATE ROLE sslonly LOGIN PASSWORD 'pw'; CREATE ROLE plainonly LOGIN PASSWORD 'pw'");
    await admin.end();
  });
  after(async () => {
    await Promise.all([tlsServer?.stop(), plainServer?.stop()]);
    certs?.remove();
  });

  it('prefer (the default) uses TLS when the server offers it', async () => {
    assert.deepEqual(await connect(url(tlsServer)), { ssl: true, user: 'postgres', label: 'with TLS' });
  });

  it('prefer falls back to plaintext when the server has no TLS', async () => {
    assert.deepEqual(await connect(url(plainServer, '?sslmode=prefer')), { ssl: false, user: 'postgres', label: 'without TLS' });
  });

  it('prefer falls back to plaintext when pg_hba.conf refuses TLS', async () => {
    assert.equal((await connect(url(tlsServer, '', { user: 'plainonly' }))).ssl, false);
  });

  it('prefer falls back to plaintext when a root certificate is given and the server\'s does not chain to it (libpq)', async () => {
    assert.equal((await connect(url(tlsServer, `?sslrootcert=${certs.otherCaFile}`))).ssl, false);
  });

  it('allow connects without TLS first', async () => {
    assert.equal((await connect(url(tlsServer, '?sslmode=allow'))).ssl, false);
  });

  it('allow falls back to TLS when pg_hba.conf refuses plaintext', async () => {
    assert.deepEqual(await connect(url(tlsServer, '?sslmode=allow', { user: 'sslonly' })), { ssl: true, user: 'sslonly', label: 'with TLS' });
  });

  it('fails when disable meets a pg_hba.conf that refuses plaintext', async () => {
    await refused(url(tlsServer, '?sslmode=disable', { user: 'sslonly' }), /pg_hba\.conf rejects connection .*no encryption/);
  });

  it('require encrypts without verifying when there is no root certificate', async () => {
    assert.equal((await connect(url(tlsServer, '?sslmode=require'))).ssl, true);
  });

  it('fails when require has a root certificate that did not sign the server\'s (it then verifies like verify-ca)', async () => {
    await refused(url(tlsServer, `?sslmode=require&sslrootcert=${certs.otherCaFile}`), /certificate/);
  });

  it('fails when require meets a server without TLS, never falling back', async () => {
    await refused(url(plainServer, '?sslmode=require'), /does not support SSL/);
  });

  it('verify-ca checks the chain, not the host name', async () => {
    assert.equal((await connect(url(tlsServer, `?sslmode=verify-ca&sslrootcert=${certs.caFile}`))).ssl, true); // 127.0.0.1 is not in the certificate
  });

  it('fails when verify-full meets a host name the certificate does not name', async () => {
    await refused(url(tlsServer, `?sslmode=verify-full&sslrootcert=${certs.caFile}`), /127\.0\.0\.1/);
  });

  it('verify-full connects when the chain and the host name match', async () => {
    assert.equal((await connect(url(tlsServer, `?sslmode=verify-full&sslrootcert=${certs.caFile}`, { host: 'localhost' }))).ssl, true);
  });

  it('sslrootcert=system trusts node\'s CAs plus the provider\'s NODE_EXTRA_CA_CERTS file', async () => {
    const c = await connect(url(tlsServer, '?sslrootcert=system', { host: 'localhost' }), {}, certs.caFile);
    assert.equal(c.ssl, true);
    await assert.rejects(connect(url(tlsServer, '?sslrootcert=system', { host: 'localhost' })), /certificate/); // node's own roots do not know the test CA
  });

  it('reads libpq\'s default ~/.postgresql/root.crt: require then verifies against it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'pgpartition-home-'));
    try {
      mkdirSync(join(home, '.postgresql'));
      copyFileSync(certs.otherCaFile, join(home, '.postgresql', 'root.crt'));
      await refused(url(tlsServer, '?sslmode=require'), /certificate/, { homeDir: home });
      copyFileSync(certs.caFile, join(home, '.postgresql', 'root.crt'));
      assert.equal((await connect(url(tlsServer, '?sslmode=verify-ca'), { homeDir: home })).ssl, true);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('sslcert and sslkey log in with a client certificate (pg_hba.conf cert)', async () => {
    const c = await connect(url(tlsServer, `?sslmode=verify-ca&sslrootcert=${certs.caFile}&sslcert=${certs.clientCertFile}&sslkey=${certs.clientKeyFile}`, { user: 'certuser' }));
    assert.deepEqual([c.ssl, c.user], [true, 'certuser']);
  });

  it('fails when a certificate login offers no client certificate', async () => {
    await refused(url(tlsServer, '?sslmode=require', { user: 'certuser' }), /certificate/);
  });
});

describe('sslmode settings that cannot work', () => {
  const attempts = (text: string, homeDir = '/nonexistent') => tlsAttempts(resolveConnection({ url: { text, name: 'TEST_URL' }, env: {}, homeDir }));
  let dir: string;
  before(async () => { certs = await makeCertificates(); dir = certs.dir; });
  after(() => certs.remove());

  it('fails when verify-ca or verify-full has no root certificate, naming sslmode and the file looked for', () => {
    for (const mode of ['verify-ca', 'verify-full']) {
      assert.throws(() => attempts(`postgres://h/db?sslmode=${mode}`), (err: unknown) => err instanceof ConnectionSettingError &&
        err.message.startsWith(`sslmode in the URL of TEST_URL: ${mode} verifies the server's certificate, but there is no root certificate: no sslrootcert is given and /nonexistent/.postgresql/root.crt does not exist; set sslrootcert`));
    }
  });

  it('fails when a named certificate file does not exist (libpq would skip it under require)', () => {
    assert.throws(() => attempts(`postgres://h/db?sslmode=require&sslrootcert=${dir}/missing.pem`), /^ConnectionSettingError: sslrootcert in the URL of TEST_URL: cannot read .*missing\.pem/);
  });

  it('fails when the private key file is readable by others, naming sslkey and the fix', () => {
    chmodSync(certs.clientKeyFile, 0o644);
    try {
      assert.throws(() => attempts(`postgres://h/db?sslcert=${certs.clientCertFile}&sslkey=${certs.clientKeyFile}`),
        /sslkey in the URL of TEST_URL: the private key file .* has group or world access \(mode 644\); chmod 0[64]+0 /);
    } finally {
      chmodSync(certs.clientKeyFile, 0o600);
    }
  });

  it('fails when sslkey comes without a client certificate', () => {
    assert.throws(() => attempts(`postgres://h/db?sslkey=${certs.clientKeyFile}`), /sslkey in the URL of TEST_URL: a key is given but no client certificate/);
  });

  it('never uses TLS over a Unix-domain socket, and only plaintext with disable', () => {
    assert.deepEqual(attempts('postgres://%2Ftmp/db?sslmode=require').map((a) => a.ssl), [false]);
    assert.deepEqual(attempts('postgres://h/db?sslmode=disable').map((a) => a.ssl), [false]);
  });
});
