/**
 * The two floors, as psql scripts (run with `psql -f`): what a person typing SQL would send, with
 * no tool in between.
 *
 * - plain floor: `CREATE TABLE ... PARTITION OF ... FOR VALUES FROM/TO ... PARTITION BY LIST` and
 *   the sub-partitions, one transaction per window; retired with `DROP TABLE`. Fastest, but both
 *   take ACCESS EXCLUSIVE on the parent, so under traffic every reader and writer waits.
 * - safe floor: each window built standalone (the core's `createStandaloneWindowSql`: LIKE the
 *   parent, sub-partitions, CHECK matching the bound, ownership comments) in one transaction, then
 *   ATTACHed in a second short one (the core's `attachWindowSql`); retired with
 *   `DETACH PARTITION ... CONCURRENTLY` (outside a transaction block, as PostgreSQL requires),
 *   then `DROP TABLE` (the core's `detachWindowSql` / `dropWindowSql`). The lock profile the
 *   provider must have under traffic (docs/architecture.md, "Lock levels"), sent sequentially.
 */
import { attachWindowSql, createStandaloneWindowSql, declaredParentIndexes, detachWindowSql, dropWindowSql, qualifiedName, quoteIdent, quoteLiteral, type WindowPlan } from '../src/core';
import { BENCH_OWNERSHIP } from './workload';
import type { Workload } from './workload';

/** A floor: turns a list of windows into the text of a psql script. */
export interface Floor {
  readonly name: string;
  createScript(w: Workload, windows: readonly WindowPlan[]): string;
  dropScript(w: Workload, windows: readonly WindowPlan[]): string;
}

const transaction = (statements: readonly string[]) => ['BEGIN;', ...statements.map((s) => `${s};`), 'COMMIT;'].join('\n');
const autocommit = (statements: readonly string[]) => statements.map((s) => `${s};`).join('\n');
const script = (parts: readonly string[]) => `${parts.join('\n')}\n`;

/** The plain floor: `PARTITION OF` directly on the parent. */
export const plainFloor: Floor = {
  name: 'plain floor',
  createScript({ spec }, windows) {
    const t = spec.table;
    return script(windows.map((w) => {
      const table = qualifiedName(t.schema, w.name);
      return transaction([
        `CREATE TABLE ${table} PARTITION OF ${qualifiedName(t.schema, t.name)} ` +
          `FOR VALUES FROM (${quoteLiteral(w.from)}) TO (${quoteLiteral(w.to)}) PARTITION BY LIST (${quoteIdent(t.listColumn!)})`,
        ...w.subPartitions.map((s) =>
          `CREATE TABLE ${qualifiedName(t.schema, s.name)} PARTITION OF ${table} ` +
            (s.values === null ? 'DEFAULT' : `FOR VALUES IN (${s.values.map(quoteLiteral).join(', ')})`)),
      ]);
    }));
  },
  dropScript({ spec }, windows) {
    return script(windows.map((w) => autocommit(dropWindowSql(spec.table.schema, w.name))));
  },
};

/** The safe floor: build standalone, ATTACH; DETACH CONCURRENTLY, DROP. */
export const safeFloor: Floor = {
  name: 'safe floor',
  createScript({ spec }, windows) {
    const t = spec.table;
    return script(windows.flatMap((w) => {
      const args = { schema: t.schema, parent: t.name, window: w, rangeColumn: t.rangeColumn, rangeType: t.rangeType };
      const copies = { indexes: declaredParentIndexes(t), ownership: BENCH_OWNERSHIP(t) };
      return [transaction(createStandaloneWindowSql({ ...args, listColumn: t.listColumn, ...copies })), transaction(attachWindowSql(args))];
    }));
  },
  dropScript({ spec }, windows) {
    const t = spec.table;
    return script(windows.map((w) =>
      autocommit([...detachWindowSql(t.schema, t.name, w.name, { concurrently: true }), ...dropWindowSql(t.schema, w.name)])));
  },
};
