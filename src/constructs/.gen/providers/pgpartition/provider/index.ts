// https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface PgpartitionProviderConfig {
  /**
  * Seconds to wait for a connection (libpq: at least 2). Falls back to the URL's, then PGCONNECT_TIMEOUT; default: no limit.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs#connect_timeout PgpartitionProvider#connect_timeout}
  */
  readonly connectTimeout?: number;
  /**
  * Database name. Wins over the URL's; falls back to PGDATABASE, then the user name.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs#database PgpartitionProvider#database}
  */
  readonly database?: string;
  /**
  * libpq connection URL `postgres://user:password@host:5432/db?sslmode=require`. The attributes above win over its parts and query parameters; it wins over PG* variables. Sensitive: it is kept out of logs and diagnostics, but terraform stores provider config in plans, so prefer `database_url_env`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs#database_url PgpartitionProvider#database_url}
  */
  readonly databaseUrl?: string;
  /**
  * NAME of an environment variable holding the connection URL, read when terraform runs (plan/apply), so no secret is written into the configuration. Used when `database_url` is unset. Without either and without host/port/database/username/password or their PG* variables, DATABASE_URL is used.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs#database_url_env PgpartitionProvider#database_url_env}
  */
  readonly databaseUrlEnv?: string;
  /**
  * Server host name, IP address, or Unix-domain socket directory. Wins over the URL's host; falls back to PGHOST, then `localhost`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs#host PgpartitionProvider#host}
  */
  readonly host?: string;
  /**
  * Tries of a DDL step after the first one that timed out waiting for a lock, 250 ms apart, doubling each time up to 8 s (with the default 5 retries: 250 ms, 0.5, 1, 2 and 4 s). When the last one times out, the error names the session holding the lock (pid, application_name, state, transaction age). Default: 5.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs#lock_retries PgpartitionProvider#lock_retries}
  */
  readonly lockRetries?: number;
  /**
  * lock_timeout of each try of a DDL step, in milliseconds: a try waiting longer for a lock (behind a long transaction) gives up and changes nothing, instead of queueing production traffic behind it; lock_retries more tries follow. Default: 1000.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs#lock_timeout_ms PgpartitionProvider#lock_timeout_ms}
  */
  readonly lockTimeoutMs?: number;
  /**
  * Connections the provider process opens at most (window builds run in parallel on them). Default: 2.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs#max_connections PgpartitionProvider#max_connections}
  */
  readonly maxConnections?: number;
  /**
  * Password of `username`. Wins over the URL's; falls back to PGPASSWORD, then ~/.pgpass. Never logged or put into state; prefer `database_url_env`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs#password PgpartitionProvider#password}
  */
  readonly password?: string;
  /**
  * Server port. Wins over the URL's port; falls back to PGPORT, then 5432.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs#port PgpartitionProvider#port}
  */
  readonly port?: number;
  /**
  * PEM file of a client certificate offered on TLS connections (pg_hba.conf `cert` authentication). Falls back to the URL's, PGSSLCERT, then ~/.postgresql/postgresql.crt when it exists.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs#sslcert PgpartitionProvider#sslcert}
  */
  readonly sslcert?: string;
  /**
  * PEM file of the client certificate's private key; readable by its owner only (0600), as libpq requires. Falls back to the URL's, PGSSLKEY, then ~/.postgresql/postgresql.key.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs#sslkey PgpartitionProvider#sslkey}
  */
  readonly sslkey?: string;
  /**
  * libpq sslmode: `disable`, `allow` (plaintext, then TLS), `prefer` (TLS, then plaintext; the default), `require` (TLS; the certificate is verified only when a root certificate is given), `verify-ca`, `verify-full`. Wins over the URL's `sslmode`; falls back to PGSSLMODE, then `prefer` (`verify-full` with `sslrootcert = "system"`). `allow`/`prefer` decide once per provider process, when it first connects.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs#sslmode PgpartitionProvider#sslmode}
  */
  readonly sslmode?: string;
  /**
  * PEM file of the CA certificates the server's certificate is verified against, or `system` for node's CA roots (plus NODE_EXTRA_CA_CERTS; needs verify-full). Falls back to the URL's, PGSSLROOTCERT, then ~/.postgresql/root.crt when it exists.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs#sslrootcert PgpartitionProvider#sslrootcert}
  */
  readonly sslrootcert?: string;
  /**
  * Role to connect as. Wins over the URL's user; falls back to PGUSER, then the OS user.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs#username PgpartitionProvider#username}
  */
  readonly username?: string;
  /**
  * Alias name
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs#alias PgpartitionProvider#alias}
  */
  readonly alias?: string;
}

