/** What differs between the example app's environments. */

export interface EnvironmentConfig {
  /** Stack name, as in `cdktf deploy <name>`. */
  readonly name: string;
  /** Windows made ahead of the current one. */
  readonly premakeWindows: number;
  /** Weekly windows kept behind the current one; older ones are dropped. */
  readonly retentionWindows: number;
  /**
   * Which declaration of the table: `local` (one server; each window list-sub-partitioned by
   * activity group) or `distributed` (a Citus cluster: distributed by account, one-level windows).
   */
  readonly layout: 'local' | 'distributed';
}

/**
 * The example app's environments, all on the same calendar: staging, then prod, on one PostgreSQL
 * server each; and `distributed`, the same table on a Citus cluster (`DISTRIBUTED_DATABASE_URL`,
 * the coordinator).
 */
export const ENVIRONMENTS: readonly EnvironmentConfig[] = [
  { name: 'staging', premakeWindows: 4, retentionWindows: 12, layout: 'local' },
  { name: 'prod', premakeWindows: 4, retentionWindows: 12, layout: 'local' },
  { name: 'distributed', premakeWindows: 4, retentionWindows: 12, layout: 'distributed' },
];
