// describeTarget / describeUrl (src/connection/describe.ts): how every message names a target.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describeTarget, describeUrl, NOT_A_VALID_URL } from '../../src/connection';

describe('describeTarget', () => {
  it('writes user@host:port/database, an IPv6 host in brackets', () => {
    assert.equal(describeTarget({ user: 'deployer', host: 'db', port: 5432, database: 'balances' }), 'deployer@db:5432/balances');
    assert.equal(describeTarget({ user: 'u', host: '::1', port: 5433, database: 'd' }), 'u@[::1]:5433/d');
  });
});

describe('describeUrl', () => {
  it('describes a URL without its password, filling absent parts from PG* variables and libpq defaults', () => {
    assert.equal(describeUrl('postgres://deployer:PW@127.0.0.1:5432/db'), 'deployer@127.0.0.1:5432/db');
    assert.equal(describeUrl('postgres://h?password=PW', {}, 'me'), 'me@h:5432/me');
    assert.equal(describeUrl('postgres:///', { PGUSER: 'app', PGHOST: 'pg', PGPORT: '6432' }), 'app@pg:6432/app');
    assert.equal(describeUrl('postgres://h', {}, 'osuser'), 'osuser@h:5432/osuser');
  });

  it('says "not a valid connection URL" for issue 8\'s malformed URLs, quoting nothing', () => {
    assert.equal(describeUrl('postgres:/deployer:PW@127.0.0.1:5432/db'), NOT_A_VALID_URL);
    assert.equal(describeUrl('postgres:PW@host/db'), NOT_A_VALID_URL);
    assert.equal(NOT_A_VALID_URL, 'not a valid connection URL');
  });

  it('never shows the password, in a URL or in one mangled the ways hands mangle them (law)', () => {
    // the password carries a marker no other part can contain (they are lowercase ASCII)
    const password = fc.string({ unit: 'grapheme', maxLength: 8 }).map((s) => `PW${s}`);
    const word = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
    const mangles: ((u: { user: string; pw: string; host: string; port: number; db: string }) => string)[] = [
      (u) => `postgres://${u.user}:${encodeURIComponent(u.pw)}@${u.host}:${u.port}/${u.db}`, // well-formed
      (u) => `postgres://${u.user}:${u.pw}@${u.host}:${u.port}/${u.db}`, // not percent-encoded
      (u) => `postgres:/${u.user}:${u.pw}@${u.host}:${u.port}/${u.db}`, // one slash lost
      (u) => `postgres:${u.pw}@${u.host}/${u.db}`, // no slashes, no user
      (u) => `postgres://${u.user}:${u.pw}${u.host}:${u.port}/${u.db}`, // "@" lost
      (u) => `postgres://${u.user}:${u.pw}/x@${u.host}/${u.db}`, // "/" inside the password
      (u) => `postgres://${u.user}:${u.pw}@x@${u.host}/${u.db}`, // "@" inside the password
      (u) => `postgres://${u.host}/${u.db}?sslmode=require&password=${encodeURIComponent(u.pw)}`, // as a parameter
      (u) => `postgres://${u.host}/${u.user}:${u.pw}@${u.db}`, // credentials after the host
    ];
    fc.assert(fc.property(word, password, word, fc.integer({ min: 1, max: 65535 }), word, fc.constantFrom(...mangles), fc.string({ maxLength: 3 }),
      (user, pw, host, port, db, mangle, tail) => {
        const text = describeUrl(mangle({ user, pw, host, port, db }) + tail, {}, 'osuser');
        assert.ok(!text.includes('PW'), `${text} shows the password`);
        assert.ok(text === NOT_A_VALID_URL || /^[^@]*@[^@]*:\d+\/[^@]*$/.test(text), text);
      }));
  });
});
