/**
 * What `pgpartition apply` and `deploy` print while terraform applies: terraform's machine-readable
 * UI (`terraform apply -json`, Terraform docs "Machine-Readable UI"), rendered by us so a window is
 * one line with a count, and a diagnostic is shown in full (summary, resource, detail: never
 * summarised away).
 *
 * - In CI, without a TTY or with `NO_COLOR` (see `isInteractive`): one plain line per window step,
 *   `window 3/17 attached: public.account_balances_2025_01_06` (`retired` for a destroy), terraform's
 *   own message for any other resource, no ANSI codes, no spinner.
 * - On a terminal: the window steps update one progress line in place; everything else is printed
 *   as in CI.
 *
 * Window steps come from two sources, each window and step counted once: terraform's
 * `apply_complete` of a `pgpartition_window`, and the provider's progress file (see
 * src/provider/windows/progress.ts), which also reports the windows of a resource holding many
 * windows (terraform sees one resource there). The total comes from terraform's `planned_change`
 * messages through {@link WINDOW_STEPS}; a resource holding many windows (`pgpartition_window_set`)
 * adds its count through the progress file before its first step (`expectWindowSteps`).
 */
import type { WindowStepEvent } from '../provider/windows/progress';
import type { ProgressLine } from './terminal';

/** Window steps one planned change of a resource type brings, by terraform action (`create`, `delete`, `replace`, `update`). */
export const WINDOW_STEPS: Readonly<Record<string, (action: string) => number>> = {
  pgpartition_window: (action) => (action === 'replace' ? 2 : action === 'create' || action === 'delete' ? 1 : 0),
};

/** Window steps of one change, or null when the resource type holds no windows (see {@link WINDOW_STEPS}). */
function windowSteps(type: string | undefined, action: string | undefined): number | null {
  return type !== undefined && Object.hasOwn(WINDOW_STEPS, type) ? WINDOW_STEPS[type](action ?? '') : null;
}

/** Where the rendered output goes. */
export interface ApplyOutputSinks {
  /** Progress and summaries (terraform's stdout in its human mode). */
  readonly stdout: (text: string) => void;
  /** Diagnostics (terraform's stderr in its human mode). */
  readonly stderr: (text: string) => void;
  /** The terminal's progress line; pass an inert one (see `progressLine`) outside a terminal. */
  readonly progress: ProgressLine;
  /** True on a terminal: window steps go to the progress line instead of lines of their own. */
  readonly interactive: boolean;
}

/** Renders one terraform apply. */
export interface ApplyOutput {
  /** Feeds text of `terraform apply -json` stdout as it arrives (any chunking). */
  feed(chunk: string): void;
  /** A window step from another source than terraform (the provider's progress file). */
  windowStep(step: WindowStepEvent): void;
  /** Window steps a resource type not in {@link WINDOW_STEPS} will report, added to the total. */
  expectWindowSteps(count: number): void;
  /** Flushes a last partial line and clears the progress line. */
  end(): void;
  /** Everything printed so far (progress-line updates excepted), for searching terraform's errors. */
  readonly text: string;
}

/** One message of terraform's machine-readable UI (the fields read here). */
interface UiMessage {
  readonly type?: string;
  readonly '@message'?: string;
  readonly '@level'?: string;
  readonly hook?: { readonly resource?: { readonly addr?: string; readonly resource_type?: string }; readonly action?: string; readonly id_value?: string };
  readonly change?: { readonly resource?: { readonly resource_type?: string }; readonly action?: string };
  readonly diagnostic?: Diagnostic;
  readonly outputs?: Record<string, { readonly sensitive?: boolean; readonly value?: unknown }>;
}

interface Diagnostic {
  readonly severity?: string;
  readonly summary?: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: { readonly filename?: string; readonly start?: { readonly line?: number } };
}

