/**
 * Adding an index to a parent table that already has windows, without blocking writes, and so that
 * a build cut short anywhere (a killed apply, a `CREATE INDEX CONCURRENTLY` that timed out or failed
 * and left an INVALID index) is found and finished by the next apply. The tree has three levels:
 * parent, windows (partitioned by LIST), sub-partitions (the leaves; a window without groups is a
 * leaf itself). Steps, each idempotent against the catalog (src/catalog/index-tree.ts), under the
 * parent's advisory lock so no window is attached or retired meanwhile:
 * 1. `CREATE INDEX IF NOT EXISTS ... ON ONLY` the parent: an invalid partitioned index, nothing built
 *    (SHARE on the parent only, for a moment);
 * 2. the same ON ONLY on each partitioned window that has no index attached yet;
 * 3. `CREATE INDEX CONCURRENTLY` on each leaf that has none (outside a transaction; SHARE UPDATE
 *    EXCLUSIVE, so reads and writes go on), with the session's lock_timeout and retries: a try that
 *    times out leaves an INVALID index, which the next try (or apply) drops CONCURRENTLY first;
 * 4. `ALTER INDEX ... ATTACH PARTITION` from the leaves up: a window's index turns valid once its
 *    leaves' are attached, the parent's once every window's is (PostgreSQL docs, CREATE INDEX,
 *    "Notes"; ALTER INDEX).
 * Copies are named by the core (`indexCopies`: `<table>_<suffix>`, 63 bytes, hashed when longer), the
 * names a window built later gives its copies, so a partition's copy is found by name.
 */
import {
  attachIndexSql,
  createIndexSql,
  dropIndexSql,
  indexCopies,
  indexDefinitionSql,
  qualifiedName,
  type ParentIndex,
  type ResolvedIndex,
} from '../../core';
import { readIndexTree, type IndexTree, type TreePartition } from '../../catalog/index-tree';
import { DiagnosticError } from '../framework/types';
import { fail, isDatabaseError } from './diagnostics';
import { parentIndexes } from './parent-indexes';
import type { Session, StepLabel } from './session';

/** What the next apply does when a step fails: every step resumes where the catalog says it stands. */
const RESUMES = 'Writes were never blocked. The index is partly built: what is built stays, and the next apply finds it and finishes the rest (an INVALID index left by a failed CREATE INDEX CONCURRENTLY is dropped and built again).';

/**
 * Builds `ix` on `schema.parent` and every partition (module doc), on session `s`, which must hold
 * the parent's advisory lock. Resolves when the parent's index is valid.
 * @throws DiagnosticError naming the step and partition, what is left and what the next apply does.
 */
