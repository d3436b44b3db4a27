/**
 * Plain `cdktf diff` / `cdktf deploy` offline: every stack that declares the pgpartition provider
 * gets the provider's lock file entry written into its synthesized directory
 * (`cdktf.out/stacks/<stack>/.terraform.lock.hcl`), from the lock file `pgpartition provider install`
 * wrote beside the CLI config that `TF_CLI_CONFIG_FILE` names. With that entry in place cdktf skips
 * `terraform providers lock` (which would ask the registry and fail offline), and `terraform init`
 * installs the provider from the mirror, verified against the mirror's hash. See
 * src/provider/lock-file.ts for why.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Annotations, TerraformStack, type ISynthesisSession } from 'cdktf';
import type { IConstruct } from 'constructs';
import { PROVIDER_SOURCE } from '../provider/install';
import { INSTALLED_LOCK_FILE_NAME, LOCK_FILE_NAME, readProviderLock, withProviderLock, type ProviderLock } from '../provider/lock-file';

/** The one setup command for a shell (or CI job) that runs cdktf or terraform with this provider. */
export const PROVIDER_SETUP_COMMAND = 'eval "$(npx pgpartition provider install)"';

const locked = new WeakSet<TerraformStack>();

/**
 * The provider's lock entry the installation named by `TF_CLI_CONFIG_FILE` wrote, or the reason
 * there is none (a sentence naming the variable or the file).
 */
export function installedProviderLock(env: NodeJS.ProcessEnv = process.env): ProviderLock | string {
  const config = env.TF_CLI_CONFIG_FILE;
  if (!config) return 'TF_CLI_CONFIG_FILE is not set';
  const file = path.join(path.dirname(path.resolve(config)), INSTALLED_LOCK_FILE_NAME);
  if (!existsSync(file)) return `TF_CLI_CONFIG_FILE=${config} has no ${INSTALLED_LOCK_FILE_NAME} beside it`;
  return readProviderLock(readFileSync(file, 'utf8'), PROVIDER_SOURCE) ?? `${file} has no entry for ${PROVIDER_SOURCE}`;
}

/**
 * Makes the synthesis of `scope`'s stack also write the provider's lock entry into the stack's
 * directory (merged into a lock file already there: other providers' entries stay, a stale entry of
 * this provider is replaced). Idempotent per stack. When no installed lock is found (the shell was
 * not set up), the stack gets a warning annotation naming {@link PROVIDER_SETUP_COMMAND}: the cdktf
 * CLI prints it before terraform's own error about the missing provider.
 */
export function lockProviderAtSynth(scope: IConstruct, env: NodeJS.ProcessEnv = process.env): void {
  const stack = TerraformStack.of(scope);
  if (locked.has(stack)) return;
  locked.add(stack);
  const lock = installedProviderLock(env);
  if (typeof lock === 'string') {
    Annotations.of(stack).addWarning(
      `pgpartition: ${lock}, so terraform cannot find ${PROVIDER_SOURCE} offline and cdktf's \`terraform providers lock\` will fail. ` +
      `Set up this shell first: ${PROVIDER_SETUP_COMMAND}`,
    );
    return;
  }
  const inner = stack.synthesizer;
  stack.synthesizer = {
    synthesize(session: ISynthesisSession) {
      inner.synthesize(session);
      const file = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory, LOCK_FILE_NAME);
      const existing = existsSync(file) ? readFileSync(file, 'utf8') : null;
      const text = withProviderLock(existing, lock);
      if (text !== existing) writeFileSync(file, text);
    },
  };
}
