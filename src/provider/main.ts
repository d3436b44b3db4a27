/**
 * Entry point of the provider executable (bundled by ./install.ts): serves the pgpartition provider
 * over Terraform's plugin protocol. Nothing here may write to stdout: see ./protocol/serve.ts.
 *
 * Start-up order is part of the product (terraform starts the provider 3-5 times per command):
 * the certificate's key pair is generated on libuv's thread pool while gRPC and the certificate
 * library load; ./provider-rest.ts (resources, pg, protocol services) loads after the handshake line.
 */
import { generateKeyPair } from './protocol/key-pair';

const keyPair = process.env.PLUGIN_CLIENT_CERT ? generateKeyPair() : undefined;
keyPair?.catch(() => undefined); // a failure surfaces where serve awaits it
void import('./protocol/serve').then(({ serve }) => serve(() => import('./provider-rest'), process.env, { keyPair }));
