/**
 * The generic tfplugin6 server: answers each `tfplugin6.Provider` RPC by calling a
 * {@link ProviderType}'s hooks, converting values with ./codec.ts and errors to diagnostics.
 *
 * Every RPC resolves (never a gRPC error): a hook that throws becomes error diagnostics in the
 * response, which terraform shows with the resource address. Private state (`private` bytes) is
 * passed through untouched: no hook uses it.
 */
import { findUnknown, planChange } from '../framework/plan';
import {
  DiagnosticError,
  type Attributes,
  type DataSourceType,
  type Diagnostic,
  type Model,
  type ProviderType,
  type ResourceType,
} from '../framework/types';
import { validateAttributes } from '../framework/validate';
import { decodeDynamicValue, decodeJson, encodeMsgpack, objectType } from './codec';
import { errorDiagnostics, toAttributePath, toProtoDiagnostic } from './diagnostics';
import { checkProviderType, toSchema } from './schema';
import type { Message } from './services';

/** One RPC: decoded request in, response object out. */
export type Handler = (request: Message) => Promise<Message>;

const CAPABILITIES = {
  plan_destroy: true, // so planDestroy can refuse a drop at plan time (docs/architecture.md, safety rule 1)
  get_provider_schema_optional: true,
};

export interface ProviderServerHandle {
  /** Handlers for every implemented `tfplugin6.Provider` method, keyed by method name. */
  readonly handlers: Record<string, Handler>;
  /** Calls the provider's `close` with its context (undefined if never configured). Never throws. */
  close(): Promise<void>;
}

/** Checks the provider definition (throws naming the fix, see ./schema.ts) and wraps it. */
export function createProviderServer<C>(provider: ProviderType<C>): ProviderServerHandle {
  checkProviderType(provider as ProviderType<unknown>);
  const server = new ProviderServer(provider);
  return { handlers: server.handlers(), close: () => server.close() };
}

class ProviderServer<C> {
  private context: Promise<C> | undefined;
  private readonly resources: Map<string, ResourceType<C, Model>>;
  private readonly dataSources: Map<string, DataSourceType<C, Model>>;

  constructor(private readonly provider: ProviderType<C>) {
    this.resources = new Map(provider.resources.map((r) => [r.typeName, r]));
    this.dataSources = new Map(provider.dataSources.map((d) => [d.typeName, d]));
  }

  async close(): Promise<void> {
    const ctx = await this.context?.catch(() => undefined);
    await this.provider.close?.(ctx);
  }

  handlers(): Record<string, Handler> {
    const rpc = (summary: string, fn: Handler): Handler => async (request) => {
      try {
        return await fn(request);
      } catch (err) {
        const what = request.type_name ? `${summary} (${request.type_name})` : summary;
        return { diagnostics: errorDiagnostics(err, what).map(toProtoDiagnostic) };
      }
    };
    return {
      GetMetadata: rpc('Metadata failed', async () => this.getMetadata()),
      GetProviderSchema: rpc('Schema failed', async () => this.getProviderSchema()),
      GetFunctions: rpc('Functions failed', async () => ({ functions: {} })),
      StopProvider: async () => ({ Error: '' }),
      ValidateProviderConfig: rpc('Invalid provider configuration', async (r) => this.validateProviderConfig(r)),
      ConfigureProvider: rpc('Provider configuration failed', async (r) => this.configureProvider(r)),
      ValidateResourceConfig: rpc('Invalid resource configuration', async (r) => this.validateResourceConfig(r)),
      ValidateDataResourceConfig: rpc('Invalid data source configuration', async (r) => this.validateDataResourceConfig(r)),
      UpgradeResourceState: rpc('State upgrade failed', async (r) => this.upgradeResourceState(r)),
      ReadResource: rpc('Read failed', async (r) => this.readResource(r)),
      PlanResourceChange: rpc('Plan failed', async (r) => this.planResourceChange(r)),
      ApplyResourceChange: rpc('Apply failed', async (r) => this.applyResourceChange(r)),
      ImportResourceState: rpc('Import failed', async (r) => this.importResourceState(r)),
      ReadDataSource: rpc('Data source read failed', async (r) => this.readDataSource(r)),
    };
  }

  private getMetadata(): Message {
    return {
      server_capabilities: CAPABILITIES,
      resources: [...this.resources.keys()].map((type_name) => ({ type_name })),
      data_sources: [...this.dataSources.keys()].map((type_name) => ({ type_name })),
    };
  }

