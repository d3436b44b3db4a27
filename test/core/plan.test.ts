import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addWindows,
  firstInstantOfDay,
  isExpired,
  retentionHorizon,
  localDay,
  parseCivilDate,
  planPartitions,
  resolveSpec,
  windowStartOf,
  type PartitionSpec,
  type Weekday,
  type WindowInterval,
} from '../../src/core';
import { ZONES, withSpec, workedExample } from './support/specs';
import { wallClockMs } from '../../src/core/calendar';

const HOUR_MS = 3_600_000;
const hours = (w: { fromInstant: Date; toInstant: Date }) => (w.toInstant.getTime() - w.fromInstant.getTime()) / HOUR_MS;
const NOW = new Date('2030-01-01T00:00:00Z'); // ignored wherever the spec pins asOf

describe('planPartitions: issue 2 examples', () => {
  it('plans the worked example: 17 weekly windows from 2024-09-30 through 2025-01-27', () => {
    const plan = planPartitions(workedExample, NOW);
    assert.equal(plan.windows.length, 17);
    assert.deepEqual([plan.windows[0].from, plan.windows[0].to], ['2024-09-30T00:00:00Z', '2024-10-07T00:00:00Z']);
    const current = plan.windows.filter((w) => w.current);
    assert.equal(current.length, 1);
    assert.deepEqual([current[0].from, current[0].to], ['2024-12-23T00:00:00Z', '2024-12-30T00:00:00Z']);
    assert.deepEqual([plan.windows[16].from, plan.windows[16].to], ['2025-01-20T00:00:00Z', '2025-01-27T00:00:00Z']);
    assert.equal(plan.currentWindowStart, '2024-12-23T00:00:00Z');
    assert.equal(plan.retention, '12 weeks');
    assert.equal(plan.retentionMode, 'drop');
    assert.equal(plan.asOf.toISOString(), '2024-12-25T12:00:00.000Z');
  });

  it('starts the current window of a plan made on Wednesday 2024-12-25 on Monday 2024-12-23', () => {
    const plan = planPartitions(withSpec({ asOf: undefined }), new Date('2024-12-25T09:30:00Z'));
    const current = plan.windows.find((w) => w.current)!;
    assert.equal(current.startDate, '2024-12-23');
    assert.equal(current.name, 'account_balances_2024_12_23');
  });

  it('names the window starting Monday 2024-12-30 (ISO week 2025-W01) ..._2024_12_30', () => {
    const plan = planPartitions(workedExample, NOW);
    const w = plan.windows.find((x) => x.from === '2024-12-30T00:00:00Z')!;
    assert.equal(w.name, 'account_balances_2024_12_30');
    assert.deepEqual(
      w.subPartitions.map((s) => [s.name, s.values]),
      [
        ['account_balances_2024_12_30_holdings', ['xrd_holding', 'lsu_holding', 'usdc_holding']],
        ['account_balances_2024_12_30_trading', ['dex_swap', 'liquidity_provision', 'lending']],
        ['account_balances_2024_12_30_default', null],
      ],
    );
  });

  it('makes the Europe/Berlin window containing 2025-03-30 167 hours long, between local midnights', () => {
    const plan = planPartitions(withSpec({ timeZone: 'Europe/Berlin', asOf: '2025-03-30T12:00:00+02:00' }), NOW);
    const w = plan.windows.find((x) => x.current)!;
    assert.equal(w.startDate, '2025-03-24');
    assert.equal(hours(w), 167);
    assert.equal(w.from, '2025-03-23T23:00:00Z'); // 00:00 CET
    assert.equal(w.to, '2025-03-30T22:00:00Z'); // 00:00 CEST
  });

  it('starts the Africa/Cairo day 2025-04-25 at 01:00, the first local time after the DST jump', () => {
    const spec = withSpec({ timeZone: 'Africa/Cairo', interval: '1 day', asOf: '2025-04-25T12:00:00+03:00' });
    const w = planPartitions(spec, NOW).windows.find((x) => x.current)!;
    assert.equal(w.startDate, '2025-04-25');
    assert.equal(w.from, '2025-04-24T22:00:00Z'); // 01:00 EEST (+03)
    assert.equal(hours(w), 23);
  });

  it('starts the America/Havana day 2025-03-09 at 01:00, the first local time after the DST jump', () => {
    const spec = withSpec({ timeZone: 'America/Havana', interval: '1 day', asOf: '2025-03-09T12:00:00-04:00' });
    const w = planPartitions(spec, NOW).windows.find((x) => x.current)!;
    assert.equal(w.from, '2025-03-09T05:00:00Z'); // 01:00 CDT (-04)
    assert.equal(w.to, '2025-03-10T04:00:00Z'); // 00:00 CDT
  });

  it('makes a Havana week over the DST jump 167 hours long', () => {
    const spec = withSpec({ timeZone: 'America/Havana', weekStart: 'sunday', asOf: '2025-03-10T12:00:00Z', layouts: [] });
    const w = planPartitions(spec, NOW).windows.find((x) => x.current)!;
    assert.equal(w.startDate, '2025-03-09');
    assert.equal(hours(w), 167);
  });

  it('leaves out the daily window of 2011-12-30, which Pacific/Apia skipped', () => {
    const spec = withSpec({ timeZone: 'Pacific/Apia', interval: '1 day', retention: { windows: 3 }, premake: 0, asOf: '2011-12-31T12:00:00+14:00', layouts: [] });
    const plan = planPartitions(spec, NOW);
    assert.deepEqual(plan.windows.map((w) => w.startDate), ['2011-12-28', '2011-12-29', '2011-12-31']);
    assert.equal(plan.windows[1].to, plan.windows[2].from);
  });

  it('keeps all windows from start when retention is left out', () => {
    const plan = planPartitions(withSpec({ retention: undefined, start: '2024-12-02' }), NOW);
    assert.equal(plan.windows[0].startDate, '2024-12-02');
    assert.equal(plan.windows.length, 3 + 1 + 4);
    assert.equal(plan.retention, null);
    assert.equal(plan.retentionMode, 'keep');
  });

  it('starts at start when it is later than the retention horizon', () => {
    const plan = planPartitions(withSpec({ start: '2024-12-16' }), NOW);
    assert.equal(plan.windows[0].startDate, '2024-12-16');
    assert.equal(plan.windows.length, 6);
  });

  it('plans monthly windows on day 1 with retention text in months', () => {
    const plan = planPartitions(withSpec({ interval: '1 month', retention: { windows: 12, mode: 'detach' }, layouts: [] }), NOW);
    assert.equal(plan.windows[0].from, '2023-12-01T00:00:00Z');
    assert.equal(plan.windows.at(-1)!.to, '2025-05-01T00:00:00Z');
    assert.equal(plan.retention, '12 months');
    assert.equal(plan.retentionMode, 'detach');
    assert.ok(plan.windows.every((w) => w.startDate.endsWith('-01')));
  });

  it('writes date and timestamp bounds in their canonical forms', () => {
    const columns = [
      { name: 'day', type: 'date', nullable: false },
      { name: 'at', type: 'timestamp without time zone', nullable: false },
      { name: 'activity_id', type: 'text', nullable: false },
    ];
    const onDate = planPartitions(withSpec({}, { columns, rangeColumn: 'day', primaryKey: ['day', 'activity_id'], indexes: [] }), NOW);
    assert.deepEqual([onDate.windows[0].from, onDate.windows[0].to], ['2024-09-30', '2024-10-07']);
    const onTs = planPartitions(withSpec({}, { columns, rangeColumn: 'at', primaryKey: ['at', 'activity_id'], indexes: [] }), NOW);
    assert.equal(onTs.currentWindowStart, '2024-12-23 00:00:00');
  });

  it('gives windows before the first layout only the DEFAULT sub-partition', () => {
    const spec = withSpec({ layouts: [{ effectiveFrom: '2024-12-30', groups: [{ name: 'trading', values: ['dex_swap'] }] }] });
    const plan = planPartitions(spec, NOW);
    const before = plan.windows.find((w) => w.startDate === '2024-12-23')!;
    const after = plan.windows.find((w) => w.startDate === '2024-12-30')!;
    assert.equal(before.layoutFrom, null);
    assert.deepEqual(before.subPartitions.map((s) => s.group), ['default']);
    assert.equal(after.layoutFrom, '2024-12-30');
    assert.deepEqual(after.subPartitions.map((s) => s.group), ['trading', 'default']);
  });

  it('uses each layout from its own window onward', () => {
    const spec = withSpec({
      layouts: [
        { effectiveFrom: '2025-01-06', groups: [{ name: 'new', values: ['a'] }], defaultSubPartition: false },
        { effectiveFrom: '2024-01-01', groups: [{ name: 'old', values: ['a'] }] },
      ],
    });
    const plan = planPartitions(spec, NOW);
    const byDate = (d: string) => plan.windows.find((w) => w.startDate === d)!.subPartitions.map((s) => s.group);
    assert.deepEqual(byDate('2024-12-30'), ['old', 'default']);
    assert.deepEqual(byDate('2025-01-06'), ['new']);
  });

  it('gives windows no sub-partitions without a list column', () => {
    const spec = withSpec({ layouts: undefined }, { listColumn: undefined, primaryKey: ['timestamp', 'account_address'] });
    assert.ok(planPartitions(spec, NOW).windows.every((w) => w.subPartitions.length === 0));
  });

  it('marks a window expired exactly when its upper bound is at or before the retention horizon', () => {
    const resolved = resolveSpec(workedExample);
    const plan = planPartitions(workedExample, NOW);
    const current = new Date(plan.currentWindowStart);
    assert.ok(plan.windows.every((w) => !isExpired(w, current, resolved)));
    const next = planPartitions(withSpec({ asOf: '2025-01-01T00:00:00Z' }), NOW);
    assert.equal(isExpired(plan.windows[0], new Date(next.currentWindowStart), resolved), true);
    assert.equal(isExpired(plan.windows[1], new Date(next.currentWindowStart), resolved), false);
  });

  it('puts the retention horizon at the start of the oldest planned window', () => {
    const resolved = resolveSpec(workedExample);
    const plan = planPartitions(workedExample, NOW);
    assert.equal(retentionHorizon(resolved, plan.asOf)?.getTime(), plan.windows[0].fromInstant.getTime());
    assert.equal(retentionHorizon(resolveSpec(withSpec({ retention: undefined, start: '2024-12-02' })), NOW), null, 'keep-all has none');
  });

  it('is the same plan for the same input', () => {
    assert.deepEqual(planPartitions(workedExample, NOW), planPartitions(workedExample, new Date(0)));
  });
});

