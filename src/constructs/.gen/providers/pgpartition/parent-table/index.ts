// https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface ParentTableConfig extends cdktf.TerraformMetaArguments {
  /**
  * Let a destroy drop the table even while it holds rows (an ephemeral environment torn down): apply it first, so the state carries it, then destroy. Default: false: a parent table with rows is never dropped.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#allow_teardown ParentTable#allow_teardown}
  */
  readonly allowTeardown?: boolean | cdktf.IResolvable;
  /**
  * With `distribution_column`: a distributed table in the same schema to colocate with (its shards for one value on the same node), or `none`; used when the table is created (changing it later changes no table). Default: Citus's default colocation group.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#colocate_with ParentTable#colocate_with}
  */
  readonly colocateWith?: string;
  /**
  * Columns in order. Changed in place: a column added (nullable, or with a default) or dropped (with `drop_columns`), a default set or dropped, NOT NULL dropped, or a type widened without a rewrite (`varchar(n)` to a larger n or `text`) is a catalog change; NOT NULL set is validated by a scan that lets writes go on. Anything else (a rewrite, an indexed column's type) is refused at plan with the options. New columns go at the end of the table.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#columns ParentTable#columns}
  */
  readonly columns: ParentTableColumns[] | cdktf.IResolvable;
  /**
  * Add a DEFAULT partition `<name>_default` for rows outside every window. With it PostgreSQL refuses DETACH CONCURRENTLY (retiring a window then locks the parent) and every attach scans it. Default: false.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#default_partition ParentTable#default_partition}
  */
  readonly defaultPartition?: boolean | cdktf.IResolvable;
  /**
  * Distribute the table with Citus by this column (`create_distributed_table`, in the transaction that creates it; an existing table must already be distributed by it). Must be in the primary key. Every window is then distributed colocated with the table before it is attached, has no sub-partitions (no `list_column`: Citus cannot distribute multi-level partitioned tables), and is retired by a plain DETACH (Citus refuses CONCURRENTLY), which takes ACCESS EXCLUSIVE on the table. The plan fails when the server has no `citus` extension. Default: not distributed.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#distribution_column ParentTable#distribution_column}
  */
  readonly distributionColumn?: string;
  /**
  * Columns the next apply may drop: the explicit opt-in without which removing a column from `columns` is refused at plan (the values of a dropped column are lost). Must not name a declared column.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#drop_columns ParentTable#drop_columns}
  */
  readonly dropColumns?: string[];
  /**
  * Secondary indexes, on every partition. One added to a table with windows is built without blocking writes (CREATE INDEX CONCURRENTLY on each leaf, attached bottom-up; a cut-short build is finished by the next apply); one removed is dropped. A changed definition under the same name is refused: declare it under another name.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#indexes ParentTable#indexes}
  */
  readonly indexes?: ParentTableIndexes[] | cdktf.IResolvable;
  /**
  * Column each window is `PARTITION BY LIST` on (text or integer); must be in the primary key. Default: windows are not sub-partitioned. Changing it changes no table.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#list_column ParentTable#list_column}
  */
  readonly listColumn?: string;
  /**
  * Table name.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#name ParentTable#name}
  */
  readonly name: string;
  /**
  * Stable id of the declaration that owns the table, written into its ownership mark (the table comment): a table another owner's mark names is never adopted or dropped. Give the windows of the table the same owner. Changing it hands the table over (its mark is rewritten). Default: `default`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#owner ParentTable#owner}
  */
  readonly owner?: string;
  /**
  * Primary key columns; must include the range column and the list column (PostgreSQL requires every partition key column). Cannot change once the table has a partition (declare a unique index instead).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#primary_key ParentTable#primary_key}
  */
  readonly primaryKey: string[];
  /**
  * Partition key column: `timestamptz`, `timestamp` or `date`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#range_column ParentTable#range_column}
  */
  readonly rangeColumn: string;
  /**
  * Schema of the table. Default: `public`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#schema ParentTable#schema}
  */
  readonly schema?: string;
  /**
  * With `distribution_column`: shards of the table, 1 to 64000, used when it is created (changing it later changes no table). Exclusive with `colocate_with`. Default: the server's `citus.shard_count`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#shard_count ParentTable#shard_count}
  */
  readonly shardCount?: number;
}
export interface ParentTableColumns {
  /**
  * A constant default as SQL: a number (`0`), a string in single quotes (`'pending'`), `true` or `false`. Default: none.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#default ParentTable#default}
  */
  readonly default?: string;
  /**
  * Column name (quoted in SQL; at most 63 bytes).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#name ParentTable#name}
  */
  readonly name: string;
  /**
  * Whether NULL is allowed. Default: true.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#nullable ParentTable#nullable}
  */
  readonly nullable?: boolean | cdktf.IResolvable;
  /**
  * One SQL type name as PostgreSQL spells it: `timestamptz`, `numeric(18,2)`, `varchar(255)`, `text[]`, ...
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#type ParentTable#type}
  */
  readonly type: string;
}

