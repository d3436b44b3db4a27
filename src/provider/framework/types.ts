/**
 * The contract between the protocol layer (tfplugin6 over gRPC, `src/provider/protocol/`) and
 * the provider's types (`src/provider/resources/`, `src/provider/data-sources/`).
 *
 * A resource file exports one {@link ResourceType}: its schema, how it reads, plans, applies and
 * imports. The protocol layer owns msgpack/cty encoding, unknowns, defaults, replace-on-change and
 * turning thrown {@link DiagnosticError}s into Terraform diagnostics. Models are plain objects keyed
 * by the snake_case attribute names of the schema, every attribute present (null when absent).
 */

/** cty type, in the JSON form Terraform expects in a schema (`"string"`, `["list","string"]`). */
export type CtyType =
  | 'string'
  | 'number'
  | 'bool'
  | 'dynamic'
  | readonly ['list' | 'set' | 'map', CtyType]
  | readonly ['object', { readonly [name: string]: CtyType }];

/** Marks a value terraform does not know yet (msgpack ext type 0; refined unknowns, ext 12, too). */
export const UNKNOWN: unique symbol = Symbol.for('pgpartition.unknown');
export type Unknown = typeof UNKNOWN;

/** A decoded cty value. Numbers are JS numbers (row counts and byte sizes stay below 2^53). */
export type Value = null | Unknown | string | number | boolean | readonly Value[] | { readonly [k: string]: Value };

/** A model: one object of attribute values. */
export type Model = { readonly [attribute: string]: Value };

/** Checks one attribute's configured (known, non-null) value; returns an error text or undefined. */
export type Validator = (value: Value) => string | undefined;

export interface AttributeSchema {
  readonly type: CtyType;
  /** Shown in generated docs and bindings. */
  readonly description: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  /** Plan modifier: a change to this attribute replaces the resource. */
  readonly requiresReplace?: boolean;
  /** Plan modifier: an optional+computed attribute left null in config takes this value in the plan. */
  readonly default?: Value;
  /** Plan modifier: a computed attribute keeps its prior state value on update (not unknown). */
  readonly useStateForUnknown?: boolean;
  readonly validators?: readonly Validator[];
  /**
   * A nested attribute (tfplugin6 `Schema.Object`): a map of objects whose own attributes each say
   * whether they are required, optional or computed, so terraform lets the provider fill computed
   * ones per element. `type` must be the matching `['map', ['object', ...]]` (see {@link nestedMap}).
   */
  readonly nested?: { readonly nesting: 'map'; readonly attributes: Attributes };
}

export type Attributes = { readonly [name: string]: AttributeSchema };

/** `type` and `nested` of a nested map attribute whose elements have `attributes`. */
export function nestedMap(attributes: Attributes): Pick<AttributeSchema, 'type' | 'nested'> {
  return {
    type: ['map', ['object', Object.fromEntries(Object.entries(attributes).map(([name, a]) => [name, a.type]))]],
    nested: { nesting: 'map', attributes },
  };
}

export type AttributePath = readonly (string | number)[];

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  /** What happened and how to fix it. */
  readonly detail: string;
  readonly attribute?: AttributePath;
}

/**
 * Throw from any hook to fail the RPC with these diagnostics. An apply hook that failed part-way
 * gives `state`: what exists now (terraform saves it); without it a failed create saves nothing and
 * a failed update or delete keeps the prior state (the object is still there).
 */
export class DiagnosticError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  readonly state: Model | null | undefined;
  constructor(diagnostics: Diagnostic | readonly Diagnostic[], options?: { cause?: unknown; state?: Model | null }) {
    const list = Array.isArray(diagnostics) ? (diagnostics as readonly Diagnostic[]) : [diagnostics as Diagnostic];
    super(list.map((d) => `${d.summary}: ${d.detail}`).join('\n'), options);
    this.name = 'DiagnosticError';
    this.diagnostics = list;
    this.state = options?.state;
  }
}

/** Result of a read: null state means the object is gone (terraform then plans a create). */
export interface ReadResult<M extends Model> {
  readonly state: M | null;
  readonly diagnostics?: readonly Diagnostic[];
}

export interface PlanRequest<M extends Model> {
  /** Null when the resource is being created. */
  readonly prior: M | null;
  /** The configuration, possibly with UNKNOWN values. */
  readonly config: M;
  /**
   * The framework's plan: config values, defaults applied, computed attributes unknown on
   * create/replace and carried from prior state where `useStateForUnknown`.
   */
  readonly proposed: M;
  /** Attributes whose change forces replacement (from `requiresReplace`). */
  readonly requiresReplace: readonly AttributePath[];
}

export interface PlanResult<M extends Model> {
  readonly planned: M;
  readonly requiresReplace?: readonly AttributePath[];
  readonly diagnostics?: readonly Diagnostic[];
}

/** One managed resource type, e.g. `pgpartition_window`. `C` is the configured provider context. */
export interface ResourceType<C, M extends Model = Model> {
  readonly typeName: string;
  readonly description: string;
  /** State schema version; bump with an `upgradeState`. */
  readonly version: number;
  readonly attributes: Attributes;
  /** Extra config checks beyond attribute validators; values may be UNKNOWN. */
  validate?(config: M): readonly Diagnostic[];
  /** Re-reads the object; drift shows up here. Never repairs anything. */
  read(ctx: C, state: M): Promise<ReadResult<M>>;
  /** Adjusts the framework's plan for create/update (not destroy). Optional. */
  plan?(ctx: C, request: PlanRequest<M>): Promise<PlanResult<M>>;
  /**
   * Called when terraform plans to destroy the resource (plan-destroy capability), so a refused
   * drop fails the plan, not the apply. Return diagnostics; errors refuse the destroy.
   */
  planDestroy?(ctx: C, prior: M): Promise<readonly Diagnostic[]>;
  create(ctx: C, planned: M): Promise<M>;
  /** In-place update of attributes that do not require replacement. */
  update?(ctx: C, prior: M, planned: M): Promise<M>;
  /** Resolves with warnings to show (e.g. the object was already gone), or nothing. */
  delete(ctx: C, prior: M): Promise<readonly Diagnostic[] | void>;
  /** `terraform import` by id; the framework then calls `read` on the result. */
  importState?(ctx: C, id: string): Promise<M>;
  /**
   * Upgrades state written by an older schema `version`, decoded with the current schema (attributes
   * it lacked are null). Called only for versions below `version`. Default: take it as decoded.
   */
  upgradeState?(version: number, state: Model): M;
}

/** One data source type, e.g. `pgpartition_partitions`. */
export interface DataSourceType<C, M extends Model = Model> {
  readonly typeName: string;
  readonly description: string;
  readonly attributes: Attributes;
  read(ctx: C, config: M): Promise<M>;
}

/** The provider: its config schema, how it configures a context, and its types. */
export interface ProviderType<C> {
  /** `pgpartition`; resource type names start with `<typeName>_`. */
  readonly typeName: string;
  readonly attributes: Attributes;
  /** Called once per process after ValidateProviderConfig; config may contain UNKNOWN. */
  configure(config: Model): Promise<C>;
  /** Called on GRPCController/Shutdown before the process exits (close pools). */
  close?(ctx: C | undefined): Promise<void>;
  readonly resources: readonly ResourceType<C, any>[];
  readonly dataSources: readonly DataSourceType<C, any>[];
}
