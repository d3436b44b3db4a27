// Two-phase retention in the planner (retention mode `archive`) and the calendar intervals it adds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addCalendarInterval,
  formatCalendarInterval,
  isExpired,
  parseCalendarInterval,
  planPartitions,
  resolveSpec,
  SpecError,
  type PartitionSpec,
  type WindowInterval,
} from '../../src/core';
import { ZONES, withSpec } from './support/specs';

const NOW = new Date('2030-01-01T00:00:00Z');
const archive = (windows: number, keepFor: string, archiveSchema = 'archive') => ({ windows, mode: 'archive' as const, keepFor, archiveSchema });

describe('calendar intervals', () => {
  it('reads N day|week|month|year parts and nothing else', () => {
    assert.deepEqual(parseCalendarInterval('7 days'), { months: 0, days: 7 });
    assert.deepEqual(parseCalendarInterval('1 week'), { months: 0, days: 7 });
    assert.deepEqual(parseCalendarInterval('3 months 10 days'), { months: 3, days: 10 });
    assert.deepEqual(parseCalendarInterval('1 year 2 weeks'), { months: 12, days: 14 });
    for (const text of ['', '7', 'days', '7 fortnights', '1.5 days', '-1 days', '7 days ago', '1 hour']) assert.equal(parseCalendarInterval(text), null, text);
  });

  it('adds months first, clamping the day to the month\'s end, then days (as PostgreSQL adds to a timestamp)', () => {
    const at = (iso: string, text: string) => addCalendarInterval(new Date(iso), parseCalendarInterval(text)!).toISOString();
    assert.equal(at('2024-01-31T10:00:00Z', '1 month'), '2024-02-29T10:00:00.000Z');
    assert.equal(at('2023-01-31T00:00:00Z', '1 month 1 day'), '2023-03-01T00:00:00.000Z');
    assert.equal(at('2024-12-23T00:00:00Z', '12 weeks 7 days'), '2025-03-24T00:00:00.000Z');
  });

  it('formats what it reads back to the same interval (a law)', () => {
    fc.assert(fc.property(fc.nat(120), fc.nat(4000), (months, days) => {
      assert.deepEqual(parseCalendarInterval(formatCalendarInterval({ months, days })), { months, days });
    }));
  });
});

describe('planPartitions: retention mode archive', () => {
  it('keeps the window just past retention in the plan, archived until to + retention + keepFor', () => {
    // asOf Wed 2024-12-25, weekly, retention 4: kept from 2024-11-25; the window of 2024-11-18 expired
    // on 2024-12-23 and is archived until 2024-12-30; the one of 2024-11-11 was due on 2024-12-23
    const plan = planPartitions(withSpec({ retention: archive(4, '7 days') }), NOW);
    const archived = plan.windows.filter((w) => w.archivedUntil !== null);
    assert.deepEqual(archived.map((w) => [w.startDate, w.archivedUntil!.toISOString()]), [['2024-11-18', '2024-12-30T00:00:00.000Z']]);
    assert.equal(plan.windows[1].startDate, '2024-11-25');
    assert.deepEqual(plan.archive, { schema: 'archive', keepFor: '7 days' });
    assert.equal(plan.retentionMode, 'archive');
    const twoWeeks = planPartitions(withSpec({ retention: archive(4, '2 weeks') }), NOW);
    assert.deepEqual(twoWeeks.windows.filter((w) => w.archivedUntil !== null).map((w) => w.startDate), ['2024-11-11', '2024-11-18']);
  });

  it('plans the same attached windows as retention mode drop, plus archived ones before them', () => {
    const drop = planPartitions(withSpec({ retention: { windows: 4, mode: 'drop' } }), NOW);
    const arch = planPartitions(withSpec({ retention: archive(4, '7 days') }), NOW);
    assert.deepEqual(arch.windows.filter((w) => w.archivedUntil === null).map((w) => w.name), drop.windows.map((w) => w.name));
  });

  it('archives exactly the expired windows whose drop instant is after asOf, contiguous before the kept ones (a law)', () => {
    const intervals: WindowInterval[] = ['1 day', '1 week', '1 month'];
    fc.assert(fc.property(
      fc.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }),
      fc.constantFrom(...intervals), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 90 }), fc.constantFrom(...ZONES),
      (asOf, interval, windows, keepDays, timeZone) => {
        const spec: PartitionSpec = withSpec({ asOf, interval, timeZone, retention: archive(windows, `${keepDays} days`), premake: 1 });
        const resolved = resolveSpec(spec);
        const plan = planPartitions(spec, NOW);
        const current = plan.windows.find((w) => w.current)!;
        const firstKept = plan.windows.findIndex((w) => w.archivedUntil === null);
        plan.windows.forEach((w, i) => {
          assert.equal(w.archivedUntil !== null, i < firstKept, 'archived windows come first');
          assert.equal(isExpired(w, current.fromInstant, resolved), w.archivedUntil !== null, 'archived exactly when expired');
          if (w.archivedUntil) assert.ok(w.archivedUntil.getTime() > asOf.getTime(), 'dropped once its instant has come');
        });
      },
    ), { numRuns: 300 });
  });

  it('refuses keepFor and archiveSchema errors naming the field', () => {
    const refuses = (retention: PartitionSpec['retention'], field: string) =>
      assert.throws(() => resolveSpec(withSpec({ retention })), (e: unknown) => e instanceof SpecError && e.field === field, field);
    refuses({ windows: 4, mode: 'archive', archiveSchema: 'archive' } as never, 'retention.keepFor');
    refuses(archive(4, 'a week'), 'retention.keepFor');
    refuses(archive(4, '0 days'), 'retention.keepFor');
    refuses(archive(4, '61 months'), 'retention.keepFor');
    refuses({ windows: 4, mode: 'archive', keepFor: '7 days' }, 'retention.archiveSchema');
    refuses(archive(4, '7 days', 'public'), 'retention.archiveSchema');
    refuses(archive(4, '7 days', 'pg_archive'), 'retention.archiveSchema');
    refuses({ windows: 4, mode: 'drop', keepFor: '7 days' }, 'retention.keepFor');
  });
});
