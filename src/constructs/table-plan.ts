/**
 * The props of `PartitionedTable` and how they become the core's spec and plan. No cdktf or
 * constructs at run time (their types only), so the runtime (`checkHealth`) and the CLI plan a
 * table from the same props exactly as the construct does, without loading cdktf.
 */
import type { PostgresqlProvider } from '@cdktf/provider-postgresql/lib/provider';
import type { TerraformProvider } from 'cdktf';
import { SpecError, type FieldNames } from '../core/errors';
import { planResolved } from '../core/plan';
import { parseInstant, resolveSpec, type ResolvedSpec } from '../core/resolve';
import type {
  ActivityGroup,
  ColumnSpec,
  DistributionSpec,
  GroupLayout,
  IndexSpec,
  PartitionPlan,
  PartitionSpec,
  Weekday,
  WindowInterval,
} from '../core/spec';
import type { ResolvedAsOf } from './as-of';
import { RetentionPolicy } from './retention-policy';

export interface PartitionedTableProps {
  /** Schema of the parent table; not a system schema (`pg_catalog`, `pg_toast`, `pg_temp*`, `information_schema`). @default 'public' */
  readonly schema?: string;
  /** Parent table name; windows are named `<parentTable>_<YYYY>_<MM>_<DD>` of their start. */
  readonly parentTable: string;
  /**
   * Columns, in order. Names are quoted in SQL (any characters but NUL, at most 63 bytes; not a
   * system column such as `ctid` or `xmin`). A `type` is one type name as PostgreSQL spells it,
   * nothing more: a name (`jsonb`, `int8`, `myschema.mytype`, unquoted), a multi-word built-in
   * (`double precision`, `character varying`, `timestamp with time zone`, `interval day to second`),
   * optional integer modifiers (`numeric(18,2)`, `varchar(255)`, `timestamptz(3)`) and array
   * brackets (`text[]`, `integer ARRAY`). Synth refuses anything else; plan checks that the type exists.
   * A `default` is one constant (`0`, `'pending'`, `true`). Columns change in place on a deployed
   * table where PostgreSQL can without a rewrite (see docs/resources/parent_table.md); other changes
   * fail the plan with the options.
   */
  readonly columns: readonly ColumnSpec[];
  /** Primary key columns, each once; must include `rangeColumn` and `listColumn` (PostgreSQL docs 5.11.2.3). */
  readonly primaryKey: readonly string[];
  /**
   * Secondary indexes, on every partition: `columns`, and optionally `name`, `unique` (btree; must
   * include the range and list columns), `include` (covering columns), `method` (`btree`, `brin`,
   * `hash`, `gin`), `where` (a partial-index predicate) and `storageParameters` (e.g. BRIN
   * `pages_per_range`). Adding one to a deployed table builds it without blocking writes; removing
   * one drops it. @default - none
   */
  readonly indexes?: readonly IndexSpec[];
  /**
   * Columns the next deploy may drop: the explicit, reviewed opt-in without which removing a column
   * from `columns` fails the plan (a dropped column's values are lost). @default - none
   */
  readonly dropColumns?: readonly string[];
  /** The `timestamptz`, `timestamp` or `date` column the windows range over. */
  readonly rangeColumn: string;
  /**
   * Column each window is list-sub-partitioned on, of type `text`, `varchar(n)` (every value at
   * most n characters), `smallint`, `integer` or `bigint`.
   * @default - windows are not sub-partitioned
   */
  readonly listColumn?: string;
  /**
   * A DEFAULT partition on the parent for rows outside every window. With it PostgreSQL refuses
   * `DETACH PARTITION ... CONCURRENTLY` and every ATTACH scans it.
   * @default false
   */
  readonly defaultPartition?: boolean;
  /**
   * Distribute the table with Citus by `column` (`create_distributed_table` in the transaction that
   * creates it; an existing table must already be distributed by it), with `shardCount` shards or
   * colocated with the table `colocateWith`. Every window is distributed colocated with it before
   * it is attached. Windows then have one level: no `listColumn` or groups (Citus cannot distribute
   * multi-level partitioned tables; index the list column instead), and retiring one takes ACCESS
   * EXCLUSIVE on the table (Citus refuses DETACH CONCURRENTLY). The plan fails on a server without
   * the citus extension.
   * @default - not distributed
   */
  readonly distribution?: DistributionSpec;
  /** Length of one window. @default '1 week' */
  readonly interval?: WindowInterval;
  /** Day a weekly window starts on, at 00:00 in `timeZone`. @default 'monday' (ISO 8601) */
  readonly weekStart?: Weekday;
  /** IANA zone of the window boundaries; `timestamptz` range columns only. @default 'UTC' */
  readonly timeZone?: string;
  /** Windows created ahead of the current one. Integer from 0 to 520 (10 years of weekly windows). @default 4 */
  readonly premake?: number;
  /**
   * Windows kept behind the current one (1 to 1,830: 35 years of weekly windows), and what
   * happens to older ones.
   * @default RetentionPolicy.keepAll() (then `start` is required)
   */
  readonly retention?: RetentionPolicy;
  /** Earliest window to manage, `YYYY-MM-DD` (a window start). @default - the retention horizon; required with keepAll */
  readonly start?: string;
  /**
   * Instant the plan is made for, ISO 8601 with an offset or a Date. Only its window matters: the
   * synthesized config records the current window's start, never the instant.
   * @default - context `pgpartition:asOf`, else env `PGPARTITION_AS_OF`, else now
   */
  readonly asOf?: string | Date;
  /**
   * One activity-group layout for every managed window: one LIST sub-partition per group (e.g.
   * from `createActivityGroups(activities, 10)`). Use `groupLayouts` to change groups from a date on.
   * @default - no groups; with a `listColumn`, each window has only its DEFAULT sub-partition
   */
  readonly activityGroups?: readonly ActivityGroup[];
  /** A DEFAULT sub-partition per window for list values in no group (with `activityGroups`). @default true */
  readonly defaultSubPartition?: boolean;
  /** Dated layouts, each in force from the window it names on; exclusive with `activityGroups`. @default - see activityGroups */
  readonly groupLayouts?: readonly GroupLayout[];
  /** The pgpartition provider to use, e.g. from `pgpartitionProvider(...)`. @default - the stack's default pgpartition provider */
  readonly provider?: TerraformProvider;
  /**
   * Stable id of this declaration, written into the ownership mark of every table it makes: a
   * deploy adopts what a deploy of the same declaration made (two pipeline runners at once), and
   * never what another declaration made (another stack pointed at the same database). Changing it
   * hands the tables over to the new id at the next deploy (their marks are rewritten).
   * @default - the construct's path, e.g. `staging/AccountBalances`
   */
  readonly ownerId?: string;
  /**
   * Windows this change may retire BEFORE their retention has passed, by name (e.g. after lowering
   * retention or premake on purpose). The plan warns for each, naming the date it would have been kept
   * until; without it such a retirement is refused.
   * @default - none
   */
  readonly retireEarly?: readonly string[];
  /**
   * Tear the environment down: every window may go now whatever its retention, and the parent table
   * may be dropped with its rows. Deploy with it first (the state must carry it), then destroy.
   * @default false
   */
  readonly allowTeardown?: boolean;
  /**
   * Declare the schema as a `postgresql_schema` (if not exists) of this `@cdktf/provider-postgresql`
   * provider, and make the parent table depend on it. That provider's binary must be installable.
   * @default - the schema must already exist (`public` always does)
   */
  readonly postgresqlSchemaProvider?: PostgresqlProvider;
}

