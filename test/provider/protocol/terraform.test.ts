// The protocol layer end to end: the real terraform 1.11 drives the bundled echo provider
// (test/fixtures/echo-provider) through init, plan, apply, drift, import and destroy.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { assertOk, terraformWorkdir, type TerraformWorkdir } from '../../support/terraform';

const ECHO_ENTRY = 'test/fixtures/echo-provider/main.ts';

function hcl(storeDir: string, resources: string): string {
  return `
terraform {
  required_providers {
    pgpartition = { source = "pgpartition/pgpartition" }
  }
}
provider "pgpartition" {
  store_dir = "${storeDir}"
  token     = "s3cret"
}
${resources}
`;
}

describe('echo provider under terraform', () => {
  let tf: TerraformWorkdir;
  let store: string;
  const write = (resources: string) => tf.write('main.tf', hcl(store, resources));

  before(async () => {
    tf = await terraformWorkdir({}, { entry: ECHO_ENTRY });
    store = join(tf.dir, 'store');
    write(`
resource "pgpartition_echo" "a" {
  name = "alpha"
}
data "pgpartition_echo_list" "all" {
  depends_on = [pgpartition_echo.a]
}
output "names" { value = data.pgpartition_echo_list.all.names }
`);
  });

  after(async () => {
    await tf.cleanup();
  });

  it('init installs from the mirror and records an h1 hash in the lock file', async () => {
    assertOk(await tf.init());
    const lock = readFileSync(join(tf.dir, '.terraform.lock.hcl'), 'utf8');
    assert.match(lock, /provider "registry\.terraform\.io\/pgpartition\/pgpartition"[\s\S]*version = "0\.1\.0"[\s\S]*"h1:[A-Za-z0-9+/=]+"/);
  });

  it('plan shows the create with the default and an unknown id', async () => {
    const plan = assertOk(await tf.plan());
    assert.match(plan.stdout, /\+ resource "pgpartition_echo" "a"/);
    assert.match(plan.stdout, /\+ mode = "drop"/);
    assert.match(plan.stdout, /\+ id\s+= \(known after apply\)/);
  });

  it('apply creates it, and the data source reads nested values', async () => {
    const apply = assertOk(await tf.apply());
    assert.match(apply.stdout, /Creation complete after \S+ \[id=echo-alpha\]/);
    assert.ok(existsSync(join(store, 'alpha.json')));
    const state = await tf.showJson();
    assert.deepEqual(state.values.outputs.names.value, ['alpha']);
    const data = state.values.root_module.resources.find((r: any) => r.type === 'pgpartition_echo_list');
    assert.deepEqual(data.values.objects, [{ name: 'alpha', mode: 'drop' }]);
  });

  it('a second plan is empty (-detailed-exitcode 0)', async () => {
    const plan = await tf.planExitCode();
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
  });

  it('updates in place keeping the id, and replaces on a requiresReplace attribute', async () => {
    write(`
resource "pgpartition_echo" "a" {
  name = "alpha"
  note = "hello"
}
`);
    const update = assertOk(await tf.plan());
    assert.match(update.stdout, /~ update in-place/);
    assert.doesNotMatch(update.stdout, /known after apply/); // useStateForUnknown keeps the id
    write(`
resource "pgpartition_echo" "a" {
  name = "beta"
}
`);
    const replace = assertOk(await tf.plan());
    assert.match(replace.stdout, /~ name = "alpha" -> "beta" # forces replacement/);
    assertOk(await tf.apply());
    assert.deepEqual([existsSync(join(store, 'alpha.json')), existsSync(join(store, 'beta.json'))], [false, true]);
  });

  it('an object removed behind terraform\'s back shows up as a create (drift)', async () => {
    rmSync(join(store, 'beta.json'));
    const plan = await tf.planExitCode();
    assert.equal(plan.code, 2, plan.stderr);
    assert.match(plan.stdout, /# pgpartition_echo\.a will be created/);
    assertOk(await tf.apply());
  });

  it('fails validation with the attribute named', async () => {
    write(`
resource "pgpartition_echo" "a" {
  name = "Not Valid"
}
`);
    const plan = await tf.plan();
    assert.equal(plan.code, 1);
    assert.match(plan.stderr, /Invalid value for "name"[\s\S]*must match/);
    write(`
resource "pgpartition_echo" "a" {
  name = "beta"
}
`);
  });

  it('imports an existing object by id', async () => {
    write(`
resource "pgpartition_echo" "a" {
  name = "beta"
}
resource "pgpartition_echo" "b" {
  name = "beta"
  mode = "keep"
}
`);
    assertOk(await tf.run('state rm', 'pgpartition_echo.a'));
    assertOk(await tf.import('pgpartition_echo.a', 'beta'));
    const plan = await tf.plan('-detailed-exitcode', '-target=pgpartition_echo.a');
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    const missing = await tf.import('pgpartition_echo.b', 'nothing_here');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no echo named "nothing_here"; the import id is the name/);
  });

  it('refuses at plan time a destroy that planDestroy rejects', async () => {
    write(`
resource "pgpartition_echo" "k" {
  name = "kept"
  mode = "keep"
}
`);
    assertOk(await tf.apply()); // creates kept, destroys a
    const destroy = await tf.destroy();
    assert.equal(destroy.code, 1);
    assert.match(destroy.stderr, /Destroy refused[\s\S]*kept has mode "keep"; set mode = "drop" first/);
    assert.doesNotMatch(destroy.stdout, /Destroying\.\.\./);
    assert.ok(existsSync(join(store, 'kept.json')));
  });

  it('destroys when allowed, leaving nothing behind', async () => {
    write(`
resource "pgpartition_echo" "k" {
  name = "kept"
  mode = "drop"
}
`);
    assertOk(await tf.apply());
    assertOk(await tf.destroy());
    assert.equal(existsSync(join(store, 'kept.json')), false);
    const logFile = join(tf.dir, 'provider.log');
    const written = (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '') + readFileSync(join(tf.dir, 'terraform.tfstate'), 'utf8');
    assert.doesNotMatch(written, /s3cret/); // the sensitive provider attribute stays out of logs and state
  });
});