  private getProviderSchema(): Message {
    const p = this.provider;
    return {
      provider: toSchema(p.attributes, 0, ''),
      resource_schemas: Object.fromEntries(
        p.resources.map((r) => [r.typeName, toSchema(r.attributes, r.version, r.description)]),
      ),
      data_source_schemas: Object.fromEntries(
        p.dataSources.map((d) => [d.typeName, toSchema(d.attributes, 0, d.description)]),
      ),
      server_capabilities: CAPABILITIES,
    };
  }

  private validateProviderConfig(r: Message): Message {
    const config = decodeModel(r.config, this.provider.attributes)!;
    return diagnosticsOnly(validateAttributes(this.provider.attributes, config));
  }

  /**
   * Configures a fresh context for every ConfigureProvider: terraform starts one process per
   * provider configuration and configures it once, but a provider started once per command and
   * handed to several terraform commands (TF_REATTACH_PROVIDERS) is configured by each of them, and
   * nothing a context caches (the pool, catalog reads) may outlive the command that configured it.
   * The previous context is closed first.
   */
  private async configureProvider(r: Message): Promise<Message> {
    const previous = this.context;
    const attempt = (async () => {
      await this.provider.close?.(await previous?.catch(() => undefined));
      return this.provider.configure(decodeModel(r.config, this.provider.attributes)!);
    })();
    this.context = attempt;
    attempt.catch(() => {
      if (this.context === attempt) this.context = undefined;
    });
    await attempt;
    return {};
  }

  private validateResourceConfig(r: Message): Message {
    const type = this.resource(r.type_name);
    const config = decodeModel(r.config, type.attributes)!;
    return diagnosticsOnly([...validateAttributes(type.attributes, config), ...(type.validate?.(config) ?? [])]);
  }

  private validateDataResourceConfig(r: Message): Message {
    const type = this.dataSource(r.type_name);
    return diagnosticsOnly(validateAttributes(type.attributes, decodeModel(r.config, type.attributes)!));
  }

  /**
   * Raw state arrives as JSON (the state file's form) and leaves as msgpack. It is decoded with the
   * current schema (attributes it lacks are null, attributes since removed are dropped), then, when
   * written by an older schema version, given to the type's `upgradeState`.
   */
  private upgradeResourceState(r: Message): Message {
    const type = this.resource(r.type_name);
    const json: Buffer | undefined = r.raw_state?.json;
    if (!json || json.length === 0) {
      throw new Error('the state is in the legacy flatmap format, which this provider never wrote; remove the resource from state and import it');
    }
    const decoded = decodeJson(json, objectType(type.attributes)) as Model;
    const version = Number(r.version ?? 0);
    const upgraded = type.upgradeState && version < type.version ? type.upgradeState(version, decoded) : decoded;
    return { upgraded_state: encodeModel(upgraded, type.attributes) };
  }

  private async readResource(r: Message): Promise<Message> {
    const type = this.resource(r.type_name);
    const state = decodeModel(r.current_state, type.attributes);
    if (state === null) return { new_state: encodeModel(null, type.attributes), private: r.private };
    const result = await type.read(await this.ctx(), state);
    if (result.state) requireKnown(result.state, `${type.typeName} read`);
    return {
      new_state: encodeModel(result.state, type.attributes),
      private: r.private,
      diagnostics: (result.diagnostics ?? []).map(toProtoDiagnostic),
    };
  }

  private async planResourceChange(r: Message): Promise<Message> {
    const type = this.resource(r.type_name);
    const prior = decodeModel(r.prior_state, type.attributes);
    const config = decodeModel(r.config, type.attributes);
    const proposedByTerraform = decodeModel(r.proposed_new_state, type.attributes);
    if (proposedByTerraform === null || config === null) {
      // destroy: reaches us only because of the plan_destroy capability
      const diagnostics = prior && type.planDestroy ? await type.planDestroy(await this.ctx(), prior) : [];
      return { planned_state: encodeModel(null, type.attributes), planned_private: r.prior_private, ...diagnosticsOnly(diagnostics) };
    }
    const framework = planChange(type.attributes, prior, config, type.update !== undefined);
    const result = type.plan
      ? await type.plan(await this.ctx(), { prior, config, proposed: framework.proposed, requiresReplace: framework.requiresReplace })
      : { planned: framework.proposed, requiresReplace: framework.requiresReplace };
    return {
      planned_state: encodeModel(result.planned, type.attributes),
      requires_replace: (result.requiresReplace ?? framework.requiresReplace).map(toAttributePath),
      planned_private: r.prior_private,
      ...diagnosticsOnly(result.diagnostics ?? []),
    };
  }

