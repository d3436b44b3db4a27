/**
 * Serves a {@link ProviderType} as a Terraform plugin: go-plugin's handshake, AutoMTLS and the gRPC
 * services terraform calls (docs/architecture.md, "Protocol facts"; go-plugin's
 * https://github.com/hashicorp/go-plugin/blob/main/docs/internals.md and
 * https://github.com/hashicorp/go-plugin/blob/main/docs/guide-plugin-write-non-go.md).
 */
import type { webcrypto } from 'node:crypto';
import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import type { ProviderType } from '../framework/types';
import { createServerCertificate } from './certificate';
import { log, redirectConsole } from './log';
import type { createProviderServer, Handler, ProviderServerHandle } from './server';
import type { controllerService, Message, providerService } from './services';
import { APP_PROTOCOL_VERSION, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, SOCKET_VARIABLE } from './handshake-env';

/** go-plugin's core protocol version (first field of the handshake line). */
const CORE_PROTOCOL_VERSION = 1;
/** Plans and states of many windows can be large; go-plugin's client allows up to 2^31-1 bytes. */
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

/** A provider with the server code that serves it, loaded after the handshake (see ../provider-rest.ts). */
export interface ServedProvider<C> {
  readonly provider: ProviderType<C>;
  readonly createProviderServer: typeof createProviderServer;
  readonly providerService: typeof providerService;
  readonly controllerService: typeof controllerService;
}

export interface ServeOptions {
  /** The certificate's key pair, already being generated (see ../main.ts). @default - generated here */
  readonly keyPair?: Promise<webcrypto.CryptoKeyPair>;
}

/**
 * Starts the plugin server and writes the handshake line
 * `1|6|tcp|127.0.0.1:PORT|grpc|CERT` as the first and only stdout output. Run by hand (no magic
 * cookie), it prints a short explanation to stderr and exits 1. Resolves once serving; the process
 * then lives until terraform calls plugin.GRPCController/Shutdown (or kills it).
 *
 * `provider` may be a loader of the provider with its server code: it runs after the handshake
 * line, so that code is not on the handshake's path. The services are registered before this
 * function returns to the event loop (only promise jobs run in between), so no call can reach the
 * server before they are there.
 */
export async function serve<C>(provider: ProviderType<C> | (() => Promise<ServedProvider<C>>), env: NodeJS.ProcessEnv = process.env, options: ServeOptions = {}): Promise<void> {
  const parent = process.ppid; // before anything is awaited: the parent may die while we start
  redirectConsole();
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    process.stderr.write(
      'This is the pgpartition Terraform provider; terraform starts it, not you.\n' +
        'Install it with `npx pgpartition provider install`, export the TF_CLI_CONFIG_FILE it prints, then run terraform.\n',
    );
    process.exit(1);
  }
  const versions = (env.PLUGIN_PROTOCOL_VERSIONS ?? '').split(',');
  if (!versions.includes(String(APP_PROTOCOL_VERSION))) {
    process.stderr.write(`terraform offers plugin protocol versions ${versions.join(',') || '(none)'}; this provider speaks 6 (terraform >= 1.0)\n`);
    process.exit(1);
  }
  process.on('uncaughtException', (err) => {
    log(`uncaught exception: ${err.stack ?? err}`);
    process.exit(1);
  });

  const clientCert = env.PLUGIN_CLIENT_CERT;
  const certificate = clientCert ? createServerCertificate(new Date(), options.keyPair) : undefined;
  const server = new Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  });
  const cert = certificate ? await certificate : undefined;
  const credentials = cert
    ? ServerCredentials.createSsl(Buffer.from(clientCert!), [{ cert_chain: Buffer.from(cert.certPem), private_key: Buffer.from(cert.keyPem) }], true)
    : ServerCredentials.createInsecure();
  const address = await listen(server, credentials, env[SOCKET_VARIABLE]);
  process.stdout.write(`${CORE_PROTOCOL_VERSION}|${APP_PROTOCOL_VERSION}|${address}|grpc|${cert?.derBase64 ?? ''}\n`);
  const served: ServedProvider<C> = typeof provider === 'function'
    ? await provider()
    : { provider, createProviderServer: (await import('./server')).createProviderServer, ...servicesOf(await import('./services')) };
  const providerServer = served.createProviderServer(served.provider);
  server.addService(served.providerService(), unary(providerServer.handlers));
  server.addService(served.controllerService(), {
    Shutdown: (_call: ServerUnaryCall<Message, Message>, callback: sendUnaryData<Message>) => {
      void shutdown(providerServer, callback);
    },
  });
  exitWhenOrphaned(parent);
}

/** Binds `server` to `socket` (a unix socket path) or a free port of 127.0.0.1; returns the handshake's `network|address`. */
async function listen(server: Server, credentials: ServerCredentials, socket: string | undefined): Promise<string> {
  const target = socket ? `unix:${socket}` : '127.0.0.1:0';
  const port = await new Promise<number>((resolve, reject) => server.bindAsync(target, credentials, (err, p) => (err ? reject(err) : resolve(p))));
  return socket ? `unix|${socket}` : `tcp|127.0.0.1:${port}`;
}

const servicesOf = (m: { providerService: typeof providerService; controllerService: typeof controllerService }) => ({ providerService: m.providerService, controllerService: m.controllerService });

/** Adapts promise handlers to grpc-js; a handler bug (a rejection) becomes gRPC status INTERNAL. */
function unary(handlers: Record<string, Handler>): Record<string, (call: ServerUnaryCall<Message, Message>, callback: sendUnaryData<Message>) => void> {
  return Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [
      name,
      (call: ServerUnaryCall<Message, Message>, callback: sendUnaryData<Message>) => {
        handler(call.request).then(
          (response) => callback(null, response),
          (err: unknown) => {
            log(`${name}: ${err instanceof Error ? err.stack : String(err)}`);
            callback({ code: 13, details: err instanceof Error ? err.message : String(err) });
          },
        );
      },
    ]),
  );
}

/** plugin.GRPCController/Shutdown: close the provider (pools), answer, then exit. */
async function shutdown(providerServer: ProviderServerHandle, callback: sendUnaryData<Message>): Promise<void> {
  try {
    await providerServer.close();
  } catch (err) {
    log(`closing the provider failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  callback(null, {});
  setImmediate(() => process.exit(0)); // let grpc write the response first
}

/**
 * If the process that started us (terraform, or the CLI that hands us to terraform) dies without
 * Shutdown (SIGKILL), nothing would stop us: exit once re-parented. `parent` is the parent's pid as
 * read when the process started; pid 1 then means it was already gone.
 */
function exitWhenOrphaned(parent: number): void {
  if (parent === 1 || process.ppid !== parent) process.exit(0);
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 1000).unref();
}
