import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encode } from '@msgpack/msgpack';
import { decodeDynamicValue, decodeJson, decodeMsgpack, encodeMsgpack } from '../../../src/provider/protocol/codec';
import { UNKNOWN, type CtyType, type Value } from '../../../src/provider/framework/types';

const WINDOW: CtyType = [
  'object',
  {
    name: 'string',
    rows: 'number',
    detached: 'bool',
    groups: ['list', ['object', { name: 'string', values: ['set', 'string'] }]],
    labels: ['map', 'string'],
  },
];

describe('msgpack <-> cty codec', () => {
  it('encodes every attribute of an object, nil when absent, keys sorted', () => {
    const bytes = encodeMsgpack({ name: 'w1', rows: 3 }, ['object', { rows: 'number', name: 'string', note: 'string' }]);
    // fixmap(3) "name" "w1" "note" nil "rows" 3
    assert.equal(bytes.toString('hex'), '83a46e616d65a27731a46e6f7465c0a4726f777303');
  });

  it('encodes an unknown as extension type 0 (d4 00 00)', () => {
    assert.equal(encodeMsgpack(UNKNOWN, 'string').toString('hex'), 'd40000');
  });

  it('decodes extension 0 and refined unknowns (extension 12) as UNKNOWN', () => {
    assert.equal(decodeMsgpack(Buffer.from('d40000', 'hex'), 'string'), UNKNOWN);
    // terraform 1.11 sends a refined unknown "not null, prefix 'w'" as ext 12 with a msgpack map payload
    const refined = Buffer.concat([Buffer.from('c7030c', 'hex'), Buffer.from('81 01 c3'.replace(/ /g, ''), 'hex')]);
    assert.equal(decodeMsgpack(refined, 'string'), UNKNOWN);
    const object = decodeMsgpack(Buffer.concat([Buffer.from('81a26964', 'hex'), refined]), ['object', { id: 'string' }]);
    assert.deepEqual(object, { id: UNKNOWN });
  });

  it('round-trips nested lists, sets, maps and objects', () => {
    const value = {
      name: 'w1',
      rows: 1.5,
      detached: false,
      groups: [
        { name: 'g0', values: ['1', '2'] },
        { name: 'g1', values: [] },
      ],
      labels: { owner: 'team' },
    };
    assert.deepEqual(decodeMsgpack(encodeMsgpack(value, WINDOW), WINDOW), value);
  });

  it('keeps unknowns nested inside collections', () => {
    const value: Value = { name: 'w1', rows: UNKNOWN, detached: null, groups: [{ name: UNKNOWN, values: UNKNOWN }], labels: null };
    assert.deepEqual(decodeMsgpack(encodeMsgpack(value, WINDOW), WINDOW), value);
  });

  it('decodes numbers cty sent as strings and big integers', () => {
    assert.equal(decodeMsgpack(Buffer.from(encode('12345678901234567')), 'number'), 12345678901234567);
    assert.equal(decodeMsgpack(Buffer.from(encode(2 ** 40)), 'number'), 2 ** 40);
    assert.equal(decodeMsgpack(Buffer.from(encode(-0.25)), 'number'), -0.25);
  });

  it('decodes null state (nil) and an absent DynamicValue as null', () => {
    assert.equal(decodeMsgpack(Buffer.from('c0', 'hex'), WINDOW), null);
    assert.equal(decodeDynamicValue(undefined, WINDOW), null);
    assert.equal(encodeMsgpack(null, WINDOW).toString('hex'), 'c0');
  });

  it('decodes JSON state, filling missing attributes with null and dropping removed ones', () => {
    const json = Buffer.from(JSON.stringify({ name: 'w1', rows: 7, removed_attribute: 'x' }));
    assert.deepEqual(decodeJson(json, WINDOW), { name: 'w1', rows: 7, detached: null, groups: null, labels: null });
    assert.deepEqual(decodeDynamicValue({ msgpack: Buffer.alloc(0), json }, ['object', { rows: 'number' }]), { rows: 7 });
  });

  it('decodes a dynamic value from its [type, value] pair and encodes primitives the same way', () => {
    const bytes = encodeMsgpack(42, 'dynamic');
    assert.deepEqual(decodeMsgpack(bytes, 'dynamic'), 42);
    assert.equal(Buffer.from(encodeMsgpack('x', 'dynamic')).subarray(0, 1).toString('hex'), '92');
  });

  it('fails naming the attribute when a value does not fit its type', () => {
    assert.throws(() => encodeMsgpack({ name: 3 }, WINDOW), /name: expected string, got 3/);
    assert.throws(() => encodeMsgpack({ groups: [{ name: 'g', values: 'x' }] }, WINDOW), /groups\[0\]\.values: expected/);
    assert.throws(() => encodeMsgpack({ nope: 1 }, WINDOW), /nope: is not an attribute/);
  });
});
