/**
 * Leaves a partition "detach pending", as a DETACH PARTITION ... CONCURRENTLY cut short does: a
 * held snapshot makes the detach wait in its second transaction, where it is cancelled.
 */
import assert from 'node:assert/strict';
import type { Pool } from 'pg';
import { qualifiedName } from '../../src/core/sql';

/** `schema.partition` of `schema.parent` ends up detach pending. The parent must have no DEFAULT partition. */
export async function leaveDetachPending(pool: Pool, schema: string, parent: string, partition: string): Promise<void> {
  const holder = await pool.connect();
  const detacher = await pool.connect();
  try {
    await holder.query(`BEGIN; SELECT count(*) FROM ${qualifiedName(schema, parent)}`); // DETACH CONCURRENTLY waits for this snapshot
    const [{ pid }] = (await detacher.query('SELECT pg_backend_pid() AS pid')).rows;
    const detach = detacher.query(`ALTER TABLE ${qualifiedName(schema, parent)} DETACH PARTITION ${qualifiedName(schema, partition)} CONCURRENTLY`).catch((err: Error) => err);
    for (let i = 0; i < 200; i++) {
      const waiting = await pool.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`, [pid]);
      if (waiting.rowCount) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await pool.query('SELECT pg_cancel_backend($1)', [pid]);
    assert.match(String(await detach), /cancel/);
    await holder.query('COMMIT');
  } finally {
    holder.release();
    detacher.release();
  }
}
