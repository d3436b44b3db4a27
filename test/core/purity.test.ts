// The core is pure (issue 2, "Done when"): no pg, cdktf, constructs or node I/O, only its own modules.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const CORE = path.join(__dirname, '../../src/core');

describe('src/core', () => {
  it('imports nothing but its own modules', () => {
    for (const file of readdirSync(CORE).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(path.join(CORE, file), 'utf8');
      const specifiers = [...source.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
      const foreign = specifiers.filter((s) => !s.startsWith('./'));
      assert.deepEqual(foreign, [], `src/core/${file} imports ${foreign.join(', ')}; keep I/O and frameworks out of the core`);
    }
  });
});
