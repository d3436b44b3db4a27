import { readFileSync } from 'node:fs';
import { terraformWorkdir } from '../test/support/terraform';
(async () => {
  const tf = await terraformWorkdir({ 'main.tf': readFileSync('examples/hcl/main.tf', 'utf8') });
  console.log((await tf.init()).code);
  const r = await tf.run('validate');
  console.log(r.code, r.stdout, r.stderr);
  await tf.cleanup();
})();
