/**
 * cty values <-> tfplugin6 DynamicValue (msgpack, or JSON for raw state).
 *
 * The encoding is cty's (github.com/zclconf/go-cty, cty/msgpack): objects are msgpack maps that
 * carry every attribute of their type (nil when null), lists and sets are arrays, maps are maps,
 * numbers are msgpack ints or float64s (decoded also from strings, which cty uses for numbers a
 * float64 cannot hold), a `dynamic` value is the pair [type JSON bytes, value], null is nil and an
 * unknown value is the extension type 0 (`d4 00 00`). Terraform 1.11 also sends refined unknowns
 * (extension type 12, carrying refinements such as "not null" or a string prefix); they decode as
 * plain {@link UNKNOWN}, since no plan here depends on refinements.
 */
import { decode, encode, ExtensionCodec } from '@msgpack/msgpack';
import { UNKNOWN, type Attributes, type CtyType, type Value } from '../framework/types';

/** msgpack extension types cty uses for unknown values. */
const EXT_UNKNOWN = 0;
const EXT_REFINED_UNKNOWN = 12;

const extensions = new ExtensionCodec();
extensions.register({
  type: EXT_UNKNOWN,
  encode: (input: unknown) => (input === UNKNOWN ? new Uint8Array([0]) : null),
  decode: () => UNKNOWN,
});
extensions.register({ type: EXT_REFINED_UNKNOWN, encode: () => null, decode: () => UNKNOWN });

/** The object type of a schema's attributes: the type of a whole state, config or plan. */
export function objectType(attributes: Attributes): CtyType {
  return ['object', Object.fromEntries(Object.entries(attributes).map(([name, a]) => [name, a.type]))];
}

/** A value that does not fit its type; `path` names where, e.g. `window.from`. */
export class CodecError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path || 'value'}: ${message}`);
    this.name = 'CodecError';
  }
}

/** Decodes cty msgpack. Empty bytes decode as null (an absent DynamicValue). */
export function decodeMsgpack(bytes: Uint8Array, type: CtyType): Value {
  if (bytes.length === 0) return null;
  return fromWire(decode(bytes, { extensionCodec: extensions, useBigInt64: false }), type, '');
}

/** Decodes cty JSON (state files, UpgradeResourceState's raw_state.json). */
export function decodeJson(bytes: Uint8Array, type: CtyType): Value {
  if (bytes.length === 0) return null;
  return fromWire(JSON.parse(Buffer.from(bytes).toString('utf8')), type, '');
}

/**
 * Encodes a value as cty msgpack. Throws {@link CodecError} when the value does not fit the type
 * (a resource returned a number for a string attribute, say), naming the attribute.
 */
export function encodeMsgpack(value: Value, type: CtyType): Buffer {
  const wire = toWire(value, type, '');
  const bytes = encode(wire, { extensionCodec: extensions, sortKeys: true, ignoreUndefined: false });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decoded protocol DynamicValue (`{ msgpack?, json? }`), msgpack preferred. */
export function decodeDynamicValue(dv: { msgpack?: Uint8Array; json?: Uint8Array } | undefined, type: CtyType): Value {
  if (dv?.msgpack && dv.msgpack.length > 0) return decodeMsgpack(dv.msgpack, type);
  if (dv?.json && dv.json.length > 0) return decodeJson(dv.json, type);
  return null;
}

function join(path: string, step: string | number): string {
  return typeof step === 'number' ? `${path}[${step}]` : path ? `${path}.${step}` : step;
}

function typeName(type: CtyType): string {
  return JSON.stringify(type);
}

/** Shapes a decoded msgpack/JSON value by its cty type; lenient only where cty itself varies. */
function fromWire(raw: unknown, type: CtyType, path: string): Value {
  if (raw === null || raw === undefined) return null;
  if (raw === UNKNOWN) return UNKNOWN;
  if (type === 'dynamic') {
    if (!Array.isArray(raw) || raw.length !== 2) return fromJsonDynamic(raw, path);
    const [typeJson, inner] = raw as [Uint8Array | string, unknown];
    const innerType = JSON.parse(typeof typeJson === 'string' ? typeJson : Buffer.from(typeJson).toString('utf8'));
    return fromWire(inner, innerType as CtyType, path);
  }
  if (type === 'number' && typeof raw === 'string') {
    const n = Number(raw);
    if (Number.isNaN(n)) throw new CodecError(path, `"${raw}" is not a number`);
    return n;
  }
  return shape(raw, type, path, fromWire, false);
}

/** JSON state stores a dynamic value as plain JSON; keep it as it is. */
function fromJsonDynamic(raw: unknown, path: string): Value {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !(raw instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, fromJsonDynamic(v, join(path, k))]));
  }
  if (Array.isArray(raw)) return raw.map((v, i) => fromJsonDynamic(v, join(path, i)));
  return raw as Value;
}

type Recurse = (raw: unknown, type: CtyType, path: string) => unknown;

/**
 * The structural walk shared by decoding and encoding: checks primitives, recurses into collections.
 * `strict` refuses object keys the type lacks (a resource bug); decoding drops them instead, which
 * is what an attribute removed from the schema needs when old JSON state is upgraded.
 */
function shape(raw: unknown, type: CtyType, path: string, recurse: Recurse, strict: boolean): any {
  if (typeof type === 'string') {
    const expected = type === 'bool' ? 'boolean' : type;
    if (typeof raw !== expected) throw new CodecError(path, `expected ${type}, got ${JSON.stringify(raw)}`);
    return raw;
  }
  const [kind, element] = type;
  if (kind === 'list' || kind === 'set') {
    if (!Array.isArray(raw)) throw new CodecError(path, `expected ${typeName(type)}, got ${JSON.stringify(raw)}`);
    return raw.map((v, i) => recurse(v, element as CtyType, join(path, i)));
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new CodecError(path, `expected ${typeName(type)}, got ${JSON.stringify(raw)}`);
  }
  const entries = raw as Record<string, unknown>;
  if (kind === 'map') {
    return Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, recurse(v, element as CtyType, join(path, k))]));
  }
  const attributes = element as { readonly [name: string]: CtyType };
  const extra = Object.keys(entries).find((k) => !(k in attributes));
  if (strict && extra !== undefined) throw new CodecError(join(path, extra), 'is not an attribute of this type');
  return Object.fromEntries(
    Object.entries(attributes).map(([k, t]) => [k, recurse(entries[k] ?? null, t, join(path, k))]),
  );
}

/** Prepares a value for msgpack: every object attribute present, dynamic values typed. */
function toWire(value: unknown, type: CtyType, path: string): unknown {
  if (value === null || value === undefined) return null;
  if (value === UNKNOWN) return UNKNOWN;
  if (type === 'dynamic') {
    const inferred = inferType(value, path);
    return [Buffer.from(JSON.stringify(inferred)), toWire(value, inferred, path)];
  }
  if (type === 'number' && typeof value === 'number' && !Number.isFinite(value)) {
    throw new CodecError(path, `${value} is not a finite number`);
  }
  return shape(value, type, path, toWire, true);
}

/** Dynamic attributes carry their type on the wire; infer it for primitive values. */
function inferType(value: unknown, path: string): CtyType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  throw new CodecError(path, 'a dynamic attribute can only hold a string, number or bool here; declare its type instead');
}
