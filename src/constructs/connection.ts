/**
 * Connection settings for the pgpartition provider, in the object shape of
 * `@cdktf/provider-postgresql`'s `PostgresqlProviderConfig`, so one config object serves both
 * providers. No secret is ever written into `cdk.tf.json`: name the environment variable that
 * holds the URL (`databaseUrlEnv`; the provider reads it at plan/apply time), or pass tokens
 * (e.g. a sensitive `TerraformVariable`) for `password` / `databaseUrl`.
 */
import type { PostgresqlProviderConfig } from '@cdktf/provider-postgresql/lib/provider';
import { Token } from 'cdktf';
import type { Construct } from 'constructs';
import { PgpartitionProvider, type PgpartitionProviderConfig } from './.gen/providers/pgpartition/provider';
import { lockProviderAtSynth } from './provider-lock';

/** `PostgresqlProviderConfig` plus the pgpartition provider's own settings. */
export interface PgpartitionConnectionConfig extends PostgresqlProviderConfig {
  /**
   * Name of the environment variable holding a libpq URL (`postgres://user:pass@host:5432/db`),
   * read by the provider when terraform starts it. Preferred: keeps the secret out of the config.
   * @default - not used; the discrete fields, then libpq's PG* variables, then DATABASE_URL
   */
  readonly databaseUrlEnv?: string;
  /** A libpq URL. Must be a token (e.g. a sensitive TerraformVariable), never a literal. @default - not used */
  readonly databaseUrl?: string;
  /** `lock_timeout` for every DDL step, in milliseconds. @default 5000 (the provider's default) */
  readonly lockTimeoutMs?: number;
}

/** Authentication schemes of the postgresql provider that pgpartition cannot honour. */
const UNSUPPORTED: readonly (keyof PostgresqlProviderConfig)[] = [
  'awsRdsIamAuth', 'awsRdsIamProfile', 'awsRdsIamProviderRoleArn', 'awsRdsIamRegion',
  'azureIdentityAuth', 'azureTenantId', 'gcpIamImpersonateServiceAccount',
];

/** Fields that carry a secret: a literal value would land in `cdk.tf.json`. */
const SECRETS = ['password', 'databaseUrl'] as const;

/**
 * Maps a `PostgresqlProviderConfig`-shaped object to the pgpartition provider's config.
 * `sslMode` and `sslmode` are the same setting (the postgresql provider accepts both);
 * `clientcert: { cert, key }` (file paths) becomes the provider's `sslcert`/`sslkey`.
 * `databaseUsername`, `expectedVersion` and `superuser` have no meaning here and are ignored.
 * Throws an Error naming the field when a setting cannot be honoured (cloud IAM auth, inline
 * client certificates, a scheme other than `postgres`) or a secret is a literal.
 */
export function toProviderConfig(config: PgpartitionConnectionConfig): PgpartitionProviderConfig {
  for (const field of UNSUPPORTED) {
    if (config[field] !== undefined) {
      throw new Error(`connection.${field}: the pgpartition provider does not support this authentication setting; connect with a password or a URL in databaseUrlEnv`);
    }
  }
  if (config.scheme !== undefined && config.scheme !== 'postgres') {
    throw new Error(`connection.scheme: "${config.scheme}" is not supported; omit scheme or set it to "postgres"`);
  }
  if (config.clientcert?.sslinline !== undefined && config.clientcert.sslinline !== false) {
    // inline, the private key itself would be written into cdk.tf.json
    throw new Error('connection.clientcert.sslinline: inline certificates are not supported; write the certificate and key to files and give their paths in clientcert.cert and clientcert.key');
  }
  for (const field of SECRETS) {
    const value = config[field];
    if (value !== undefined && !Token.isUnresolved(value)) {
      throw new Error(`connection.${field}: a literal would be written into cdk.tf.json; set databaseUrlEnv to the name of an environment variable holding the URL, or pass a sensitive TerraformVariable's value`);
    }
  }
  return {
    alias: config.alias,
    host: config.host,
    port: config.port,
    database: config.database,
    username: config.username,
    password: config.password,
    sslmode: config.sslmode ?? config.sslMode,
    sslrootcert: config.sslrootcert,
    sslcert: config.clientcert?.cert,
    sslkey: config.clientcert?.key,
    connectTimeout: config.connectTimeout,
    maxConnections: config.maxConnections,
    databaseUrl: config.databaseUrl,
    databaseUrlEnv: config.databaseUrlEnv,
    lockTimeoutMs: config.lockTimeoutMs,
  };
}

/**
 * Declares the pgpartition provider in `scope` from a `PostgresqlProviderConfig`-shaped object (see
 * {@link toProviderConfig}), and gives the stack the provider's lock file entry at synth, so plain
 * `cdktf diff` and `cdktf deploy` work offline (see ./provider-lock.ts).
 */
export function pgpartitionProvider(scope: Construct, id: string, config: PgpartitionConnectionConfig): PgpartitionProvider {
  const provider = new PgpartitionProvider(scope, id, toProviderConfig(config));
  lockProviderAtSynth(provider);
  return provider;
}
