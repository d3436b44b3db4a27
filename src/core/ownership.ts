/**
 * The ownership mark: the table comment pgpartition puts on every table it creates or adopts (the
 * parent table, each window, each sub-partition), so it never touches a table it does not own and
 * never takes over one that another declaration owns.
 *
 * Text: `pgpartition:managed table=<schema>.<parent> owner=<owner>`, where `<owner>` is a stable
 * id of the declaration (the construct's path, or the HCL attribute `owner`), and on an archived
 * window ` archived_until=<instant>`, when it may be dropped (so `status` can say so without the
 * declaration). The values are URI-encoded, so any name fits on one line. The mark of earlier versions, `pgpartition:managed` alone,
 * still marks a managed table whose owner is unknown: any declaration of this tool may adopt it
 * (and then writes the full mark).
 */

/** The first word of every ownership mark; a comment starting with it marks a managed table. */
export const OWNERSHIP_PREFIX = 'pgpartition:managed';

/** Owner of declarations that do not name one (HCL without `owner`). */
export const DEFAULT_OWNER = 'default';

/** Who owns a table: its parent table and the declaration. */
export interface Ownership {
  /** `<schema>.<parent table>`, unquoted. */
  readonly table: string;
  /** Stable id of the declaration that owns it, e.g. `staging/AccountBalances`. */
  readonly owner: string;
  /** On an archived window's tables: when it may be dropped, ISO 8601 UTC (or the bound text of a `date`/`timestamp` column). */
  readonly archivedUntil?: string;
}

/** What a table comment says about ownership. */
export type MarkReading =
  | { readonly kind: 'owned'; readonly ownership: Ownership }
  /** The earlier mark without owner: managed by pgpartition, owner unknown. */
  | { readonly kind: 'legacy' }
  /** No mark (no comment, or another comment): not pgpartition's. */
  | { readonly kind: 'unmanaged' };

/** The comment text marking a table as owned by `ownership`. */
export function ownershipMark(ownership: Ownership): string {
  const archived = ownership.archivedUntil === undefined ? '' : ` archived_until=${encodeURIComponent(ownership.archivedUntil)}`;
  return `${markPrefix(ownership.table)}${encodeURIComponent(ownership.owner)}${archived}`;
}

/** How every mark naming parent table `table` (`<schema>.<parent>`) starts, whatever its owner. */
export function markPrefix(table: string): string {
  return `${OWNERSHIP_PREFIX} table=${encodeURIComponent(table)} owner=`;
}

const MARK = /^pgpartition:managed table=(\S*) owner=(\S*)(?: archived_until=(\S+))?$/;

/** Reads a table comment (null: none). Anything that is not exactly a mark is `unmanaged`. */
export function readMark(comment: string | null): MarkReading {
  if (comment === OWNERSHIP_PREFIX) return { kind: 'legacy' };
  const m = comment === null ? null : MARK.exec(comment);
  if (!m) return { kind: 'unmanaged' };
  try {
    const ownership = { table: decodeURIComponent(m[1]), owner: decodeURIComponent(m[2]) };
    return { kind: 'owned', ownership: m[3] === undefined ? ownership : { ...ownership, archivedUntil: decodeURIComponent(m[3]) } };
  } catch {
    return { kind: 'unmanaged' }; // malformed escapes: not a mark this tool wrote
  }
}

/** True when the comment marks a table pgpartition manages (any owner, or the earlier mark). */
export function isManaged(comment: string | null): boolean {
  return readMark(comment).kind !== 'unmanaged';
}

/**
 * Whether `ownership` may adopt (take as its own) a table carrying `comment`: yes for its own mark
 * and for the earlier mark without owner; no for an unmanaged table or another declaration's.
 */
export function mayAdopt(comment: string | null, ownership: Ownership): boolean {
  const reading = readMark(comment);
  if (reading.kind === 'legacy') return true;
  return reading.kind === 'owned' && reading.ownership.table === ownership.table && reading.ownership.owner === ownership.owner;
}

/** Who owns a table, for messages: `declaration "<owner>" of <table>`, `an earlier pgpartition`, or `nobody (no ownership mark)`. */
export function describeOwner(comment: string | null): string {
  const reading = readMark(comment);
  switch (reading.kind) {
    case 'owned':
      return `declaration "${reading.ownership.owner}" of ${reading.ownership.table}`;
    case 'legacy':
      return 'pgpartition (mark without owner)';
    case 'unmanaged':
      return 'nobody (no ownership mark)';
  }
}