/** A rendering of one apply into `sinks` (see the module doc). */
export function applyOutput(sinks: ApplyOutputSinks): ApplyOutput {
  let buffer = '';
  let text = '';
  let total = 0;
  const done = new Set<string>();
  const ids = new Map<string, string>(); // resource address -> id, from apply_start (destroys carry it there)

  const print = (sink: (t: string) => void, line: string) => {
    sinks.progress.done(); // a line of its own never lands in the middle of the progress line
    sink(`${line}\n`);
    text += `${line}\n`;
  };
  const step = (s: WindowStepEvent) => {
    const key = `${s.action} ${s.window}`;
    if (done.has(key)) return;
    done.add(key);
    const line = `window ${done.size}/${Math.max(total, done.size)} ${s.action}: ${s.window}`;
    if (sinks.interactive) sinks.progress.update(line);
    else print(sinks.stdout, line);
  };
  const handle = (m: UiMessage) => {
    const message = m['@message'] ?? '';
    switch (m.type) {
      case 'version':
        return;
      case 'apply_start': {
        const addr = m.hook?.resource?.addr;
        if (addr && m.hook?.id_value) ids.set(addr, m.hook.id_value);
        return;
      }
      case 'planned_change':
        total += windowSteps(m.change?.resource?.resource_type, m.change?.action) ?? 0;
        return;
      case 'apply_complete': {
        const addr = m.hook?.resource?.addr ?? '';
        const window = m.hook?.id_value ?? ids.get(addr);
        if (windowSteps(m.hook?.resource?.resource_type, m.hook?.action) === 1 && window) {
          step({ window, action: m.hook?.action === 'create' ? 'attached' : 'retired' });
        } else print(sinks.stdout, message);
        return;
      }
      case 'diagnostic':
        print(m.diagnostic?.severity === 'error' ? sinks.stderr : sinks.stdout, formatDiagnostic(m.diagnostic ?? {}, message));
        return;
      case 'outputs':
        if (m.outputs && Object.keys(m.outputs).length > 0) print(sinks.stdout, formatOutputs(m.outputs));
        return;
      case 'change_summary':
        print(sinks.stdout, `\n${message}`);
        return;
      default: // apply_progress ("Still creating... [10s elapsed]"), apply_errored, log, and types added later
        if (message) print(m['@level'] === 'error' ? sinks.stderr : sinks.stdout, message);
    }
  };
  const line = (raw: string) => {
    if (raw.trim() === '') return;
    let m: UiMessage;
    try {
      m = JSON.parse(raw) as UiMessage;
    } catch {
      print(sinks.stderr, raw); // not the machine-readable UI (e.g. a crash): shown as it came
      return;
    }
    handle(m);
  };
  return {
    feed(chunk) {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      lines.forEach(line);
    },
    windowStep: step,
    expectWindowSteps(count) {
      total += count;
    },
    end() {
      line(buffer);
      buffer = '';
      sinks.progress.done();
    },
    get text() {
      return text;
    },
  };
}

/**
 * A diagnostic as terraform prints it in its human mode, minus the source snippet: `Error: <summary>`,
 * the resource and the place in the configuration, then the detail as the provider wrote it.
 */
export function formatDiagnostic(d: Diagnostic, fallback = ''): string {
  const severity = d.severity === 'warning' ? 'Warning' : 'Error';
  const lines = [`${severity}: ${d.summary ?? fallback.replace(/^(Error|Warning): /, '')}`];
  const where = [d.address ? `with ${d.address}` : '', d.range?.filename ? `on ${d.range.filename}${d.range.start?.line ? ` line ${d.range.start.line}` : ''}` : '']
    .filter(Boolean);
  if (where.length > 0) lines.push('', `  ${where.join(',\n  ')}`);
  if (d.detail) lines.push('', d.detail);
  return `\n${lines.join('\n')}\n`;
}

/** `Outputs:` and one `name = value` line each, values as HCL literals (JSON is close enough for strings, numbers, lists). */
function formatOutputs(outputs: NonNullable<UiMessage['outputs']>): string {
  const lines = Object.entries(outputs).map(([name, o]) => `${name} = ${o.sensitive ? '<sensitive>' : JSON.stringify(o.value)}`);
  return `\nOutputs:\n\n${lines.join('\n')}`;
}
