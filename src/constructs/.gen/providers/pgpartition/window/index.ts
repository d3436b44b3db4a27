// https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface WindowConfig extends cdktf.TerraformMetaArguments {
  /**
  * With retention_mode `archive` (required there): the schema an archived window and each of its sub-partitions move to (created if missing); not the parent's schema.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window#archive_schema Window#archive_schema}
  */
  readonly archiveSchema?: string;
  /**
  * With retention_mode `archive`: true archives the window once `to` <= database now() - `retention` (DETACH CONCURRENTLY, then the window and its sub-partitions move to `archive_schema`, their rows kept); false again (a longer retention) moves them back and attaches the window. Null: false.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window#archived Window#archived}
  */
  readonly archived?: boolean | cdktf.IResolvable;
  /**
  * Name of the window's DEFAULT sub-partition (values in no group). Without it, rows with such values are refused.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window#default_sub_partition Window#default_sub_partition}
  */
  readonly defaultSubPartition?: string;
  /**
  * Inclusive lower partition bound in the core's canonical text: `2024-12-23T00:00:00Z` (timestamptz, UTC), `2024-12-23 00:00:00` (timestamp), `2024-12-23` (date).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window#from Window#from}
  */
  readonly from: string;
  /**
  * With retention_mode `archive` (required there): how long an archived window is kept after its retention before it may be dropped, PostgreSQL interval text such as `7 days`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window#keep_for Window#keep_for}
  */
  readonly keepFor?: string;
  /**
  * Column the window is `PARTITION BY LIST` on. Without it the window is a plain table and takes no sub-partitions. Must be unset when the parent is distributed with Citus (Citus cannot distribute multi-level partitioned tables).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window#list_column Window#list_column}
  */
  readonly listColumn?: string;
  /**
  * Partition name of the window, e.g. `account_balances_2024_12_23` (the core names it; at most 63 bytes).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window#name Window#name}
  */
  readonly name: string;
  /**
  * Stable id of the declaration that owns the window, written into the ownership mark (the table comment) with the parent table's name: pgpartition never adopts or retires a table another owner's mark names. Changing it hands the window over to the new owner (its mark is rewritten). Default: `default`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window#owner Window#owner}
  */
  readonly owner?: string;
  /**
  * Name of the parent table (`PARTITION BY RANGE`).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window#parent_table Window#parent_table}
  */
  readonly parentTable: string;
  /**
  * The parent's range (partition key) column.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window#range_column Window#range_column}
  */
  readonly rangeColumn: string;
  /**
  * Type of the range column: `timestamptz`, `timestamp` or `date`; decides the bound text form.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window#range_type Window#range_type}
  */
  readonly rangeType: string;
  /**
  * How long the window is kept after its upper bound, PostgreSQL interval text such as `12 weeks`. Null keeps it forever. Terraform destroys only see state, so each window carries its own.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window#retention Window#retention}
  */
  readonly retention?: string;
  /**
  * What destroying the window does once `to` <= database now() - `retention`: `drop` (DETACH CONCURRENTLY, then DROP TABLE), `detach` (DETACH CONCURRENTLY, keep the table), `archive` (the window is archived first, see `archived`; destroying it drops it once `to` <= now() - `retention` - `keep_for`), `keep` (refuse). On a parent distributed with Citus the detach is a plain DETACH, which takes ACCESS EXCLUSIVE on the parent (Citus refuses CONCURRENTLY), and `archive` is refused. Default: `keep`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window#retention_mode Window#retention_mode}
  */
  readonly retentionMode?: string;
  /**
  * Schema of the parent table and the window. Default: `public`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window#schema Window#schema}
  */
  readonly schema?: string;
  /**
  * Group sub-partitions: partition name and list values. A missing one is added in place (rows for its values move out of the DEFAULT sub-partition); changing or removing one of an existing window is refused: add a dated layout effective from a future window instead.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window#sub_partitions Window#sub_partitions}
  */
  readonly subPartitions?: WindowSubPartitions[] | cdktf.IResolvable;
  /**
  * Exclusive upper partition bound, canonical text like `from`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window#to Window#to}
  */
  readonly to: string;
}
export interface WindowSubPartitions {
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window#name Window#name}
  */
  readonly name?: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window#values Window#values}
  */
  readonly values?: string[];
}

export function windowSubPartitionsToTerraform(struct?: WindowSubPartitions | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    name: cdktf.stringToTerraform(struct!.name),
    values: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.values),
  }
}


