/**
 * The partition spec a user declares, and the plan the core derives from it.
 *
 * These types are the contract between the layers: the cdktf constructs take a
 * {@link PartitionSpec} as props, the core turns it into a {@link PartitionPlan}, and the
 * provider's resources carry the plan's canonical bound text in their state.
 * Pure data: no I/O anywhere in `src/core/`.
 */

/** Types a range (window) column may have. Time zones apply to `timestamptz` only. */
export type RangeColumnType = 'timestamptz' | 'timestamp' | 'date';

/** Window lengths the calendar supports. `1 week` is the case the tool is built around. */
export type WindowInterval = '1 day' | '1 week' | '1 month';

/** ISO 8601 weekday names; a weekly window starts at 00:00 local time on this day. */
export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

/** One column of the parent table. */
export interface ColumnSpec {
  /** Column name, quoted verbatim in SQL (any characters but NUL, at most 63 bytes; no system column name such as `ctid`). */
  readonly name: string;
  /**
   * One SQL type name as PostgreSQL spells it, e.g. `timestamptz`, `numeric(18,2)`, `varchar(255)`,
   * `double precision`, `text[]`, `myschema.mytype`: the grammar of ./sql-type.ts, nothing more.
   */
  readonly type: string;
  /** Whether NULL is allowed. @default true (as in SQL) */
  readonly nullable?: boolean;
  /**
   * A constant default, as SQL: a number (`0`, `-1.5`), a string (`'pending'`, `'{}'`), `true` or
   * `false`; the grammar of ./sql-predicate.ts, no expression. Adding a column with one (or without
   * one, nullable) changes no row on disk (PostgreSQL 11+).
   * @default - none (NULL)
   */
  readonly default?: string;
}

/** Index access methods pgpartition declares (PostgreSQL docs 11.2, "Index Types"). */
export type IndexMethod = 'btree' | 'brin' | 'hash' | 'gin';

/** A storage parameter's value: an integer, a boolean, or their text. */
export type StorageParameterValue = number | boolean | string;

/**
 * A secondary index on the parent table, as PostgreSQL's CREATE INDEX takes it; every window and
 * sub-partition carries it. Added to a table that already has windows, it is built without blocking
 * writes (CONCURRENTLY on each leaf, then attached bottom-up).
 */
export interface IndexSpec {
  /** Index name. @default - `<parent>_<col1>_<col2>_idx` (`_<method>_idx` for a method other than btree), shortened to 63 bytes */
  readonly name?: string;
  /** Key columns, in order. */
  readonly columns: readonly string[];
  /** A UNIQUE index (btree only); its key columns must include every partition key column (the range column and the list column). @default false */
  readonly unique?: boolean;
  /** Covering columns stored in the index but not part of its key (`INCLUDE`, btree only). @default - none */
  readonly include?: readonly string[];
  /** `btree`, `brin` (compact, for the range column), `hash` (one column, equality only) or `gin` (jsonb, arrays, tsvector). @default 'btree' */
  readonly method?: IndexMethod;
  /** Predicate of a partial index, e.g. `status = 'open' AND amount > 0`: comparisons of columns with constants (the grammar of ./sql-predicate.ts). @default - the index covers every row */
  readonly where?: string;
  /**
   * The method's storage parameters (PostgreSQL docs, CREATE INDEX, "Index Storage Parameters"):
   * btree `fillfactor` (10-100), `deduplicate_items`; hash `fillfactor`; brin `pages_per_range`
   * (1-131072), `autosummarize`; gin `fastupdate`, `gin_pending_list_limit` (kB).
   * @default - the method's defaults
   */
  readonly storageParameters?: Readonly<Record<string, StorageParameterValue>>;
}

/**
 * How Citus spreads the parent table over its worker nodes: hash-distributed on one column
 * (`create_distributed_table`, Citus docs "Creating and Modifying Distributed Objects (DDL)").
 * Every window is distributed the same way, colocated with the parent.
 */
