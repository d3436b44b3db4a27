import type { RetentionSpec } from '../core/spec';

/**
 * What happens to windows that fall behind the retention horizon. Each window carries its
 * retention in its own attributes, so the provider can refuse to drop or detach a window that is
 * still inside the horizon (DESIGN.md safety rule 1) even when terraform asks.
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

  /** The core's retention spec; undefined keeps all windows. */
  private constructor(readonly spec: RetentionSpec | undefined) {}
}
