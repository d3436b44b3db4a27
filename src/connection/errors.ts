/**
 * Errors of connection resolution. Each names where the bad value came from, in the user's terms
 * (a provider attribute, a query parameter of the URL in STAGING_DATABASE_URL, PGSSLMODE), so the
 * provider can point its diagnostic at the attribute and the CLI can name the flag or variable.
 * No message ever holds a password or a URL: values are echoed only for settings that are not secret.
 */

/** Where a setting came from, highest precedence first (see ./resolve.ts). */
export type Source =
  /** An explicit setting: a provider attribute or a CLI option, named as the user writes it. */
  | { readonly kind: 'explicit'; readonly name: string }
  /** The connection URL; `name` is how the user knows it, e.g. `database_url_env (STAGING_DATABASE_URL)`. */
  | { readonly kind: 'url'; readonly name: string }
  /** A libpq environment variable, e.g. `PGSSLMODE`. */
  | { readonly kind: 'env'; readonly name: string }
  /** libpq's default (e.g. `~/.postgresql/root.crt`). */
  | { readonly kind: 'default' };

/** The field a user would look for: `sslmode`, `sslmode in the URL of X`, `PGSSLMODE`, `the default sslrootcert`. */
export function fieldName(source: Source, keyword: string): string {
  switch (source.kind) {
    case 'explicit':
    case 'env':
      return source.name;
    case 'url':
      return `${keyword} in the URL of ${source.name}`;
    case 'default':
      return `the default ${keyword}`;
  }
}

/**
 * A connection setting that cannot be used. `source` says where it came from (undefined when
 * several settings clash and none is to blame alone); the message reads `<field>: <problem>; <fix>`.
 */
export class ConnectionSettingError extends Error {
  /**
   * @param source where the bad value came from
   * @param field the user's name for it, see {@link fieldName}
   * @param problem what is wrong, naming the value unless it may be secret
   * @param fix what to change
   */
  constructor(readonly source: Source | undefined, readonly field: string, readonly problem: string, readonly fix: string) {
    super(`${field}: ${problem}; ${fix}`);
    this.name = 'ConnectionSettingError';
  }
}

/**
 * A connection URL that does not parse. The message is `not a valid connection URL: <reason>`;
 * the reason never quotes any part of the URL (a mangled URL may put the password anywhere).
 */
export class InvalidConnectionUrlError extends ConnectionSettingError {
  /** @param name how the user knows the URL, e.g. `STAGING_DATABASE_URL`; @param reason what is wrong, quoting nothing of the URL */
  constructor(name: string, reason: string) {
    super({ kind: 'url', name }, name, `not a valid connection URL: ${reason}`, 'write it as postgres://USER:PASSWORD@HOST:5432/DATABASE?sslmode=..., percent-encoding any of : / @ ? # % in the user name or password');
    this.name = 'InvalidConnectionUrlError';
  }
}

/**
 * No connection could be opened. The message names the target (`user@host:port/database`, never
 * the password) and the error of every attempt (TLS, then plaintext for `prefer`).
 */
export class ConnectionFailedError extends Error {
  constructor(readonly target: string, readonly attempts: readonly string[], options?: { cause?: unknown }) {
    super(`connecting to ${target} failed: ${attempts.join('; then ')}`, options);
    this.name = 'ConnectionFailedError';
  }
}
