// parseConnectionUrl (src/connection/url.ts): libpq's URI rules, and errors that quote nothing of the URL.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InvalidConnectionUrlError, parseConnectionUrl } from '../../src/connection';

const parse = (text: string) => parseConnectionUrl(text, 'DATABASE_URL');

/** Asserts `text` is refused with a reason matching `reason`, and the message quotes no part of it past the scheme. */
function refused(text: string, reason: RegExp, secret?: string): void {
  assert.throws(() => parse(text), (err: unknown) => {
    assert.ok(err instanceof InvalidConnectionUrlError, String(err));
    assert.match(err.message, /^DATABASE_URL: not a valid connection URL: /);
    assert.match(err.message, reason);
    if (secret) assert.ok(!err.message.includes(secret), err.message);
    return true;
  });
}

describe('parseConnectionUrl', () => {
  it('reads every part, percent-decoded, with query parameters over the parts', () => {
    assert.deepEqual(parse('postgresql://deployer:s%40cret@db.internal:6432/bal%20ances?sslmode=verify-full&sslrootcert=%2Fca.pem'),
      { user: 'deployer', password: 's@cret', host: 'db.internal', port: '6432', dbname: 'bal ances', sslmode: 'verify-full', sslrootcert: '/ca.pem' });
    assert.deepEqual(parse('postgres://u@h/d?host=other&user=v&port=7'), { user: 'v', host: 'other', port: '7', dbname: 'd' });
  });

  it('ends the credentials at the first "@" before any "/", so ":", "?" and "#" may stay in a password (libpq)', () => {
    assert.deepEqual(parse('postgres://u:a:b?c#d@h/db'), { user: 'u', password: 'a:b?c#d', host: 'h', dbname: 'db' });
  });

  it('leaves absent parts absent, and takes IPv6 hosts and Unix-socket directories', () => {
    assert.deepEqual(parse('postgres://'), {});
    assert.deepEqual(parse('postgres:///db'), { dbname: 'db' });
    assert.deepEqual(parse('postgres://u@/db'), { user: 'u', dbname: 'db' });
    assert.deepEqual(parse('postgres://[::1]:5433/db'), { host: '::1', port: '5433', dbname: 'db' });
    assert.deepEqual(parse('postgres://%2Fvar%2Frun%2Fpostgresql/db'), { host: '/var/run/postgresql', dbname: 'db' });
    assert.deepEqual(parse('postgres://h?sslmode=require'), { host: 'h', sslmode: 'require' });
  });

  it('reads ssl=true as sslmode=require (libpq\'s JDBC compatibility)', () => {
    assert.deepEqual(parse('postgres://h/db?ssl=true'), { host: 'h', dbname: 'db', sslmode: 'require' });
  });

  it('fails when the scheme is not followed by "//", without quoting the URL (issue 8\'s examples)', () => {
    refused('postgres:/deployer:PW@127.0.0.1:5432/db', /does not start with postgresql:\/\/ or postgres:\/\//, 'PW');
    refused('postgres:PW@host/db', /does not start with/, 'PW');
    refused('mysql://u:PW@h/db', /does not start with/, 'PW');
  });

  it('fails when a password with a raw "/" or "@" pushes part of it into the host, port or database', () => {
    refused('postgres://u:PWxy/z@h/db', /port is not a number/, 'PWxy');
    refused('postgres://u:PW@xy@h/db', /host holds "@"/, 'xy');
    refused('postgres://h/u:PWxy@h2/db', /database name holds a raw "@"/, 'PWxy');
  });

  it('fails on bad percent-encoding, %00, several hosts and unclosed IPv6 brackets', () => {
    refused('postgres://u:PW%zz@h/db', /the password has a "%" not followed by two hex digits/, 'PW');
    refused('postgres://u:PW%00@h/db', /%00/, 'PW');
    refused('postgres://h1,h2/db', /several hosts/);
    refused('postgres://[::1/db', /no closing "]"/);
    refused('postgres://[]/db', /empty/);
    refused('postgres://[::1]x/db', /followed by something other/);
  });

  it('fails on a query parameter libpq does not know, naming its position, not its text', () => {
    refused('postgres://h/db?sslmode=require&PWsecret=1', /query parameter 2 is not a libpq connection parameter/, 'PWsecret');
    refused('postgres://h/db?PWsecret', /query parameter 1 has no "="/, 'PWsecret');
    refused('postgres://h/db?a=b=PWsecret', /more than one "="/, 'PWsecret');
  });

  it('fails on a libpq parameter node-postgres cannot honour, naming it', () => {
    refused('postgres://h/db?channel_binding=require', /channel_binding, is a libpq parameter pgpartition cannot honour/);
    refused('postgres://h/db?target_session_attrs=read-write', /target_session_attrs/);
  });

  it('gives back every part of a URL built from arbitrary percent-encoded parts (law)', () => {
    const part = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => !s.includes('\0'));
    const host = fc.stringMatching(/^[a-z][a-z0-9.-]{0,20}$/);
    fc.assert(fc.property(part, part, host, fc.integer({ min: 1, max: 65535 }), part, fc.constantFrom('postgres://', 'postgresql://'),
      (user, password, h, port, dbname, scheme) => {
        const e = encodeURIComponent;
        assert.deepEqual(parse(`${scheme}${e(user)}:${e(password)}@${h}:${port}/${e(dbname)}`), { user, password, host: h, port: String(port), dbname });
      }));
  });
});
