/**
 * The schema attributes of a window, shared by `pgpartition_window` (at its top level) and
 * `pgpartition_window_set` (the table-wide ones at its top level, the per-window ones in each
 * element of its `windows` map), so both resource shapes describe and validate a window alike.
 */
import { canonicalBound, DEFAULT_OWNER, type RangeColumnType } from '../../core';
import type { Attributes, Value } from '../framework/types';
import { identifier, intervalText, oneOf } from '../internal/validators';

const RANGE_TYPES: readonly RangeColumnType[] = ['timestamptz', 'timestamp', 'date'];
const RETENTION_MODES = ['drop', 'detach', 'archive', 'keep'] as const;

/** A bound validator: canonical text for one of the range types (which one is checked in `validate`). */
const boundText = (value: Value) =>
  RANGE_TYPES.some((t) => {
    try {
      canonicalBound(value as string, t);
      return true;
    } catch {
      return false;
    }
  })
    ? undefined
    : `${JSON.stringify(value)} is not a canonical bound; write "2024-12-23T00:00:00Z" (timestamptz), "2024-12-23 00:00:00" (timestamp) or "2024-12-23" (date)`;

/** Where the windows live and how they are partitioned: the same for every window of a parent. */
export const TABLE_ATTRIBUTES: Attributes = {
  schema: { type: 'string', optional: true, computed: true, default: 'public', requiresReplace: true, validators: [identifier], description: 'Schema of the parent table and the window. Default: `public`.' },
  parent_table: { type: 'string', required: true, requiresReplace: true, validators: [identifier], description: 'Name of the parent table (`PARTITION BY RANGE`).' },
  range_column: { type: 'string', required: true, requiresReplace: true, validators: [identifier], description: 'The parent\'s range (partition key) column.' },
  range_type: { type: 'string', required: true, requiresReplace: true, validators: [oneOf(RANGE_TYPES)], description: 'Type of the range column: `timestamptz`, `timestamp` or `date`; decides the bound text form.' },
  list_column: { type: 'string', optional: true, requiresReplace: true, validators: [identifier], description: 'Column the window is `PARTITION BY LIST` on. Without it the window is a plain table and takes no sub-partitions. Must be unset when the parent is distributed with Citus (Citus cannot distribute multi-level partitioned tables).' },
};

/** One window's own attributes: bounds, sub-partitions, retention. */
export const WINDOW_ATTRIBUTES: Attributes = {
  from: { type: 'string', required: true, requiresReplace: true, validators: [boundText], description: 'Inclusive lower partition bound in the core\'s canonical text: `2024-12-23T00:00:00Z` (timestamptz, UTC), `2024-12-23 00:00:00` (timestamp), `2024-12-23` (date).' },
  to: { type: 'string', required: true, requiresReplace: true, validators: [boundText], description: 'Exclusive upper partition bound, canonical text like `from`.' },
  sub_partitions: {
    type: ['list', ['object', { name: 'string', values: ['list', 'string'] }]],
    optional: true,
    description: 'Group sub-partitions: partition name and list values. A missing one is added in place (rows for its values move out of the DEFAULT sub-partition); changing or removing one of an existing window is refused: add a dated layout effective from a future window instead.',
  },
  default_sub_partition: { type: 'string', optional: true, validators: [identifier], description: 'Name of the window\'s DEFAULT sub-partition (values in no group). Without it, rows with such values are refused.' },
  retention: { type: 'string', optional: true, validators: [intervalText], description: 'How long the window is kept after its upper bound, PostgreSQL interval text such as `12 weeks`. Null keeps it forever. Terraform destroys only see state, so each window carries its own.' },
  retention_mode: { type: 'string', optional: true, computed: true, default: 'keep', validators: [oneOf(RETENTION_MODES)], description: 'What destroying the window does once `to` <= database now() - `retention`: `drop` (DETACH CONCURRENTLY, then DROP TABLE), `detach` (DETACH CONCURRENTLY, keep the table), `archive` (the window is archived first, see `archived`; destroying it drops it once `to` <= now() - `retention` - `keep_for`), `keep` (refuse). On a parent distributed with Citus the detach is a plain DETACH, which takes ACCESS EXCLUSIVE on the parent (Citus refuses CONCURRENTLY), and `archive` is refused. Default: `keep`.' },
  archive_schema: { type: 'string', optional: true, validators: [identifier], description: 'With retention_mode `archive` (required there): the schema an archived window and each of its sub-partitions move to (created if missing); not the parent\'s schema.' },
  keep_for: { type: 'string', optional: true, validators: [intervalText], description: 'With retention_mode `archive` (required there): how long an archived window is kept after its retention before it may be dropped, PostgreSQL interval text such as `7 days`.' },
  archived: {
    type: 'bool',
    optional: true,
    description: 'With retention_mode `archive`: true archives the window once `to` <= database now() - `retention` (DETACH CONCURRENTLY, then the window and its sub-partitions move to `archive_schema`, their rows kept); false again (a longer retention) moves them back and attaches the window. Null: false.',
  },
};

/** Who owns the tables (the ownership mark). */
export const OWNER_ATTRIBUTE: Attributes = {
  owner: {
    type: 'string',
    optional: true,
    computed: true,
    default: DEFAULT_OWNER,
    validators: [identifier],
    description: `Stable id of the declaration that owns the window, written into the ownership mark (the table comment) with the parent table's name: pgpartition never adopts or retires a table another owner's mark names. Changing it hands the window over to the new owner (its mark is rewritten). Default: \`${DEFAULT_OWNER}\`.`,
  },
};

/** What a read finds: attached or not, rows, bytes. */
export const STATS_ATTRIBUTES: Attributes = {
  attached: { type: 'bool', computed: true, description: 'Whether the window is attached to its parent (false: detached or detach pending, its rows not visible through the parent; the next apply attaches it again, or finishes its retirement when it is no longer declared).' },
  row_estimate: { type: 'number', computed: true, useStateForUnknown: true, description: 'Rows in the window (statistics, or an exact count/sample on a never-analysed table), refreshed on every read.' },
  size_bytes: { type: 'number', computed: true, useStateForUnknown: true, description: 'Bytes the window takes on disk (heap, TOAST, indexes of every sub-partition), refreshed on every read.' },
};
