/**
 * The Prometheus text exposition format, as node_exporter's textfile collector reads it: each family
 * once, `# HELP` and `# TYPE` before its samples, no timestamps (the collector stamps the scrape).
 */

/** One metric family: a name with its unit (`_bytes`, `_rows`, `_windows`, ...), and its samples. */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: 'gauge' | 'counter';
  readonly samples: readonly { readonly labels: Readonly<Record<string, string>>; readonly value: number }[];
}

/** The families as exposition text; families without samples are left out. */
export function formatExposition(families: readonly MetricFamily[]): string {
  return families
    .filter((f) => f.samples.length > 0)
    .map((f) => [
      `# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`,
      `# TYPE ${f.name} ${f.type}`,
      ...f.samples.map((s) => `${f.name}${labelText(s.labels)} ${valueText(s.value)}`),
    ].join('\n'))
    .join('\n') + '\n';
}

function labelText(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

// Go's float syntax, which the format uses: +Inf, -Inf, NaN
function valueText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(value);
}