/** The core spec the props describe, with `layouts` given explicitly. */
function toSpec(props: PartitionedTableProps, asOf: string | Date, layouts: readonly GroupLayout[] | undefined): PartitionSpec {
  return {
    table: {
      schema: props.schema,
      name: props.parentTable,
      columns: props.columns,
      primaryKey: props.primaryKey,
      indexes: props.indexes,
      dropColumns: props.dropColumns,
      rangeColumn: props.rangeColumn,
      listColumn: props.listColumn,
      defaultPartition: props.defaultPartition,
      distribution: props.distribution,
    },
    interval: props.interval,
    weekStart: props.weekStart,
    timeZone: props.timeZone,
    premake: props.premake,
    retention: (props.retention ?? RetentionPolicy.keepAll()).spec,
    start: props.start,
    asOf,
    layouts,
  };
}

/** A table's validated spec and the windows planned from it. */
export interface TablePlan {
  readonly spec: ResolvedSpec;
  readonly plan: PartitionPlan;
}

/**
 * Validates the props with the core and plans the windows at `asOf`. `activityGroups` become one
 * layout effective from the first managed window, so every window uses it (a window before every
 * layout would get only the DEFAULT sub-partition). The construct plans with this function at
 * synth, the runtime's health check at its own instant, so both read the props alike.
 * @throws SpecError naming the prop (e.g. `primaryKey`, `activityGroups[2].values`); for `asOf`
 * also where its value came from.
 */
