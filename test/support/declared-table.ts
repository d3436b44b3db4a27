/**
 * A declared table built in a real PostgreSQL without terraform: the core's SQL builders (the very
 * statements the provider runs: parent table, each window built standalone, then attached) for the
 * windows `planTable` plans at `asOf`. For runtime and CLI tests that need the layout, not a deploy.
 */
import type { Pool } from 'pg';
import { planTable, type PartitionedTableProps, type TablePlan } from '../../src/constructs/table-plan';
import { attachWindowSql, createParentTableSql, createStandaloneWindowSql, declaredParentIndexes } from '../../src/core/sql';
import { DEFAULT_OWNER, type Ownership } from '../../src/core/ownership';

/** The ownership mark a declared table carries: the provider's default owner. */
export const declaredOwnership = (schema: string, table: string): Ownership => ({ table: `${schema}.${table}`, owner: DEFAULT_OWNER });

/** Creates the parent table and every window planned at `asOf`; returns the plan. */
export async function createDeclaredTable(pool: Pool, props: PartitionedTableProps, asOf: Date): Promise<TablePlan> {
  const planned = planTable(props, { value: asOf, source: 'test' });
  const { table } = planned.spec;
  const ownership = declaredOwnership(table.schema, table.name);
  const statements = [...createParentTableSql(table, ownership)];
  for (const window of planned.plan.windows) {
    statements.push(...createStandaloneWindowSql({
      schema: table.schema, parent: table.name, window, rangeColumn: table.rangeColumn, rangeType: table.rangeType, listColumn: table.listColumn,
      indexes: declaredParentIndexes(table), ownership,
    }));
    statements.push(...attachWindowSql({ schema: table.schema, parent: table.name, window }));
  }
  await pool.query(statements.join(';\n'));
  return planned;
}
