/**
 * The pgpartition provider as a contender of the window steps: plain HCL, `pgpartition_parent_table`
 * plus one `pgpartition_window_set` holding every window, as the constructs emit (../hcl.ts);
 * windows are dropped by removing them from the set's map and applying. Beside it, in the 52-window
 * steps, the same windows as one `pgpartition_window` each ("provider (per-window resources)"), to
 * show what the window set changes, and the window set with one provider process per terraform
 * command handed over through `TF_REATTACH_PROVIDERS` ("provider (one process per command)"), as
 * `pgpartition plan|apply|deploy` run it, to show what plain terraform's provider starts cost.
 * Also: the provider with the parent table alone in the no-op plan (terraform's and the provider's
 * fixed cost per command), and the window set at two sizes in the scale steps. Terraform runs with its default -parallelism (10).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { WindowPlan } from '../../src/core';
import { withProviderProcess } from '../../src/cli/provider-process';
import { assertOk, terraformWorkdir, TerraformWorkdir } from '../../test/support/terraform';
import type { BenchContext, ContenderModule } from '../contender';
import type { BenchDatabase } from '../database';
import { providerHcl, URL_VARIABLE, type WindowShape } from '../hcl';
import { NAMES } from '../steps';
import { assertNoChanges, forgetState } from '../terraform';
import { TrackedWindows, windowContenders, type WindowTool } from '../window-tool';
import type { Workload } from '../workload';

interface ProviderTool extends WindowTool {
  /** The working directory, after init. */
  workdir(): TerraformWorkdir;
  /** Whether init ran (some step used this tool). */
  initialised(): boolean;
}

/**
 * How terraform gets the provider: it starts the provider itself (3-4 processes per command, as
 * plain terraform and cdktf do), or each command gets one provider process started for it and
 * handed over through `TF_REATTACH_PROVIDERS`, as `pgpartition plan|apply|deploy` do
 * (src/cli/provider-process.ts); the start and the stop are part of the command's time.
 */
type ProviderProcesses = 'terraform' | 'one per command';

/** Runs `command` in `tf`, with the provider process(es) `processes` says. */
async function withProviders<T>(tf: TerraformWorkdir, processes: ProviderProcesses, command: (tf: TerraformWorkdir) => Promise<T>): Promise<T> {
  if (processes === 'terraform') return command(tf);
  return withProviderProcess(tf.installation.executable, tf.env, (p) => command(tf.withEnv({ TF_REATTACH_PROVIDERS: p.reattach })));
}

/**
 * The provider managing `windows` of `w` (null: the parent table alone), declared in `shape`, in
 * database `database`, with the provider processes `processes` says for every plan and apply.
 */
function providerTool(ctx: BenchContext, w: Workload, windows: readonly WindowPlan[] | null, shape: WindowShape, database: string, processes: ProviderProcesses = 'terraform'): ProviderTool {
  const all = providerHcl(w, windows, shape);
  const parentOnly = providerHcl(w, null, shape);
  const kept = providerHcl(w, windows && windows.filter((x) => !w.expired.includes(x)), shape);
  const none = providerHcl(w, windows && [], shape);
  let db: BenchDatabase | undefined;
  let tf: TerraformWorkdir | undefined;
  const applyWith = async (hcl: string, what: string) => {
    tf!.write('main.tf', hcl);
    assertOk(await withProviders(tf!, processes, (t) => t.apply()), `provider: ${what}`);
  };
  return {
    workload: w,
    windowCount: windows?.length ?? 0,
    async init() {
      await ctx.provider(); // the same build the handshake step starts
      db = await ctx.database(database);
      tf = await terraformWorkdir({ 'main.tf': parentOnly }, { env: { [URL_VARIABLE]: db.url } });
      ctx.onCleanup(() => tf?.cleanup());
      assertOk(await tf.init(), 'provider: terraform init');
    },
    db: () => db!,
    workdir: () => tf!,
    initialised: () => tf !== undefined,
    async reset() {
      forgetState(tf!.dir);
      await db!.freshParent(w, { create: false });
      await applyWith(parentOnly, 'apply (parent table)');
    },
    createAll: () => applyWith(all, 'apply (create)'),
    restoreExpired: () => applyWith(all, 'apply (restore)'),
    dropExpired: () => applyWith(kept, `apply (drop ${w.expired.length} expired)`),
    dropAll: () => applyWith(none, 'apply (drop all)'),
    noopPlan: async () => assertNoChanges(await withProviders(tf!, processes, (t) => t.planExitCode()), 'provider: no-op plan'),
  };
}

const PLUGIN_STARTED = /plugin started: path=\S*terraform-provider-pgpartition/g;

