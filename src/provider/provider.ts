/**
 * The `pgpartition` provider: connection settings (mirroring `@cdktf/provider-postgresql`'s
 * `PostgresqlProviderConfig`, see ./internal/connection.ts for precedence and fallbacks), the
 * DDL lock timeout, and its resource and data source types. `main.ts` serves it over tfplugin6.
 */
import type { Attributes, ProviderType } from './framework/types';
import { ProviderContext } from './internal/context';
import { SSL_MODES } from '../connection/keywords';
import { DEFAULT_LOCK_RETRIES, DEFAULT_LOCK_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS } from './internal/connection';
import { integerAtLeast, oneOf } from './internal/validators';
import { parentTableResource } from './resources/parent-table';
import { windowResource } from './resources/window';
import { windowSetResource } from './resources/window-set';
import { partitionsDataSource } from './data-sources/partitions';

export { ProviderContext };

const attributes: Attributes = {
  host: { type: 'string', optional: true, description: 'Server host name, IP address, or Unix-domain socket directory. Wins over the URL\'s host; falls back to PGHOST, then `localhost`.' },
  port: { type: 'number', optional: true, validators: [integerAtLeast(1)], description: 'Server port. Wins over the URL\'s port; falls back to PGPORT, then 5432.' },
  database: { type: 'string', optional: true, description: 'Database name. Wins over the URL\'s; falls back to PGDATABASE, then the user name.' },
  username: { type: 'string', optional: true, description: 'Role to connect as. Wins over the URL\'s user; falls back to PGUSER, then the OS user.' },
  password: { type: 'string', optional: true, sensitive: true, description: 'Password of `username`. Wins over the URL\'s; falls back to PGPASSWORD, then ~/.pgpass. Never logged or put into state; prefer `database_url_env`.' },
  sslmode: {
    type: 'string',
    optional: true,
    validators: [oneOf(SSL_MODES)],
    description: 'libpq sslmode: `disable`, `allow` (plaintext, then TLS), `prefer` (TLS, then plaintext; the default), `require` (TLS; the certificate is verified only when a root certificate is given), `verify-ca`, `verify-full`. Wins over the URL\'s `sslmode`; falls back to PGSSLMODE, then `prefer` (`verify-full` with `sslrootcert = "system"`). `allow`/`prefer` decide once per provider process, when it first connects.',
  },
  connect_timeout: { type: 'number', optional: true, validators: [integerAtLeast(1)], description: 'Seconds to wait for a connection (libpq: at least 2). Falls back to the URL\'s, then PGCONNECT_TIMEOUT; default: no limit.' },
  sslrootcert: { type: 'string', optional: true, description: 'PEM file of the CA certificates the server\'s certificate is verified against, or `system` for node\'s CA roots (plus NODE_EXTRA_CA_CERTS; needs verify-full). Falls back to the URL\'s, PGSSLROOTCERT, then ~/.postgresql/root.crt when it exists.' },
  sslcert: { type: 'string', optional: true, description: 'PEM file of a client certificate offered on TLS connections (pg_hba.conf `cert` authentication). Falls back to the URL\'s, PGSSLCERT, then ~/.postgresql/postgresql.crt when it exists.' },
  sslkey: { type: 'string', optional: true, description: 'PEM file of the client certificate\'s private key; readable by its owner only (0600), as libpq requires. Falls back to the URL\'s, PGSSLKEY, then ~/.postgresql/postgresql.key.' },
  max_connections: {
    type: 'number',
    optional: true,
    validators: [integerAtLeast(1)],
    description: `Connections the provider process opens at most (window builds run in parallel on them). Default: ${DEFAULT_MAX_CONNECTIONS}.`,
  },
  database_url: {
    type: 'string',
    optional: true,
    sensitive: true,
    description: 'libpq connection URL `postgres://user:password@host:5432/db?sslmode=require`. The attributes above win over its parts and query parameters; it wins over PG* variables. Sensitive: it is kept out of logs and diagnostics, but terraform stores provider config in plans, so prefer `database_url_env`.',
  },
  database_url_env: {
    type: 'string',
    optional: true,
    description: 'NAME of an environment variable holding the connection URL, read when terraform runs (plan/apply), so no secret is written into the configuration. Used when `database_url` is unset. Without either and without host/port/database/username/password or their PG* variables, DATABASE_URL is used.',
  },
  lock_timeout_ms: {
    type: 'number',
    optional: true,
    validators: [integerAtLeast(1)],
    description: `lock_timeout of each try of a DDL step, in milliseconds: a try waiting longer for a lock (behind a long transaction) gives up and changes nothing, instead of queueing production traffic behind it; lock_retries more tries follow. Default: ${DEFAULT_LOCK_TIMEOUT_MS}.`,
  },
  lock_retries: {
    type: 'number',
    optional: true,
    validators: [integerAtLeast(0)],
    description: `Tries of a DDL step after the first one that timed out waiting for a lock, 250 ms apart, doubling each time up to 8 s (with the default 5 retries: 250 ms, 0.5, 1, 2 and 4 s). When the last one times out, the error names the session holding the lock (pid, application_name, state, transaction age). Default: ${DEFAULT_LOCK_RETRIES}.`,
  },
};

export const provider: ProviderType<ProviderContext> = {
  typeName: 'pgpartition',
  attributes,
  async configure(config) {
    const ctx = new ProviderContext(config);
    ctx.warmUp();
    return ctx;
  },
  async close(ctx) {
    await ctx?.close();
  },
  resources: [parentTableResource, windowResource, windowSetResource],
  dataSources: [partitionsDataSource],
};
