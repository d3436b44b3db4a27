// The registry docs pages against the provider schema (src/provider/docs/): a schema change without
// `npm run docs` fails here, and the renderer writes what tfplugindocs would.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BEGIN, DocPageError, docPages, END, stalePages, withSchema } from '../../src/provider/docs/pages';
import { defaultText, schemaMarkdown, typeName } from '../../src/provider/docs/schema-markdown';
import { nested, type Attributes } from '../../src/provider/framework/types';
import { provider } from '../../src/provider/provider';

describe('docs pages', () => {
  it('show the schema the provider serves (run npm run docs after a schema change)', () => {
    const stale = stalePages().map((p) => p.file);
    assert.deepEqual(stale, [], `the schema sections of ${stale.join(', ')} differ from the provider schema: run npm run docs`);
  });

  it('exist for the provider, every resource and every data source', () => {
    assert.deepEqual(docPages().map((p) => p.file), [
      'docs/index.md',
      ...provider.resources.map((r) => `docs/resources/${r.typeName.replace(/^pgpartition_/, '')}.md`),
      ...provider.dataSources.map((d) => `docs/data-sources/${d.typeName.replace(/^pgpartition_/, '')}.md`),
    ]);
  });

  it('state in each description the default the attribute applies', () => {
    const check = (attributes: Attributes, where: string) => {
      for (const [name, a] of Object.entries(attributes)) {
        const stated = /Default: ([^.;]*)/.exec(a.description)?.[1];
        if (a.default !== undefined && stated !== undefined) {
          assert.ok(stated.startsWith(defaultText(a.default)), `${where}.${name} says "Default: ${stated}" but applies ${defaultText(a.default)}`);
        }
        if (a.nested) check(a.nested.attributes, `${where}.${name}`);
      }
    };
    check(provider.attributes, 'provider');
    for (const r of [...provider.resources, ...provider.dataSources]) check(r.attributes, r.typeName);
  });

  it('fails naming the page when its markers are missing, and when the page is missing', () => {
    assert.throws(() => withSchema('# t\n', '## Schema\n', 'page-x.md'), (err: unknown) =>
      err instanceof DocPageError && err.message.includes('page-x.md') && err.message.includes(BEGIN) && err.message.includes('npm run docs'));
    assert.throws(() => withSchema(`${END}\n${BEGIN}\n`, '', 'page-x.md'), DocPageError);
    const root = mkdtempSync(path.join(os.tmpdir(), 'pgpartition-docs-'));
    try {
      mkdirSync(path.join(root, 'docs'));
      writeFileSync(path.join(root, 'docs/index.md'), `${BEGIN}\n${END}\n`);
      assert.throws(() => stalePages(root), (err: unknown) => err instanceof DocPageError && /docs\/resources\/parent_table\.md is missing/.test(err.message));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('replaces only the text between the markers', () => {
    const page = `# Title\n\nProse.\n\n${BEGIN}\nold list\n${END}\n\n## Import\n`;
    assert.equal(withSchema(page, '## Schema\n', 'p'), `# Title\n\nProse.\n\n${BEGIN}\n\n## Schema\n\n${END}\n\n## Import\n`);
  });
});

describe('schemaMarkdown', () => {
  it('names types as tfplugindocs does', () => {
    assert.equal(typeName('string'), 'String');
    assert.equal(typeName('bool'), 'Boolean');
    assert.equal(typeName(['list', 'string']), 'List of String');
    assert.equal(typeName(['map', 'number']), 'Map of Number');
    assert.equal(typeName(['list', ['object', { a: 'string' }]]), 'List of Object');
    assert.equal(typeName(['set', ['list', 'bool']]), 'Set of List of Boolean');
  });

  it('groups attributes into Required, Optional and Read-Only, with flags and a default the description lacks', () => {
    const md = schemaMarkdown({
      id: { type: 'string', computed: true, description: 'The id.' },
      secret: { type: 'string', optional: true, sensitive: true, description: 'A secret.' },
      name: { type: 'string', required: true, requiresReplace: true, description: 'The name.' },
      mode: { type: 'string', optional: true, computed: true, default: 'keep', description: 'The mode.' },
    });
    assert.equal(md, [
      '## Schema', '',
      '### Required', '', '- `name` (String, Forces replacement) The name.', '',
      '### Optional', '', '- `secret` (String, Sensitive) A secret.', '- `mode` (String) The mode. Default: `keep`.', '',
      '### Read-Only', '', '- `id` (String) The id.', '',
    ].join('\n').trimEnd() + '\n');
  });

  it('gives nested attributes and object-typed ones their own sections, depth first, with anchors', () => {
    const md = schemaMarkdown({
      windows: {
        ...nested('map', {
          from: { type: 'string', required: true, description: 'Lower bound.' },
          subs: { type: ['list', ['object', { name: 'string' }]], optional: true, description: 'Subs.' },
          rows: { type: 'number', computed: true, description: 'Rows.' },
        }),
        required: true,
        description: 'The windows.',
      },
      seen: { type: ['list', ['object', { name: 'string' }]], computed: true, description: 'Seen.' },
    });
    assert.match(md, /- `windows` \(Attributes Map\) The windows\. \(see \[below for nested schema\]\(#nestedatt--windows\)\)/);
    assert.match(md, /- `seen` \(List of Object\) Seen\. \(see \[below for nested schema\]\(#nestedobjatt--seen\)\)/);
    const headings = md.split('\n').filter((l) => l.startsWith('### Nested') || l.startsWith('<a id'));
    assert.deepEqual(headings, [
      '<a id="nestedatt--windows"></a>', '### Nested Schema for `windows`',
      '<a id="nestedobjatt--windows--subs"></a>', '### Nested Schema for `windows.subs`',
      '<a id="nestedobjatt--seen"></a>', '### Nested Schema for `seen`',
    ]);
    // inside a nested section the groups are "Required:" lines; a plain object's fields are all required in HCL, a computed one's read-only
    assert.match(md, /### Nested Schema for `windows`\n\nRequired:\n\n- `from` \(String\) Lower bound\.\n\nOptional:\n\n- `subs`[^\n]*\n\nRead-Only:\n\n- `rows` \(Number\) Rows\.\n/);
    assert.match(md, /### Nested Schema for `windows\.subs`\n\nRequired:\n\n- `name` \(String\)\n/);
    assert.match(md, /### Nested Schema for `seen`\n\nRead-Only:\n\n- `name` \(String\)\n$/);
  });
});