export interface DistributionSpec {
  /** The distribution column: the rows with one value of it live on one shard. Must be in the primary key (Citus enforces a unique constraint per shard only). */
  readonly column: string;
  /** Shards of the table, an integer from 1 to 64,000 (Citus's limit); exclusive with `colocateWith`. @default - the server's `citus.shard_count` (32 unless configured) */
  readonly shardCount?: number;
  /**
   * A distributed table in the same schema whose shards this table shares (rows with one value on
   * one node, so joins on the column stay local), or `none` for a colocation group of its own.
   * Exclusive with `shardCount`: a colocated table has the other table's shard count.
   * @default - Citus's default group for the column's type and the shard count
   */
  readonly colocateWith?: string;
}

/** The parent table: `PARTITION BY RANGE (rangeColumn)`; each window `PARTITION BY LIST (listColumn)`. */
export interface ParentTableSpec {
  /** Not a system schema (`pg_*`, `information_schema`). @default 'public' */
  readonly schema?: string;
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  /** Must include the range column and the list column (PostgreSQL docs 5.11.2.3, "Limitations"). */
  readonly primaryKey: readonly string[];
  /** @default - none */
  readonly indexes?: readonly IndexSpec[];
  /**
   * Columns the next deploy may drop from the live table: the explicit, reviewed opt-in without
   * which removing a column from `columns` is refused at plan (dropping a column deletes its values
   * in every row). A name here must not also be in `columns`.
   * @default - none; no column is ever dropped
   */
  readonly dropColumns?: readonly string[];
  /** Column whose type is `timestamptz`, `timestamp` or `date`. */
  readonly rangeColumn: string;
  /** Column (`text`, `varchar(n)`, `smallint`, `integer` or `bigint`) each window is list-sub-partitioned on. @default - windows are not sub-partitioned */
  readonly listColumn?: string;
  /**
   * Add a DEFAULT partition on the parent for rows outside every window.
   * With it, PostgreSQL refuses `DETACH PARTITION ... CONCURRENTLY` (so retirement takes an
   * ACCESS EXCLUSIVE lock on the parent) and every ATTACH scans the default partition.
   * @default false
   */
  readonly defaultPartition?: boolean;
  /**
   * Distribute the table with Citus: created and distributed in one transaction; every window is
   * distributed colocated with it before it is attached. Windows then have one level: no `listColumn`.
   * @default - a table of the server it is created on (no Citus)
   */
  readonly distribution?: DistributionSpec;
}

/** A named list of list-column values; one LIST sub-partition per group in every window. */
export interface ActivityGroup {
  /** Group name; the sub-partition is `<window>_<name>`. */
  readonly name: string;
  /** List-column values, as text (integers too). Non-empty; each value in one group only. */
  readonly values: readonly string[];
}

/** The groups in force from one window onward. */
export interface GroupLayout {
  /** Start date (`YYYY-MM-DD`, in the configured zone) of the first window that uses this layout. */
  readonly effectiveFrom: string;
  readonly groups: readonly ActivityGroup[];
  /** Add a DEFAULT sub-partition `<window>_default` for values in no group. @default true */
  readonly defaultSubPartition?: boolean;
}

/**
 * What happens to windows past the retention horizon: `drop` and `detach` retire them when they
 * leave the plan; `archive` keeps them in the plan, detached and moved to an archive schema, for
 * `keepFor` more, then drops them; `keep` never lets one go.
 */
export type RetentionMode = 'drop' | 'detach' | 'archive' | 'keep';