/**
 * How many provider processes terraform starts for one apply creating every window and one no-op
 * plan: `plugin started` lines of terraform's debug log. Untimed (logging slows terraform).
 */
async function providerStarts(tool: ProviderTool, tracked: TrackedWindows): Promise<{ apply: number; plan: number }> {
  await tracked.ensure('empty');
  tracked.begin();
  const tf = tool.workdir();
  const logFile = join(tf.dir, 'terraform-debug.log');
  const logged = tf.withEnv({ TF_LOG: 'debug', TF_LOG_PATH: logFile });
  const starts = () => {
    try {
      return readFileSync(logFile, 'utf8').match(PLUGIN_STARTED)?.length ?? 0;
    } catch {
      return 0;
    }
  };
  tf.write('main.tf', providerHcl(tool.workload, tool.workload.windows, 'window set'));
  assertOk(await logged.apply(), 'provider: apply with TF_LOG=debug');
  const apply = starts();
  assertNoChanges(await logged.planExitCode(), 'provider: no-op plan with TF_LOG=debug');
  const plan = starts() - apply;
  await tracked.expect('all');
  return { apply, plan };
}

let main: { tool: ProviderTool; tracked: TrackedWindows } | undefined;

const provider: ContenderModule = {
  contenders(ctx) {
    const { windows, scaleWindows } = ctx.sizes;
    const w = ctx.workload(windows);
    const tool = providerTool(ctx, w, w.windows, 'window set', 'bench_provider');
    const tracked = new TrackedWindows(tool);
    main = { tool, tracked };
    const reattached = new TrackedWindows(providerTool(ctx, w, w.windows, 'window set', 'bench_provider_reattached', 'one per command'));
    const perWindow = new TrackedWindows(providerTool(ctx, w, w.windows, 'per-window resources', 'bench_provider_per_window'));
    const parentOnly = new TrackedWindows(providerTool(ctx, w, null, 'window set', 'bench_provider_parent_only'));
    const big = ctx.workload(scaleWindows);
    const scaled = new TrackedWindows(providerTool(ctx, big, big.windows, 'window set', 'bench_provider_scale'));
    const common = '(retention \'1 week\', retention_mode \'drop\'); `terraform init` once, untimed; the parent table applied untimed before a create;';
    const describe = (n: number) => `plain HCL: \`pgpartition_parent_table\` + one \`pgpartition_window_set\` whose \`windows\` map holds the ${n} windows, as the constructs emit ${common} windows dropped by removing them from the map and applying (drop all leaves the set with an empty map).`;
    const describePerWindow = `plain HCL: \`pgpartition_parent_table\` + ${windows} \`pgpartition_window\` resources, one per window ${common} windows dropped by removing their resources and applying.`;
    const steps = { create: 'create', noopPlan: 'noop-plan', dropExpired: 'drop-expired', dropAll: 'drop-all' };
    return [
      ...windowContenders(tracked, NAMES.provider, describe(windows), steps),
      ...windowContenders(reattached, NAMES.providerReattached, `${describe(windows)} Every plan and apply gets one provider process, started for it and handed to terraform through \`TF_REATTACH_PROVIDERS\` as \`pgpartition plan|apply|deploy\` do (src/cli/provider-process.ts), stopped after it; the start and the stop are timed.`, steps),
      ...windowContenders(perWindow, NAMES.providerPerWindow, describePerWindow, steps),
      ...windowContenders(parentOnly, NAMES.providerParentOnly, 'the provider\'s no-op plan with the parent table alone in the configuration and the state: terraform\'s and the provider\'s fixed cost per command.', { noopPlan: 'noop-plan' }),
      ...windowContenders(tracked, NAMES.providerAt(windows), describe(windows), { create: 'create-scale', noopPlan: 'noop-plan-scale' }),
      ...windowContenders(scaled, NAMES.providerAt(scaleWindows), describe(scaleWindows), { create: 'create-scale', noopPlan: 'noop-plan-scale' }),
    ];
  },
  async diagnostics(ctx) {
    if (!main?.tool.initialised()) return []; // no step of the provider ran
    const installation = await ctx.provider();
    const starts = await providerStarts(main.tool, main.tracked);
    return [
      `Provider start-up bundle: ${(statSync(installation.bundle).size / 1024).toFixed(0)} KiB (read and deserialised at every start).`,
      `Provider processes terraform starts per command (its debug log's \`plugin started\` lines): ${starts.apply} for an apply creating ${ctx.sizes.windows} windows, ${starts.plan} for a no-op plan.`,
    ];
  },
};

export default provider;
