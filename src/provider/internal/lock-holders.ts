/**
 * Who holds locks on some tables: for the message of a step that gave up waiting for one. Read from
 * `pg_locks` joined with `pg_stat_activity` (PostgreSQL docs 54.12 "pg_locks", 28.2.3
 * "pg_stat_activity"); other sessions only. On a Citus coordinator also from `citus_locks` and
 * `citus_stat_activity` (Citus docs, "Citus Tables and Views"), which show every node: a wait on a
 * distributed table is often a wait for a shard lock held on a worker, invisible in `pg_locks`.
 */
import type { ClientBase } from 'pg';

/** One session holding a lock on one of the tables asked about. */
export interface LockHolder {
  readonly pid: number;
  /** e.g. `pid 4711 (app 'reporting', idle in transaction, transaction open 12 min, query started 2025-01-06T10:00:00Z): AccessShareLock on public.events` */
  readonly description: string;
}

/**
 * Sessions other than `client`'s holding a granted lock on any of `relations` (unquoted
 * `schema.name`; missing tables are skipped), oldest transaction first, at most 5; on Citus, then
 * those holding a lock on a shard of one of them on any node, at most 5.
 */
export async function lockHolders(client: ClientBase, relations: readonly string[]): Promise<LockHolder[]> {
  return [...(await localLockHolders(client, relations)), ...(await shardLockHolders(client, relations))];
}

async function localLockHolders(client: ClientBase, relations: readonly string[]): Promise<LockHolder[]> {
  const { rows } = await client.query<{
    pid: number; application_name: string; state: string | null; xact_seconds: number | null; query_start: Date | null; mode: string; relation: string;
  }>(
    `SELECT a.pid, a.application_name, a.state, extract(epoch FROM now() - a.xact_start)::float8 AS xact_seconds, a.query_start,
            l.mode, n.nspname || '.' || c.relname AS relation
       FROM pg_locks l
       JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.granted AND l.locktype = 'relation' AND l.pid <> pg_backend_pid()
        AND n.nspname || '.' || c.relname = ANY($1::text[])
      ORDER BY a.xact_start NULLS LAST, a.pid
      LIMIT 5`,
    [relations],
  );
  return rows.map((r) => ({
    pid: r.pid,
    description: `pid ${r.pid} (app '${r.application_name || '?'}', ${r.state ?? 'unknown state'}` +
      `${r.xact_seconds !== null ? `, transaction open ${formatAge(r.xact_seconds)}` : ''}` +
      `${r.query_start ? `, query started ${r.query_start.toISOString()}` : ''}): ${r.mode} on ${r.relation}`,
  }));
}

/** Holders of granted locks on the shards of `relations`, on every node of a Citus cluster; none without Citus. */
async function shardLockHolders(client: ClientBase, relations: readonly string[]): Promise<LockHolder[]> {
  const { rows: [citus] } = await client.query<{ ok: boolean }>(`SELECT to_regclass('pg_catalog.citus_locks') IS NOT NULL AS ok`);
  if (!citus.ok) return [];
  const { rows } = await client.query<{
    pid: number; node: string; application_name: string; state: string | null; xact_seconds: number | null; query_start: Date | null; mode: string; relation: string; shard: string;
  }>(
    `SELECT a.pid, n.nodename || ':' || n.nodeport AS node, a.application_name, a.state, extract(epoch FROM now() - a.xact_start)::float8 AS xact_seconds,
            a.query_start, l.mode, s.relation, s.shard
       FROM (SELECT r AS relation, shard_name(d.logicalrelid, d.shardid) AS shard
               FROM unnest($1::text[]) r JOIN pg_dist_shard d ON d.logicalrelid = to_regclass(r)) s
       JOIN citus_locks l ON l.relation_name = s.shard AND l.locktype = 'relation' AND l.granted
       JOIN citus_stat_activity a ON a.global_pid = l.global_pid AND a.nodeid = l.nodeid
       JOIN pg_dist_node n ON n.nodeid = l.nodeid
      WHERE l.global_pid <> citus_backend_gpid()
      ORDER BY a.xact_start NULLS LAST, a.pid
      LIMIT 5`,
    [relations],
  );
  return rows.map((r) => ({
    pid: r.pid,
    description: `pid ${r.pid} on node ${r.node} (app '${r.application_name || '?'}', ${r.state ?? 'unknown state'}` +
      `${r.xact_seconds !== null ? `, transaction open ${formatAge(r.xact_seconds)}` : ''}` +
      `${r.query_start ? `, query started ${r.query_start.toISOString()}` : ''}): ${r.mode} on ${r.shard}, a shard of ${r.relation}`,
  }));
}

/** `45 s`, `12 min`, `3.5 h`. */
function formatAge(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
