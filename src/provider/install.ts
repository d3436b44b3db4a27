/**
 * Installs the provider where terraform finds it offline: a bundled executable in an unpacked
 * filesystem mirror, and a CLI configuration that points terraform at that mirror for
 * `registry.terraform.io/pgpartition/pgpartition` (docs/architecture.md, "Protocol facts: Discovery";
 * Terraform docs, "CLI Configuration File": provider_installation).
 *
 * Layout under `dir`:
 * ```
 * terraformrc
 * provider.lock.hcl                                 lock file entry: the mirror's h1 hash (lock-file.ts)
 * mirror/registry.terraform.io/pgpartition/pgpartition/<version>/<os>_<arch>/
 *   terraform-provider-pgpartition_v<version>       #!/bin/sh, execs node on the loader
 *   terraform-provider-pgpartition_v<version>.cjs   loader: runs the bundles with V8 code caches
 *   provider.js                                     what the handshake needs (gRPC, certificate)
 *   provider-rest.js                                the rest (resources, pg, protocol services),
 *                                                   loaded after the handshake line
 * ```
 * The bundle is byte-stable across reinstalls and clones in other directories (esbuild runs from
 * the package root, no build stamp, no absolute path): `terraform init` records an h1 hash of the
 * directory in the lock file, and a rebuild that changed a byte would fail every later init.
 */
import { build, type Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { INSTALLED_LOCK_FILE_NAME, packageHashV1, providerLockBlock } from './lock-file';

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
  /** The bundled provider it runs (through a code-caching loader); it loads `provider-rest.js` beside it. */
  readonly bundle: string;
  /** The Terraform CLI configuration to point TF_CLI_CONFIG_FILE at. */
  readonly cliConfigFile: string;
  /** A lock file holding the provider's entry with the mirror's hash, beside the CLI config. */
  readonly lockFile: string;
  /** Terraform's `h1:` hash of `packageDir`, as `terraform init` records it. */
  readonly packageHash: string;
  /** Provider version, from package.json. */
  readonly version: string;
  /** Files whose content changed in this run (empty on an idempotent re-run). */
  readonly written: readonly string[];
}

/**
 * Bundles the provider and lays out the mirror, its CLI config and its lock file entry. Idempotent: unchanged files are not
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
  const bundle = join(packageDir, BOOT_BUNDLE);
  const restBundle = join(packageDir, REST_BUNDLE);
  const cliConfigFile = join(dir, 'terraformrc');

  const written: string[] = [];
  const put = (path: string, content: string | Uint8Array, mode: number) => {
    if (writeIfChanged(path, content, mode)) written.push(path);
  };
  mkdirSync(packageDir, { recursive: true });
  const [boot, rest] = await Promise.all([bundleProvider(options.entry ?? 'src/provider/main.ts', [restExternal], BOOT_MAIN_FIELDS), bundleProvider(REST_ENTRY, [])]);
  put(bundle, boot, 0o644);
  put(restBundle, rest, 0o644);
  put(loader, loaderSource({ [BOOT_BUNDLE]: sha256(boot), [REST_BUNDLE]: sha256(rest) }), 0o644);
  put(executable, launcher(basename(loader), version), 0o755);
  put(cliConfigFile, cliConfig(mirrorDir), 0o644);
  // the stacks copy this entry at synth, so cdktf finds a lock file and never runs `providers lock`
  const packageHash = packageHashV1(packageDir);
  const lockFile = join(dir, INSTALLED_LOCK_FILE_NAME);
  put(lockFile, `# Written by \`pgpartition provider install\`: the lock file entry of the provider in ./mirror, which\n# every stack declaring the provider copies into its .terraform.lock.hcl at synth.\n\n${providerLockBlock({ source: PROVIDER_SOURCE, version, constraints: version, hashes: [packageHash] })}`, 0o644);
  return { dir, mirrorDir, packageDir, executable, bundle, cliConfigFile, lockFile, packageHash, version, written };
}

const BOOT_BUNDLE = 'provider.js';
const REST_BUNDLE = 'provider-rest.js';
/** Entry of the second bundle; ./main.ts imports it dynamically after the handshake. */
const REST_ENTRY = 'src/provider/provider-rest.ts';

