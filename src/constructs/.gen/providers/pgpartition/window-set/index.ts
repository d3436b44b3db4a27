// https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface WindowSetConfig extends cdktf.TerraformMetaArguments {
  /**
  * Let every window go now, whatever its retention, including when the set is destroyed (an ephemeral environment torn down): apply it first, so the state carries it, then destroy. Each early retirement is a warning in the plan. Default: false.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set#allow_teardown WindowSet#allow_teardown}
  */
  readonly allowTeardown?: boolean | cdktf.IResolvable;
  /**
  * Column the window is `PARTITION BY LIST` on. Without it the window is a plain table and takes no sub-partitions. Must be unset when the parent is distributed with Citus (Citus cannot distribute multi-level partitioned tables).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set#list_column WindowSet#list_column}
  */
  readonly listColumn?: string;
  /**
  * Stable id of the declaration that owns the window, written into the ownership mark (the table comment) with the parent table's name: pgpartition never adopts or retires a table another owner's mark names. Changing it hands the window over to the new owner (its mark is rewritten). Default: `default`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set#owner WindowSet#owner}
  */
  readonly owner?: string;
  /**
  * Name of the parent table (`PARTITION BY RANGE`).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set#parent_table WindowSet#parent_table}
  */
  readonly parentTable: string;
  /**
  * The parent's range (partition key) column.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set#range_column WindowSet#range_column}
  */
  readonly rangeColumn: string;
  /**
  * Type of the range column: `timestamptz`, `timestamp` or `date`; decides the bound text form.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set#range_type WindowSet#range_type}
  */
  readonly rangeType: string;
  /**
  * Names of windows this change may retire BEFORE their retention has passed (lowering retention or premake on purpose). Each such retirement is a warning in the plan naming the date the window would have been kept until. Default: none; a window leaving the map before its retention is refused.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set#retire_early WindowSet#retire_early}
  */
  readonly retireEarly?: string[];
  /**
  * Schema of the parent table and the window. Default: `public`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set#schema WindowSet#schema}
  */
  readonly schema?: string;
  /**
  * The windows, keyed by partition name (at most 63 bytes, e.g. `account_balances_2024_12_23`). A key added is a window created; a key removed is a window retired (only once its retention has passed, by the database clock); changed bounds retire the window and create it anew.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set#windows WindowSet#windows}
  */
  readonly windows: { [key: string]: WindowSetWindows } | cdktf.IResolvable;
}
export interface WindowSetWindowsSubPartitions {
}

export function windowSetWindowsSubPartitionsToTerraform(struct?: WindowSetWindowsSubPartitions | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function windowSetWindowsSubPartitionsToHclTerraform(struct?: WindowSetWindowsSubPartitions | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class WindowSetWindowsSubPartitionsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): WindowSetWindowsSubPartitions | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: WindowSetWindowsSubPartitions | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
    }
  }

  // name - computed: false, optional: false, required: false
  public get name() {
    return this.getStringAttribute('name');
  }

  // values - computed: false, optional: false, required: false
  public get values() {
    return this.getListAttribute('values');
  }
}

export class WindowSetWindowsSubPartitionsList extends cdktf.ComplexList {
  public internalValue? : WindowSetWindowsSubPartitions[] | cdktf.IResolvable

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param wrapsSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  constructor(protected terraformResource: cdktf.IInterpolatingParent, protected terraformAttribute: string, protected wrapsSet: boolean) {
    super(terraformResource, terraformAttribute, wrapsSet)
  }

