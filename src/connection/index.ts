/**
 * Connection settings as libpq defines them, shared by the provider and the CLI (no cdktf, no
 * terraform): parse a URL (./url.ts), resolve settings with one precedence rule (./resolve.ts),
 * describe a target without its password (./describe.ts), turn sslmode into connection attempts
 * (./tls.ts) and open a pool with libpq's TLS fallback (./open.ts).
 */
export * from './errors';
export * from './keywords';
export { parseConnectionUrl, type UrlSettings } from './url';
export { resolveConnection, mergeLayers, identity, type ConnectionInput, type ExplicitSetting, type FileSetting, type MergedSettings, type ResolvedConnection } from './resolve';
export { describeTarget, describeUrl, NOT_A_VALID_URL } from './describe';
export { tlsAttempts, type TlsAttempt } from './tls';
export { openPool, type OpenPoolOptions, type OpenedPool } from './open';
