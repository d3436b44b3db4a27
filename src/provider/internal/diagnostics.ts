/**
 * Diagnostics for the provider's resources: plain constructors, and the mapping from a
 * PostgreSQL error (node-postgres `DatabaseError`) to a diagnostic that names the partition, the
 * statement and the server's message/detail/hint, as issue 3 asks.
 */
import { isDatabaseError } from '../../catalog/database-error';
import { DiagnosticError, type AttributePath, type Diagnostic } from '../framework/types';

export { isDatabaseError }; // one rule for the provider and the catalog (src/catalog/database-error.ts)

/** An error diagnostic; `detail` says what happened and how to fix it. */
export function error(attribute: AttributePath | undefined, summary: string, detail: string): Diagnostic {
  return { severity: 'error', summary, detail, ...(attribute ? { attribute } : {}) };
}

/** A warning diagnostic (shown in the plan, does not stop it). */
export function warning(attribute: AttributePath | undefined, summary: string, detail: string): Diagnostic {
  return { severity: 'warning', summary, detail, ...(attribute ? { attribute } : {}) };
}

/** Throws one error diagnostic. */
export function fail(attribute: AttributePath | undefined, summary: string, detail: string): never {
  throw new DiagnosticError(error(attribute, summary, detail));
}

/**
 * True for a failure of the connection itself rather than of a statement: node's socket errors
 * (`ECONNREFUSED`, `ECONNRESET`, `ETIMEDOUT`, ...) and node-postgres' own ("Connection terminated
 * unexpectedly", "timeout expired", a query on an ended client).
 */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error) || isDatabaseError(err)) return false;
  const code = (err as { code?: unknown }).code;
  return (typeof code === 'string' && /^E[A-Z]+$/.test(code)) || /connection|terminated|timeout expired|not queryable|Client has encountered/i.test(err.message);
}

/** What was being done when a statement failed: shown in the diagnostic. */
export interface StatementContext {
  /** Qualified name of the partition (or parent table) the statement works on. */
  readonly object: string;
  /** Short description of the step, e.g. `attach window`. */
  readonly step: string;
  /** The SQL text that failed (`(connecting)` when no connection could be had). */
  readonly statement: string;
  /** The provider's lock_timeout, for the lock-timeout hint. */
  readonly lockTimeoutMs?: number;
  /** `user@host:port/database` (never the password), for connection errors. */
  readonly target?: string;
  /** The object's state when this step fails and what the next deploy does; default: the step changed nothing. */
  readonly ifItFails?: string;
}

/**
 * Turns an error thrown while running `ctx.statement` into a DiagnosticError. Server errors keep
 * their message, DETAIL, HINT and SQLSTATE; a lock timeout (SQLSTATE 55P03) says what to do about
 * it; a connection error (server down, connection lost) says so with the target. Every message says
 * what state the object is in (`ifItFails`). Connection errors keep node's message, which never
 * contains the password.
 */
export function statementFailed(err: unknown, ctx: StatementContext): DiagnosticError {
  if (err instanceof DiagnosticError) return err;
  const lines = ctx.statement.startsWith('(') ? [] : [`Statement: ${ctx.statement}`]; // '(connecting)', '(catalog read)': no SQL of ours to show
  const state = ctx.ifItFails ?? 'The step\'s own transaction was rolled back, so it changed nothing.';
  if (isDatabaseError(err)) {
    lines.push(`PostgreSQL: ${err.message} (SQLSTATE ${err.code})`);
    if (err.detail) lines.push(`DETAIL: ${err.detail}`);
    if (err.hint) lines.push(`HINT: ${err.hint}`);
    lines.push(state);
    if (err.code === '55P03') {
      lines.push(`Fix: another transaction held a lock on ${ctx.object} for longer than lock_timeout_ms (${ctx.lockTimeoutMs ?? '?'} ms). ` +
        'Deploy again when the long transaction has ended, or raise lock_timeout_ms in the provider block.');
    }
    if (/^(57P01|57P02|57P03|08)/.test(err.code ?? '')) lines.push('The server went away. Deploy again once it is back: every step is safe to re-run.');
  } else if (isConnectionError(err)) {
    lines.push(`Lost the connection to ${ctx.target ?? 'the database'} (or could not open one): ${(err as Error).message}.`, state,
      'Fix: check that the server is up and reachable, then deploy again: every step is safe to re-run.');
  } else {
    lines.push(`Error: ${err instanceof Error ? err.message : String(err)}`, state);
  }
  return new DiagnosticError(error(undefined, `Failed to ${ctx.step} ${ctx.object}`, lines.join('\n')), { cause: err });
}