export function windowSubPartitionsToHclTerraform(struct?: WindowSubPartitions | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    name: {
      value: cdktf.stringToHclTerraform(struct!.name),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    values: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.values),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class WindowSubPartitionsOutputReference extends cdktf.ComplexObject {
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

  public get internalValue(): WindowSubPartitions | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._name !== undefined) {
      hasAnyValues = true;
      internalValueResult.name = this._name;
    }
    if (this._values !== undefined) {
      hasAnyValues = true;
      internalValueResult.values = this._values;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: WindowSubPartitions | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._name = undefined;
      this._values = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._name = value.name;
      this._values = value.values;
    }
  }

  // name - computed: false, optional: true, required: false
  private _name?: string; 
  public get name() {
    return this.getStringAttribute('name');
  }
  public set name(value: string) {
    this._name = value;
  }
  public resetName() {
    this._name = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get nameInput() {
    return this._name;
  }

  // values - computed: false, optional: true, required: false
  private _values?: string[]; 
  public get values() {
    return this.getListAttribute('values');
  }
  public set values(value: string[]) {
    this._values = value;
  }
  public resetValues() {
    this._values = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get valuesInput() {
    return this._values;
  }
}

export class WindowSubPartitionsList extends cdktf.ComplexList {
  public internalValue? : WindowSubPartitions[] | cdktf.IResolvable

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
  public get(index: number): WindowSubPartitionsOutputReference {
    return new WindowSubPartitionsOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window pgpartition_window}
*/
export class Window extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "pgpartition_window";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a Window resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the Window to import
  * @param importFromId The id of the existing Window that should be imported. Refer to the {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the Window to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "pgpartition_window", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/window pgpartition_window} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options WindowConfig
  */
  public constructor(scope: Construct, id: string, config: WindowConfig) {
    super(scope, id, {
      terraformResourceType: 'pgpartition_window',
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
    this._archiveSchema = config.archiveSchema;
    this._archived = config.archived;
    this._defaultSubPartition = config.defaultSubPartition;
    this._from = config.from;
    this._keepFor = config.keepFor;
    this._listColumn = config.listColumn;
    this._name = config.name;
    this._owner = config.owner;
    this._parentTable = config.parentTable;
    this._rangeColumn = config.rangeColumn;
    this._rangeType = config.rangeType;
    this._retention = config.retention;
    this._retentionMode = config.retentionMode;
    this._schema = config.schema;
    this._subPartitions.internalValue = config.subPartitions;
    this._to = config.to;
  }

  // ==========
  // ATTRIBUTES
  // ==========

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

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
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

  // name - computed: false, optional: false, required: true
  private _name?: string; 
  public get name() {
    return this.getStringAttribute('name');
  }
  public set name(value: string) {
    this._name = value;
  }
  // Temporarily expose input value. Use with caution.
  public get nameInput() {
    return this._name;
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

  // retention_mode - computed: true, optional: true, required: false
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

  // size_bytes - computed: true, optional: false, required: false
  public get sizeBytes() {
    return this.getNumberAttribute('size_bytes');
  }

  // sub_partitions - computed: false, optional: true, required: false
  private _subPartitions = new WindowSubPartitionsList(this, "sub_partitions", false);
  public get subPartitions() {
    return this._subPartitions;
  }
  public putSubPartitions(value: WindowSubPartitions[] | cdktf.IResolvable) {
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

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      archive_schema: cdktf.stringToTerraform(this._archiveSchema),
      archived: cdktf.booleanToTerraform(this._archived),
      default_sub_partition: cdktf.stringToTerraform(this._defaultSubPartition),
      from: cdktf.stringToTerraform(this._from),
      keep_for: cdktf.stringToTerraform(this._keepFor),
      list_column: cdktf.stringToTerraform(this._listColumn),
      name: cdktf.stringToTerraform(this._name),
      owner: cdktf.stringToTerraform(this._owner),
      parent_table: cdktf.stringToTerraform(this._parentTable),
      range_column: cdktf.stringToTerraform(this._rangeColumn),
      range_type: cdktf.stringToTerraform(this._rangeType),
      retention: cdktf.stringToTerraform(this._retention),
      retention_mode: cdktf.stringToTerraform(this._retentionMode),
      schema: cdktf.stringToTerraform(this._schema),
      sub_partitions: cdktf.listMapper(windowSubPartitionsToTerraform, false)(this._subPartitions.internalValue),
      to: cdktf.stringToTerraform(this._to),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      archive_schema: {
        value: cdktf.stringToHclTerraform(this._archiveSchema),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      archived: {
        value: cdktf.booleanToHclTerraform(this._archived),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      default_sub_partition: {
        value: cdktf.stringToHclTerraform(this._defaultSubPartition),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      from: {
        value: cdktf.stringToHclTerraform(this._from),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      keep_for: {
        value: cdktf.stringToHclTerraform(this._keepFor),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      list_column: {
        value: cdktf.stringToHclTerraform(this._listColumn),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      name: {
        value: cdktf.stringToHclTerraform(this._name),
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
      retention: {
        value: cdktf.stringToHclTerraform(this._retention),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      retention_mode: {
        value: cdktf.stringToHclTerraform(this._retentionMode),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      schema: {
        value: cdktf.stringToHclTerraform(this._schema),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      sub_partitions: {
        value: cdktf.listMapperHcl(windowSubPartitionsToHclTerraform, false)(this._subPartitions.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "WindowSubPartitionsList",
      },
      to: {
        value: cdktf.stringToHclTerraform(this._to),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
