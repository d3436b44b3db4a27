/**
 * libpq's sslmode, as the node-postgres `ssl` option of each connection attempt (PostgreSQL docs,
 * libpq "SSL Support": "Protection Provided in Different Modes" and "Certificate Verification").
 *
 * | sslmode       | attempts, in order        | server certificate checked                                  |
 * | ------------- | ------------------------- | ----------------------------------------------------------- |
 * | `disable`     | plaintext                 | -                                                           |
 * | `allow`       | plaintext, then TLS       | chain, when a root certificate is there; else not at all    |
 * | `prefer`      | TLS, then plaintext       | chain, when a root certificate is there; else not at all    |
 * | `require`     | TLS                       | chain, when a root certificate is there; else not at all    |
 * | `verify-ca`   | TLS                       | chain (a root certificate is required)                      |
 * | `verify-full` | TLS                       | chain and host name (a root certificate is required)        |
 *
 * "A root certificate is there": `sslrootcert` given (attribute, URL or PGSSLROOTCERT), or libpq's
 * default `~/.postgresql/root.crt` exists. `sslrootcert=system` trusts node's bundled CAs plus the
 * file of NODE_EXTRA_CA_CERTS (libpq: the TLS library's roots), and needs verify-full (./resolve.ts).
 * A client certificate (`sslcert` + `sslkey`, default `~/.postgresql/postgresql.crt`/`.key` when
 * they exist) is offered on every TLS attempt. Differences from libpq, all stricter: a file you
 * name must exist (libpq skips a missing sslrootcert under `require` and a missing sslcert), and
 * `sslkey` without a certificate is an error. TLS is never used over a Unix-domain socket.
 */
import { readFileSync, statSync } from 'node:fs';
import { checkServerIdentity, rootCertificates, type ConnectionOptions } from 'node:tls';
import { ConnectionSettingError, fieldName } from './errors';
import type { FileSetting, ResolvedConnection } from './resolve';

/** One way of connecting; ./open.ts tries them in order. */
export interface TlsAttempt {
  /** `with TLS` or `without TLS`, for messages. */
  readonly label: string;
  /** node-postgres `ssl`: false for plaintext, else `tls.connect` options. */
  readonly ssl: false | ConnectionOptions;
}

const PLAINTEXT: TlsAttempt = { label: 'without TLS', ssl: false };

/**
 * The attempts `c.sslmode` makes (see the module doc), reading the certificate files now.
 * @param extraCaFile PEM file of CAs trusted next to node's roots for `sslrootcert=system` (the
 *   provider's launcher passes NODE_EXTRA_CA_CERTS on this way). @default - node's own handling of NODE_EXTRA_CA_CERTS
 * @throws ConnectionSettingError naming the setting when a file you named cannot be read, a key
 *   file is readable by others, sslkey comes without sslcert, or verify-ca/verify-full have no root certificate
 */
export function tlsAttempts(c: ResolvedConnection, extraCaFile?: string): readonly TlsAttempt[] {
  if (c.sslmode === 'disable' || c.host.startsWith('/')) return [PLAINTEXT];
  const ca = rootCertificate(c.sslrootcert, extraCaFile);
  if (ca === undefined && (c.sslmode === 'verify-ca' || c.sslmode === 'verify-full')) {
    throw new ConnectionSettingError(c.sources.sslmode, fieldName(c.sources.sslmode ?? { kind: 'default' }, 'sslmode'),
      `${c.sslmode} verifies the server's certificate, but there is no root certificate: no sslrootcert is given and ${c.sslrootcert.path} does not exist`,
      'set sslrootcert to the PEM file of the CA that signed the server\'s certificate (or sslrootcert=system with verify-full for a publicly trusted server)');
  }
  const verify: ConnectionOptions = ca === undefined
    ? { rejectUnauthorized: false } // libpq: no root certificate, no verification below verify-ca
    : {
        rejectUnauthorized: true,
        ...(ca === 'system' ? {} : { ca }),
        // verify-full checks the host name the connection was asked for; every other mode only the chain
        checkServerIdentity: c.sslmode === 'verify-full' ? (_servername, cert) => checkServerIdentity(c.host, cert) : () => undefined,
      };
  const tls: TlsAttempt = { label: 'with TLS', ssl: { ...verify, ...clientCertificate(c) } };
  switch (c.sslmode) {
    case 'allow':
      return [PLAINTEXT, tls];
    case 'prefer':
      return [tls, PLAINTEXT];
    default:
      return [tls];
  }
}

/** The CAs to trust: PEM text, `'system'` for node's default store, or undefined when there is none. */
function rootCertificate(setting: FileSetting, extraCaFile: string | undefined): string | string[] | 'system' | undefined {
  if (setting.path === 'system') return extraCaFile ? [...rootCertificates, read(setting, 'sslrootcert', extraCaFile)!] : 'system'; // `system` is never a default, so read() throws rather than return undefined
  return read(setting, 'sslrootcert');
}

function clientCertificate(c: ResolvedConnection): Pick<ConnectionOptions, 'cert' | 'key'> {
  const cert = read(c.sslcert, 'sslcert');
  if (cert === undefined) {
    if (c.sslkey.source.kind !== 'default') {
      throw new ConnectionSettingError(c.sslkey.source, fieldName(c.sslkey.source, 'sslkey'), `a key is given but no client certificate (no sslcert, and ${c.sslcert.path} does not exist)`, 'set sslcert to the PEM file of the client certificate, or remove sslkey');
    }
    return {};
  }
  checkKeyPermissions(c.sslkey);
  const key = read(c.sslkey, 'sslkey');
  if (key === undefined) {
    throw new ConnectionSettingError(c.sslcert.source, fieldName(c.sslcert.source, 'sslcert'), `a client certificate is given but its key ${c.sslkey.path} does not exist`, 'set sslkey to the PEM file of the certificate\'s private key');
  }
  return { cert, key };
}

/**
 * libpq refuses a private key others can read: 0600 or less when owned by the current user,
 * 0640 or less when owned by root (PostgreSQL docs, libpq "Client Certificates").
 */
function checkKeyPermissions(setting: FileSetting): void {
  let mode: number;
  let uid: number;
  try {
    ({ mode, uid } = statSync(setting.path));
  } catch {
    return; // missing: reported by read()
  }
  const allowed = uid === 0 ? 0o640 : 0o600;
  if ((mode & 0o777 & ~allowed) !== 0) {
    throw new ConnectionSettingError(setting.source, fieldName(setting.source, 'sslkey'), `the private key file ${setting.path} has group or world access (mode ${(mode & 0o777).toString(8)})`,
      `chmod ${uid === 0 ? '0640' : '0600'} ${setting.path}, as libpq requires`);
  }
}

/** The file's text; undefined when a libpq default file does not exist. */
function read(setting: FileSetting, keyword: string, file = setting.path): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if (setting.source.kind === 'default' && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const what = file === setting.path ? file : `${file} (NODE_EXTRA_CA_CERTS)`;
    throw new ConnectionSettingError(setting.source, fieldName(setting.source, keyword), `cannot read ${what}: ${(err as Error).message}`, `point ${keyword} at a readable PEM file`);
  }
}
