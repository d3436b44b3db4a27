import { Client } from 'pg';
import { startLocalPostgres } from '../src/runtime/local-postgres';
(async () => {
  const pg = await startLocalPostgres();
  const c = new Client({ connectionString: pg.url }); await c.connect();
  const q = async (s: string) => { try { const r = await c.query(s); return r.rows; } catch (e: any) { console.log('ERR', s.slice(0,80), e.code, e.message); return []; } };
  await q(`CREATE TABLE t (a int PRIMARY KEY, v varchar(10), n numeric(10,2))`);
  await q(`CREATE INDEX t_v ON t (v)`); await q(`CREATE INDEX t_n ON t (n)`);
  await q(`INSERT INTO t SELECT i, 'v'||i%100, i FROM generate_series(1,1000) i`);
  const files = async () => (await q(`SELECT c.relname, c.relfilenode FROM pg_class c WHERE relname LIKE 't%' AND relkind IN ('r','i') ORDER BY 1`)).map((r: any) => `${r.relname}=${r.relfilenode}`).join(' ');
  console.log('plain before', await files());
  await q(`ALTER TABLE t ALTER COLUMN v TYPE varchar(20)`); console.log('varchar 10->20', await files());
  await q(`ALTER TABLE t ALTER COLUMN v TYPE text`); console.log('->text', await files());
  await q(`ALTER TABLE t ALTER COLUMN n TYPE numeric(12,2)`); console.log('numeric', await files());
  await q(`CREATE TABLE p (ts timestamptz NOT NULL, a text NOT NULL, v varchar(10), PRIMARY KEY (ts, a)) PARTITION BY RANGE (ts)`);
  await q(`CREATE TABLE w1 PARTITION OF p FOR VALUES FROM ('2024-01-01') TO ('2024-01-08') PARTITION BY LIST (a)`);
  await q(`CREATE TABLE w1_d PARTITION OF w1 DEFAULT`);
  for (const s of [`ALTER TABLE p ALTER COLUMN v SET DEFAULT 'x'`, `ALTER TABLE p ALTER COLUMN v DROP DEFAULT`, `ALTER TABLE p ALTER COLUMN v DROP NOT NULL`, `ALTER TABLE p DROP COLUMN v`, `ALTER TABLE p ADD CONSTRAINT c CHECK (v IS NOT NULL) NOT VALID`]) {
    await q('BEGIN'); await q(s);
    console.log(s, (await q(`SELECT relation::regclass::text r, mode FROM pg_locks WHERE pid = pg_backend_pid() AND locktype='relation' AND relation::regclass::text NOT LIKE 'pg_%' ORDER BY 1`)).map((r: any) => `${r.r}:${r.mode}`).join(' '));
    await q('ROLLBACK');
  }
  await q(`ALTER TABLE p ADD CONSTRAINT c CHECK (v IS NOT NULL) NOT VALID`);
  await q('BEGIN'); await q(`ALTER TABLE p VALIDATE CONSTRAINT c`);
  console.log('VALIDATE', (await q(`SELECT relation::regclass::text r, mode FROM pg_locks WHERE pid = pg_backend_pid() AND locktype='relation' AND relation::regclass::text NOT LIKE 'pg_%' ORDER BY 1`)).map((r: any) => `${r.r}:${r.mode}`).join(' '));
  await q('ROLLBACK');
  await c.end(); await pg.stop();
})();
