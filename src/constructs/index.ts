/** cdktf constructs over the pgpartition provider; the generated L1 bindings live in `.gen/`. */
export * from './as-of';
export * from './connection';
export * from './connection-env';
export * from './partitioned-table';
export * from './provider-lock';
export * from './retention-policy';
export * from './run-app';
export * from './state-backend';
export * from './state-env';
export * from './table-plan';
