/**
 * Provider start-to-handshake time: spawn the installed provider executable (the launcher script
 * terraform starts, which execs node on the bundle) with the environment terraform passes, and
 * time until the first stdout line, the go-plugin handshake `1|6|tcp|127.0.0.1:PORT|grpc|CERT`.
 * Terraform starts the provider several times per command, so this is paid every time. The floor
 * under it is a bare `node -e` printing one line with the same environment.
 */
import { spawn } from 'node:child_process';

/** go-plugin's magic cookie for Terraform providers. */
const MAGIC_COOKIE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
const HANDSHAKE_LINE = /^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]+$/;

/**
 * The environment terraform gives a plugin process, as far as it matters to a start: PATH,
 * NODE_EXTRA_CA_CERTS when set (terraform passes its whole environment on, and node reads that
 * file at every start), and the plugin variables with `clientCertPem` as terraform's certificate.
 */
export function pluginEnvironment(clientCertPem: string): NodeJS.ProcessEnv {
  const extraCa = process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : {};
  return { PATH: process.env.PATH, ...extraCa, TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE, PLUGIN_PROTOCOL_VERSIONS: '6', PLUGIN_CLIENT_CERT: clientCertPem };
}

/**
 * Starts `command` once and resolves with the ms from spawn to its first stdout line; then,
 * `holdMs` later, ends it (SIGTERM, which a provider gets from terraform too when Shutdown is not
 * called) and waits for it to exit.
 * @throws Error when it exits first, its first line does not match `expect`, or it takes over 10 s.
 */
export function firstLineMs(command: string, args: readonly string[], env: NodeJS.ProcessEnv, expect: RegExp, holdMs = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let result: { ms: number } | Error | undefined;
    const timer = setTimeout(() => {
      result = new Error(`no first line within 10 s; stderr:\n${err}`);
      child.kill('SIGKILL');
    }, 10_000);
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl < 0 || result) return;
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const line = out.slice(0, nl);
      result = expect.test(line) ? { ms } : new Error(`first stdout line is not what was expected: ${JSON.stringify(line.slice(0, 120))}`);
      setTimeout(() => child.kill('SIGTERM'), holdMs);
    });
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    child.on('error', (e) => {
      result ??= e;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (result instanceof Error) reject(result);
      else if (result) resolve(result.ms);
      else reject(new Error(`${command} exited (${code ?? signal}) before its first line; stderr:\n${err}`));
    });
  });
}

/** One provider start: ms to the handshake line (see {@link firstLineMs}). */
export function handshakeOnce(executable: string, env: NodeJS.ProcessEnv, holdMs = 0): Promise<number> {
  return firstLineMs(executable, [], env, HANDSHAKE_LINE, holdMs);
}

/** One bare node start printing one line: the part of a handshake any node process pays. */
export function bareNodeOnce(env: NodeJS.ProcessEnv): Promise<number> {
  return firstLineMs(process.execPath, ['-e', 'process.stdout.write("1\\n")'], env, /^1$/);
}
