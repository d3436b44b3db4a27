/** fast-check arbitraries of the predicate grammar's trees (src/core/sql-predicate.ts), shared by the pure and the PostgreSQL tests. */
import fc from 'fast-check';
import type { ComparisonOperator, Constant, Operand, Predicate } from '../../../src/core/sql-predicate';

/** Column names: plain lower-case words (any but the grammar's keywords) and names that need quoting. */
export const arbitraryColumn = (names?: readonly string[]): fc.Arbitrary<string> =>
  names !== undefined
    ? fc.constantFrom(...names)
    : fc.oneof(
      fc.constantFrom('status', 'a', 'usd_value', 'Mixed Case', 'with "quote"', 'é'),
      fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes('\u0000')),
    );

export const arbitraryConstant: fc.Arbitrary<Constant> = fc.oneof(
  fc.stringMatching(/^-?[0-9]{1,6}(\.[0-9]{1,4})?([eE][+-]?[0-9]{1,2})?$/).map((text) => ({ kind: 'number' as const, text })),
  fc.string({ maxLength: 12 }).filter((s) => !s.includes('\u0000')).map((value) => ({ kind: 'string' as const, value })),
  fc.boolean().map((value) => ({ kind: 'boolean' as const, value })),
  fc.constant({ kind: 'null' as const }),
);

/** Trees of the predicate grammar over `names` (any names when omitted), as the parser builds them. */
export function predicates(names?: readonly string[]): fc.Arbitrary<Predicate> {
  const column = arbitraryColumn(names);
  const operand: fc.Arbitrary<Operand> = fc.oneof(
    column.map((name) => ({ kind: 'column' as const, name })),
    arbitraryConstant.map((value) => ({ kind: 'constant' as const, value })),
  );
  const op = fc.constantFrom<ComparisonOperator>('=', '<>', '<', '<=', '>', '>=');
  const leaf: fc.Arbitrary<Predicate> = fc.oneof(
    fc.record({ kind: fc.constant('compare' as const), op, left: operand, right: operand }, { noNullPrototype: true }),
    fc.record({ kind: fc.constant('is' as const), operand, negated: fc.boolean(), what: fc.constantFrom('null' as const, 'true' as const, 'false' as const) }, { noNullPrototype: true }),
    fc.record({ kind: fc.constant('in' as const), operand, negated: fc.boolean(), values: fc.array(arbitraryConstant, { minLength: 1, maxLength: 4 }) }, { noNullPrototype: true }),
    fc.record({ kind: fc.constant('between' as const), operand, negated: fc.boolean(), low: operand, high: operand }, { noNullPrototype: true }),
    fc.record({ kind: fc.constant('like' as const), operand, negated: fc.boolean(), op: fc.constantFrom('LIKE' as const, 'ILIKE' as const), pattern: fc.string({ maxLength: 8 }).filter((s) => !s.includes('\u0000')) }, { noNullPrototype: true }),
    column.map((name) => ({ kind: 'column' as const, name })),
  );
  const { tree } = fc.letrec<{ tree: Predicate }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), items: fc.array(tie('tree'), { minLength: 2, maxLength: 3 }) }, { noNullPrototype: true }),
      fc.record({ kind: fc.constant('not' as const), item: tie('tree') }, { noNullPrototype: true }),
    ),
  }));
  return tree;
}

export const arbitraryPredicate = predicates();
