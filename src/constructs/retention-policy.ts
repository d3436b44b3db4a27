import type { RetentionSpec } from '../core/spec';

/**
 * What happens to windows that fall behind the retention horizon. Each window carries its
 * retention in its own attributes, so the provider can refuse to drop or detach a window that is
 * still inside the horizon (safety rule 1) even when terraform asks.
 */
export class RetentionPolicy {
  /**
   * Keep every window, never drop or detach one. The table then needs a `start` (the earliest
   * window to manage), because a window that leaves the declared set is one terraform destroys.
   */
  static keepAll(): RetentionPolicy {
    return new RetentionPolicy(undefined);
  }

  /**
   * Keep `windows` windows before the current one; older windows are detached
   * (`DETACH PARTITION ... CONCURRENTLY`) and then dropped. Integer from 1 to 1,830 (synth refuses
   * more; 5 years of daily or 35 years of weekly windows), e.g. 12 for 12 weeks of weekly windows.
   */
  static dropAfterWindows(windows: number): RetentionPolicy {
    return new RetentionPolicy({ windows, mode: 'drop' });
  }

  /**
   * Keep `windows` windows before the current one; older windows are detached concurrently and
   * left in place as plain tables (for archiving), no longer part of the parent table. Integer
   * from 1 to 1,830, as for {@link RetentionPolicy.dropAfterWindows}.
   */
  static detachAfterWindows(windows: number): RetentionPolicy {
    return new RetentionPolicy({ windows, mode: 'detach' });
  }

  /**
   * Two-phase retention: keep `windows` windows before the current one; an older window is
   * archived (detached concurrently and moved, with each of its sub-partitions, to `options.schema`,
   * its rows kept but no longer part of the parent table) and dropped `options.keepFor` after its
   * retention ended, by the database clock. Until then a deploy that declares it attached again
   * (a longer retention) moves it back and re-attaches it. `windows` as for
   * {@link RetentionPolicy.dropAfterWindows}; `keepFor` is `N days|weeks|months` (e.g. `7 days`,
   * at most 1,830 days); `schema` must differ from the table's.
   * @throws nothing here: synth names `retention.keepFor` or `retention.archiveSchema` when invalid.
   */
  static archiveAfterWindows(windows: number, options: { readonly keepFor: string; readonly schema: string }): RetentionPolicy {
    return new RetentionPolicy({ windows, mode: 'archive', keepFor: options.keepFor, archiveSchema: options.schema });
  }

  /** The core's retention spec; undefined keeps all windows. */
  private constructor(readonly spec: RetentionSpec | undefined) {}
}
