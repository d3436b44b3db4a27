/**
 * How every message names a connection target: `user@host:port/database`, never the password.
 * The provider's diagnostics and the CLI's messages use these and nothing else.
 */
import { InvalidConnectionUrlError } from './errors';
import { identity, mergeLayers, type MergedSettings, type ResolvedConnection } from './resolve';

/** What {@link describeUrl} says of a URL that does not parse; it quotes none of the URL. */
export const NOT_A_VALID_URL = 'not a valid connection URL';

/** `user@host:port/database` of resolved settings; an IPv6 host goes in brackets. */
export function describeTarget(c: Pick<ResolvedConnection, 'user' | 'host' | 'database'> & { readonly port: number | string }): string {
  const host = c.host.includes(':') ? `[${c.host}]` : c.host;
  return `${c.user}@${host}:${c.port}/${c.database}`;
}

/**
 * `user@host:port/database` of the URL `text` as libpq reads it, parts it lacks filled in from
 * `env` (PGUSER, PGHOST, PGPORT, PGDATABASE) and libpq's defaults; {@link NOT_A_VALID_URL} when it
 * does not parse. Never throws.
 * @param osUser libpq's default user name. @default os.userInfo().username
 */
export function describeUrl(text: string, env: NodeJS.ProcessEnv = {}, osUser?: string): string {
  let merged: MergedSettings;
  try {
    merged = mergeLayers({ url: { text, name: 'url' }, env });
  } catch (err) {
    if (err instanceof InvalidConnectionUrlError) return NOT_A_VALID_URL;
    throw err;
  }
  return describeTarget(identity(merged.values, osUser));
}