  /**
   * Applies a create, update or delete. A hook that throws fails the RPC with its diagnostics and
   * the state that exists now: the error's own `state` when it gives one, else nothing for a failed
   * create (so terraform saves no tainted object; a re-run adopts what was built) and the prior state
   * for a failed update or delete (the object is still there, so terraform keeps it in state).
   */
  private async applyResourceChange(r: Message): Promise<Message> {
    const type = this.resource(r.type_name);
    const prior = decodeModel(r.prior_state, type.attributes);
    const planned = decodeModel(r.planned_state, type.attributes);
    const ctx = await this.ctx();
    let state: Model | null;
    let diagnostics: readonly Diagnostic[] = [];
    try {
      if (planned === null) {
        if (prior !== null) diagnostics = (await type.delete(ctx, prior)) ?? [];
        state = null;
      } else if (prior === null) {
        state = await type.create(ctx, planned);
      } else if (type.update) {
        state = await type.update(ctx, prior, planned);
      } else {
        throw new Error(`${type.typeName} has no update, yet an in-place update was planned; this is a provider bug`);
      }
    } catch (err) {
      const kept = err instanceof DiagnosticError && err.state !== undefined ? err.state : prior;
      return {
        new_state: encodeModel(kept, type.attributes),
        private: r.planned_private,
        diagnostics: errorDiagnostics(err, `Apply failed (${type.typeName})`).map(toProtoDiagnostic),
      };
    }
    if (state) requireKnown(state, `${type.typeName} apply`);
    return { new_state: encodeModel(state, type.attributes), private: r.planned_private, ...diagnosticsOnly(diagnostics) };
  }

  /** Terraform reads the imported object right after (ReadResource), so a missing one fails there. */
  private async importResourceState(r: Message): Promise<Message> {
    const type = this.resource(r.type_name);
    if (!type.importState) {
      throw new DiagnosticError({
        severity: 'error',
        summary: `${type.typeName} cannot be imported`,
        detail: `Declare the resource in configuration and let terraform create it.`,
      });
    }
    const state = await type.importState(await this.ctx(), r.id);
    return { imported_resources: [{ type_name: type.typeName, state: encodeModel(state, type.attributes) }] };
  }

  private async readDataSource(r: Message): Promise<Message> {
    const type = this.dataSource(r.type_name);
    const state = await type.read(await this.ctx(), decodeModel(r.config, type.attributes)!);
    requireKnown(state, `${type.typeName} read`);
    return { state: encodeModel(state, type.attributes) };
  }

  private async ctx(): Promise<C> {
    if (this.context === undefined) {
      throw new Error('the provider is not configured: terraform calls ConfigureProvider first, so a failed configure comes before this');
    }
    return this.context;
  }

  private resource(name: string): ResourceType<C, Model> {
    const type = this.resources.get(name);
    if (!type) throw new Error(`unknown resource type "${name}"; this provider has ${[...this.resources.keys()].join(', ')}`);
    return type;
  }

  private dataSource(name: string): DataSourceType<C, Model> {
    const type = this.dataSources.get(name);
    if (!type) throw new Error(`unknown data source "${name}"; this provider has ${[...this.dataSources.keys()].join(', ')}`);
    return type;
  }
}

function decodeModel(dv: Message | undefined, attributes: Attributes): Model | null {
  return decodeDynamicValue(dv, objectType(attributes)) as Model | null;
}

function encodeModel(model: Model | null, attributes: Attributes): Message {
  return { msgpack: encodeMsgpack(model, objectType(attributes)) };
}

function diagnosticsOnly(diagnostics: readonly Diagnostic[]): Message {
  return { diagnostics: diagnostics.map(toProtoDiagnostic) };
}

/** A state handed to terraform must be wholly known; name the attribute a hook forgot to set. */
function requireKnown(model: Model, where: string): void {
  const path = findUnknown(model);
  if (path) {
    throw new DiagnosticError({
      severity: 'error',
      summary: 'Provider left a value unknown',
      detail: `${where} returned an unknown value at ${path.join('.')}; every computed attribute must be set. This is a provider bug.`,
      attribute: path,
    });
  }
}
