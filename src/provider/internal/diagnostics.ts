/**
 * Diagnostics for the provider's resources: plain constructors, and the mapping from a
 * PostgreSQL error (node-postgres `DatabaseError`) to a diagnostic that names the partition, the
 * statement and the server's message/detail/hint, as issue 3 asks.
 */
import { isDatabaseError } from '../../catalog/database-error';
import { DiagnosticError, type AttributePath, type Diagnostic } from '../framework/types';

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

/** What was being done when a statement failed: shown in the diagnostic. */
export interface StatementContext {
  /** Qualified name of the partition (or parent table) the statement works on. */
  readonly object: string;
  /** Short description of the step, e.g. `attach window`. */
  readonly step: string;
  /** The SQL text that failed. */
  readonly statement: string;
  /** The provider's lock_timeout, for the lock-timeout hint. */
  readonly lockTimeoutMs?: number;
}

/**
 * Turns an error thrown while running `ctx.statement` into a DiagnosticError. Server errors keep
 * their message, DETAIL, HINT and SQLSTATE; a lock timeout (SQLSTATE 55P03) says what to do about
 * it. Connection errors keep node's message (which never contains the password).
 */
export function statementFailed(err: unknown, ctx: StatementContext): DiagnosticError {
  if (err instanceof DiagnosticError) return err;
  const lines = [`Statement: ${ctx.statement}`];
  if (isDatabaseError(err)) {
    lines.push(`PostgreSQL: ${err.message} (SQLSTATE ${err.code})`);
    if (err.detail) lines.push(`DETAIL: ${err.detail}`);
    if (err.hint) lines.push(`HINT: ${err.hint}`);
    if (err.code === '55P03') {
      lines.push(
        `Fix: another transaction held a lock on ${ctx.object} for longer than lock_timeout_ms ` +
          `(${ctx.lockTimeoutMs ?? '?'} ms). Nothing was changed by this step; re-run the apply when the ` +
          `long transaction has ended, or raise lock_timeout_ms in the provider block.`,
      );
    }
  } else {
    lines.push(`Error: ${err instanceof Error ? err.message : String(err)}`);
  }
  return new DiagnosticError(error(undefined, `Failed to ${ctx.step} ${ctx.object}`, lines.join('\n')), { cause: err });
}
