// Tests src/cli/terraform.ts: terraform's diagnostics found in its text, boxed or bare; colour rules; ANSI stripping.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stripAnsi, terraformErrors, useColour } from '../../src/cli/terraform';

const BARE = `pgpartition_window.a: Refreshing state... [id=public.a]

Planning failed. Terraform encountered an error while generating this plan.


Warning: Dropping window public.b deletes its rows

public.b holds about 4 rows.

Error: Refusing to drop window public.c: not expired

public.c has upper bound 2025-01-13T00:00:00Z.

Error: Cannot connect to PostgreSQL

  with pgpartition_window.d,
  on cdk.tf.json line 12, in resource "pgpartition_window" "d":
  12:       }

Connecting to deployer@db:5432/app failed.
`;

const BOXED = `\x1b[31m╷\x1b[0m\x1b[0m
\x1b[31m│\x1b[0m \x1b[0m\x1b[1m\x1b[31mError: \x1b[0m\x1b[0m\x1b[1mRefusing to drop window public.c: not expired\x1b[0m
\x1b[31m│\x1b[0m \x1b[0m
\x1b[31m│\x1b[0m \x1b[0mpublic.c has upper bound 2025-01-13T00:00:00Z.
\x1b[31m╵\x1b[0m\x1b[0m
\x1b[33m╷\x1b[0m\x1b[0m
\x1b[33m│\x1b[0m \x1b[0m\x1b[1m\x1b[33mWarning: \x1b[0m\x1b[0m\x1b[1mSomething\x1b[0m
\x1b[33m╵\x1b[0m\x1b[0m
`;

describe('terraformErrors', () => {
  it('finds each bare Error diagnostic with its detail, and no warning', () => {
    assert.deepEqual(terraformErrors(BARE), [
      'Error: Refusing to drop window public.c: not expired\n\npublic.c has upper bound 2025-01-13T00:00:00Z.',
      'Error: Cannot connect to PostgreSQL\n\n  with pgpartition_window.d,\n  on cdk.tf.json line 12, in resource "pgpartition_window" "d":\n  12:       }\n\nConnecting to deployer@db:5432/app failed.',
    ]);
  });

  it('finds boxed Error diagnostics of colour output, without boxes or colours', () => {
    assert.deepEqual(terraformErrors(BOXED), ['Error: Refusing to drop window public.c: not expired\n\npublic.c has upper bound 2025-01-13T00:00:00Z.']);
  });

  it('finds none in a clean plan', () => {
    assert.deepEqual(terraformErrors('No changes. Your infrastructure matches the configuration.\n'), []);
  });
});

describe('useColour', () => {
  it('colours a terminal only without NO_COLOR and CI', () => {
    assert.equal(useColour({}, { isTTY: true }), true);
    assert.equal(useColour({}, { isTTY: false }), false);
    assert.equal(useColour({ NO_COLOR: '' }, { isTTY: true }), false);
    assert.equal(useColour({ CI: 'true' }, { isTTY: true }), false);
    assert.equal(useColour({ CI: 'false' }, { isTTY: true }), true);
  });
});

describe('stripAnsi', () => {
  it('removes colour and cursor sequences', () => {
    assert.equal(stripAnsi('\x1b[1m\x1b[31mError:\x1b[0m x\x1b[2K'), 'Error: x');
  });
});
