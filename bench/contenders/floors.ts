/**
 * The two floors as contenders of the window steps: psql scripts, one `psql -f` per run (see
 * ../floors.ts for what each sends). They plan nothing, so they run in create and the drops.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, ContenderModule } from '../contender';
import type { BenchDatabase } from '../database';
import { plainFloor, safeFloor, type Floor } from '../floors';
import { runPsqlFile } from '../psql';
import { NAMES } from '../steps';
import { TrackedWindows, windowContenders, type WindowTool } from '../window-tool';

function psqlTool(ctx: BenchContext, floor: Floor, database: string): WindowTool {
  const w = ctx.workload(ctx.sizes.windows);
  let db: BenchDatabase | undefined;
  const files = { createAll: '', restore: '', dropExpired: '', dropAll: '' };
  const run = (file: string) => runPsqlFile(db!.url, file);
  return {
    workload: w,
    windowCount: w.windows.length,
    async init() {
      db = await ctx.database(database);
      const dir = ctx.tempDir('pgpartition-bench-psql-');
      const script = (name: string, text: string) => {
        writeFileSync(join(dir, name), text);
        return join(dir, name);
      };
      files.createAll = script('create-all.sql', floor.createScript(w, w.windows));
      files.restore = script('create-expired.sql', floor.createScript(w, w.expired));
      files.dropExpired = script('drop-expired.sql', floor.dropScript(w, w.expired));
      files.dropAll = script('drop-all.sql', floor.dropScript(w, w.windows));
    },
    db: () => db!,
    reset: () => db!.freshParent(w, { create: true }),
    createAll: () => run(files.createAll),
    restoreExpired: () => run(files.restore),
    dropExpired: () => run(files.dropExpired),
    dropAll: () => run(files.dropAll),
  };
}

const STEPS = { create: 'create', dropExpired: 'drop-expired', dropAll: 'drop-all' };

const floors: ContenderModule = {
  contenders: (ctx) => [
    ...windowContenders(new TrackedWindows(psqlTool(ctx, plainFloor, 'bench_plain')), NAMES.plainFloor,
      'one psql script (`psql -X -q -v ON_ERROR_STOP=1 -f`), one transaction per window: `CREATE TABLE ... PARTITION OF ... FOR VALUES FROM/TO ... PARTITION BY LIST` and its sub-partitions; retired with `DROP TABLE`. Fastest, but both take ACCESS EXCLUSIVE on the parent.', STEPS),
    ...windowContenders(new TrackedWindows(psqlTool(ctx, safeFloor, 'bench_safe')), NAMES.safeFloor,
      'one psql script: per window, one transaction building it standalone (the core\'s `createStandaloneWindowSql`: `LIKE` the parent, sub-partitions, CHECK matching the bound, ownership comments), then one with `ATTACH PARTITION` and dropping the CHECK; retired with `DETACH PARTITION ... CONCURRENTLY`, then `DROP TABLE`. Sequential; the lock profile the provider has.', STEPS),
  ],
};

export default floors;
