// Tests src/core/ownership.ts: the ownership mark round-trips any table and owner; adoption rules.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describeOwner, isManaged, mayAdopt, ownershipMark, readMark } from '../../src/core';

const MINE = { table: 'public.account_balances', owner: 'staging/AccountBalances' };

describe('ownership mark', () => {
  it('reads back the table and owner of any mark it writes, whatever characters they hold', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (table, owner) => {
      assert.deepEqual(readMark(ownershipMark({ table, owner })), { kind: 'owned', ownership: { table, owner } });
    }));
  });

  it('reads the earlier mark without owner as legacy, and anything else as unmanaged', () => {
    assert.equal(readMark('pgpartition:managed').kind, 'legacy');
    for (const comment of [null, '', 'pgpartition:managed ', 'hand made', 'pgpartition:managed table=%E0 owner=x']) assert.equal(readMark(comment).kind, 'unmanaged', String(comment));
    assert.equal(isManaged('pgpartition:managed'), true);
    assert.equal(isManaged(ownershipMark(MINE)), true);
    assert.equal(isManaged('hand made'), false);
  });

  it('adopts its own and earlier marks, never another declaration\'s or an unmanaged table', () => {
    assert.equal(mayAdopt(ownershipMark(MINE), MINE), true);
    assert.equal(mayAdopt('pgpartition:managed', MINE), true);
    assert.equal(mayAdopt(ownershipMark({ ...MINE, owner: 'prod/AccountBalances' }), MINE), false);
    assert.equal(mayAdopt(ownershipMark({ ...MINE, table: 'public.other' }), MINE), false);
    assert.equal(mayAdopt(null, MINE), false);
    assert.equal(describeOwner(ownershipMark(MINE)), 'declaration "staging/AccountBalances" of public.account_balances');
  });
});
