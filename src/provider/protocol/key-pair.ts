/**
 * The ECDSA P-256 key pair of the AutoMTLS server certificate (./certificate.ts). A module of its
 * own, needing only node:crypto, so the provider's entry point can start generating the key (on
 * libuv's thread pool) before it loads gRPC and the certificate library.
 */
import { webcrypto } from 'node:crypto';

/** The key and signature algorithm of the server certificate. */
export const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** A fresh extractable P-256 key pair (sign/verify), generated asynchronously. */
export function generateKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
}
