/** What the window functions need from the configured provider (`ProviderContext` provides it). */
import type { Pool } from 'pg';
import type { LockSettings } from '../internal/session';

export interface WindowContext {
  /** The provider's pool (opened on first use, version checked). */
  pool(): Promise<Pool>;
  /** lock_timeout_ms, lock_retries and the target, for every DDL step. */
  readonly locks: LockSettings;
  /** Forgets the cached inventory of a parent after its partitions changed. */
  invalidate(schema: string, parent: string): void;
}
