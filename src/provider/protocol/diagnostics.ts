/**
 * Framework diagnostics <-> tfplugin6 `Diagnostic` messages, and thrown errors -> diagnostics.
 */
import { DiagnosticError, type AttributePath, type Diagnostic } from '../framework/types';
import type { Message } from './services';

/** tfplugin6 Diagnostic.Severity */
const ERROR = 1;
const WARNING = 2;

/** tfplugin6 AttributePath: names are attribute steps, numbers list/set indexes. */
export function toAttributePath(path: AttributePath): Message {
  return { steps: path.map((step) => (typeof step === 'number' ? { element_key_int: step } : { attribute_name: step })) };
}

export function toProtoDiagnostic(d: Diagnostic): Message {
  return {
    severity: d.severity === 'error' ? ERROR : WARNING,
    summary: d.summary,
    detail: d.detail,
    ...(d.attribute && d.attribute.length > 0 ? { attribute: toAttributePath(d.attribute) } : {}),
  };
}

/**
 * A thrown value as diagnostics: a {@link DiagnosticError} keeps its own; anything else becomes one
 * error whose summary says what was being done (`summary`) and whose detail is the error message.
 */
export function errorDiagnostics(err: unknown, summary: string): Diagnostic[] {
  if (err instanceof DiagnosticError) return [...err.diagnostics];
  const detail = err instanceof Error ? err.message : String(err);
  return [{ severity: 'error', summary, detail }];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
