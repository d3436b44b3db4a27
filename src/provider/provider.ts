/**
 * The `pgpartition` provider: connection settings (mirroring `@cdktf/provider-postgresql`'s
 * `PostgresqlProviderConfig`, see ./internal/connection.ts for precedence and fallbacks), the
 * DDL lock timeout, and its resource and data source types. `main.ts` serves it over tfplugin6.
 */
import type { Attributes, ProviderType } from './framework/types';
import { ProviderContext } from './internal/context';
import { DEFAULT_LOCK_RETRIES, DEFAULT_LOCK_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS, SSL_MODES } from './internal/connection';
import { integerAtLeast, oneOf } from './internal/validators';
import { parentTableResource } from './resources/parent-table';
import { windowResource } from './resources/window';
import { partitionsDataSource } from './data-sources/partitions';

export { ProviderContext };

const attributes: Attributes = {
  host: { type: 'string', optional: true, description: 'Server host name or address. Falls back to PGHOST, then `localhost`.' },
  port: { type: 'number', optional: true, validators: [integerAtLeast(1)], description: 'Server port. Falls back to PGPORT, then 5432.' },
  database: { type: 'string', optional: true, description: 'Database name. Falls back to PGDATABASE, then the user name.' },
  username: { type: 'string', optional: true, description: 'Role to connect as. Falls back to PGUSER.' },
  password: { type: 'string', optional: true, sensitive: true, description: 'Password of `username`. Falls back to PGPASSWORD. Never logged or put into state; prefer `database_url_env`.' },
  sslmode: {
    type: 'string',
    optional: true,
    validators: [oneOf(SSL_MODES)],
    description: 'libpq sslmode: `disable`, `allow`, `prefer` (these three connect without TLS: node-postgres cannot fall back), `require` (TLS, server not verified), `verify-ca`, `verify-full`. Falls back to PGSSLMODE, then `disable`.',
  },
  connect_timeout: { type: 'number', optional: true, validators: [integerAtLeast(1)], description: 'Seconds to wait for a connection. Default: no limit.' },
  sslrootcert: { type: 'string', optional: true, description: 'Path of a PEM file with the CA certificates `verify-ca`/`verify-full` trust. Default: the system CAs.' },
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
    description: 'Connection URL `postgres://user:password@host:5432/db?sslmode=require`; wins over the discrete fields. Sensitive: it is kept out of logs and diagnostics, but terraform stores provider config in plans, so prefer `database_url_env`.',
  },
  database_url_env: {
    type: 'string',
    optional: true,
    description: 'NAME of an environment variable holding the connection URL, read when terraform runs (plan/apply), so no secret is written into the configuration. Used when `database_url` is unset. Without either and without discrete fields or PG* variables, DATABASE_URL is used.',
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
    description: `Tries of a DDL step after the first one that timed out waiting for a lock, 250 ms doubling up to 4 s apart. When the last one times out, the error names the session holding the lock (pid, application_name, state, transaction age). Default: ${DEFAULT_LOCK_RETRIES}.`,
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
  resources: [parentTableResource, windowResource],
  dataSources: [partitionsDataSource],
};