/**
 * In the boot bundle, the dynamic imports of the rest (`import('./provider-rest')` in main.ts, and
 * `import('./server')`/`import('./services')` in protocol/serve.ts, which provider-rest.ts re-exports)
 * stay run-time requires of the second bundle, which the loader serves.
 */
const restExternal: Plugin = {
  name: 'pgpartition-rest-bundle',
  setup(b) {
    // esbuild keeps import() of an external module as import(), which vm.Script cannot run: go through a require
    b.onResolve({ filter: /^\.\.?\/(provider-rest|server|services)$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: REST_BUNDLE, namespace: 'pgpartition-rest' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'pgpartition-rest' }, () => ({ contents: `module.exports = require('./${REST_BUNDLE}');`, loader: 'js' }));
    b.onResolve({ filter: new RegExp(`^\\./${REST_BUNDLE.replace('.', '\\.')}$`) }, (args) => ({ path: args.path, external: true }));
  },
};

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex').slice(0, 24);

/**
 * The start-up bundle prefers a package's ES module build where it has one (esbuild drops its unused
 * exports; CommonJS builds are kept whole): the certificate library's stack (@peculiar/x509, its
 * asn1 schemas, tsyringe) shrinks by a third, and every byte of this bundle is read and
 * deserialised on every provider start.
 */
const BOOT_MAIN_FIELDS = ['module', 'main'];

/** esbuild, one CommonJS file for Node 20; minified because parse time is part of every provider start. */
async function bundleProvider(entry: string, plugins: Plugin[], mainFields?: string[]): Promise<Uint8Array> {
  const result = await build({
    plugins,
    ...(mainFields ? { mainFields } : {}),
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
 * The loader: compiles each bundle with a V8 code cache in the OS temp dir, keyed by node's version
 * and the bundle's hash (computed here at install, so no start pays for hashing a bundle), and
 * writes that cache after a first start has run (once lazily compiled functions are in it: 500 ms
 * later, or at exit if sooner). `provider.js` runs first; its `require('./provider-rest.js')` gets
 * the second bundle through the same cache. Any cache failure only costs time.
 */
function loaderSource(hashes: Record<string, string>): string {
  return `'use strict';
// Written by pgpartition provider install: runs ./${BOOT_BUNDLE} and ./${REST_BUNDLE} with V8 code caches (see install.ts).
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const HASHES = ${JSON.stringify(hashes)};
function load(name) {
  const file = path.join(__dirname, name);
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = path.join(require('node:os').tmpdir(), 'pgpartition-provider-' + process.version + '-' + HASHES[name] + '.v8cache');
  let cachedData;
  try { cachedData = fs.readFileSync(cacheFile); } catch {}
  const script = new vm.Script('(function (exports, require, module, __filename, __dirname) {' + source + '\\n})', { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      try {
        const temp = cacheFile + '.' + process.pid;
        fs.writeFileSync(temp, script.createCachedData());
        fs.renameSync(temp, cacheFile);
      } catch {}
    };
    setTimeout(write, 500).unref();
    process.once('exit', write);
  }
  const m = { exports: {} };
  script.runInThisContext()(m.exports, (id) => (id === './${REST_BUNDLE}' ? load('${REST_BUNDLE}') : require(id)), m, file, __dirname);
  return m.exports;
}
load('${BOOT_BUNDLE}');
`;
}

/**
 * `exec` so terraform's PID is node's: terraform kills that PID when Shutdown does not end it.
 * NODE_EXTRA_CA_CERTS moves to PGPARTITION_EXTRA_CA_CERTS: node loads that file eagerly at every
 * start (~40 ms for a system bundle), while the provider needs it only for a TLS connection to
 * PostgreSQL with `sslrootcert = "system"`, where src/connection/tls.ts adds those CAs back.
 */
function launcher(bundleName: string, version: string): string {
  return [
    '#!/bin/sh',
    `# pgpartition Terraform provider ${version}, started by terraform; see \`pgpartition provider install\`.`,
    'if [ -n "${NODE_EXTRA_CA_CERTS:-}" ]; then',
    '  PGPARTITION_EXTRA_CA_CERTS="$NODE_EXTRA_CA_CERTS"; export PGPARTITION_EXTRA_CA_CERTS; unset NODE_EXTRA_CA_CERTS',
    'fi',
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
