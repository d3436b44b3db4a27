/**
 * Installs the provider where terraform finds it offline: a bundled executable in an unpacked
 * filesystem mirror, and a CLI configuration that points terraform at that mirror for
 * `registry.terraform.io/pgpartition/pgpartition` (DESIGN.md, "Protocol facts": discovery).
 *
 * Layout under `dir`:
 * ```
 * terraformrc
 * mirror/registry.terraform.io/pgpartition/pgpartition/<version>/<os>_<arch>/
 *   terraform-provider-pgpartition_v<version>       #!/bin/sh, execs node on the bundle
 *   terraform-provider-pgpartition_v<version>.cjs   the provider and its dependencies, one file
 * ```
 * The bundle is byte-stable across reinstalls and clones in other directories (esbuild runs from
 * the package root, no build stamp, no absolute path): `terraform init` records an h1 hash of the
 * directory in the lock file, and a rebuild that changed a byte would fail every later init.
 */
import { build } from 'esbuild';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

export const PROVIDER_NAMESPACE = 'pgpartition';
export const PROVIDER_TYPE = 'pgpartition';
export const PROVIDER_SOURCE = `registry.terraform.io/${PROVIDER_NAMESPACE}/${PROVIDER_TYPE}`;

/** The package root (holds package.json): esbuild's working directory, so bundles name relative paths. */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..');

export interface InstallOptions {
  /** Install directory. @default '.pgpartition' in the current directory */
  readonly dir?: string;
  /** Entry point to bundle, relative to the package root. @default 'src/provider/main.ts' */
  readonly entry?: string;
}

export interface Installation {
  /** Absolute install directory. */
  readonly dir: string;
  /** The filesystem mirror root (the `path` of `filesystem_mirror`). */
  readonly mirrorDir: string;
  /** Directory terraform hashes into the lock file: `<mirror>/<source>/<version>/<os>_<arch>`. */
  readonly packageDir: string;
  /** The executable terraform starts. */
  readonly executable: string;
  /** The bundled provider it runs (through a code-caching loader). */
  readonly bundle: string;
  /** The Terraform CLI configuration to point TF_CLI_CONFIG_FILE at. */
  readonly cliConfigFile: string;
  /** Provider version, from package.json. */
  readonly version: string;
  /** Files whose content changed in this run (empty on an idempotent re-run). */
  readonly written: readonly string[];
}

/**
 * Bundles the provider and lays out the mirror and CLI config. Idempotent: unchanged files are not
 * rewritten. Offline. Throws esbuild's error (with file and line) when the entry does not build, and
 * an Error when the platform has no Terraform name.
 */
export async function installProvider(options: InstallOptions = {}): Promise<Installation> {
  const dir = resolve(options.dir ?? '.pgpartition');
  const version = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const mirrorDir = join(dir, 'mirror');
  const packageDir = join(mirrorDir, PROVIDER_SOURCE, version, terraformPlatform());
  const executable = join(packageDir, `terraform-provider-${PROVIDER_TYPE}_v${version}`);
  const loader = `${executable}.cjs`;
  const bundle = join(packageDir, 'provider.js');
  const cliConfigFile = join(dir, 'terraformrc');

  const written: string[] = [];
  const put = (path: string, content: string | Uint8Array, mode: number) => {
    if (writeIfChanged(path, content, mode)) written.push(path);
  };
  mkdirSync(packageDir, { recursive: true });
  put(bundle, await bundleProvider(options.entry ?? 'src/provider/main.ts'), 0o644);
  put(loader, LOADER, 0o644);
  put(executable, launcher(basename(loader), version), 0o755);
  put(cliConfigFile, cliConfig(mirrorDir), 0o644);
  return { dir, mirrorDir, packageDir, executable, bundle, cliConfigFile, version, written };
}

/** esbuild, one CommonJS file for Node 20; minified because parse time is part of every provider start. */
async function bundleProvider(entry: string): Promise<Uint8Array> {
  const result = await build({
    absWorkingDir: PACKAGE_ROOT,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    keepNames: true, // error names (DatabaseError, DiagnosticError) survive minification
    legalComments: 'none',
    charset: 'utf8',
    external: ['pg-native', 'cloudflare:sockets'], // optional requires of pg, never taken here
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

/**
 * Compiles ./provider.js with V8's code cache from the OS temp dir, and refreshes that cache after
 * the first start (once lazily compiled functions are in it). Any cache failure only costs time.
 */
const LOADER = `'use strict';
// Written by pgpartition provider install: runs ./provider.js with a V8 code cache (see install.ts).
const fs = require('node:fs');
const path = require('node:path');
const file = path.join(__dirname, 'provider.js');
const source = fs.readFileSync(file, 'utf8');
const key = require('node:crypto').createHash('sha256').update(process.version).update(source).digest('hex').slice(0, 24);
const cacheFile = path.join(require('node:os').tmpdir(), 'pgpartition-provider-' + key + '.v8cache');
let cachedData;
try { cachedData = fs.readFileSync(cacheFile); } catch {}
const script = new (require('node:vm').Script)('(function (exports, require, module, __filename, __dirname) {' + source + '\\n})', { filename: file, cachedData });
if (cachedData === undefined || script.cachedDataRejected) {
  setTimeout(() => {
    try {
      const temp = cacheFile + '.' + process.pid;
      fs.writeFileSync(temp, script.createCachedData());
      fs.renameSync(temp, cacheFile);
    } catch {}
  }, 500).unref();
}
script.runInThisContext()(module.exports, require, module, file, __dirname);
`;

/** `exec` so terraform's PID is node's: terraform kills that PID when Shutdown does not end it. */
function launcher(bundleName: string, version: string): string {
  return [
    '#!/bin/sh',
    `# pgpartition Terraform provider ${version}, started by terraform; see \`pgpartition provider install\`.`,
    `exec node "$(dirname "$0")/${bundleName}" "$@"`,
    '',
  ].join('\n');
}

function cliConfig(mirrorDir: string): string {
  return `# Written by \`pgpartition provider install\`: ${PROVIDER_SOURCE} comes from the local mirror,
# every other provider from its registry as usual.
provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirrorDir)}
    include = [${JSON.stringify(PROVIDER_SOURCE)}]
  }
  direct {
    exclude = [${JSON.stringify(PROVIDER_SOURCE)}]
  }
}
`;
}

/** Terraform's `<os>_<arch>` for this machine (linux_amd64 here). */
function terraformPlatform(): string {
  const arch = ({ x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' } as Record<string, string>)[process.arch];
  if (!arch || !['linux', 'darwin', 'freebsd'].includes(process.platform)) {
    throw new Error(`no Terraform platform name for ${process.platform}/${process.arch}; the provider installs on linux, darwin or freebsd`);
  }
  return `${process.platform}_${arch}`;
}

/** Writes via a temp file and rename, so a running terraform never sees half a file. */
function writeIfChanged(path: string, content: string | Uint8Array, mode: number): boolean {
  const bytes = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content);
  if (existsSync(path) && readFileSync(path).equals(bytes)) {
    chmodSync(path, mode);
    return false;
  }
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, bytes, { mode });
  chmodSync(temp, mode);
  renameSync(temp, path);
  return true;
}
