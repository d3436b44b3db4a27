// Issue 8: no output of any command shows the password, for a valid URL, a wrong password, or the
// ways hands mangle URLs. A role gets a recognisable password; every stdout and stderr of
// terraform (plan, apply, show, output, state) with the provider reading the URL through
// database_url_env, the provider's log and terraform's debug log, every file left in the working
// directory, and every CLI command in COMMANDS is searched for it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { cleanEnv, runPgpartition } from '../support/example-stack';
import { startLocalPostgres, type LocalPostgres } from '../support/postgres';
import { assertOk, installOnce, TerraformWorkdir, type RunResult } from '../support/terraform';
import { parentHcl, windowHcl } from '../provider/support/fixture';

/** The password: ":", "@", "/" and "#" make hand-written URLs go wrong in every way. */
const SECRET = 'Sekr3t:p@ss/w0rd#PW';
/** Fragments searched for: any of them in an output is (part of) the password leaking. */
const FRAGMENTS = ['Sekr3t', 'w0rd#PW', encodeURIComponent('w0rd#PW')];
const VARIABLE = 'STAGING_DATABASE_URL';

/**
 * The CLI commands whose every output is searched, run in this order with STAGING_DATABASE_URL set
 * to each URL, on the example app's staging stack synthesized into `{output}` with its state in a
 * temporary directory. One line per command.
 */
const COMMANDS: readonly (readonly string[])[] = [
  ['status', '--database-url-env', VARIABLE, '--table', 'events'],
  ['plan', 'staging', '--output', '{output}'],
  ['plan-summary', 'staging', '--output', '{output}'],
  ['plan-summary', 'staging', '--output', '{output}', '--format', 'markdown'],
  ['apply', 'staging', '--output', '{output}'],
  ['deploy', 'staging', '--output', '{output}'],
];

/** The URLs, by what is wrong with them. */
function urls(port: number): Record<string, string> {
  return {
    valid: `postgres://deployer:${encodeURIComponent(SECRET)}@127.0.0.1:${port}/pgpartition`,
    'wrong password': `postgres://deployer:${encodeURIComponent(`${SECRET}x`)}@127.0.0.1:${port}/pgpartition`,
    'one slash lost (issue 8)': `postgres:/deployer:${SECRET}@127.0.0.1:${port}/pgpartition`,
    'no slashes (issue 8)': `postgres:${SECRET}@127.0.0.1/pgpartition`,
    'password not percent-encoded': `postgres://deployer:${SECRET}@127.0.0.1:${port}/pgpartition`,
  };
}

function assertNoSecret(where: string, text: string): void {
  for (const fragment of FRAGMENTS) {
    const at = text.indexOf(fragment);
    assert.equal(at, -1, `${where} shows the password: ...${text.slice(Math.max(0, at - 200), at + 200)}...`);
  }
}

const PROVIDER = `terraform {
  required_providers {
    pgpartition = { source = "pgpartition/pgpartition" }
  }
}
provider "pgpartition" {
  database_url_env = "${VARIABLE}"
}
output "parent" {
  value = pgpartition_parent_table.events.name
}
`;

