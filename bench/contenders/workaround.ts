/**
 * The common workaround as a contender of the window steps: one `terraform_data` resource per
 * window whose `local-exec` provisioner runs psql on that window's plain-floor SQL, and whose
 * destroy-time provisioner runs its `DROP TABLE` (see ../hcl.ts). Terraform never looks at the
 * database: no drift detection, no import.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assertOk, terraformWorkdir, type TerraformWorkdir } from '../../test/support/terraform';
import type { ContenderModule } from '../contender';
import type { BenchDatabase } from '../database';
import { plainFloor } from '../floors';
import { URL_VARIABLE, workaroundAddress, workaroundHcl, WORKAROUND_SQL_DIR } from '../hcl';
import { NAMES } from '../steps';
import { assertNoChanges, forgetState } from '../terraform';
import { TrackedWindows, windowContenders } from '../window-tool';

const workaround: ContenderModule = {
  contenders(ctx) {
    const w = ctx.workload(ctx.sizes.windows);
    let db: BenchDatabase | undefined;
    let tf: TerraformWorkdir | undefined;
    const tracked = new TrackedWindows({
      workload: w,
      windowCount: w.windows.length,
      async init() {
        db = await ctx.database('bench_workaround');
        tf = await terraformWorkdir({ 'main.tf': workaroundHcl(w.windows) }, { env: { [URL_VARIABLE]: db.url } });
        ctx.onCleanup(() => tf?.cleanup());
        mkdirSync(join(tf.dir, WORKAROUND_SQL_DIR));
        for (const win of w.windows) {
          tf.write(join(WORKAROUND_SQL_DIR, `${win.name}.create.sql`), plainFloor.createScript(w, [win]));
          tf.write(join(WORKAROUND_SQL_DIR, `${win.name}.drop.sql`), plainFloor.dropScript(w, [win]));
        }
        assertOk(await tf.init(), 'workaround: terraform init');
      },
      db: () => db!,
      async reset() {
        forgetState(tf!.dir);
        await db!.freshParent(w, { create: true });
      },
      createAll: async () => void assertOk(await tf!.apply(), 'workaround: apply (create)'),
      restoreExpired: async () => void assertOk(await tf!.apply(), 'workaround: apply (restore)'),
      dropExpired: async () => void assertOk(await tf!.destroy(...w.expired.map((x) => `-target=${workaroundAddress(x)}`)), `workaround: destroy -target (${w.expired.length})`),
      dropAll: async () => void assertOk(await tf!.destroy(), 'workaround: destroy'),
      noopPlan: async () => assertNoChanges(await tf!.planExitCode(), 'workaround: no-op plan'),
    });
    return windowContenders(tracked, NAMES.workaround,
      `one \`terraform_data\` resource per window with a \`local-exec\` provisioner running psql on that window's plain-floor SQL, and a destroy-time one running its \`DROP TABLE\`; drop expired is \`terraform destroy -target=...\` x${w.expired.length}, drop all is \`terraform destroy\`.`,
      { create: 'create', noopPlan: 'noop-plan', dropExpired: 'drop-expired', dropAll: 'drop-all' });
  },
};

export default workaround;
