import { fail } from './diagnostics';

/**
 * Parses an import id `<schema>.<name>` (a table's qualified name; the name may contain dots, the
 * schema may not). Throws a DiagnosticError that prints the expected format with `example`, as
 * `terraform import` users need it.
 */
export function parseImportId(id: string, what: string, example: string): { schema: string; name: string } {
  const dot = id.indexOf('.');
  if (dot <= 0 || dot === id.length - 1) {
    fail(undefined, 'Invalid import id', `"${id}" is not <schema>.<name>; import ${what} by its qualified name, e.g. terraform import ${example}`);
  }
  return { schema: id.slice(0, dot), name: id.slice(dot + 1) };
}