describe('no output shows the password', () => {
  let pg: LocalPostgres;
  let root: string;
  let outputDir: string;
  let stackDir: string;
  let all: Record<string, string>;
  /** Terraform in the stack directory with `url` in STAGING_DATABASE_URL, logging at DEBUG into files there. */
  const terraform = async (url: string) => new TerraformWorkdir(stackDir, await installOnce(), {
    ...cleanEnv(), [VARIABLE]: url, TF_CLI_CONFIG_FILE: (await installOnce()).cliConfigFile, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0',
    TF_LOG: 'DEBUG', TF_LOG_PATH: join(stackDir, 'terraform.log'), PGPARTITION_PROVIDER_LOG: join(stackDir, 'provider.log'),
  });
  const searched = (what: string, r: RunResult) => {
    assertNoSecret(`${what} (stdout)`, r.stdout);
    assertNoSecret(`${what} (stderr)`, r.stderr);
    return r;
  };

  before(async () => {
    pg = await startLocalPostgres();
    all = urls(pg.port);
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    await admin.query(`CREATE ROLE deployer LOGIN PASSWORD '${SECRET}'; ALTER SCHEMA public OWNER TO deployer`);
    await admin.end();
    root = mkdtempSync(join(tmpdir(), 'pgpartition-secrets-'));
    outputDir = join(root, 'cdktf.out');
    stackDir = join(outputDir, 'stacks', 'staging');
    mkdirSync(stackDir, { recursive: true });
  });
  after(async () => {
    await pg?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('terraform init, plan, apply, show, output and state with a valid URL', async () => {
    const tf = await terraform(all.valid);
    tf.write('main.tf', PROVIDER + parentHcl('events') + windowHcl('events', '2020-01-06', { retention: '1 week', mode: 'drop' }));
    searched('init', assertOk(await tf.init()));
    searched('plan -out', assertOk(await tf.plan('-out=tfplan')));
    searched('show -json tfplan', assertOk(await tf.run('show', '-json', 'tfplan')));
    searched('apply tfplan', assertOk(await tf.run('apply', '-input=false', '-no-color', 'tfplan')));
    searched('show -json', assertOk(await tf.run('show', '-json')));
    searched('output', assertOk(await tf.run('output', '-json')));
    searched('state pull', assertOk(await tf.run('state', 'pull')));
    // the saved plan plan-summary reads: the expired window is dropped
    tf.write('main.tf', PROVIDER + parentHcl('events'));
    searched('plan -out=plan', assertOk(await tf.plan('-out=plan')));
  });

  it('fails terraform plan and apply with a wrong password or a malformed URL, naming the target or the variable only', async () => {
    for (const [kind, url] of Object.entries(all).filter(([k]) => k !== 'valid')) {
      const tf = await terraform(url);
      for (const command of ['plan', 'apply'] as const) {
        const r = searched(`${command} with a URL with ${kind}`, await (command === 'plan' ? tf.plan() : tf.apply()));
        assert.notEqual(r.code, 0, `${command} with ${kind} succeeded`);
        const text = r.stderr.replace(/\s+/g, ' ');
        assert.match(text, kind === 'wrong password' ? new RegExp(`deployer@127\\.0\\.0\\.1:${pg.port}/pgpartition failed: .*password authentication failed`) : /STAGING_DATABASE_URL: not a valid connection URL/, `${command} with ${kind}`);
      }
    }
  });

  it('CLI commands print no password for any URL', () => {
    const cliOutput = join(root, 'cli.out');
    for (const [kind, url] of Object.entries(all)) {
      for (const command of COMMANDS) {
        const args = command.map((a) => a.replace('{output}', cliOutput));
        const r = runPgpartition(args, { ...cleanEnv(), [VARIABLE]: url, PGPARTITION_STATE_DIR: join(root, 'state') });
        const what = `pgpartition ${args.join(' ')} with a URL with ${kind}`;
        assertNoSecret(`${what} (stdout)`, r.stdout);
        assertNoSecret(`${what} (stderr)`, r.stderr);
        // status exits 1 for findings (a report on stdout), plan-summary 2 for changes
        const fine = r.status === 0 || (command[0] === 'plan-summary' && r.status === 2) || (command[0] === 'status' && r.status === 1 && r.stdout !== '');
        if (kind === 'valid') assert.ok(fine, `${what} exited ${r.status}:\n${r.stderr}`);
        else assert.match((r.stdout + r.stderr).replace(/\s+/g, ' '), kind === 'wrong password' ? /password authentication failed|failed when it was made; it cannot be applied/ : /STAGING_DATABASE_URL: not a valid connection URL/, what);
      }
    }
  });

  it('no file in the working directory holds the password (state, plans, lock file, terraform and provider logs)', () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((e) => {
      const p = join(dir, e);
      return statSync(p).isDirectory() ? files(p) : [p];
    });
    const found = files(root);
    for (const name of ['terraform.tfstate', 'tfplan', 'plan', 'terraform.log']) { // provider.log too, when the provider logged anything
      assert.ok(found.includes(join(stackDir, name)), `${name} was not written; found ${found.join(', ')}`);
    }
    for (const file of found) assertNoSecret(file, readFileSync(file, 'latin1'));
  });
});
