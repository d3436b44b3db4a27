/**
 * The server certificate for go-plugin's AutoMTLS: a fresh self-signed ECDSA P-256 certificate per
 * process. Terraform pins it from the handshake line and checks the name `localhost`, so it needs
 * SAN DNS:localhost; P-256 because an RSA key costs 150-580 ms per process start (docs/architecture.md,
 * "Protocol facts: AutoMTLS").
 */
import 'reflect-metadata'; // @peculiar/x509's dependency injection needs the Reflect metadata API
import { KeyObject, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { generateKeyPair, KEY_ALGORITHM as ALGORITHM } from './key-pair';

export interface ServerCertificate {
  /** PEM of the certificate, for grpc-js. */
  readonly certPem: string;
  /** PEM (PKCS#8) of its private key, for grpc-js. */
  readonly keyPem: string;
  /** DER bytes, base64 without `=` padding: the last field of the handshake line. */
  readonly derBase64: string;
}

/**
 * Creates the certificate, valid from one minute ago (clock skew) for 30 days, for `keyPair`
 * (default: a fresh one; pass one already being generated to overlap that with loading code).
 */
export async function createServerCertificate(now: Date = new Date(), keyPair: Promise<webcrypto.CryptoKeyPair> = generateKeyPair()): Promise<ServerCertificate> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const keys = await keyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex').replace(/^[89a-f]/, '1'),
    name: 'CN=localhost, O=pgpartition',
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + 30 * 86_400_000),
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.keyCertSign,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }]),
    ],
  });
  return {
    certPem: cert.toString('pem'),
    keyPem: KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }) as string,
    derBase64: Buffer.from(cert.rawData).toString('base64').replace(/=+$/, ''),
  };
}
