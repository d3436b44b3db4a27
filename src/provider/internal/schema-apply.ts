/**
 * Runs the in-place schema changes of a parent table that the core decided and the plan showed
 * (src/core/schema-changes.ts), in their order, on one session holding the parent's advisory lock
 * (no window is attached or retired meanwhile). Each statement runs in a short transaction under
 * lock_timeout with retries (./session.ts); every step is idempotent, so a killed apply is finished
 * by the next one: `ADD COLUMN IF NOT EXISTS`, `DROP ... IF EXISTS`, the NOT NULL CHECK dropped
 * before it is added, and index builds that resume from the catalog (./index-build.ts).
 */
import { columnOperationSql, orderedChanges, type ColumnChange, type IndexChange, type ResolvedParentTable, type SchemaChanges } from '../../core';
import { DiagnosticError } from '../framework/types';
import { parentLockName, withSessionLock } from './advisory-lock';
import { fail, isDatabaseError } from './diagnostics';
import { buildIndex } from './index-build';
import type { Session, StepLabel } from './session';

/**
 * Applies `changes` to `table` (the planned declaration) on session `s`.
 * @throws DiagnosticError naming the change that failed, what was applied before it, and what the next apply does.
 */
export async function applySchemaChanges(s: Session, table: ResolvedParentTable, changes: SchemaChanges): Promise<void> {
  const qualified = `${table.schema}.${table.name}`;
  const runnable = orderedChanges(changes).filter((c) => c.operation !== null);
  await withSessionLock(s.runner({ object: qualified, step: 'wait for the lock of' }), parentLockName(table.schema, table.name), async () => {
    for (const [i, change] of runnable.entries()) {
      const done = i === 0 ? 'No earlier change of this apply was made.' : `The ${i} change(s) before it were made.`;
      const label = (step: string): StepLabel => ({
        object: qualified,
        step,
        ifItFails: `${done} This change was not finished; the next apply makes it (every step is safe to re-run).`,
      });
      await runChange(s, table, change, label(`apply "${change.summary.split(':')[0]}" to`));
    }
  });
}

async function runChange(s: Session, table: ResolvedParentTable, change: ColumnChange | IndexChange, label: StepLabel): Promise<void> {
  const op = change.operation!;
  if (op.kind === 'build-index') return buildIndex(s, table.schema, table.name, op.index);
  if (op.kind === 'drop-index') {
    return s.transaction(label, async (tx) => {
      for (const st of change.statements) await tx.run(st.sql);
    });
  }
  const statements = columnOperationSql(table.schema, table.name, op).map((st) => st.sql);
  if (op.kind !== 'set-not-null') {
    return s.transaction(label, async (tx) => {
      for (const sql of statements) await tx.run(sql);
    });
  }
  // drop + add the NOT VALID CHECK (momentary); VALIDATE (a scan that lets writes go on); SET NOT NULL + drop the CHECK
  const [dropOld, add, validate, setNotNull, dropCheck] = statements;
  await s.transaction(label, async (tx) => {
    await tx.run(dropOld);
    await tx.run(add);
  });
  try {
    await s.transaction({ ...label, step: `${label.step} (validate, scanning every leaf)` }, (tx) => tx.run(validate));
  } catch (err) {
    const cause = err instanceof DiagnosticError ? err.cause : err;
    if (!isDatabaseError(cause) || cause.code !== '23514') throw err;
    // new rows with NULL would be refused while the NOT VALID check stays: take it away again
    await s.transaction(label, (tx) => tx.run(dropCheck)).catch(() => undefined);
    fail(['columns'], `Cannot set NOT NULL on column "${op.column}" of ${table.schema}.${table.name}`,
      `Some rows hold NULL in "${op.column}" (${cause.message}). Nothing was changed. Fix: set a value in those rows (or keep nullable = true), then apply again.`);
  }
  await s.transaction(label, async (tx) => {
    await tx.run(setNotNull);
    await tx.run(dropCheck);
  });
}
