import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { intervalText } from '../../src/provider/internal/validators';

describe('intervalText (retention)', () => {
  it('accepts PostgreSQL interval text of <integer> <unit> parts', () => {
    for (const ok of ['12 weeks', '1 week', '90 days', '1 month 2 days', '0 weeks 3 days']) assert.equal(intervalText(ok), undefined, ok);
  });

  it('fails when the interval is zero, naming the fix', () => {
    assert.match(intervalText('0 weeks') ?? '', /"0 weeks" is zero; a retention must be positive, e.g. "1 week"/);
  });

  it('fails when the text is not a plain interval (negative, relative, a typo)', () => {
    for (const bad of ['-1 week', '1 week ago', '12 wekes', '', 'P12W']) assert.match(intervalText(bad) ?? '', /is not an interval/, bad);
  });
});