/**
* Represents a {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs pgpartition}
*/
export class PgpartitionProvider extends cdktf.TerraformProvider {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "pgpartition";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a PgpartitionProvider resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the PgpartitionProvider to import
  * @param importFromId The id of the existing PgpartitionProvider that should be imported. Refer to the {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the PgpartitionProvider to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "pgpartition", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/pgpartition/pgpartition/0.1.0/docs pgpartition} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options PgpartitionProviderConfig = {}
  */
  public constructor(scope: Construct, id: string, config: PgpartitionProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'pgpartition',
      terraformGeneratorMetadata: {
        providerName: 'pgpartition',
        providerVersion: '0.1.0',
        providerVersionConstraint: '0.1.0'
      },
      terraformProviderSource: 'pgpartition/pgpartition'
    });
    this._connectTimeout = config.connectTimeout;
    this._database = config.database;
    this._databaseUrl = config.databaseUrl;
    this._databaseUrlEnv = config.databaseUrlEnv;
    this._host = config.host;
    this._lockRetries = config.lockRetries;
    this._lockTimeoutMs = config.lockTimeoutMs;
    this._maxConnections = config.maxConnections;
    this._password = config.password;
    this._port = config.port;
    this._sslcert = config.sslcert;
    this._sslkey = config.sslkey;
    this._sslmode = config.sslmode;
    this._sslrootcert = config.sslrootcert;
    this._username = config.username;
    this._alias = config.alias;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // connect_timeout - computed: false, optional: true, required: false
  private _connectTimeout?: number; 
  public get connectTimeout() {
    return this._connectTimeout;
  }
  public set connectTimeout(value: number | undefined) {
    this._connectTimeout = value;
  }
  public resetConnectTimeout() {
    this._connectTimeout = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get connectTimeoutInput() {
    return this._connectTimeout;
  }

  // database - computed: false, optional: true, required: false
  private _database?: string; 
  public get database() {
    return this._database;
  }
  public set database(value: string | undefined) {
    this._database = value;
  }
  public resetDatabase() {
    this._database = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get databaseInput() {
    return this._database;
  }

  // database_url - computed: false, optional: true, required: false
  private _databaseUrl?: string; 
  public get databaseUrl() {
    return this._databaseUrl;
  }
  public set databaseUrl(value: string | undefined) {
    this._databaseUrl = value;
  }
  public resetDatabaseUrl() {
    this._databaseUrl = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get databaseUrlInput() {
    return this._databaseUrl;
  }

  // database_url_env - computed: false, optional: true, required: false
  private _databaseUrlEnv?: string; 
  public get databaseUrlEnv() {
    return this._databaseUrlEnv;
  }
  public set databaseUrlEnv(value: string | undefined) {
    this._databaseUrlEnv = value;
  }
  public resetDatabaseUrlEnv() {
    this._databaseUrlEnv = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get databaseUrlEnvInput() {
    return this._databaseUrlEnv;
  }

  // host - computed: false, optional: true, required: false
  private _host?: string; 
  public get host() {
    return this._host;
  }
  public set host(value: string | undefined) {
    this._host = value;
  }
  public resetHost() {
    this._host = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get hostInput() {
    return this._host;
  }

  // lock_retries - computed: false, optional: true, required: false
  private _lockRetries?: number; 
  public get lockRetries() {
    return this._lockRetries;
  }
  public set lockRetries(value: number | undefined) {
    this._lockRetries = value;
  }
  public resetLockRetries() {
    this._lockRetries = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get lockRetriesInput() {
    return this._lockRetries;
  }

  // lock_timeout_ms - computed: false, optional: true, required: false
  private _lockTimeoutMs?: number; 
  public get lockTimeoutMs() {
    return this._lockTimeoutMs;
  }
  public set lockTimeoutMs(value: number | undefined) {
    this._lockTimeoutMs = value;
  }
  public resetLockTimeoutMs() {
    this._lockTimeoutMs = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get lockTimeoutMsInput() {
    return this._lockTimeoutMs;
  }

  // max_connections - computed: false, optional: true, required: false
  private _maxConnections?: number; 
  public get maxConnections() {
    return this._maxConnections;
  }
  public set maxConnections(value: number | undefined) {
    this._maxConnections = value;
  }
  public resetMaxConnections() {
    this._maxConnections = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get maxConnectionsInput() {
    return this._maxConnections;
  }

  // password - computed: false, optional: true, required: false
  private _password?: string; 
  public get password() {
    return this._password;
  }
  public set password(value: string | undefined) {
    this._password = value;
  }
  public resetPassword() {
    this._password = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get passwordInput() {
    return this._password;
  }

  // port - computed: false, optional: true, required: false
  private _port?: number; 
  public get port() {
    return this._port;
  }
  public set port(value: number | undefined) {
    this._port = value;
  }
  public resetPort() {
    this._port = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get portInput() {
    return this._port;
  }

  // sslcert - computed: false, optional: true, required: false
  private _sslcert?: string; 
  public get sslcert() {
    return this._sslcert;
  }
  public set sslcert(value: string | undefined) {
    this._sslcert = value;
  }
  public resetSslcert() {
    this._sslcert = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sslcertInput() {
    return this._sslcert;
  }

  // sslkey - computed: false, optional: true, required: false
  private _sslkey?: string; 
  public get sslkey() {
    return this._sslkey;
  }
  public set sslkey(value: string | undefined) {
    this._sslkey = value;
  }
  public resetSslkey() {
    this._sslkey = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sslkeyInput() {
    return this._sslkey;
  }

  // sslmode - computed: false, optional: true, required: false
  private _sslmode?: string; 
  public get sslmode() {
    return this._sslmode;
  }
  public set sslmode(value: string | undefined) {
    this._sslmode = value;
  }
  public resetSslmode() {
    this._sslmode = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sslmodeInput() {
    return this._sslmode;
  }

  // sslrootcert - computed: false, optional: true, required: false
  private _sslrootcert?: string; 
  public get sslrootcert() {
    return this._sslrootcert;
  }
  public set sslrootcert(value: string | undefined) {
    this._sslrootcert = value;
  }
  public resetSslrootcert() {
    this._sslrootcert = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sslrootcertInput() {
    return this._sslrootcert;
  }

  // username - computed: false, optional: true, required: false
  private _username?: string; 
  public get username() {
    return this._username;
  }
  public set username(value: string | undefined) {
    this._username = value;
  }
  public resetUsername() {
    this._username = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get usernameInput() {
    return this._username;
  }

  // alias - computed: false, optional: true, required: false
  private _alias?: string; 
  public get alias() {
    return this._alias;
  }
  public set alias(value: string | undefined) {
    this._alias = value;
  }
  public resetAlias() {
    this._alias = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get aliasInput() {
    return this._alias;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      connect_timeout: cdktf.numberToTerraform(this._connectTimeout),
      database: cdktf.stringToTerraform(this._database),
      database_url: cdktf.stringToTerraform(this._databaseUrl),
      database_url_env: cdktf.stringToTerraform(this._databaseUrlEnv),
      host: cdktf.stringToTerraform(this._host),
      lock_retries: cdktf.numberToTerraform(this._lockRetries),
      lock_timeout_ms: cdktf.numberToTerraform(this._lockTimeoutMs),
      max_connections: cdktf.numberToTerraform(this._maxConnections),
      password: cdktf.stringToTerraform(this._password),
      port: cdktf.numberToTerraform(this._port),
      sslcert: cdktf.stringToTerraform(this._sslcert),
      sslkey: cdktf.stringToTerraform(this._sslkey),
      sslmode: cdktf.stringToTerraform(this._sslmode),
      sslrootcert: cdktf.stringToTerraform(this._sslrootcert),
      username: cdktf.stringToTerraform(this._username),
      alias: cdktf.stringToTerraform(this._alias),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      connect_timeout: {
        value: cdktf.numberToHclTerraform(this._connectTimeout),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      database: {
        value: cdktf.stringToHclTerraform(this._database),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      database_url: {
        value: cdktf.stringToHclTerraform(this._databaseUrl),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      database_url_env: {
        value: cdktf.stringToHclTerraform(this._databaseUrlEnv),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      host: {
        value: cdktf.stringToHclTerraform(this._host),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      lock_retries: {
        value: cdktf.numberToHclTerraform(this._lockRetries),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      lock_timeout_ms: {
        value: cdktf.numberToHclTerraform(this._lockTimeoutMs),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      max_connections: {
        value: cdktf.numberToHclTerraform(this._maxConnections),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      password: {
        value: cdktf.stringToHclTerraform(this._password),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      port: {
        value: cdktf.numberToHclTerraform(this._port),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      sslcert: {
        value: cdktf.stringToHclTerraform(this._sslcert),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      sslkey: {
        value: cdktf.stringToHclTerraform(this._sslkey),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      sslmode: {
        value: cdktf.stringToHclTerraform(this._sslmode),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      sslrootcert: {
        value: cdktf.stringToHclTerraform(this._sslrootcert),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      username: {
        value: cdktf.stringToHclTerraform(this._username),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      alias: {
        value: cdktf.stringToHclTerraform(this._alias),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
