// resolveConnection (src/connection/resolve.ts): one precedence rule for every setting, libpq's defaults, errors naming the field.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ConnectionSettingError, ENV_VARIABLES, KEYWORDS, mergeLayers, resolveConnection, type Keyword } from '../../src/connection';

const base = { osUser: 'osuser', homeDir: '/home/osuser' };

/** Asserts resolving `input` fails with a ConnectionSettingError whose message matches `message`. */
function fails(input: Parameters<typeof resolveConnection>[0], message: RegExp): void {
  assert.throws(() => resolveConnection({ ...base, ...input }), (err: unknown) => err instanceof ConnectionSettingError && message.test(err.message));
}

describe('resolveConnection', () => {
  it('takes each setting from the first of: explicit, URL, PG* variable (law)', () => {
    const layers = fc.record({ explicit: fc.boolean(), url: fc.boolean(), env: fc.boolean() });
    fc.assert(fc.property(fc.constantFrom(...KEYWORDS), layers, (keyword: Keyword, has) => {
      const input = {
        explicit: has.explicit ? { [keyword]: { value: 'explicit', name: `attr_${keyword}` } } : {},
        ...(has.url ? { url: { text: `postgres://h/db?${keyword}=url`, name: 'STAGING_DATABASE_URL' } } : {}),
        env: has.env ? { [ENV_VARIABLES[keyword]]: 'env' } : {},
      };
      const { values, sources } = mergeLayers(input);
      const expected = has.explicit ? 'explicit' : has.url ? 'url' : has.env ? 'env' : undefined;
      assert.equal(values[keyword], expected);
      assert.equal(sources[keyword]?.kind, expected === 'explicit' ? 'explicit' : expected);
    }));
  });

  it('lets an explicit sslmode win over the URL\'s (issue 8: attribute require was undone by ?sslmode=disable)', () => {
    const c = resolveConnection({ ...base, explicit: { sslmode: { value: 'require', name: 'sslmode' } }, url: { text: 'postgres://h/db?sslmode=disable', name: 'database_url' } });
    assert.equal(c.sslmode, 'require');
    assert.deepEqual(c.sources.sslmode, { kind: 'explicit', name: 'sslmode' });
  });

  it('lets the URL win over PGSSLMODE and PGSSLROOTCERT, and those over libpq\'s defaults', () => {
    const env = { PGSSLMODE: 'verify-ca', PGSSLROOTCERT: '/env/ca.pem', PGPASSWORD: 'envpw', PGHOST: 'envhost' };
    const c = resolveConnection({ ...base, url: { text: 'postgres://u@h/db?sslmode=require', name: 'X' }, env });
    assert.deepEqual([c.sslmode, c.sslrootcert.path, c.password, c.host], ['require', '/env/ca.pem', 'envpw', 'h']);
  });

  it('defaults as libpq: prefer, port 5432, the OS user, database = user, ~/.postgresql files', () => {
    const c = resolveConnection({ ...base, env: {} });
    assert.deepEqual([c.host, c.port, c.user, c.database, c.password, c.sslmode], ['localhost', 5432, 'osuser', 'osuser', undefined, 'prefer']);
    assert.deepEqual([c.sslrootcert, c.sslcert.path, c.sslkey.path], [{ path: '/home/osuser/.postgresql/root.crt', source: { kind: 'default' } }, '/home/osuser/.postgresql/postgresql.crt', '/home/osuser/.postgresql/postgresql.key']);
  });

  it('makes verify-full the default with sslrootcert=system, as libpq does', () => {
    assert.equal(resolveConnection({ ...base, env: { PGSSLROOTCERT: 'system' } }).sslmode, 'verify-full');
  });

  it('fails when sslrootcert=system comes with a weaker sslmode, naming both', () => {
    fails({ url: { text: 'postgres://h/db?sslmode=require&sslrootcert=system', name: 'STAGING_DATABASE_URL' } },
      /^sslmode in the URL of STAGING_DATABASE_URL: "require" is weaker than verify-full, which sslrootcert=system \(sslrootcert in the URL of STAGING_DATABASE_URL\) requires/);
  });

  it('fails when sslmode is not one of libpq\'s, naming the value and where it came from', () => {
    fails({ url: { text: 'postgres://h/db?sslmode=bogus', name: 'STAGING_DATABASE_URL' } }, /^sslmode in the URL of STAGING_DATABASE_URL: "bogus" is not an sslmode; use one of disable, allow, prefer, require, verify-ca, verify-full/);
    fails({ env: { PGSSLMODE: 'on' } }, /^PGSSLMODE: "on" is not an sslmode/);
    fails({ explicit: { sslmode: { value: 'Require', name: 'sslmode' } } }, /^sslmode: "Require" is not an sslmode/);
  });

  it('fails when a port is not a number, quoting it unless it came from a URL', () => {
    fails({ env: { PGPORT: 'abc' } }, /^PGPORT: "abc" is not a port number; give an integer from 1 to 65535/);
    fails({ url: { text: 'postgres://h/db?port=PWsecret', name: 'X' } }, /^port in the URL of X: is not a port number/);
  });

  it('reads connect_timeout as libpq: zero or less waits indefinitely, 1 counts as 2', () => {
    const timeout = (v: string) => resolveConnection({ ...base, env: { PGCONNECT_TIMEOUT: v } }).connectTimeoutS;
    assert.deepEqual(['0', '-3', '1', '10'].map(timeout), [undefined, undefined, 2, 10]);
    fails({ env: { PGCONNECT_TIMEOUT: '1.5' } }, /^PGCONNECT_TIMEOUT: "1\.5" is not an integer/);
  });
});
