/**
 * The libpq connection parameters pgpartition honours, their environment variables, and the
 * libpq parameters it knows but cannot honour (PostgreSQL docs, libpq "Parameter Key Words" and
 * "Environment Variables").
 */

/** Parameters honoured, by their libpq key words. */
export const KEYWORDS = [
  'host', 'port', 'dbname', 'user', 'password',
  'sslmode', 'sslrootcert', 'sslcert', 'sslkey',
  'connect_timeout', 'application_name', 'options',
] as const;
export type Keyword = (typeof KEYWORDS)[number];

/** libpq's environment variable for each parameter. */
export const ENV_VARIABLES: { readonly [K in Keyword]: string } = {
  host: 'PGHOST',
  port: 'PGPORT',
  dbname: 'PGDATABASE',
  user: 'PGUSER',
  password: 'PGPASSWORD',
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  application_name: 'PGAPPNAME',
  options: 'PGOPTIONS',
};

/** libpq's `sslmode` values, weakest first (PostgreSQL docs, libpq "SSL Support", "SSL Mode Descriptions"). */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/**
 * libpq parameters a URL may carry that node-postgres cannot honour. A URL naming one is refused
 * rather than connected without it: dropping `channel_binding=require` or `sslcrl` would silently
 * weaken the connection, and `target_session_attrs` would silently pick another server.
 */
export const UNSUPPORTED_KEYWORDS: readonly string[] = [
  'hostaddr', 'passfile', 'channel_binding', 'client_encoding', 'fallback_application_name',
  'keepalives', 'keepalives_idle', 'keepalives_interval', 'keepalives_count', 'tcp_user_timeout',
  'replication', 'gssencmode', 'gsslib', 'gssdelegation', 'krbsrvname', 'sslpassword', 'sslcertmode',
  'sslcompression', 'sslcrl', 'sslcrldir', 'sslsni', 'sslnegotiation', 'ssl_min_protocol_version',
  'ssl_max_protocol_version', 'requirepeer', 'require_auth', 'service', 'target_session_attrs',
  'load_balance_hosts', 'min_protocol_version', 'max_protocol_version', 'oauth_issuer', 'oauth_client_id',
  'oauth_client_secret', 'oauth_scope',
];