export async function buildIndex(s: Session, schema: string, parent: string, ix: ResolvedIndex): Promise<void> {
  const table = `${schema}.${parent}`;
  const label = (step: string, on: string = table): StepLabel => ({ object: on, step, relations: [table, ...(on === table ? [] : [on])], ifItFails: RESUMES });
  const source: ParentIndex = { name: ix.name, kind: 'index', definition: indexDefinitionSql(ix), unique: ix.unique };
  const copyNames = new Map<string, string>();
  const read = () => s.read(label(`read the partitions and indexes of`), async (db) => {
    // copies take the names a window built now would give them, from the live parent's indexes
    const live = await parentIndexes(db, schema, parent);
    const copyName = (t: string) => {
      const name = indexCopies(t, parent, live.some((i) => i.name === ix.name) ? live : [...live, source]).find((c) => c.source.name === ix.name)!.name;
      copyNames.set(t, name);
      return name;
    };
    return readIndexTree(db, schema, parent, ix.name, copyName);
  });
  let tree = await read();
  if (tree.root !== null && !tree.root.onParent) {
    fail(['indexes'], `Index name "${ix.name}" is taken`, `An index named ${schema}.${ix.name} exists on another table. Give the declared index another name, or drop that index.`);
  }
  if (tree.root === null) {
    await s.transaction(label(`create index "${ix.name}" (ON ONLY, nothing built yet) on`), async (tx) => {
      await tx.run(createIndexSql(qualifiedName(schema, parent), source, { only: true, ifNotExists: true }));
    });
    tree = await read();
  }
  if (tree.root?.valid) return;
  const q = (p: TreePartition) => `${p.schema}.${p.name}`;
  const copyOf = (p: TreePartition): ParentIndex => {
    if (p.copyNameTaken) {
      fail(['indexes'], `Index name ${p.schema}.${copyNames.get(p.name)} is taken`, `The copy of index "${ix.name}" on ${q(p)} would be named ${p.schema}.${copyNames.get(p.name)}, which another table's index has. Rename or drop that index, then apply again.`);
    }
    return { ...source, name: copyNames.get(p.name)! };
  };
  for (const p of tree.partitions.filter((x) => !x.isLeaf && x.attached === null && x.copy === null)) {
    await s.transaction(label(`create index "${ix.name}" (ON ONLY) on`, q(p)), async (tx) => {
      await tx.run(createIndexSql(qualifiedName(p.schema, p.name), copyOf(p), { only: true, ifNotExists: true }));
    });
  }
  for (const p of tree.partitions.filter((x) => x.isLeaf && x.attached === null && x.copy?.valid !== true)) {
    await buildOnLeaf(s, p, copyOf(p), label(`build index "${ix.name}" (CONCURRENTLY) on`, q(p)));
    if (process.env.PGPARTITION_FAULT === 'exit-after-leaf-index') {
      // deterministic stand-in for a killed apply (test/provider/schema-changes.test.ts): one leaf built, nothing attached
      process.stderr.write(`pgpartition: PGPARTITION_FAULT=exit-after-leaf-index: exiting after building the index of ${q(p)}\n`);
      process.exit(70);
    }
  }
  await attachBottomUp(s, await read(), schema, ix.name, copyNames, label);
  const final = await read();
  if (!final.root?.valid) {
    const missing = final.partitions.filter((p) => p.attached === null).map(q);
    fail(['indexes'], `Index "${ix.name}" of ${table} is not valid yet`,
      `Every step ran, but ${missing.length > 0 ? `${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no index attached` : 'PostgreSQL still marks it invalid'}. ${RESUMES}`);
  }
}

/**
 * `CREATE INDEX CONCURRENTLY` of `copy` on leaf `p`, outside a transaction, retried on lock
 * timeouts: each try first finds what an earlier one left (valid: done; INVALID: dropped
 * CONCURRENTLY). A unique index that finds duplicate rows drops its INVALID leftover and fails
 * naming the leaf.
 */
async function buildOnLeaf(s: Session, p: TreePartition, copy: ParentIndex, label: StepLabel): Promise<void> {
  const name = qualifiedName(p.schema, copy.name);
  await s.outside(label, async (run) => {
    const { rows } = await run.run<{ valid: boolean }>('SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = to_regclass($1)', [name]);
    if (rows[0]?.valid === true) return;
    if (rows.length > 0) await run.run(dropIndexSql(p.schema, copy.name, { concurrently: true }));
    try {
      await run.run(createIndexSql(qualifiedName(p.schema, p.name), copy, { concurrently: true }));
    } catch (err) {
      const cause = err instanceof DiagnosticError ? err.cause : err;
      if (!isDatabaseError(cause) || cause.code !== '23505') throw err;
      await run.run(dropIndexSql(p.schema, copy.name, { concurrently: true })).catch(() => undefined);
      fail(['indexes'], `Unique index "${copy.name}" cannot be built on ${p.schema}.${p.name}`,
        `${p.schema}.${p.name} holds rows with the same key: ${cause.detail ?? cause.message}. The index was not built there (its INVALID leftover was dropped); other partitions keep theirs. ` +
          'Fix: remove the duplicate rows (or drop unique from the declaration), then apply again.');
    }
  });
}

/** Step 4: attaches each partition's index to its parent table's index, deepest level first; skips those attached. */
async function attachBottomUp(s: Session, tree: IndexTree, schema: string, index: string, copyNames: ReadonlyMap<string, string>, label: (step: string, on?: string) => StepLabel): Promise<void> {
  const indexOf = (tableSchema: string, table: string, level: number) => {
    if (level === 0) return qualifiedName(schema, index);
    const p = tree.partitions.find((x) => x.schema === tableSchema && x.name === table)!;
    return qualifiedName(p.schema, p.attached ?? copyNames.get(p.name)!);
  };
  const deepestFirst = [...tree.partitions].sort((a, b) => b.level - a.level);
  for (const p of deepestFirst.filter((x) => x.attached === null)) {
    await s.transaction(label(`attach its index to index "${index}" for`, `${p.schema}.${p.name}`), async (tx) => {
      await tx.run(attachIndexSql(indexOf(p.parentSchema, p.parentName, p.level - 1), indexOf(p.schema, p.name, p.level)));
    });
  }
}
