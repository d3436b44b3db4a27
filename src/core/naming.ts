/**
 * Names of everything the tool creates, following the original guide:
 * `<parent>_<YYYY>_<MM>_<DD>` for a window, `<window>_<group>` for a sub-partition.
 *
 * PostgreSQL silently truncates identifiers longer than 63 bytes (NAMEDATALEN - 1), so two
 * windows of a long parent name could end up with the same name. Every generated name goes
 * through {@link fitIdentifier}, which shortens long names deterministically and keeps them distinct.
 */
import { fnv1a64Hex } from './hash';

/** Longest identifier PostgreSQL keeps, in bytes (UTF-8). */
export const MAX_IDENTIFIER_BYTES = 63;

/** Hex digits of the hash appended to a shortened name (40 bits). */
const HASH_DIGITS = 10;

/** A tail longer than this is not kept verbatim: the head must keep room to be readable. */
const MAX_KEPT_TAIL_BYTES = 32;

const encoder = new TextEncoder();

/** Length of `text` in UTF-8 bytes. */
export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/** The longest prefix of `text` that fits `maxBytes` UTF-8 bytes, cut on a character boundary. */
function cutToBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = byteLength(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/**
 * `name` if it fits 63 UTF-8 bytes; otherwise a shortened name of at most 63 bytes:
 * the start of `name` cut on a character boundary, `_`, and a 10-hex-digit FNV-1a hash of the
 * whole `name`, so distinct long names stay distinct. With `keepTail` (a suffix of `name` of
 * at most 32 bytes, e.g. `_2024_12_30`) the tail is kept after the hash, so shortened window
 * names still show their date.
 * Deterministic: the same input always gives the same identifier.
 */
export function fitIdentifier(name: string, keepTail = ''): string {
  if (byteLength(name) <= MAX_IDENTIFIER_BYTES) return name;
  const tail = name.endsWith(keepTail) && byteLength(keepTail) <= MAX_KEPT_TAIL_BYTES ? keepTail : '';
  const hash = `_${fnv1a64Hex(name).slice(0, HASH_DIGITS)}`;
  const head = name.slice(0, name.length - tail.length);
  const room = MAX_IDENTIFIER_BYTES - byteLength(hash) - byteLength(tail);
  return cutToBytes(head, room) + hash + tail;
}

/** Fits `head + tail`, keeping `tail` readable when shortening. */
function fitWithTail(head: string, tail: string): string {
  return fitIdentifier(head + tail, tail);
}

/** `<parent>_<YYYY>_<MM>_<DD>` for the window starting on local date `startDate` (`YYYY-MM-DD`), at most 63 bytes. */
export function windowName(parent: string, startDate: string): string {
  return fitWithTail(parent, `_${startDate.replace(/-/g, '_')}`);
}

/**
 * What every window name of `parent` starts with: the parent's name cut to the bytes a shortened
 * name keeps of it (see {@link fitIdentifier}), so a catalog read can narrow by prefix first.
 */
export function windowNamePrefix(parent: string): string {
  return cutToBytes(parent, MAX_IDENTIFIER_BYTES - (HASH_DIGITS + 1) - byteLength('_0000_00_00'));
}

/**
 * The start date (`YYYY-MM-DD`) of the window of `parent` named `name`, or null when `name` is not
 * a window name of `parent` (the inverse of {@link windowName}, shortened names included).
 */
export function windowStartOfName(parent: string, name: string): string | null {
  const m = /_(\d{4})_(\d{2})_(\d{2})$/.exec(name);
  if (!m) return null;
  const startDate = `${m[1]}-${m[2]}-${m[3]}`;
  return windowName(parent, startDate) === name ? startDate : null;
}

/** `<window>_<group>` for a group's LIST sub-partition (group `default` for the DEFAULT one), at most 63 bytes. */
export function subPartitionName(window: string, group: string): string {
  return fitWithTail(window, `_${group}`);
}

/** `<parent>_default`: the parent's DEFAULT partition, at most 63 bytes. */
export function defaultPartitionName(parent: string): string {
  return fitWithTail(parent, '_default');
}

/**
 * `<table>_<col1>_<col2>_idx`: the default name of an index, at most 63 bytes; `<table>_<cols>_<method>_idx`
 * for a method other than btree, so a BRIN and a btree index on the same column get different names.
 */
export function indexName(table: string, columns: readonly string[], method = 'btree'): string {
  return fitWithTail(`${table}_${columns.join('_')}`, method === 'btree' ? '_idx' : `_${method}_idx`);
}

/**
 * `<table>_<column>_not_null`: the CHECK (column IS NOT NULL) constraint that lets `SET NOT NULL`
 * skip its scan while the scan runs under a weaker lock (see ./column-changes.ts). At most 63 bytes.
 */
export function notNullCheckName(table: string, column: string): string {
  return fitWithTail(`${table}_${column}`, '_not_null');
}

/**
 * `<window>_bound`: the CHECK constraint a standalone window carries so ATTACH can skip its
 * validation scan (PostgreSQL docs 5.11.2.2). At most 63 bytes.
 */
export function boundCheckName(window: string): string {
  return fitWithTail(window, '_bound');
}