export function parentTableColumnsToTerraform(struct?: ParentTableColumns | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    default: cdktf.stringToTerraform(struct!.default),
    name: cdktf.stringToTerraform(struct!.name),
    nullable: cdktf.booleanToTerraform(struct!.nullable),
    type: cdktf.stringToTerraform(struct!.type),
  }
}


export function parentTableColumnsToHclTerraform(struct?: ParentTableColumns | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    default: {
      value: cdktf.stringToHclTerraform(struct!.default),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    name: {
      value: cdktf.stringToHclTerraform(struct!.name),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    nullable: {
      value: cdktf.booleanToHclTerraform(struct!.nullable),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    type: {
      value: cdktf.stringToHclTerraform(struct!.type),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ParentTableColumnsOutputReference extends cdktf.ComplexObject {
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

  public get internalValue(): ParentTableColumns | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._default !== undefined) {
      hasAnyValues = true;
      internalValueResult.default = this._default;
    }
    if (this._name !== undefined) {
      hasAnyValues = true;
      internalValueResult.name = this._name;
    }
    if (this._nullable !== undefined) {
      hasAnyValues = true;
      internalValueResult.nullable = this._nullable;
    }
    if (this._type !== undefined) {
      hasAnyValues = true;
      internalValueResult.type = this._type;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ParentTableColumns | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._default = undefined;
      this._name = undefined;
      this._nullable = undefined;
      this._type = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._default = value.default;
      this._name = value.name;
      this._nullable = value.nullable;
      this._type = value.type;
    }
  }

  // default - computed: false, optional: true, required: false
  private _default?: string; 
  public get default() {
    return this.getStringAttribute('default');
  }
  public set default(value: string) {
    this._default = value;
  }
  public resetDefault() {
    this._default = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get defaultInput() {
    return this._default;
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

  // nullable - computed: false, optional: true, required: false
  private _nullable?: boolean | cdktf.IResolvable; 
  public get nullable() {
    return this.getBooleanAttribute('nullable');
  }
  public set nullable(value: boolean | cdktf.IResolvable) {
    this._nullable = value;
  }
  public resetNullable() {
    this._nullable = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get nullableInput() {
    return this._nullable;
  }

  // type - computed: false, optional: false, required: true
  private _type?: string; 
  public get type() {
    return this.getStringAttribute('type');
  }
  public set type(value: string) {
    this._type = value;
  }
  // Temporarily expose input value. Use with caution.
  public get typeInput() {
    return this._type;
  }
}

export class ParentTableColumnsList extends cdktf.ComplexList {
  public internalValue? : ParentTableColumns[] | cdktf.IResolvable

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
  public get(index: number): ParentTableColumnsOutputReference {
    return new ParentTableColumnsOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface ParentTableIndexes {
  /**
  * Key columns, in order.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#columns ParentTable#columns}
  */
  readonly columns: string[];
  /**
  * Covering columns (`INCLUDE`, btree only). Default: none.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#include ParentTable#include}
  */
  readonly include?: string[];
  /**
  * `btree`, `brin`, `hash` (one column) or `gin` (jsonb, arrays, tsvector). Default: `btree`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#method ParentTable#method}
  */
  readonly method?: string;
  /**
  * Index name. Default: `<table>_<columns>_idx` (`_<method>_idx` for a method other than btree), shortened to 63 bytes.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#name ParentTable#name}
  */
  readonly name?: string;
  /**
  * The method's storage parameters, e.g. `{ pages_per_range = "16" }` for brin. Default: the method's defaults.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#storage_parameters ParentTable#storage_parameters}
  */
  readonly storageParameters?: { [key: string]: string };
  /**
  * A UNIQUE index (btree only); the key columns must include the range column and the list column. Default: false.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#unique ParentTable#unique}
  */
  readonly unique?: boolean | cdktf.IResolvable;
  /**
  * Partial-index predicate: columns compared with constants, with AND, OR, NOT (e.g. `status = 'open'`). Default: every row.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#where ParentTable#where}
  */
  readonly where?: string;
}

export function parentTableIndexesToTerraform(struct?: ParentTableIndexes | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    columns: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.columns),
    include: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.include),
    method: cdktf.stringToTerraform(struct!.method),
    name: cdktf.stringToTerraform(struct!.name),
    storage_parameters: cdktf.hashMapper(cdktf.stringToTerraform)(struct!.storageParameters),
    unique: cdktf.booleanToTerraform(struct!.unique),
    where: cdktf.stringToTerraform(struct!.where),
  }
}


export function parentTableIndexesToHclTerraform(struct?: ParentTableIndexes | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    columns: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.columns),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
    include: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.include),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
    method: {
      value: cdktf.stringToHclTerraform(struct!.method),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    name: {
      value: cdktf.stringToHclTerraform(struct!.name),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    storage_parameters: {
      value: cdktf.hashMapperHcl(cdktf.stringToHclTerraform)(struct!.storageParameters),
      isBlock: false,
      type: "map",
      storageClassType: "stringMap",
    },
    unique: {
      value: cdktf.booleanToHclTerraform(struct!.unique),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    where: {
      value: cdktf.stringToHclTerraform(struct!.where),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ParentTableIndexesOutputReference extends cdktf.ComplexObject {
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

  public get internalValue(): ParentTableIndexes | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._columns !== undefined) {
      hasAnyValues = true;
      internalValueResult.columns = this._columns;
    }
    if (this._include !== undefined) {
      hasAnyValues = true;
      internalValueResult.include = this._include;
    }
    if (this._method !== undefined) {
      hasAnyValues = true;
      internalValueResult.method = this._method;
    }
    if (this._name !== undefined) {
      hasAnyValues = true;
      internalValueResult.name = this._name;
    }
    if (this._storageParameters !== undefined) {
      hasAnyValues = true;
      internalValueResult.storageParameters = this._storageParameters;
    }
    if (this._unique !== undefined) {
      hasAnyValues = true;
      internalValueResult.unique = this._unique;
    }
    if (this._where !== undefined) {
      hasAnyValues = true;
      internalValueResult.where = this._where;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ParentTableIndexes | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._columns = undefined;
      this._include = undefined;
      this._method = undefined;
      this._name = undefined;
      this._storageParameters = undefined;
      this._unique = undefined;
      this._where = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._columns = value.columns;
      this._include = value.include;
      this._method = value.method;
      this._name = value.name;
      this._storageParameters = value.storageParameters;
      this._unique = value.unique;
      this._where = value.where;
    }
  }

  // columns - computed: false, optional: false, required: true
  private _columns?: string[]; 
  public get columns() {
    return this.getListAttribute('columns');
  }
  public set columns(value: string[]) {
    this._columns = value;
  }
  // Temporarily expose input value. Use with caution.
  public get columnsInput() {
    return this._columns;
  }

  // include - computed: false, optional: true, required: false
  private _include?: string[]; 
  public get include() {
    return this.getListAttribute('include');
  }
  public set include(value: string[]) {
    this._include = value;
  }
  public resetInclude() {
    this._include = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get includeInput() {
    return this._include;
  }

  // method - computed: false, optional: true, required: false
  private _method?: string; 
  public get method() {
    return this.getStringAttribute('method');
  }
  public set method(value: string) {
    this._method = value;
  }
  public resetMethod() {
    this._method = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get methodInput() {
    return this._method;
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

  // storage_parameters - computed: false, optional: true, required: false
  private _storageParameters?: { [key: string]: string }; 
  public get storageParameters() {
    return this.getStringMapAttribute('storage_parameters');
  }
  public set storageParameters(value: { [key: string]: string }) {
    this._storageParameters = value;
  }
  public resetStorageParameters() {
    this._storageParameters = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get storageParametersInput() {
    return this._storageParameters;
  }

  // unique - computed: false, optional: true, required: false
  private _unique?: boolean | cdktf.IResolvable; 
  public get unique() {
    return this.getBooleanAttribute('unique');
  }
  public set unique(value: boolean | cdktf.IResolvable) {
    this._unique = value;
  }
  public resetUnique() {
    this._unique = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get uniqueInput() {
    return this._unique;
  }

  // where - computed: false, optional: true, required: false
  private _where?: string; 
  public get where() {
    return this.getStringAttribute('where');
  }
  public set where(value: string) {
    this._where = value;
  }
  public resetWhere() {
    this._where = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get whereInput() {
    return this._where;
  }
}

export class ParentTableIndexesList extends cdktf.ComplexList {
  public internalValue? : ParentTableIndexes[] | cdktf.IResolvable

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
  public get(index: number): ParentTableIndexesOutputReference {
    return new ParentTableIndexesOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table pgpartition_parent_table}
*/
export class ParentTable extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "pgpartition_parent_table";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a ParentTable resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the ParentTable to import
  * @param importFromId The id of the existing ParentTable that should be imported. Refer to the {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the ParentTable to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "pgpartition_parent_table", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs/resources/parent_table pgpartition_parent_table} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options ParentTableConfig
  */
  public constructor(scope: Construct, id: string, config: ParentTableConfig) {
    super(scope, id, {
      terraformResourceType: 'pgpartition_parent_table',
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
    this._colocateWith = config.colocateWith;
    this._columns.internalValue = config.columns;
    this._defaultPartition = config.defaultPartition;
    this._distributionColumn = config.distributionColumn;
    this._dropColumns = config.dropColumns;
    this._indexes.internalValue = config.indexes;
    this._listColumn = config.listColumn;
    this._name = config.name;
    this._owner = config.owner;
    this._primaryKey = config.primaryKey;
    this._rangeColumn = config.rangeColumn;
    this._schema = config.schema;
    this._shardCount = config.shardCount;
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

  // colocate_with - computed: false, optional: true, required: false
  private _colocateWith?: string; 
  public get colocateWith() {
    return this.getStringAttribute('colocate_with');
  }
  public set colocateWith(value: string) {
    this._colocateWith = value;
  }
  public resetColocateWith() {
    this._colocateWith = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get colocateWithInput() {
    return this._colocateWith;
  }

  // columns - computed: false, optional: false, required: true
  private _columns = new ParentTableColumnsList(this, "columns", false);
  public get columns() {
    return this._columns;
  }
  public putColumns(value: ParentTableColumns[] | cdktf.IResolvable) {
    this._columns.internalValue = value;
  }
  // Temporarily expose input value. Use with caution.
  public get columnsInput() {
    return this._columns.internalValue;
  }

  // default_partition - computed: true, optional: true, required: false
  private _defaultPartition?: boolean | cdktf.IResolvable; 
  public get defaultPartition() {
    return this.getBooleanAttribute('default_partition');
  }
  public set defaultPartition(value: boolean | cdktf.IResolvable) {
    this._defaultPartition = value;
  }
  public resetDefaultPartition() {
    this._defaultPartition = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get defaultPartitionInput() {
    return this._defaultPartition;
  }

  // distribution_column - computed: false, optional: true, required: false
  private _distributionColumn?: string; 
  public get distributionColumn() {
    return this.getStringAttribute('distribution_column');
  }
  public set distributionColumn(value: string) {
    this._distributionColumn = value;
  }
  public resetDistributionColumn() {
    this._distributionColumn = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get distributionColumnInput() {
    return this._distributionColumn;
  }

  // drop_columns - computed: false, optional: true, required: false
  private _dropColumns?: string[]; 
  public get dropColumns() {
    return this.getListAttribute('drop_columns');
  }
  public set dropColumns(value: string[]) {
    this._dropColumns = value;
  }
  public resetDropColumns() {
    this._dropColumns = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get dropColumnsInput() {
    return this._dropColumns;
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // indexes - computed: false, optional: true, required: false
  private _indexes = new ParentTableIndexesList(this, "indexes", false);
  public get indexes() {
    return this._indexes;
  }
  public putIndexes(value: ParentTableIndexes[] | cdktf.IResolvable) {
    this._indexes.internalValue = value;
  }
  public resetIndexes() {
    this._indexes.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get indexesInput() {
    return this._indexes.internalValue;
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

  // primary_key - computed: false, optional: false, required: true
  private _primaryKey?: string[]; 
  public get primaryKey() {
    return this.getListAttribute('primary_key');
  }
  public set primaryKey(value: string[]) {
    this._primaryKey = value;
  }
  // Temporarily expose input value. Use with caution.
  public get primaryKeyInput() {
    return this._primaryKey;
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

  // shard_count - computed: false, optional: true, required: false
  private _shardCount?: number; 
  public get shardCount() {
    return this.getNumberAttribute('shard_count');
  }
  public set shardCount(value: number) {
    this._shardCount = value;
  }
  public resetShardCount() {
    this._shardCount = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get shardCountInput() {
    return this._shardCount;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      allow_teardown: cdktf.booleanToTerraform(this._allowTeardown),
      colocate_with: cdktf.stringToTerraform(this._colocateWith),
      columns: cdktf.listMapper(parentTableColumnsToTerraform, false)(this._columns.internalValue),
      default_partition: cdktf.booleanToTerraform(this._defaultPartition),
      distribution_column: cdktf.stringToTerraform(this._distributionColumn),
      drop_columns: cdktf.listMapper(cdktf.stringToTerraform, false)(this._dropColumns),
      indexes: cdktf.listMapper(parentTableIndexesToTerraform, false)(this._indexes.internalValue),
      list_column: cdktf.stringToTerraform(this._listColumn),
      name: cdktf.stringToTerraform(this._name),
      owner: cdktf.stringToTerraform(this._owner),
      primary_key: cdktf.listMapper(cdktf.stringToTerraform, false)(this._primaryKey),
      range_column: cdktf.stringToTerraform(this._rangeColumn),
      schema: cdktf.stringToTerraform(this._schema),
      shard_count: cdktf.numberToTerraform(this._shardCount),
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
      colocate_with: {
        value: cdktf.stringToHclTerraform(this._colocateWith),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      columns: {
        value: cdktf.listMapperHcl(parentTableColumnsToHclTerraform, false)(this._columns.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ParentTableColumnsList",
      },
      default_partition: {
        value: cdktf.booleanToHclTerraform(this._defaultPartition),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      distribution_column: {
        value: cdktf.stringToHclTerraform(this._distributionColumn),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      drop_columns: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._dropColumns),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      indexes: {
        value: cdktf.listMapperHcl(parentTableIndexesToHclTerraform, false)(this._indexes.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ParentTableIndexesList",
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
      primary_key: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._primaryKey),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      range_column: {
        value: cdktf.stringToHclTerraform(this._rangeColumn),
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
      shard_count: {
        value: cdktf.numberToHclTerraform(this._shardCount),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