export function planTable(props: PartitionedTableProps, asOf: ResolvedAsOf): TablePlan {
  checkAsOf(asOf);
  if (props.activityGroups !== undefined && props.groupLayouts !== undefined) {
    throw new SpecError('activityGroups', 'is set together with groupLayouts', 'give one layout in activityGroups, or dated layouts in groupLayouts, not both');
  }
  if (props.defaultSubPartition !== undefined && props.activityGroups === undefined) {
    throw new SpecError(
      'defaultSubPartition',
      'is set without activityGroups, so it would be ignored',
      props.groupLayouts === undefined ? 'set activityGroups too, or remove defaultSubPartition' : 'set defaultSubPartition in each of groupLayouts instead',
    );
  }
  try {
    const now = new Date();
    const base = resolveSpec(toSpec(props, asOf.value, props.groupLayouts));
    if (props.activityGroups === undefined) return { spec: base, plan: planResolved(base, now) };
    const firstWindow = planResolved(base, now).windows[0]?.startDate ?? base.start ?? undefined;
    const layouts = firstWindow === undefined ? undefined : [{ effectiveFrom: firstWindow, groups: props.activityGroups, defaultSubPartition: props.defaultSubPartition }];
    const spec = resolveSpec(toSpec(props, asOf.value, layouts));
    return { spec, plan: planResolved(spec, now) };
  } catch (err) {
    throw err instanceof SpecError ? err.named(propNames(props.activityGroups !== undefined)) : err;
  }
}

/**
 * The props' names of the core's spec fields: the core names fields of its nested spec
 * (`table.primaryKey`, `layouts[0].groups[3]`, `retention.windows`), users set flat props
 * (`primaryKey`, `activityGroups[3]`, `retention`), so errors name those, in the field and in every
 * field the problem and fix mention. `activityGroups` is the one layout the construct makes from them.
 */
function propNames(fromActivityGroups: boolean): FieldNames {
  return [
    ['table.name', 'parentTable'],
    ['table', ''],
    ['retention.windows', 'retention'],
    ['retention.keepFor', 'retention (archiveAfterWindows keepFor)'],
    ['retention.archiveSchema', 'retention (archiveAfterWindows schema)'],
    ...(fromActivityGroups ? ([['layouts[0].groups', 'activityGroups'], ['layouts', 'activityGroups']] as const) : ([['layouts', 'groupLayouts']] as const)),
  ];
}

/** Rejects an invalid asOf naming where it came from (prop, context key or environment variable). */
function checkAsOf(asOf: ResolvedAsOf): void {
  try {
    parseInstant(asOf.value);
  } catch (err) {
    if (!(err instanceof SpecError) || asOf.source === 'asOf') throw err;
    throw new SpecError(`asOf (from ${asOf.source})`, `${JSON.stringify(String(asOf.value))} is not a valid instant`, err.fix);
  }
}