describe('planPartitions: laws (property tests)', () => {
  const intervals: WindowInterval[] = ['1 day', '1 week', '1 month'];
  const weekdays: Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  const arbSpec = fc.record({
    timeZone: fc.constantFrom(...ZONES),
    interval: fc.constantFrom(...intervals),
    weekStart: fc.constantFrom(...weekdays),
    premake: fc.integer({ min: 0, max: 6 }),
    retention: fc.integer({ min: 1, max: 15 }),
    asOf: fc.date({ min: new Date('1995-01-01T00:00:00Z'), max: new Date('2060-01-01T00:00:00Z'), noInvalidDate: true }),
  });
  type Drawn = { timeZone: string; interval: WindowInterval; weekStart: Weekday; premake: number; retention: number; asOf: Date };
  const toSpec = (a: Drawn): PartitionSpec =>
    withSpec({ timeZone: a.timeZone, interval: a.interval, weekStart: a.weekStart, premake: a.premake, retention: { windows: a.retention }, asOf: a.asOf, layouts: [] });

  it('plans contiguous, non-overlapping windows aligned to local window starts that cover the horizon exactly', () => {
    fc.assert(
      fc.property(arbSpec, (a) => {
        const plan = planPartitions(toSpec(a), NOW);
        const w = plan.windows;
        // one window per calendar step, less a daily window on a day the zone skipped (Apia 2011)
        assert.ok(w.length <= a.retention + 1 + a.premake && w.length >= a.retention + a.premake);
        for (let i = 0; i < w.length; i++) {
          assert.ok(w[i].fromInstant < w[i].toInstant, 'from < to');
          if (i > 0) assert.equal(w[i].from, w[i - 1].to, 'contiguous');
          // aligned: the start date is a window start, and from is that local day's first instant
          const day = parseCivilDate(w[i].startDate)!;
          assert.equal(windowStartOf(day, a.interval, a.weekStart), day);
          assert.ok(localDay(w[i].fromInstant, a.timeZone) >= day);
          assert.ok(localDay(new Date(w[i].fromInstant.getTime() - 1000), a.timeZone) < day);
        }
        const current = w.filter((x) => x.current);
        assert.equal(current.length, 1);
        assert.equal(w.indexOf(current[0]), a.retention);
        assert.ok(current[0].fromInstant <= a.asOf && a.asOf < current[0].toInstant, 'current contains asOf');
        // the horizon: the oldest window is the first whose upper bound is after current start - retention
        const currentDay = parseCivilDate(current[0].startDate)!;
        const horizon = firstInstantOfDay(addWindows(currentDay, -a.retention, a.interval), a.timeZone);
        assert.equal(w[0].fromInstant.getTime(), horizon.getTime());
        assert.ok(w[0].toInstant > horizon);
        const end = firstInstantOfDay(addWindows(currentDay, a.premake + 1, a.interval), a.timeZone);
        assert.equal(w[w.length - 1].toInstant.getTime(), end.getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('keeps weekly windows within 168 hours plus or minus the zone shift', () => {
    // the shift is the change of UTC offset across the window: an hour or less for DST, but a whole
    // day where a zone moved across the date line (Pacific/Apia skipped 2011-12-30: a 144-hour week)
    const offsetMs = (instant: Date, timeZone: string) => wallClockMs(instant.getTime(), timeZone) - instant.getTime();
    fc.assert(
      fc.property(arbSpec, (a) => {
        const plan = planPartitions({ ...toSpec(a), interval: '1 week' }, NOW);
        for (const w of plan.windows) {
          const shift = Math.abs(offsetMs(w.toInstant, a.timeZone) - offsetMs(w.fromInstant, a.timeZone)) / HOUR_MS;
          assert.ok(Math.abs(hours(w) - 168) <= Math.max(1, shift), `${w.name} is ${hours(w)} h`);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives every window and sub-partition a unique name of at most 63 bytes', () => {
    const parent = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => new TextEncoder().encode(s).length <= 63 && !s.includes('\u0000'));
    fc.assert(
      fc.property(parent, (name) => {
        const plan = planPartitions(withSpec({}, { name }), NOW);
        const names = plan.windows.flatMap((w) => [w.name, ...w.subPartitions.map((s) => s.name)]);
        assert.equal(new Set(names).size, names.length);
        for (const n of names) assert.ok(new TextEncoder().encode(n).length <= 63, n);
      }),
      { numRuns: 200 },
    );
  });
});
