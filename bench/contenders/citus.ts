/**
 * Creating and retiring the windows of a distributed parent table on a throwaway Citus cluster
 * (src/local-server/citus.ts: a coordinator and two workers, started once for the run): the provider
 * through terraform against Citus's own `create_time_partitions` / `drop_old_time_partitions`
 * (../citus.ts). Where the cluster cannot start (Citus not installed, a node not coming up), every
 * set-up of these steps fails with the reason, which the report shows; the other steps run on.
 */
import { startLocalCitus, type LocalCitus } from '../../src/local-server/citus';
import { assertOk, terraformWorkdir, type TerraformWorkdir } from '../../test/support/terraform';
import { citusPartitionCount, citusProviderHcl, CITUS_URL_VARIABLE, createDistributedParent, createTimePartitions, dropOldTimePartitions } from '../citus';
import { type BenchContext, type BenchSizes, type Comparison, type Contender, type ContenderModule, type StepDefinition } from '../contender';
import { NAMES } from '../steps';

const steps = (s: BenchSizes): StepDefinition[] => {
  const parent = `an empty distributed parent table (5 columns, primary key, 3 indexes; ${s.citusShards} shards, \`citus.shard_count\`, on 2 workers)`;
  return [
    { id: 'citus-create', label: `Citus: create ${s.windows}`, unit: 'ms', repetitions: s.repetitions, description: `From ${parent} with no windows, create ${s.windows} weekly windows (no sub-partitions).` },
    { id: 'citus-drop-all', label: `Citus: drop all ${s.windows}`, unit: 'ms', repetitions: s.repetitions, description: `From ${parent} with ${s.windows} weekly windows, retire every one (detach and drop, shards included).` },
  ];
};

const comparisons = (s: BenchSizes): Comparison[] => [
  { step: 'citus-create', label: `Citus: create ${s.windows}: provider / create_time_partitions`, subject: NAMES.provider, versus: NAMES.citusFunctions },
  { step: 'citus-drop-all', label: `Citus: drop all ${s.windows}: provider / drop_old_time_partitions`, subject: NAMES.provider, versus: NAMES.citusFunctions },
];

/** One way of creating and retiring the windows, with its own table on the cluster. */
interface CitusTool {
  /** Brings its table to `count` windows (0: the parent alone), untimed. */
  ensure(url: string, count: number): Promise<void>;
  createAll(url: string): Promise<void>;
  dropAll(url: string): Promise<void>;
}

function providerTool(ctx: BenchContext, table: string): CitusTool {
  const n = ctx.sizes.windows;
  let tf: TerraformWorkdir | undefined;
  let applied = false;
  const apply = async (url: string, count: number, what: string) => {
    if (!tf) {
      await ctx.provider();
      tf = await terraformWorkdir({ 'main.tf': citusProviderHcl(table, 0) }, { env: { [CITUS_URL_VARIABLE]: url } });
      ctx.onCleanup(() => tf?.cleanup());
      assertOk(await tf.init(), 'provider on Citus: terraform init');
    }
    tf.write('main.tf', citusProviderHcl(table, count));
    assertOk(await tf.apply(), `provider on Citus: ${what}`);
    applied = true;
  };
  return {
    async ensure(url, count) {
      if (!applied || (await citusPartitionCount(url, table)) !== count) await apply(url, count, `apply (${count} windows, untimed)`);
    },
    createAll: (url) => apply(url, n, `apply (create ${n})`),
    dropAll: (url) => apply(url, 0, `apply (drop all ${n})`),
  };
}

function functionsTool(ctx: BenchContext, table: string): CitusTool {
  const n = ctx.sizes.windows;
  return {
    async ensure(url, count) {
      const found = await citusPartitionCount(url, table);
      if (found === count && count > 0) return;
      await createDistributedParent(url, table);
      if (count > 0) await createTimePartitions(url, table, count);
    },
    createAll: (url) => createTimePartitions(url, table, n),
    dropAll: (url) => dropOldTimePartitions(url, table, n),
  };
}

function contenders(ctx: BenchContext): Contender[] {
  const n = ctx.sizes.windows;
  // started once; a failure is kept, so every set-up reports it without trying again
  let started: Promise<LocalCitus> | undefined;
  const cluster = async (): Promise<string> => {
    started ??= (async () => {
      ctx.progress('starting a Citus cluster (a coordinator and 2 workers)');
      const citus = await startLocalCitus({ settings: { 'citus.shard_count': ctx.sizes.citusShards } });
      ctx.onCleanup(() => citus.stop());
      return citus;
    })();
    try {
      return (await started).url;
    } catch (err) {
      throw new Error(`the Citus cluster could not start: ${(err as Error).message}`);
    }
  };
  const make = (tool: CitusTool, table: string, name: string, description: string): Contender[] => {
    const contender = (step: string, from: number, action: (url: string) => Promise<void>, to: number): Contender => ({
      step,
      name,
      description,
      setUp: async () => tool.ensure(await cluster(), from),
      run: async () => action(await cluster()),
      async check() {
        const found = await citusPartitionCount(await cluster(), table);
        if (found !== to) throw new Error(`${table} has ${found} windows afterwards, expected ${to}`);
      },
    });
    return [contender('citus-create', 0, tool.createAll, n), contender('citus-drop-all', n, tool.dropAll, 0)];
  };
  return [
    ...make(providerTool(ctx, 'bench_provider_balances'), 'bench_provider_balances', NAMES.provider,
      'plain HCL: `pgpartition_parent_table` with `distribution_column = "account_address"` + one `pgpartition_window_set` (retention \'1 week\', retention_mode \'drop\'), `terraform apply`; each window built standalone, distributed colocated with the parent, then attached; retired with a plain DETACH (Citus refuses CONCURRENTLY), then DROP. `terraform init` once, untimed.'),
    ...make(functionsTool(ctx, 'bench_citus_balances'), 'bench_citus_balances', NAMES.citusFunctions,
      'Citus\'s own `SELECT create_time_partitions(table, \'1 week\', end_at, start_from)` and `CALL drop_old_time_partitions(table, older_than)`, one statement on one connection each (Citus docs, "Timeseries Data"): `CREATE TABLE ... PARTITION OF` under ACCESS EXCLUSIVE on the parent, no ownership, retention guard, drift or plan.'),
  ];
}

const citus: ContenderModule = { steps, comparisons, contenders };

export default citus;
