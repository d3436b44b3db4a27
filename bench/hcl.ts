/**
 * The Terraform configurations of the two terraform contenders, as plain HCL.
 *
 * - workaround: one `terraform_data` resource per window (terraform's built-in provider, nothing
 *   to install) with a `local-exec` provisioner running psql on the window's plain-floor SQL file
 *   at create, and a destroy-time provisioner running its DROP file. Terraform never looks at the
 *   database: no drift detection, no import.
 * - provider: `pgpartition_parent_table` plus one `pgpartition_window_set` holding every window
 *   (as the constructs emit), or one `pgpartition_window` per window; retention '1 week' with
 *   retention_mode 'drop' (2020 windows are far past it).
 * Both connect with the URL in the environment variable {@link URL_VARIABLE}, never in the HCL.
 */
import { PSQL_FLAGS } from './psql';
import { RETENTION, type Workload } from './workload';
import type { WindowPlan } from '../src/core';

/** Environment variable holding the contender's database URL (with its password). */
export const URL_VARIABLE = 'BENCH_DATABASE_URL';

/** Directory (in the workaround's working directory) holding `<window>.create.sql` / `<window>.drop.sql`. */
export const WORKAROUND_SQL_DIR = 'sql';

const str = (s: string) => JSON.stringify(s); // HCL string literal; the bench's names need no other escaping
const list = (items: readonly string[]) => `[${items.map(str).join(', ')}]`;

/** `terraform_data.<window>`: the address `destroy -target` takes. */
export const workaroundAddress = (w: WindowPlan) => `terraform_data.${w.name}`;

export function workaroundHcl(windows: readonly WindowPlan[]): string {
  const psql = `psql ${PSQL_FLAGS.join(' ')} -d \\"$${URL_VARIABLE}\\" -f ${WORKAROUND_SQL_DIR}`;
  return windows.map((w) => `
resource "terraform_data" ${str(w.name)} {
  input = ${str(w.name)}
  provisioner "local-exec" {
    command = "${psql}/\${self.input}.create.sql"
  }
  provisioner "local-exec" {
    when    = destroy
    command = "${psql}/\${self.input}.drop.sql"
  }
}
`).join('');
}

/**
 * How the provider contender declares windows: one `pgpartition_window_set` per parent table (what
 * the constructs emit), or one `pgpartition_window` per window (for HCL users managing single windows).
 */
export type WindowShape = 'window set' | 'per-window resources';

/** One window's sub-partitions and retention, the attributes both shapes declare alike (indented by `indent`). */
function windowBody(w: WindowPlan, indent: string): string {
  const groups = w.subPartitions.filter((s) => s.values !== null);
  const dflt = w.subPartitions.find((s) => s.values === null);
  return [
    `from           = ${str(w.from)}`,
    `to             = ${str(w.to)}`,
    `sub_partitions = [${groups.map((s) => `\n${indent}  { name = ${str(s.name)}, values = ${list(s.values!)} },`).join('')}\n${indent}]`,
    `default_sub_partition = ${dflt ? str(dflt.name) : 'null'}`,
    `retention             = ${str(RETENTION)}`,
    `retention_mode        = "drop"`,
  ].map((line) => `${indent}${line}`).join('\n');
}

/** The table attributes a window resource repeats from its parent table. */
function tableRefs(t: Workload['spec']['table'], indent: string): string {
  return [
    `schema         = pgpartition_parent_table.${t.name}.schema`,
    `parent_table   = pgpartition_parent_table.${t.name}.name`,
    `range_column   = ${str(t.rangeColumn)}`,
    `range_type     = ${str(t.rangeType)}`,
    `list_column    = ${str(t.listColumn!)}`,
  ].map((line) => `${indent}${line}`).join('\n');
}

/**
 * Provider block, parent table, and `windows` declared in `shape`; `windows` null declares the
 * parent table alone (with the window set shape, `[]` keeps the set resource with an empty map).
 */
export function providerHcl({ spec }: Workload, windows: readonly WindowPlan[] | null, shape: WindowShape): string {
  const t = spec.table;
  const header = `terraform {
  required_providers {
    pgpartition = { source = "pgpartition/pgpartition" }
  }
}

provider "pgpartition" {
  database_url_env = ${str(URL_VARIABLE)}
}

resource "pgpartition_parent_table" ${str(t.name)} {
  schema  = ${str(t.schema)}
  name    = ${str(t.name)}
  columns = [${t.columns.map((c) => `\n    { name = ${str(c.name)}, type = ${str(c.type)}, nullable = ${c.nullable} },`).join('')}
  ]
  primary_key       = ${list(t.primaryKey)}
  indexes           = [${t.indexes.map((ix) => `{ name = ${str(ix.name)}, columns = ${list(ix.columns)} }`).join(', ')}]
  range_column      = ${str(t.rangeColumn)}
  list_column       = ${str(t.listColumn!)}
  default_partition = ${t.defaultPartition}
}
`;
  if (windows === null) return header;
  if (shape === 'window set') {
    return `${header}
resource "pgpartition_window_set" ${str(t.name)} {
${tableRefs(t, '  ')}
  windows = {${windows.map((w) => `\n    ${w.name} = {\n${windowBody(w, '      ')}\n    }`).join('')}
  }
}
`;
  }
  return header + windows.map((w) => `
resource "pgpartition_window" ${str(w.name)} {
${tableRefs(t, '  ')}
  name           = ${str(w.name)}
${windowBody(w, '  ')}
}
`).join('');
}
