// withExtraCAs (src/provider/internal/connection.ts): the CAs of NODE_EXTRA_CA_CERTS, which the
// launcher moves to PGPARTITION_EXTRA_CA_CERTS, are trusted wherever TLS would use node's default roots.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { resolveConnection, withExtraCAs } from '../../src/provider/internal/connection';

const PEM = '-----BEGIN CERTIFICATE-----\nextra\n-----END CERTIFICATE-----\n';

describe('withExtraCAs', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pgpartition-ca-'));
    file = join(dir, 'extra.pem');
    writeFileSync(file, PEM);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('adds the extra CAs next to node\'s roots for verify-full without sslrootcert', () => {
    const config = { host: 'db', port: null, database: null, username: 'u', password: null, sslmode: 'verify-full', database_url: null, database_url_env: null };
    const { pool } = resolveConnection(config, { PGPARTITION_EXTRA_CA_CERTS: file });
    assert.deepEqual((pool.ssl as { ca: string[] }).ca, [...rootCertificates, PEM]);
    assert.equal((pool.ssl as { rejectUnauthorized: boolean }).rejectUnauthorized, true);
  });

  it('completes TLS options a URL\'s sslmode makes, resolving the URL the way pg does', () => {
    const pool = withExtraCAs({ connectionString: 'postgres://u:secret@db:6432/app?sslmode=verify-full', max: 3 }, file);
    assert.equal(pool.connectionString, undefined);
    assert.deepEqual([pool.host, pool.port, pool.user, pool.password, pool.database, pool.max], ['db', '6432', 'u', 'secret', 'app', 3]);
    assert.deepEqual((pool.ssl as { ca: string[] }).ca, [...rootCertificates, PEM]);
  });

  it('leaves plain connections, an explicit CA and an unset variable alone', () => {
    assert.equal(withExtraCAs({ host: 'db', ssl: false }, file).ssl, false);
    assert.deepEqual(withExtraCAs({ host: 'db', ssl: { ca: 'own' } }, file).ssl, { ca: 'own' });
    const untouched = { connectionString: 'postgres://db/app?sslmode=verify-full' };
    assert.equal(withExtraCAs(untouched, undefined), untouched);
  });

  it('fails naming the variable when the CA file cannot be read', () => {
    assert.throws(() => withExtraCAs({ host: 'db', ssl: true }, join(dir, 'missing.pem')), /PGPARTITION_EXTRA_CA_CERTS/);
  });
});