  /**
  * @param index the index of the item to return
  */
  public get(index: number): WindowSetWindowsSubPartitionsOutputReference {
    return new WindowSetWindowsSubPartitionsOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface WindowSetWindows {
  /**
  * With retention_mode `archive` (required there): the schema an archived window and each of its sub-partitions move to (created if missing); not the parent's schema.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set#archive_schema WindowSet#archive_schema}
  */
  readonly archiveSchema?: string;
  /**
  * With retention_mode `archive`: true archives the window once `to` <= database now() - `retention` (DETACH CONCURRENTLY, then the window and its sub-partitions move to `archive_schema`, their rows kept); false again (a longer retention) moves them back and attaches the window. Null: false.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set#archived WindowSet#archived}
  */
  readonly archived?: boolean | cdktf.IResolvable;
  /**
  * Name of the window's DEFAULT sub-partition (values in no group). Without it, rows with such values are refused.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set#default_sub_partition WindowSet#default_sub_partition}
  */
  readonly defaultSubPartition?: string;
  /**
  * Inclusive lower partition bound in the core's canonical text: `2024-12-23T00:00:00Z` (timestamptz, UTC), `2024-12-23 00:00:00` (timestamp), `2024-12-23` (date).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set#from WindowSet#from}
  */
  readonly from: string;
  /**
  * With retention_mode `archive` (required there): how long an archived window is kept after its retention before it may be dropped, PostgreSQL interval text such as `7 days`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set#keep_for WindowSet#keep_for}
  */
  readonly keepFor?: string;
  /**
  * How long the window is kept after its upper bound, PostgreSQL interval text such as `12 weeks`. Null keeps it forever. Terraform destroys only see state, so each window carries its own.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set#retention WindowSet#retention}
  */
  readonly retention?: string;
  /**
  * What destroying the window does once `to` <= database now() - `retention`: `drop` (DETACH CONCURRENTLY, then DROP TABLE), `detach` (DETACH CONCURRENTLY, keep the table), `archive` (the window is archived first, see `archived`; destroying it drops it once `to` <= now() - `retention` - `keep_for`), `keep` (refuse). On a parent distributed with Citus the detach is a plain DETACH, which takes ACCESS EXCLUSIVE on the parent (Citus refuses CONCURRENTLY), and `archive` is refused. Null: `keep`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set#retention_mode WindowSet#retention_mode}
  */
  readonly retentionMode?: string;
  /**
  * Group sub-partitions: partition name and list values. A missing one is added in place (rows for its values move out of the DEFAULT sub-partition); changing or removing one of an existing window is refused: add a dated layout effective from a future window instead.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set#sub_partitions WindowSet#sub_partitions}
  */
  readonly subPartitions?: WindowSetWindowsSubPartitions[] | cdktf.IResolvable;
  /**
  * Exclusive upper partition bound, canonical text like `from`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set#to WindowSet#to}
  */
  readonly to: string;
}

export function windowSetWindowsToTerraform(struct?: WindowSetWindows | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    archive_schema: cdktf.stringToTerraform(struct!.archiveSchema),
    archived: cdktf.booleanToTerraform(struct!.archived),
    default_sub_partition: cdktf.stringToTerraform(struct!.defaultSubPartition),
    from: cdktf.stringToTerraform(struct!.from),
    keep_for: cdktf.stringToTerraform(struct!.keepFor),
    retention: cdktf.stringToTerraform(struct!.retention),
    retention_mode: cdktf.stringToTerraform(struct!.retentionMode),
    sub_partitions: cdktf.listMapper(windowSetWindowsSubPartitionsToTerraform, false)(struct!.subPartitions),
    to: cdktf.stringToTerraform(struct!.to),
  }
}


export function windowSetWindowsToHclTerraform(struct?: WindowSetWindows | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    archive_schema: {
      value: cdktf.stringToHclTerraform(struct!.archiveSchema),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    archived: {
      value: cdktf.booleanToHclTerraform(struct!.archived),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    default_sub_partition: {
      value: cdktf.stringToHclTerraform(struct!.defaultSubPartition),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    from: {
      value: cdktf.stringToHclTerraform(struct!.from),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    keep_for: {
      value: cdktf.stringToHclTerraform(struct!.keepFor),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    retention: {
      value: cdktf.stringToHclTerraform(struct!.retention),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    retention_mode: {
      value: cdktf.stringToHclTerraform(struct!.retentionMode),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    sub_partitions: {
      value: cdktf.listMapperHcl(windowSetWindowsSubPartitionsToHclTerraform, false)(struct!.subPartitions),
      isBlock: true,
      type: "list",
      storageClassType: "WindowSetWindowsSubPartitionsList",
    },
    to: {
      value: cdktf.stringToHclTerraform(struct!.to),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class WindowSetWindowsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectKey the key of this item in the map
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string, complexObjectKey: string) {
    super(terraformResource, terraformAttribute, false, complexObjectKey);
  }

  public get internalValue(): WindowSetWindows | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._archiveSchema !== undefined) {
      hasAnyValues = true;
      internalValueResult.archiveSchema = this._archiveSchema;
    }
    if (this._archived !== undefined) {
      hasAnyValues = true;
      internalValueResult.archived = this._archived;
    }
    if (this._defaultSubPartition !== undefined) {
      hasAnyValues = true;
      internalValueResult.defaultSubPartition = this._defaultSubPartition;
    }
    if (this._from !== undefined) {
      hasAnyValues = true;
      internalValueResult.from = this._from;
    }
    if (this._keepFor !== undefined) {
      hasAnyValues = true;
      internalValueResult.keepFor = this._keepFor;
    }
    if (this._retention !== undefined) {
      hasAnyValues = true;
      internalValueResult.retention = this._retention;
    }
    if (this._retentionMode !== undefined) {
      hasAnyValues = true;
      internalValueResult.retentionMode = this._retentionMode;
    }
    if (this._subPartitions?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.subPartitions = this._subPartitions?.internalValue;
    }
    if (this._to !== undefined) {
      hasAnyValues = true;
      internalValueResult.to = this._to;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: WindowSetWindows | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._archiveSchema = undefined;
      this._archived = undefined;
      this._defaultSubPartition = undefined;
      this._from = undefined;
      this._keepFor = undefined;
      this._retention = undefined;
      this._retentionMode = undefined;
      this._subPartitions.internalValue = undefined;
      this._to = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._archiveSchema = value.archiveSchema;
      this._archived = value.archived;
      this._defaultSubPartition = value.defaultSubPartition;
      this._from = value.from;
      this._keepFor = value.keepFor;
      this._retention = value.retention;
      this._retentionMode = value.retentionMode;
      this._subPartitions.internalValue = value.subPartitions;
      this._to = value.to;
    }
  }

  // archive_schema - computed: false, optional: true, required: false
  private _archiveSchema?: string; 
  public get archiveSchema() {
    return this.getStringAttribute('archive_schema');
  }
  public set archiveSchema(value: string) {
    this._archiveSchema = value;
  }
  public resetArchiveSchema() {
    this._archiveSchema = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get archiveSchemaInput() {
    return this._archiveSchema;
  }

  // archived - computed: false, optional: true, required: false
  private _archived?: boolean | cdktf.IResolvable; 
  public get archived() {
    return this.getBooleanAttribute('archived');
  }
  public set archived(value: boolean | cdktf.IResolvable) {
    this._archived = value;
  }
  public resetArchived() {
    this._archived = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get archivedInput() {
    return this._archived;
  }

  // attached - computed: true, optional: false, required: false
  public get attached() {
    return this.getBooleanAttribute('attached');
  }

  // default_sub_partition - computed: false, optional: true, required: false
  private _defaultSubPartition?: string; 
  public get defaultSubPartition() {
    return this.getStringAttribute('default_sub_partition');
  }
  public set defaultSubPartition(value: string) {
    this._defaultSubPartition = value;
  }
  public resetDefaultSubPartition() {
    this._defaultSubPartition = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get defaultSubPartitionInput() {
    return this._defaultSubPartition;
  }

  // from - computed: false, optional: false, required: true
  private _from?: string; 
  public get from() {
    return this.getStringAttribute('from');
  }
  public set from(value: string) {
    this._from = value;
  }
  // Temporarily expose input value. Use with caution.
  public get fromInput() {
    return this._from;
  }

  // keep_for - computed: false, optional: true, required: false
  private _keepFor?: string; 
  public get keepFor() {
    return this.getStringAttribute('keep_for');
  }
  public set keepFor(value: string) {
    this._keepFor = value;
  }
  public resetKeepFor() {
    this._keepFor = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get keepForInput() {
    return this._keepFor;
  }

  // retention - computed: false, optional: true, required: false
  private _retention?: string; 
  public get retention() {
    return this.getStringAttribute('retention');
  }
  public set retention(value: string) {
    this._retention = value;
  }
  public resetRetention() {
    this._retention = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get retentionInput() {
    return this._retention;
  }

  // retention_mode - computed: false, optional: true, required: false
  private _retentionMode?: string; 
  public get retentionMode() {
    return this.getStringAttribute('retention_mode');
  }
  public set retentionMode(value: string) {
    this._retentionMode = value;
  }
  public resetRetentionMode() {
    this._retentionMode = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get retentionModeInput() {
    return this._retentionMode;
  }

  // row_estimate - computed: true, optional: false, required: false
  public get rowEstimate() {
    return this.getNumberAttribute('row_estimate');
  }

  // size_bytes - computed: true, optional: false, required: false
  public get sizeBytes() {
    return this.getNumberAttribute('size_bytes');
  }

  // sub_partitions - computed: false, optional: true, required: false
  private _subPartitions = new WindowSetWindowsSubPartitionsList(this, "sub_partitions", false);
  public get subPartitions() {
    return this._subPartitions;
  }
  public putSubPartitions(value: WindowSetWindowsSubPartitions[] | cdktf.IResolvable) {
    this._subPartitions.internalValue = value;
  }
  public resetSubPartitions() {
    this._subPartitions.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get subPartitionsInput() {
    return this._subPartitions.internalValue;
  }

  // to - computed: false, optional: false, required: true
  private _to?: string; 
  public get to() {
    return this.getStringAttribute('to');
  }
  public set to(value: string) {
    this._to = value;
  }
  // Temporarily expose input value. Use with caution.
  public get toInput() {
    return this._to;
  }
}

export class WindowSetWindowsMap extends cdktf.ComplexMap {
  public internalValue? : { [key: string]: WindowSetWindows } | cdktf.IResolvable

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  constructor(protected terraformResource: cdktf.IInterpolatingParent, protected terraformAttribute: string) {
    super(terraformResource, terraformAttribute)
  }

  /**
  * @param key the key of the item to return
  */
  public get(key: string): WindowSetWindowsOutputReference {
    return new WindowSetWindowsOutputReference(this.terraformResource, this.terraformAttribute, key);
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set pgpartition_window_set}
*/
export class WindowSet extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "pgpartition_window_set";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a WindowSet resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the WindowSet to import
  * @param importFromId The id of the existing WindowSet that should be imported. Refer to the {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the WindowSet to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "pgpartition_window_set", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window_set pgpartition_window_set} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options WindowSetConfig
  */
  public constructor(scope: Construct, id: string, config: WindowSetConfig) {
    super(scope, id, {
      terraformResourceType: 'pgpartition_window_set',
      terraformGeneratorMetadata: {
        providerName: 'pgpartition',
        providerVersion: '0.1.0',
        providerVersionConstraint: '0.1.0'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach
    });
    this._allowTeardown = config.allowTeardown;
    this._listColumn = config.listColumn;
    this._owner = config.owner;
    this._parentTable = config.parentTable;
    this._rangeColumn = config.rangeColumn;
    this._rangeType = config.rangeType;
    this._retireEarly = config.retireEarly;
    this._schema = config.schema;
    this._windows.internalValue = config.windows;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // allow_teardown - computed: true, optional: true, required: false
  private _allowTeardown?: boolean | cdktf.IResolvable; 
  public get allowTeardown() {
    return this.getBooleanAttribute('allow_teardown');
  }
  public set allowTeardown(value: boolean | cdktf.IResolvable) {
    this._allowTeardown = value;
  }
  public resetAllowTeardown() {
    this._allowTeardown = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get allowTeardownInput() {
    return this._allowTeardown;
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // list_column - computed: false, optional: true, required: false
  private _listColumn?: string; 
  public get listColumn() {
    return this.getStringAttribute('list_column');
  }
  public set listColumn(value: string) {
    this._listColumn = value;
  }
  public resetListColumn() {
    this._listColumn = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get listColumnInput() {
    return this._listColumn;
  }

  // owner - computed: true, optional: true, required: false
  private _owner?: string; 
  public get owner() {
    return this.getStringAttribute('owner');
  }
  public set owner(value: string) {
    this._owner = value;
  }
  public resetOwner() {
    this._owner = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get ownerInput() {
    return this._owner;
  }

  // parent_table - computed: false, optional: false, required: true
  private _parentTable?: string; 
  public get parentTable() {
    return this.getStringAttribute('parent_table');
  }
  public set parentTable(value: string) {
    this._parentTable = value;
  }
  // Temporarily expose input value. Use with caution.
  public get parentTableInput() {
    return this._parentTable;
  }

  // range_column - computed: false, optional: false, required: true
  private _rangeColumn?: string; 
  public get rangeColumn() {
    return this.getStringAttribute('range_column');
  }
  public set rangeColumn(value: string) {
    this._rangeColumn = value;
  }
  // Temporarily expose input value. Use with caution.
  public get rangeColumnInput() {
    return this._rangeColumn;
  }

  // range_type - computed: false, optional: false, required: true
  private _rangeType?: string; 
  public get rangeType() {
    return this.getStringAttribute('range_type');
  }
  public set rangeType(value: string) {
    this._rangeType = value;
  }
  // Temporarily expose input value. Use with caution.
  public get rangeTypeInput() {
    return this._rangeType;
  }

  // retire_early - computed: false, optional: true, required: false
  private _retireEarly?: string[]; 
  public get retireEarly() {
    return this.getListAttribute('retire_early');
  }
  public set retireEarly(value: string[]) {
    this._retireEarly = value;
  }
  public resetRetireEarly() {
    this._retireEarly = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get retireEarlyInput() {
    return this._retireEarly;
  }

  // schema - computed: true, optional: true, required: false
  private _schema?: string; 
  public get schema() {
    return this.getStringAttribute('schema');
  }
  public set schema(value: string) {
    this._schema = value;
  }
  public resetSchema() {
    this._schema = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get schemaInput() {
    return this._schema;
  }

  // windows - computed: false, optional: false, required: true
  private _windows = new WindowSetWindowsMap(this, "windows");
  public get windows() {
    return this._windows;
  }
  public putWindows(value: { [key: string]: WindowSetWindows } | cdktf.IResolvable) {
    this._windows.internalValue = value;
  }
  // Temporarily expose input value. Use with caution.
  public get windowsInput() {
    return this._windows.internalValue;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      allow_teardown: cdktf.booleanToTerraform(this._allowTeardown),
      list_column: cdktf.stringToTerraform(this._listColumn),
      owner: cdktf.stringToTerraform(this._owner),
      parent_table: cdktf.stringToTerraform(this._parentTable),
      range_column: cdktf.stringToTerraform(this._rangeColumn),
      range_type: cdktf.stringToTerraform(this._rangeType),
      retire_early: cdktf.listMapper(cdktf.stringToTerraform, false)(this._retireEarly),
      schema: cdktf.stringToTerraform(this._schema),
      windows: cdktf.hashMapper(windowSetWindowsToTerraform)(this._windows.internalValue),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      allow_teardown: {
        value: cdktf.booleanToHclTerraform(this._allowTeardown),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      list_column: {
        value: cdktf.stringToHclTerraform(this._listColumn),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      owner: {
        value: cdktf.stringToHclTerraform(this._owner),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      parent_table: {
        value: cdktf.stringToHclTerraform(this._parentTable),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      range_column: {
        value: cdktf.stringToHclTerraform(this._rangeColumn),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      range_type: {
        value: cdktf.stringToHclTerraform(this._rangeType),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      retire_early: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._retireEarly),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      schema: {
        value: cdktf.stringToHclTerraform(this._schema),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      windows: {
        value: cdktf.hashMapperHcl(windowSetWindowsToHclTerraform)(this._windows.internalValue),
        isBlock: true,
        type: "map",
        storageClassType: "WindowSetWindowsMap",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
