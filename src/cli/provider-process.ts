/**
 * One provider process per CLI command. Terraform starts a provider 3 times per plan and 4 per
 * apply, each paying node's start-up; `pgpartition plan|apply|deploy` start the installed provider
 * once and hand it to every terraform command they run through `TF_REATTACH_PROVIDERS` (Terraform
 * docs, "Debugging Providers": a provider started by hand, protocol 6, `"Test": true`; terraform
 * 1.11.4 crashes with exit 11 on `"Test": false`). Terraform then starts no provider process and
 * never stops this one: {@link ProviderProcess.stop} does, through go-plugin's
 * `GRPCController.Shutdown`, on every exit path (signals included), and the provider exits by
 * itself when its parent (this process) dies.
 *
 * Terraform gives a reattached provider no TLS, so it listens on a unix socket in a directory only
 * this user can enter (0700), not on a TCP port others could reach.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROVIDER_SOURCE } from '../provider/install';
import { HANDSHAKE_ENV, SOCKET_VARIABLE } from '../provider/protocol/handshake-env';

/** How long the provider may take to print its handshake line. */
const START_TIMEOUT_MS = 30_000;

/** A running provider process, shared by the terraform commands of one CLI command. */
export interface ProviderProcess {
  /** `TF_REATTACH_PROVIDERS` for terraform's environment. */
  readonly reattach: string;
  readonly pid: number;
  /** Stops the process (Shutdown, then a kill if it does not exit) and removes its socket directory. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the provider `executable` (the installed mirror's) with `env` (the command's environment:
 * the connection variable must be in it) and waits for its handshake line.
 * @throws Error with the provider's stderr when it does not start.
 */
export async function startProvider(executable: string, env: NodeJS.ProcessEnv): Promise<ProviderProcess> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgpartition-provider-')); // mode 0700
  const socket = path.join(dir, 'provider.sock');
  const { PLUGIN_CLIENT_CERT: _tls, ...rest } = env; // no TLS: terraform gives a reattached provider none
  const child = spawn(executable, [], { env: { ...rest, ...HANDSHAKE_ENV, [SOCKET_VARIABLE]: socket }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (stderr = (stderr + t).slice(-4000)));
  let line: string;
  try {
    line = await handshakeLine(child);
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`the pgpartition provider did not start: ${(err as Error).message}${stderr ? `\n${stderr.trim()}` : ''}`, { cause: err });
  }
  const [, protocol, network, address] = line.split('|');
  const reattach = JSON.stringify({
    [PROVIDER_SOURCE]: { Protocol: 'grpc', ProtocolVersion: Number(protocol), Pid: child.pid, Test: true, Addr: { Network: network, String: address } },
  });
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= shutdown(child, socket).finally(() => rmSync(dir, { recursive: true, force: true })));
  return { reattach, pid: child.pid!, stop };
}

/** The first stdout line of the provider: `1|6|unix|<socket>|grpc|`. */
function handshakeLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no handshake line within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    child.stdout!.setEncoding('utf8').on('data', (t: string) => {
      out += t;
      const end = out.indexOf('\n');
      if (end >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, end));
      }
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`it exited with code ${code} before its handshake`));
    });
  });
}

/** GRPCController.Shutdown over the socket (the provider closes its pools and exits), then a kill after 5 s. */
async function shutdown(child: ChildProcess, socket: string): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const [{ Client, credentials }, { controllerService }] = await Promise.all([import('@grpc/grpc-js'), import('../provider/protocol/services')]);
    const method = controllerService().Shutdown;
    const client = new Client(`unix:${socket}`, credentials.createInsecure());
    await new Promise<void>((resolve) => {
      client.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, {}, { deadline: Date.now() + 5000 }, () => resolve());
    });
    client.close();
  } catch {
    // the kill below stops it
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * Runs `body` with a provider process started from `executable`, stopping it afterwards, also when
 * `body` throws or the CLI gets SIGINT/SIGTERM (then the CLI exits 130/143 once it is stopped).
 */
export async function withProviderProcess<T>(executable: string, env: NodeJS.ProcessEnv, body: (p: ProviderProcess) => Promise<T>): Promise<T> {
  const provider = await startProvider(executable, env);
  const onSignal = (signal: NodeJS.Signals) => {
    void provider.stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await body(provider);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await provider.stop();
  }
}
