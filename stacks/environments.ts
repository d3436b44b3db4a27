/** What differs between the example app's environments. */

export interface EnvironmentConfig {
  /** Stack name, as in `cdktf deploy <name>`. */
  readonly name: string;
  /** Windows made ahead of the current one. */
  readonly premakeWindows: number;
  /** Weekly windows kept behind the current one; older ones are dropped. */
  readonly retentionWindows: number;
}

/** The example app's environments: staging first, then prod, with the same calendar. */
export const ENVIRONMENTS: readonly EnvironmentConfig[] = [
  { name: 'staging', premakeWindows: 4, retentionWindows: 12 },
  { name: 'prod', premakeWindows: 4, retentionWindows: 12 },
];