/** How many windows back are kept. */
export interface RetentionSpec {
  /** Windows kept before the current one (e.g. 12 for 12 weeks). Integer from 1 to 1830 (`MAX_RETENTION_WINDOWS`). */
  readonly windows: number;
  /**
   * `drop`: DETACH CONCURRENTLY then DROP. `detach`: DETACH CONCURRENTLY, keep the table.
   * `archive`: DETACH CONCURRENTLY and move the window and its sub-partitions to `archiveSchema`;
   * drop it `keepFor` later. @default 'drop'
   */
  readonly mode?: Exclude<RetentionMode, 'keep'>;
  /**
   * With mode `archive` (required there, refused otherwise): how long an archived window is kept
   * before it is dropped, counted from the end of its retention: `N days|weeks|months` (e.g.
   * `7 days`), at most 1,830 days.
   */
  readonly keepFor?: string;
  /** With mode `archive` (required there, refused otherwise): the schema archived windows move to; not the table's own schema. */
  readonly archiveSchema?: string;
}

/** Everything a user declares about one partitioned table. */
export interface PartitionSpec {
  readonly table: ParentTableSpec;
  /** @default '1 week' */
  readonly interval?: WindowInterval;
  /** @default 'monday' (ISO 8601) */
  readonly weekStart?: Weekday;
  /** IANA zone for window boundaries; `timestamptz` columns only. @default 'UTC' */
  readonly timeZone?: string;
  /** Windows created ahead of the current one. Integer from 0 to 520 (`MAX_PREMAKE_WINDOWS`). @default 4 */
  readonly premake?: number;
  /** @default - keep all windows, never drop (then `start` is required) */
  readonly retention?: RetentionSpec;
  /** Earliest window to manage, `YYYY-MM-DD` (a window start). Required when retention keeps all. */
  readonly start?: string;
  /** Instant the plan is made for (ISO 8601 with offset, or a Date). @default - the `now` passed to the planner */
  readonly asOf?: string | Date;
  /** Activity-group layouts, each effective from a window start. @default - no sub-partitions */
  readonly layouts?: readonly GroupLayout[];
}

/** One LIST sub-partition of a window. */
export interface SubPartitionPlan {
  /** Partition name, at most 63 bytes. */
  readonly name: string;
  /** Group name, or `default`. */
  readonly group: string;
  /** List values; null for the DEFAULT sub-partition. */
  readonly values: readonly string[] | null;
}

/** One window: the range partition [from, to) of the parent. */
export interface WindowPlan {
  /** `<parent>_<YYYY>_<MM>_<DD>` of the local start date, at most 63 bytes. */
  readonly name: string;
  /** Inclusive lower bound, canonical text (see `formatBound`). */
  readonly from: string;
  /** Exclusive upper bound, canonical text. */
  readonly to: string;
  /** The same bounds as instants (for `date`/`timestamp`, the wall clock read as UTC). */
  readonly fromInstant: Date;
  readonly toInstant: Date;
  /** Local start date `YYYY-MM-DD` of the window. */
  readonly startDate: string;
  /** True for the window containing asOf. */
  readonly current: boolean;
  /** `effectiveFrom` of the layout this window uses, or null without layouts. */
  readonly layoutFrom: string | null;
  /** Group sub-partitions, then the DEFAULT sub-partition if any. Empty without a list column. */
  readonly subPartitions: readonly SubPartitionPlan[];
  /**
   * With retention mode `archive`, for a window past retention: the instant (UTC) from which it may
   * be dropped (`to` + retention + keepFor, as the database adds intervals in UTC); until then it
   * is archived (detached, in the archive schema). Null for a window that is attached.
   */
  readonly archivedUntil: Date | null;
}

/** The exact set of windows that should exist at `asOf`. */
export interface PartitionPlan {
  readonly asOf: Date;
  /** Canonical bound text of the current window's start. */
  readonly currentWindowStart: string;
  /** Oldest first, contiguous, no overlaps. */
  readonly windows: readonly WindowPlan[];
  /** PostgreSQL interval text a window carries as its retention, e.g. `12 weeks`; null keeps all. */
  readonly retention: string | null;
  readonly retentionMode: RetentionMode;
  /** With retention mode `archive`: where archived windows live and how long (canonical interval text, e.g. `7 days`). */
  readonly archive: { readonly schema: string; readonly keepFor: string } | null;
}
