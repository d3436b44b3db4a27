/**
 * Provider start-to-handshake time: spawn the installed provider executable (the launcher script
 * terraform starts, which execs node on the bundle) with the environment terraform passes, and
 * time until the first stdout line, the go-plugin handshake `1|6|tcp|127.0.0.1:PORT|grpc|CERT`.
 * Terraform starts the provider several times per command, so this is paid every time.
 */
import { spawn } from 'node:child_process';
import { createServerCertificate } from '../src/provider/protocol/certificate';

/** go-plugin's magic cookie for Terraform providers (DESIGN.md, "Protocol facts"). */
const MAGIC_COOKIE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
const HANDSHAKE_LINE = /^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]+$/;

/**
 * Starts `executable` once and resolves with the ms from spawn to its first stdout line; then,
 * `holdMs` later, ends it (SIGTERM, which it gets from terraform too when Shutdown is not called)
 * and waits for it. The environment is terraform's for a plugin: PATH, NODE_EXTRA_CA_CERTS when
 * set (terraform passes its whole environment on, and node reads that file at every start), and
 * the plugin variables.
 * @throws Error when it exits first, prints something other than a handshake line, or takes over 10 s.
 */
export function handshakeOnce(executable: string, clientCertPem: string, holdMs = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const extraCa = process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : {};
    const child = spawn(executable, [], {
      env: { PATH: process.env.PATH, ...extraCa, TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE, PLUGIN_PROTOCOL_VERSIONS: '6', PLUGIN_CLIENT_CERT: clientCertPem },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let result: { ms: number } | Error | undefined;
    const timer = setTimeout(() => {
      result = new Error(`no handshake line within 10 s; stderr:\n${err}`);
      child.kill('SIGKILL');
    }, 10_000);
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl < 0 || result) return;
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const line = out.slice(0, nl);
      result = HANDSHAKE_LINE.test(line) ? { ms } : new Error(`first stdout line is not a handshake: ${JSON.stringify(line.slice(0, 120))}`);
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
      else reject(new Error(`provider exited (${code ?? signal}) before the handshake; stderr:\n${err}`));
    });
  });
}

/**
 * The floor under any handshake of a node provider: `node -e` printing one line, `count` times,
 * in ms from spawn to that line (after one warm-up). The provider's handshake minus this is its
 * own start-up work: loading the bundle, the certificate, gRPC.
 */
export async function measureNodeBaseline(count: number): Promise<number[]> {
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const start = process.hrtime.bigint();
      const child = spawn(process.execPath, ['-e', 'process.stdout.write("1\\n")'], { stdio: ['ignore', 'pipe', 'ignore'] });
      let ms: number | undefined;
      child.stdout.once('data', () => (ms = Number(process.hrtime.bigint() - start) / 1e6));
      child.on('error', reject);
      child.on('close', () => (ms === undefined ? reject(new Error('node -e printed nothing')) : resolve(ms)));
    });
  await once();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await once());
  return samples;
}

/**
 * `count` handshakes, one after another, after one untimed warm-up start that lives 1.5 s (file
 * cache, and the provider's V8 code cache, which it writes 500 ms after a first start, as it does
 * under terraform, whose provider processes live longer than that). The client certificate is an
 * ECDSA P-256 certificate made with @peculiar/x509, the kind terraform passes.
 */
export async function measureHandshakes(executable: string, count: number): Promise<number[]> {
  const client = await createServerCertificate();
  await handshakeOnce(executable, client.certPem, 1500);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await handshakeOnce(executable, client.certPem));
  return samples;
}
