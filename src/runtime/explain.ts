/**
 * The partition-pruning check of the original guide: which partitions a query would scan, read from
 * the planner's own plan (`EXPLAIN (FORMAT JSON)`), without running the query.
 */
import type { ClientBase, Pool } from 'pg';

/** A table a plan scans. */
export interface ScannedTable {
  readonly schema: string;
  readonly name: string;
}

/** The planner could not plan the query (a syntax error, an unknown column, a wrong parameter count, ...). */
export class ExplainError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'ExplainError';
  }
}

interface PlanNode {
  'Relation Name'?: string;
  Schema?: string;
  Plans?: PlanNode[];
}

/**
 * The tables `sql` would scan, in plan order, each once: for a query on a partitioned table, the
 * leaf partitions left after pruning. Pruning at plan time and at executor start-up (parameters
 * known up front; PostgreSQL docs, "Partition Pruning") shows; pruning during execution
 * (values from a join) does not, since the query is not run: such a plan lists every partition.
 * `params` bind `$1`, `$2`, ... as the application would; the extended protocol is always used, so
 * `sql` is exactly one statement (a `;`-separated second statement is refused, never run).
 * @throws ExplainError with the server's message when the query cannot be planned.
 */
export async function explainPruning(db: ClientBase | Pool, sql: string, params: readonly unknown[] = []): Promise<ScannedTable[]> {
  let rows: { 'QUERY PLAN': { Plan: PlanNode }[] }[];
  try {
    // queryMode 'extended' (pg >= 8.11): Parse/Bind even without parameters, so one statement only
    ({ rows } = await db.query({ text: `EXPLAIN (FORMAT JSON, VERBOSE) ${sql}`, values: [...params], queryMode: 'extended' } as never));
  } catch (err) {
    const e = err as { message?: string; code?: string };
    throw new ExplainError(`cannot plan the query: ${e.message ?? String(err)}${e.code ? ` (SQLSTATE ${e.code})` : ''}`, { cause: err });
  }
  const seen = new Map<string, ScannedTable>();
  const walk = (node: PlanNode) => {
    if (node['Relation Name'] !== undefined) {
      const table = { schema: node.Schema ?? '', name: node['Relation Name'] };
      seen.set(`${table.schema}.${table.name}`, table);
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  for (const statement of rows[0]['QUERY PLAN']) walk(statement.Plan);
  return [...seen.values()];
}
