/**
 * Adding one btree index to a parent table holding rows in all its windows while a writer inserts
 * through the parent every 10 ms (../add-index.ts): the provider's concurrent build against one
 * plain `CREATE INDEX` on the parent. Two steps run the same builds: "add index" samples the build's
 * wall time, "writer's worst stall" the writer's longest INSERT during it. Both contenders work on
 * one table, loaded once (untimed); each build starts without the index.
 */
import { addIndexPlain, addIndexProvider, checkBuilt, dropBenchIndex, prepareAddIndex, type AddIndexResult } from '../add-index';
import { once, type BenchContext, type BenchSizes, type Comparison, type Contender, type ContenderModule, type StepDefinition } from '../contender';
import type { BenchDatabase } from '../database';
import { NAMES } from '../steps';
import type { Workload } from '../workload';

const rows = (n: number) => n.toLocaleString('en-US');

const steps = (s: BenchSizes): StepDefinition[] => {
  const what = `one btree index (on \`balance\`) added to the parent table of ${s.windows} weekly windows x 11 leaves holding ${rows(s.addIndexRows)} rows, while a writer inserts one row through the parent every 10 ms`;
  return [
    { id: 'add-index', label: `add index to ${s.windows} windows`, unit: 'ms', repetitions: s.repetitions, description: `Wall time of ${what}, from the build's first statement until the parent's index is valid.` },
    { id: 'add-index-stall', label: `writer's worst stall, add index to ${s.windows} windows`, unit: 'ms', repetitions: s.repetitions, description: `The writer's longest INSERT (its worst stall) during ${what}; the build runs again for this step.` },
  ];
};

const comparisons = (s: BenchSizes): Comparison[] => [
  { step: 'add-index', label: `add index to ${s.windows} windows: provider / plain CREATE INDEX (build time)`, subject: NAMES.provider, versus: NAMES.plainCreateIndex },
  { step: 'add-index-stall', label: `add index to ${s.windows} windows: provider / plain CREATE INDEX (writer's worst stall)`, subject: NAMES.provider, versus: NAMES.plainCreateIndex },
];

function contenders(ctx: BenchContext): Contender[] {
  const w: Workload = ctx.workload(ctx.sizes.windows);
  let db: BenchDatabase | undefined;
  const prepared = once(async () => {
    db = await ctx.database('bench_add_index');
    ctx.progress(`add index: loading ${rows(ctx.sizes.addIndexRows)} rows into ${w.windows.length} windows (untimed)`);
    await prepareAddIndex(db, w, ctx.sizes.addIndexRows);
  });
  const make = (step: string, name: string, description: string, build: (url: string, w: Workload) => Promise<AddIndexResult>, sample: (r: AddIndexResult) => number): Contender => {
    let last: AddIndexResult | undefined;
    return {
      step,
      name,
      description,
      async setUp() {
        await prepared();
        await dropBenchIndex(db!, w);
        last = undefined;
      },
      async run() {
        last = await build(db!.url, w);
        return sample(last);
      },
      check: async () => void (await checkBuilt(db!, w, last)),
    };
  };
  const provider = 'the provider\'s index build as an apply of `pgpartition_parent_table` adding the index runs it (src/provider/internal/schema-apply.ts, one pooled connection): `CREATE INDEX ... ON ONLY` the parent and each window, `CREATE INDEX CONCURRENTLY` on each leaf, then `ALTER INDEX ... ATTACH PARTITION` from the leaves up; every step under lock_timeout 1 s with 5 retries. Terraform is left out: the step measures the build.';
  const plain = 'one `CREATE INDEX` on the parent, which PostgreSQL recurses to every partition under SHARE locks: writes wait until the last leaf is built.';
  return [
    make('add-index', NAMES.provider, provider, addIndexProvider, (r) => r.wallMs),
    make('add-index', NAMES.plainCreateIndex, plain, addIndexPlain, (r) => r.wallMs),
    make('add-index-stall', NAMES.provider, provider, addIndexProvider, (r) => r.writer.worstMs),
    make('add-index-stall', NAMES.plainCreateIndex, plain, addIndexPlain, (r) => r.writer.worstMs),
  ];
}

const addIndex: ContenderModule = { steps, comparisons, contenders };

export default addIndex;
