// The repository stands alone: no comment or doc names a file outside it (a design note kept
// elsewhere, a sibling checkout, a machine's absolute path), and every repository path a comment or
// doc names (`src/core/sql.ts`, `docs/resources/window.md`, `bench/quick/`) exists. The matching is
// conservative, so the check has no false positives: only paths starting at one of the repository's
// top-level folders, ending in an extension the repository uses or in `/`, and markdown links.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const self = relative(root, __filename);

/** What is scanned: every text file under these, and the README. `.ci/` may install from outside, so it is not. */
const SCANNED = ['src', 'test', 'bench', 'docs', 'examples', 'stacks', 'README.md'];
const TEXT_FILE = /\.(ts|mjs|cjs|js|md|tf)$/;
/** A path is checked when it ends in one of these (the extensions of the repository's own files). */
const KNOWN_EXTENSION = /\.(ts|mjs|cjs|js|md|tf|json|ya?ml|sh)$/;
/** A repository path: a top-level folder, then path characters; not inside a longer path or URL. */
const REPO_PATH = /(?<![\w./:@-])((?:src|test|bench|docs|examples|stacks|\.ci)\/[\w./-]*)/g;
/** Names of files outside the repository (built from parts so this file does not match itself). */
const OUTSIDE = [new RegExp(['DESIGN', 'md'].join('\\.')), new RegExp(['', 'work', 'shared'].join('/')), new RegExp(['\\.\\.', 'shared'].join('/'))];
const MARKDOWN_LINK = /\]\(([^)\s]+)\)/g;

function walk(path: string): string[] {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return TEXT_FILE.test(path) ? [path] : [];
  return readdirSync(full).flatMap((entry) => (entry === 'node_modules' ? [] : walk(join(path, entry))));
}

/** Plain entries of .gitignore (`bench/quick/`): a path under one may be named without existing. */
function ignored(path: string): boolean {
  const entries = readFileSync(join(root, '.gitignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  return entries.some((e) => path === e || path.startsWith(e.endsWith('/') ? e : `${e}/`));
}

/** One broken reference: where, and what it names. */
interface Finding {
  readonly at: string;
  readonly reference: string;
}

/**
 * The references in `text` (the content of the repository file `file`) that break the rule: names
 * of files outside the repository, repository paths that do not exist, markdown links to nothing.
 */
export function brokenReferences(file: string, text: string, exists = (p: string) => existsSync(join(root, p))): Finding[] {
  const found: Finding[] = [];
  text.split('\n').forEach((line, i) => {
    const at = `${file}:${i + 1}`;
    for (const pattern of OUTSIDE) {
      const m = pattern.exec(line);
      if (m) found.push({ at, reference: m[0] });
    }
    for (const m of line.matchAll(REPO_PATH)) {
      const path = m[1].replace(/[.,:;]+$/, '');
      const checked = KNOWN_EXTENSION.test(path) || path.endsWith('/');
      if (checked && !exists(path) && !ignored(path)) found.push({ at, reference: path });
    }
    if (!file.endsWith('.md')) return;
    for (const m of line.matchAll(MARKDOWN_LINK)) {
      const target = m[1].replace(/#.*$/, '');
      if (target === '' || /^[a-z]+:/i.test(target)) continue; // an anchor in this page, or a URL
      const path = relative(root, resolve(root, dirname(file), target));
      if (path.startsWith('..') || !exists(path)) found.push({ at, reference: m[1] });
    }
  });
  return found;
}

describe('references in comments and docs', () => {
  it('fails on a name of a file outside the repository', () => {
    const outside = [['DESIGN', 'md'].join('.'), ['..', 'shared', 'x.md'].join('/'), ['', 'work', 'shared', 'x'].join('/')];
    for (const name of outside) assert.equal(brokenReferences('src/x.ts', `// see ${name}`, () => true).length, 1, name);
  });

  it('fails on a repository path or markdown link that does not exist, and ignores what is not one', () => {
    const exists = (p: string) => ['src/core/sql.ts', 'docs/index.md', 'bench/', 'examples/hcl/main.tf'].includes(p);
    const text = [
      '// src/core/sql.ts, bench/, src/core/gone.ts, docs/gone/',
      'PostgreSQL\'s src/backend/utils/adt/timestamp.c, https://github.com/hashicorp/terraform/blob/main/docs/plugin-protocol/tfplugin6.proto',
      'the construct path test/Events, ../../src/core, `bench/quick/` (git-ignored)',
      '[main.tf](../examples/hcl/main.tf), [gone](gone.md), [out](../../x.md), [here](#safety), [web](https://www.postgresql.org/docs/)',
    ].join('\n');
    assert.deepEqual(brokenReferences('docs/page.md', text, exists).map((f) => f.reference), ['src/core/gone.ts', 'docs/gone/', 'gone.md', '../../x.md']);
  });

  it('finds none in src, test, bench, docs, examples, stacks and the README', () => {
    // this file's own examples above are broken on purpose
    const files = SCANNED.flatMap(walk).filter((file) => file !== self);
    const found = files.flatMap((file) => brokenReferences(file, readFileSync(join(root, file), 'utf8')));
    assert.deepEqual(found, [], `name a section of docs/architecture.md or a public source instead:\n${found.map((f) => `${f.at}: ${f.reference}`).join('\n')}`);
  });
});
