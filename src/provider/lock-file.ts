/**
 * Terraform's dependency lock file (`.terraform.lock.hcl`) entry of the provider this package
 * installs, so a stack can carry it before terraform or cdktf first look for one.
 *
 * Why: `cdktf diff` and `cdktf deploy` run `terraform providers lock` whenever a stack's directory
 * has no lock file, or the file has no entry whose `constraints` admit the version the stack
 * requires (cdktf-cli 0.21, `checkNeedsLockfileUpdate` in @cdktf/cli-core). `providers lock` asks
 * the provider's origin registry and ignores the CLI config's `filesystem_mirror`, so it always
 * fails offline for this provider. A lock file holding the mirror's hash makes cdktf skip it, and
 * `terraform init` then verifies the mirror's package against that hash.
 *
 * The hash is Terraform's `h1:` package hash (Terraform docs, "Dependency Lock File", section
 * "Checksum verification"): the `Hash1` directory hash of Go's golang.org/x/mod/sumdb/dirhash over
 * the unpacked package directory: one line `<sha256 hex>  <relative path>\n` per file, sorted by
 * path, then SHA-256 of those lines, base64, prefixed `h1:`.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Terraform's file name for the lock file of a working directory. */
export const LOCK_FILE_NAME = '.terraform.lock.hcl';

/**
 * The lock file `pgpartition provider install` writes beside its CLI config (`terraformrc`): the
 * entry of the provider in its mirror, for stacks to copy (see src/constructs/provider-lock.ts).
 */
export const INSTALLED_LOCK_FILE_NAME = 'provider.lock.hcl';

/**
 * The `h1:` hash Terraform records for an unpacked provider package directory `dir` (every file
 * below it, subdirectories included).
 * @throws Error when `dir` cannot be read.
 */
export function packageHashV1(dir: string): string {
  const files = listFiles(dir).map((file) => relative(dir, file).split(sep).join('/')).sort();
  const summary = createHash('sha256');
  for (const name of files) {
    const digest = createHash('sha256').update(readFileSync(join(dir, name))).digest('hex');
    summary.update(`${digest}  ${name}\n`);
  }
  return `h1:${summary.digest('base64')}`;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

/** One provider's entry of a lock file. */
export interface ProviderLock {
  /** Fully qualified source address, e.g. `registry.terraform.io/pgpartition/pgpartition`. */
  readonly source: string;
  /** The exact version selected, e.g. `0.1.0`. */
  readonly version: string;
  /** The version constraint of the configuration, e.g. `0.1.0` (what cdktf compares with its stack's). */
  readonly constraints: string;
  /** Package hashes, e.g. `h1:...`. */
  readonly hashes: readonly string[];
}

/** The entry as `terraform init` writes it. */
export function providerLockBlock(lock: ProviderLock): string {
  return [
    `provider ${JSON.stringify(lock.source)} {`,
    `  version     = ${JSON.stringify(lock.version)}`,
    `  constraints = ${JSON.stringify(lock.constraints)}`,
    '  hashes = [',
    ...lock.hashes.map((h) => `    ${JSON.stringify(h)},`),
    '  ]',
    '}',
    '',
  ].join('\n');
}

/** A whole lock file holding only `lock`, with terraform's header. */
export function lockFileText(lock: ProviderLock): string {
  return `# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n\n${providerLockBlock(lock)}`;
}

/** `text` split around the `provider "<source>" {` block (terraform writes it from a column-0 header to a `}` line), or null. */
function splitAtBlock(text: string, source: string): { before: string[]; block: string[]; after: string[] } | null {
  const lines = text.split('\n');
  const first = lines.indexOf(`provider ${JSON.stringify(source)} {`);
  if (first < 0) return null;
  const close = lines.indexOf('}', first);
  const last = close < 0 ? lines.length - 1 : close;
  return { before: lines.slice(0, first), block: lines.slice(first, last + 1), after: lines.slice(last + 1) };
}

/** The entry of `source` in lock file `text`, or null when it has none (or no version). */
export function readProviderLock(text: string, source: string): ProviderLock | null {
  const parts = splitAtBlock(text, source);
  const body = parts?.block.join('\n') ?? '';
  const version = /^\s*version\s*=\s*"([^"]*)"/m.exec(body)?.[1];
  if (!version) return null;
  const constraints = /^\s*constraints\s*=\s*"([^"]*)"/m.exec(body)?.[1] ?? version;
  const hashes = [...body.matchAll(/"((?:h1|zh):[^"]+)"/g)].map((m) => m[1]);
  return { source, version, constraints, hashes };
}

/**
 * `existing` lock file text (null when there is none) with `lock.source`'s entry set to `lock`,
 * every other provider's entry kept as it is. Returns `existing` itself, unchanged, when its entry
 * already has the version, the constraints and every hash of `lock` (so an up-to-date file is not
 * rewritten).
 */
export function withProviderLock(existing: string | null, lock: ProviderLock): string {
  if (existing === null || existing.trim() === '') return lockFileText(lock);
  const parts = splitAtBlock(existing, lock.source);
  if (parts === null) return `${existing.replace(/\n*$/, '\n')}\n${providerLockBlock(lock)}`;
  const current = parts.block.join('\n');
  const upToDate = current.includes(`version     = ${JSON.stringify(lock.version)}`)
    && current.includes(`constraints = ${JSON.stringify(lock.constraints)}`)
    && lock.hashes.every((h) => current.includes(JSON.stringify(h)));
  if (upToDate) return existing;
  return [...parts.before, providerLockBlock(lock).replace(/\n$/, ''), ...parts.after].join('\n');
}
