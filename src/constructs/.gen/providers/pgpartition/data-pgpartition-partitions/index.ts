// https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/data-sources/partitions
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface DataPgpartitionPartitionsConfig extends cdktf.TerraformMetaArguments {
  /**
  * Name of the parent table (partitioned by RANGE on a timestamptz, timestamp or date column).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/data-sources/partitions#parent_table DataPgpartitionPartitions#parent_table}
  */
  readonly parentTable: string;
  /**
  * Schema of the parent table. Default: `public`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/data-sources/partitions#schema DataPgpartitionPartitions#schema}
  */
  readonly schema?: string;
}
export interface DataPgpartitionPartitionsPartitions {
}

export function dataPgpartitionPartitionsPartitionsToTerraform(struct?: DataPgpartitionPartitionsPartitions): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataPgpartitionPartitionsPartitionsToHclTerraform(struct?: DataPgpartitionPartitionsPartitions): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataPgpartitionPartitionsPartitionsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): DataPgpartitionPartitionsPartitions | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataPgpartitionPartitionsPartitions | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // from - computed: true, optional: false, required: false
  public get from() {
    return this.getStringAttribute('from');
  }

  // managed - computed: true, optional: false, required: false
  public get managed() {
    return this.getBooleanAttribute('managed');
  }

  // name - computed: true, optional: false, required: false
  public get name() {
    return this.getStringAttribute('name');
  }

  // row_estimate - computed: true, optional: false, required: false
  public get rowEstimate() {
    return this.getNumberAttribute('row_estimate');
  }

  // size_bytes - computed: true, optional: false, required: false
  public get sizeBytes() {
    return this.getNumberAttribute('size_bytes');
  }

  // sub_partitions - computed: true, optional: false, required: false
  public get subPartitions() {
    return this.getListAttribute('sub_partitions');
  }

  // to - computed: true, optional: false, required: false
  public get to() {
    return this.getStringAttribute('to');
  }
}

export class DataPgpartitionPartitionsPartitionsList extends cdktf.ComplexList {

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
  public get(index: number): DataPgpartitionPartitionsPartitionsOutputReference {
    return new DataPgpartitionPartitionsPartitionsOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/data-sources/partitions pgpartition_partitions}
*/
export class DataPgpartitionPartitions extends cdktf.TerraformDataSource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "pgpartition_partitions";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a DataPgpartitionPartitions resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the DataPgpartitionPartitions to import
  * @param importFromId The id of the existing DataPgpartitionPartitions that should be imported. Refer to the {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/data-sources/partitions#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the DataPgpartitionPartitions to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "pgpartition_partitions", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/data-sources/partitions pgpartition_partitions} Data Source
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options DataPgpartitionPartitionsConfig
  */
  public constructor(scope: Construct, id: string, config: DataPgpartitionPartitionsConfig) {
    super(scope, id, {
      terraformResourceType: 'pgpartition_partitions',
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
    this._parentTable = config.parentTable;
    this._schema = config.schema;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // default_partition_rows - computed: true, optional: false, required: false
  public get defaultPartitionRows() {
    return this.getNumberAttribute('default_partition_rows');
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

  // partitions - computed: true, optional: false, required: false
  private _partitions = new DataPgpartitionPartitionsPartitionsList(this, "partitions", false);
  public get partitions() {
    return this._partitions;
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

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      parent_table: cdktf.stringToTerraform(this._parentTable),
      schema: cdktf.stringToTerraform(this._schema),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      parent_table: {
        value: cdktf.stringToHclTerraform(this._parentTable),
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
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
