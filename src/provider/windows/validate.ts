/**
 * Configuration checks of one window, as `terraform validate` runs them (values may be unknown or
 * null): bounds in the canonical text of the range type, a non-empty range, a retention for a mode
 * that retires, a list column for sub-partitions, and the core's name and list-value rules (see
 * ../internal/hcl-checks.ts). Shared by `pgpartition_window` (attributes at the top) and the windows
 * of `pgpartition_window_set` (the same attributes per map element).
 */
import { canonicalBound, type RangeColumnType } from '../../core';
import type { AttributePath, Diagnostic, Model, Value } from '../framework/types';
import { error } from '../internal/diagnostics';
import { windowDiagnostics } from '../internal/hcl-checks';

const RANGE_TYPES: readonly RangeColumnType[] = ['timestamptz', 'timestamp', 'date'];

/**
 * Diagnostics for a window-shaped config (`from`, `to`, `range_type`, `retention`,
 * `retention_mode`, `list_column`, `sub_partitions`, `default_sub_partition`, `name`, `schema`).
 * `at` prefixes every attribute path (e.g. `['windows', '<name>']`).
 */
export function windowConfigDiagnostics(config: Model, at: AttributePath = []): Diagnostic[] {
  const diags: Diagnostic[] = [];
  const type = config.range_type as Value;
  for (const key of ['from', 'to'] as const) {
    const v = config[key] as Value;
    if (typeof v !== 'string' || typeof type !== 'string' || !RANGE_TYPES.includes(type as RangeColumnType)) continue;
    try {
      canonicalBound(v, type as RangeColumnType);
    } catch (err) {
      diags.push(error([key], `Invalid ${key} bound`, (err as Error).message));
    }
  }
  if (typeof config.from === 'string' && typeof config.to === 'string' && diags.length === 0 && config.from >= config.to) {
    diags.push(error(['to'], 'Empty window', `to (${config.to}) must be later than from (${config.from}).`));
  }
  const mode = config.retention_mode as Value;
  if ((mode === 'drop' || mode === 'detach') && config.retention === null) {
    diags.push(error(['retention'], 'retention_mode needs a retention', `retention_mode "${mode}" retires the window only after its retention; set retention (e.g. "12 weeks") or retention_mode = "keep".`));
  }
  const subs = config.sub_partitions as readonly Value[] | null;
  if (config.list_column === null && ((Array.isArray(subs) ? subs.length : 0) > 0 || (config.default_sub_partition ?? null) !== null)) {
    diags.push(error(['list_column'], 'Sub-partitions need a list column', 'Set list_column to the column the window is PARTITION BY LIST on, or remove sub_partitions and default_sub_partition.'));
  }
  diags.push(...windowDiagnostics(config)); // the core's name and list-value rules, on HCL attributes
  return at.length === 0 ? diags : diags.map((d) => ({ ...d, attribute: [...at, ...(d.attribute ?? [])] }));
}
