/**
 * The example app (`app` in cdktf.json): stacks `staging`, `prod` and `distributed` (Citus), built
 * by one function from per-environment config. Run through `npm run synth`, `npm run diff -- staging`, `npm run deploy -- staging`.
 * An invalid spec (e.g. `PGPARTITION_AS_OF=next-tuesday`) prints the problem and the fix, and exits 1.
 */
import { App } from 'cdktf';
import { runApp } from '../src/constructs';
import { buildBalancesStack } from './balances-stack';
import { ENVIRONMENTS } from './environments';

runApp(() => {
  // skipValidation: otherwise cdktf runs `terraform version` once per resource during synth
  const app = new App({ skipValidation: true });
  for (const environment of ENVIRONMENTS) buildBalancesStack(app, environment);
  app.synth();
});
