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
 * `retention_mode`, `archive_schema`, `keep_for`, `archived`, `list_column`, `sub_partitions`, `default_sub_partition`, `name`, `schema`).
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
  diags.push(...archiveDiagnostics(config));
  const subs = config.sub_partitions as readonly Value[] | null;
  if (config.list_column === null && ((Array.isArray(subs) ? subs.length : 0) > 0 || (config.default_sub_partition ?? null) !== null)) {
    diags.push(error(['list_column'], 'Sub-partitions need a list column', 'Set list_column to the column the window is PARTITION BY LIST on, or remove sub_partitions and default_sub_partition.'));
  }
  diags.push(...windowDiagnostics(config)); // the core's name and list-value rules, on HCL attributes
  return at.length === 0 ? diags : diags.map((d) => ({ ...d, attribute: [...at, ...(d.attribute ?? [])] }));
}

/** `archive_schema` and `keep_for` exactly with retention_mode `archive`; `archived` only there; not the parent's schema. */
function archiveDiagnostics(config: Model): Diagnostic[] {
  const mode = config.retention_mode as Value;
  if (typeof mode !== 'string') return [];
  const set = (key: string) => config[key] !== null && config[key] !== undefined;
  if (mode !== 'archive') {
    return (['archive_schema', 'keep_for', 'archived'] as const).filter((key) => set(key) && !(key === 'archived' && config[key] === false)).map((key) =>
      error([key], `${key} needs retention_mode "archive"`, `retention_mode "${mode}" archives nothing; set retention_mode = "archive", or remove ${key}.`));
  }
  const diags: Diagnostic[] = [];
  if (config.retention === null) diags.push(error(['retention'], 'retention_mode needs a retention', 'retention_mode "archive" archives the window only after its retention; set retention (e.g. "12 weeks").'));
  if (!set('archive_schema')) diags.push(error(['archive_schema'], 'retention_mode "archive" needs archive_schema', 'Name the schema archived windows move to, e.g. archive_schema = "archive".'));
  if (!set('keep_for')) diags.push(error(['keep_for'], 'retention_mode "archive" needs keep_for', 'Say how long an archived window is kept before it is dropped, e.g. keep_for = "7 days".'));
  const schema = config.schema ?? 'public'; // the attribute's default
  if (typeof config.archive_schema === 'string' && config.archive_schema === schema) {
    diags.push(error(['archive_schema'], 'archive_schema is the parent\'s schema', `Archived windows move out of "${schema}"; name another schema, e.g. "archive".`));
  }
  if (typeof config.archive_schema === 'string' && (config.archive_schema.startsWith('pg_') || config.archive_schema === 'information_schema')) {
    diags.push(error(['archive_schema'], 'archive_schema is a system schema', 'Name a schema of your own, e.g. "archive".'));
  }
  return diags;
}
