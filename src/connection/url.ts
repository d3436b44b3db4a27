/**
 * Parses a connection URL the way libpq does (PostgreSQL docs, libpq "Connection URIs"):
 * `postgresql://[user[:password]@][host][:port][/dbname][?param=value&...]`, `postgres://` too.
 *
 * Splitting follows libpq's own parser: the credentials end at the first `@` that comes before any
 * `/`, so a password may hold `:`, `?` or `#` as written, while `@`, `/` and `%` must be
 * percent-encoded; every part is percent-decoded (`%00` refused); query parameters are libpq key
 * words and override the parts before them (`?host=` beats the host); `ssl=true` means
 * `sslmode=require` (libpq's JDBC compatibility).
 *
 * Where libpq would go on to connect with a mangled URL, this refuses it, so the password cannot
 * land in a host or database name that error messages and logs show: a host holding `@`, a raw `@`
 * in the database name, a port that is not a number, or a string not starting with the scheme and `//` (libpq would read
 * `postgres:/deployer:PW@host/db` as key/value text and echo it in its error). Several hosts
 * (`h1,h2`) are refused too: node-postgres connects to one. No error quotes any part of the URL.
 *
 * Not pg-connection-string, even with its `useLibpqCompat` option: it reads `postgres:/u:PW@h/db`
 * as database `u:PW@h/db`, takes unknown sslmodes (`bogus`) and `allow` as verify-full, has no
 * plaintext fallback for `prefer`, and adds parameters libpq does not know (`ssl=0`, `no-verify`).
 */
import { InvalidConnectionUrlError } from './errors';
import { KEYWORDS, UNSUPPORTED_KEYWORDS, type Keyword } from './keywords';

const PREFIXES = ['postgresql://', 'postgres://'];

/** The settings a URL gives, percent-decoded; absent parts are absent. */
export type UrlSettings = Partial<Record<Keyword, string>>;

/**
 * Parses `text` (see the module doc). `name` is how the user knows the URL (an attribute, a
 * variable); it goes into errors.
 * @throws InvalidConnectionUrlError `<name>: not a valid connection URL: <reason>`, quoting none of `text`
 */
export function parseConnectionUrl(text: string, name: string): UrlSettings {
  const invalid = (reason: string) => new InvalidConnectionUrlError(name, reason);
  const prefix = PREFIXES.find((p) => text.startsWith(p));
  if (!prefix) throw invalid('it does not start with postgresql:// or postgres://');
  const values: UrlSettings = {};
  const store = (key: Keyword, raw: string, part: string) => {
    if (raw !== '') values[key] = decode(raw, part, invalid);
  };
  let rest = text.slice(prefix.length);

  // credentials: up to the first "@" that comes before any "/" (libpq's look-ahead)
  const stop = rest.search(/[@/]/);
  if (stop >= 0 && rest[stop] === '@') {
    const credentials = rest.slice(0, stop);
    const colon = credentials.indexOf(':');
    store('user', colon < 0 ? credentials : credentials.slice(0, colon), 'the user name');
    if (colon >= 0) store('password', credentials.slice(colon + 1), 'the password');
    rest = rest.slice(stop + 1);
  }

  // host and port, up to "/", "?" or the end; a "," would start a second host
  let i = 0;
  let host: string;
  if (rest[0] === '[') {
    const end = rest.indexOf(']');
    if (end < 0) throw invalid('an IPv6 host address has no closing "]"');
    host = rest.slice(1, end);
    if (host === '') throw invalid('the IPv6 host address in "[]" is empty');
    i = end + 1;
    if (i < rest.length && !':/?,'.includes(rest[i])) throw invalid('"]" of the IPv6 host address is followed by something other than ":", "/" or "?"');
  } else {
    while (i < rest.length && !':/?,'.includes(rest[i])) i++;
    host = rest.slice(0, i);
  }
  store('host', host, 'the host');
  if (rest[i] === ':') {
    const start = ++i;
    while (i < rest.length && !'/?,'.includes(rest[i])) i++;
    const port = rest.slice(start, i);
    // checked here, not at connect as libpq does: a mangled URL can put the password where the port goes
    if (port !== '' && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) throw invalid('the port is not a number from 1 to 65535');
    store('port', port, 'the port');
  }
  if (rest[i] === ',') throw invalid('it lists several hosts; pgpartition connects to one host (node-postgres has no host list)');
  if (values.host?.includes('@')) throw invalid('the host holds "@" (a password holding "@" or "/" must be percent-encoded: %40, %2F)');

  if (rest[i] === '/') {
    const start = ++i;
    while (i < rest.length && rest[i] !== '?') i++;
    const dbname = rest.slice(start, i);
    if (dbname.includes('@')) throw invalid('the database name holds a raw "@" (a password holding "@" or "/" must be percent-encoded: %40, %2F)');
    store('dbname', dbname, 'the database name');
  }
  if (rest[i] === '?') parseQuery(rest.slice(i + 1), values, invalid);
  return values;
}

/** libpq's conninfo_uri_parse_params: `key=value` pairs split on `&`, each part percent-decoded. */
function parseQuery(query: string, values: UrlSettings, invalid: (reason: string) => Error): void {
  if (query === '') return;
  query.split('&').forEach((pair, index) => {
    const nth = `query parameter ${index + 1}`; // a position, not the text: a mangled URL may have the password there
    const parts = pair.split('=');
    if (parts.length < 2) throw invalid(`${nth} has no "="`);
    if (parts.length > 2) throw invalid(`${nth} has more than one "=" (percent-encode "=" in a value as %3D)`);
    let key = decode(parts[0], nth, invalid);
    let value = decode(parts[1], nth, invalid);
    if (key === 'ssl' && value === 'true') [key, value] = ['sslmode', 'require']; // libpq's JDBC compatibility
    if (UNSUPPORTED_KEYWORDS.includes(key)) throw invalid(`${nth}, ${key}, is a libpq parameter pgpartition cannot honour (node-postgres has no equivalent); remove it`);
    if (!(KEYWORDS as readonly string[]).includes(key)) throw invalid(`${nth} is not a libpq connection parameter (known: ${KEYWORDS.join(', ')})`);
    if (value !== '') values[key as Keyword] = value;
  });
}

/** libpq's conninfo_uri_decode: `%XX` to bytes, read as UTF-8; a stray `%` or `%00` is an error. */
function decode(raw: string, part: string, invalid: (reason: string) => Error): string {
  if (!raw.includes('%')) return raw;
  const bytes: Buffer[] = [];
  for (let i = 0; i < raw.length; ) {
    const next = raw.indexOf('%', i);
    bytes.push(Buffer.from(raw.slice(i, next < 0 ? raw.length : next), 'utf8'));
    if (next < 0) break;
    const hex = raw.slice(next + 1, next + 3);
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw invalid(`${part} has a "%" not followed by two hex digits (write a literal "%" as %25)`);
    if (hex === '00') throw invalid(`${part} holds %00, which libpq forbids`);
    bytes.push(Buffer.from([parseInt(hex, 16)]));
    i = next + 3;
  }
  return Buffer.concat(bytes).toString('utf8');
}
