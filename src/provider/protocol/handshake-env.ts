/**
 * The environment of a provider process: what terraform sets when it starts one (go-plugin's magic
 * cookie and protocol versions), and the socket variable of a process `pgpartition plan|apply|deploy`
 * start themselves. Kept apart from ./serve.ts so the CLI can start a provider without loading gRPC.
 */

/** go-plugin's magic cookie for Terraform providers (terraform's internal/plugin6 HandshakeConfig). */
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
/** The tfplugin protocol version the provider speaks (the handshake line's fourth field). */
export const APP_PROTOCOL_VERSION = 6;

/** The environment terraform gives a provider it starts: a process started otherwise needs it too. */
export const HANDSHAKE_ENV: Readonly<Record<string, string>> = { [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: String(APP_PROTOCOL_VERSION) };

/**
 * Set by `pgpartition plan|apply|deploy`, which start the provider once and hand it to terraform
 * (TF_REATTACH_PROVIDERS): the path of a unix socket, in a directory only this user can enter, to
 * listen on instead of a TCP port. Terraform gives a reattached provider no TLS, so the socket's
 * directory is what keeps other users out.
 */
export const SOCKET_VARIABLE = 'PGPARTITION_PROVIDER_SOCKET';
