/**
 * Certificates for TLS tests, made in the test: a self-signed CA, a server certificate it signs
 * (for a throwaway cluster started with `startLocalPostgres({ tls })`), a client certificate for
 * pg_hba.conf `cert` authentication, and a second CA that trusts none of them. ECDSA P-256 with
 * @peculiar/x509 (node:crypto makes keys but not certificates). Files are PEM, keys mode 0600.
 */
import 'reflect-metadata'; // @peculiar/x509's dependency injection needs the Reflect metadata API
import { KeyObject, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface TestCertificates {
  readonly dir: string;
  /** The CA that signed the server and client certificates. */
  readonly caFile: string;
  /** A CA that signed nothing here: verification against it fails. */
  readonly otherCaFile: string;
  /** Server certificate for `serverNames`, and its key. */
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  /** Client certificate with CN = `clientUser`, and its key. */
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
  remove(): void;
}

export interface CertificateOptions {
  /** Subject alternative names of the server certificate. @default { dns: ['localhost'], ip: [] } */
  readonly serverNames?: { readonly dns?: readonly string[]; readonly ip?: readonly string[] };
  /** Role name in the client certificate's CN. @default 'certuser' */
  readonly clientUser?: string;
}

/** Makes the certificates in a fresh temp dir; `remove()` deletes it. */
export async function makeCertificates(o: CertificateOptions = {}): Promise<TestCertificates> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const dir = mkdtempSync(join(tmpdir(), 'pgpartition-certs-'));
  const write = (name: string, text: string, mode = 0o644) => {
    writeFileSync(join(dir, name), text, { mode });
    return join(dir, name);
  };
  const ca = await authority('CN=pgpartition test CA');
  const other = await authority('CN=some other CA');
  const dns = o.serverNames?.dns ?? ['localhost'];
  const server = await issue(ca, 'CN=pgpartition test server', [
    new x509.SubjectAlternativeNameExtension([...dns.map((value) => ({ type: 'dns' as const, value })), ...(o.serverNames?.ip ?? []).map((value) => ({ type: 'ip' as const, value }))]),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
  ]);
  const client = await issue(ca, `CN=${o.clientUser ?? 'certuser'}`, [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])]);
  return {
    dir,
    caFile: write('ca.crt', ca.cert.toString('pem')),
    otherCaFile: write('other-ca.crt', other.cert.toString('pem')),
    serverCertFile: write('server.crt', server.cert.toString('pem')),
    serverKeyFile: write('server.key', pem(server.keys.privateKey), 0o600),
    clientCertFile: write('client.crt', client.cert.toString('pem')),
    clientKeyFile: write('client.key', pem(client.keys.privateKey), 0o600),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

interface Issued {
  readonly cert: x509.X509Certificate;
  readonly keys: webcrypto.CryptoKeyPair;
}

const validity = () => ({ notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000) });
const serial = () => Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex').replace(/^[89a-f]/, '1');
const keyPair = () => webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
const pem = (key: webcrypto.CryptoKey) => KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }) as string;

async function authority(name: string): Promise<Issued> {
  const keys = await keyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name, ...validity(), signingAlgorithm: ALGORITHM, keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys };
}

async function issue(ca: Issued, subject: string, extensions: x509.Extension[]): Promise<Issued> {
  const keys = await keyPair();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject, issuer: ca.cert.subject, ...validity(), signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey, signingKey: ca.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
      ...extensions,
    ],
  });
  return { cert, keys };
}
