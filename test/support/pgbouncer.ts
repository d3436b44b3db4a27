/**
 * A throwaway PgBouncer in front of a throwaway PostgreSQL, for the pooler test: one `[databases]`
 * entry per pooling mode (`<database>_session`, `<database>_transaction`, `<database>_statement`),
 * all pointing at the same server database, SCRAM authentication with the server's superuser
 * (PgBouncer config reference: https://www.pgbouncer.org/config.html). PgBouncer refuses to run as
 * root, so as root it runs as the `postgres` account, like the server (the throwaway server's helpers). The binary is the system's
 * (`apt-get install pgbouncer`); when none is found the start throws saying how to install it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asUser, freePort, postgresAccount } from '../../src/local-server/postgres';
import type { LocalPostgres } from './postgres';

export type PoolMode = 'session' | 'transaction' | 'statement';

export interface LocalPgBouncer {
  /** A libpq URL with the password, for the entry of `mode`. */
  url(mode: PoolMode): string;
  stop(): Promise<void>;
}

const BINARIES = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer'];

/**
 * Starts PgBouncer on a free port of 127.0.0.1 for `pg`. Resolves once it accepts TCP connections.
 * @throws Error naming the package when no pgbouncer binary exists, or with its log when it does not start in 10 s.
 */
export async function startPgBouncer(pg: LocalPostgres): Promise<LocalPgBouncer> {
  const binary = BINARIES.find((b) => existsSync(b));
  if (!binary) throw new Error(`No pgbouncer binary (searched ${BINARIES.join(', ')}); install it with \`apt-get install pgbouncer\`.`);
  const account = process.getuid?.() === 0 ? postgresAccount() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'pgpartition-pgbouncer-'));
  const port = await freePort();
  const modes: PoolMode[] = ['session', 'transaction', 'statement'];
  const files: Record<string, string> = {
    'pgbouncer.ini': [
      '[databases]',
      ...modes.map((m) => `${pg.database}_${m} = host=${pg.host} port=${pg.port} dbname=${pg.database} pool_mode=${m}`),
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = scram-sha-256',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      'ignore_startup_parameters = extra_float_digits',
      '',
    ].join('\n'),
    'userlist.txt': `"${pg.user}" "${pg.password}"\n`,
  };
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text, { mode: 0o600 });
    if (account) chownSync(join(dir, name), account.uid, account.gid);
  }
  if (account) chownSync(dir, account.uid, account.gid);
  const args = [join(dir, 'pgbouncer.ini')];
  const [command, commandArgs] = asUser(account, binary, args);
  const child: ChildProcess = spawn(command, commandArgs, { stdio: 'ignore' });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, 10_000, child);
  } catch (err) {
    const log = existsSync(join(dir, 'pgbouncer.log')) ? readFileSync(join(dir, 'pgbouncer.log'), 'utf8').slice(-2000) : '';
    await stop();
    throw new Error(`pgbouncer did not start: ${(err as Error).message}\n${log}`);
  }
  return {
    url: (mode) => `postgres://${pg.user}:${pg.password}@127.0.0.1:${port}/${pg.database}_${mode}?sslmode=disable`,
    stop,
  };
}

async function waitForPort(port: number, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); }).once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} not open after ${timeoutMs} ms`);
}
