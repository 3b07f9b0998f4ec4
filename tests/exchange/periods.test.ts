import { UpdateCycle } from '../../src/modules/catalog/catalog.enums';
import { CalendarRangeError } from '../../src/modules/calendar/working-calendar';
import { testCalendar } from '../support/calendar';
import {
  dueAt,
  defaultPeriod,
  earliestDueAt,
  isScheduled,
  lastEndedPeriod,
  nextPeriod,
  parsePeriod,
  type Period,
  PeriodError,
  periodContaining,
  periodsBetween,
  shanghaiDate,
} from '../../src/modules/exchange/periods';

const calendar = testCalendar;
const labels = (periods: Period[]) => periods.map((period) => period.label);

describe('periodContaining', () => {
  it.each([
    [UpdateCycle.DAILY, '2026-11-20', '2026-11-20', '2026-11-20'],
    [UpdateCycle.WEEKLY, '2026-W47', '2026-11-16', '2026-11-22'],
    [UpdateCycle.TEN_DAYS, '2026-11-D2', '2026-11-11', '2026-11-20'],
    [UpdateCycle.MONTHLY, '2026-11', '2026-11-01', '2026-11-30'],
    [UpdateCycle.QUARTERLY, '2026-Q4', '2026-10-01', '2026-12-31'],
    [UpdateCycle.HALF_YEARLY, '2026-H2', '2026-07-01', '2026-12-31'],
    [UpdateCycle.YEARLY, '2026', '2026-01-01', '2026-12-31'],
  ])('%s period of 2026-11-20 is %s', (cycle, label, start, end) => {
    expect(periodContaining(cycle, '2026-11-20')).toEqual({ cycle, label, start, end });
  });

  it.each([
    ['2026-01-01', '2026-W01', '2025-12-29', '2026-01-04'],
    ['2025-12-29', '2026-W01', '2025-12-29', '2026-01-04'],
    ['2025-12-28', '2025-W52', '2025-12-22', '2025-12-28'],
    ['2026-12-31', '2026-W53', '2026-12-28', '2027-01-03'],
    ['2027-01-01', '2026-W53', '2026-12-28', '2027-01-03'],
    ['2027-01-04', '2027-W01', '2027-01-04', '2027-01-10'],
    ['2021-01-03', '2020-W53', '2020-12-28', '2021-01-03'],
    ['2024-12-30', '2025-W01', '2024-12-30', '2025-01-05'],
  ])('ISO week of %s is %s', (date, label, start, end) => {
    expect(periodContaining(UpdateCycle.WEEKLY, date)).toMatchObject({ label, start, end });
  });

  it.each([
    ['2026-03-10', '2026-03-D1', '2026-03-01', '2026-03-10'],
    ['2026-03-11', '2026-03-D2', '2026-03-11', '2026-03-20'],
    ['2026-03-21', '2026-03-D3', '2026-03-21', '2026-03-31'],
    ['2026-02-25', '2026-02-D3', '2026-02-21', '2026-02-28'],
    ['2028-02-29', '2028-02-D3', '2028-02-21', '2028-02-29'],
    ['2026-04-30', '2026-04-D3', '2026-04-21', '2026-04-30'],
  ])('旬 of %s is %s', (date, label, start, end) => {
    expect(periodContaining(UpdateCycle.TEN_DAYS, date)).toMatchObject({ label, start, end });
  });

  it('ends February on its last day', () => {
    expect(periodContaining(UpdateCycle.MONTHLY, '2028-02-10').end).toBe('2028-02-29');
    expect(periodContaining(UpdateCycle.QUARTERLY, '2026-02-10')).toMatchObject({
      start: '2026-01-01',
      end: '2026-03-31',
    });
  });
});

describe('parsePeriod', () => {
  it.each([
    [UpdateCycle.DAILY, '2028-02-29'],
    [UpdateCycle.WEEKLY, '2026-W53'],
    [UpdateCycle.WEEKLY, '2026-W01'],
    [UpdateCycle.TEN_DAYS, '2026-02-D3'],
    [UpdateCycle.MONTHLY, '2026-12'],
    [UpdateCycle.QUARTERLY, '2026-Q1'],
    [UpdateCycle.HALF_YEARLY, '2026-H1'],
    [UpdateCycle.YEARLY, '2026'],
  ])('%s %s names the period that holds its first day', (cycle, label) => {
    const period = parsePeriod(cycle, label);
    expect(period.label).toBe(label);
    expect(periodContaining(cycle, period.start)).toEqual(period);
  });

  it.each([
    [UpdateCycle.MONTHLY, '2026-13', 'there is no such month'],
    [UpdateCycle.MONTHLY, '2026-00', 'there is no such month'],
    [UpdateCycle.MONTHLY, '2026-1', 'write YYYY-MM, e.g. 2026-11'],
    [UpdateCycle.MONTHLY, '2026-Q4', 'write YYYY-MM, e.g. 2026-11'],
    [UpdateCycle.WEEKLY, '2025-W53', 'there is no such ISO week in that year'],
    [UpdateCycle.WEEKLY, '2026-W00', 'there is no such ISO week in that year'],
    [UpdateCycle.WEEKLY, '2026-W54', 'there is no such ISO week in that year'],
    [UpdateCycle.WEEKLY, '2026-W5', 'write YYYY-Www (ISO week)'],
    [UpdateCycle.TEN_DAYS, '2026-02-D4', 'there is no such ten-day period'],
    [UpdateCycle.TEN_DAYS, '2026-02-D0', 'there is no such ten-day period'],
    [UpdateCycle.TEN_DAYS, '2026-13-D1', 'there is no such ten-day period'],
    [UpdateCycle.TEN_DAYS, '2026-02', 'write YYYY-MM-Dn'],
    [UpdateCycle.QUARTERLY, '2026-Q5', 'there is no such quarter'],
    [UpdateCycle.QUARTERLY, '2026-Q0', 'there is no such quarter'],
    [UpdateCycle.HALF_YEARLY, '2026-H3', 'there is no such half-year'],
    [UpdateCycle.YEARLY, '26', 'write YYYY, e.g. 2026'],
    [UpdateCycle.DAILY, '2026-02-30', 'there is no such day'],
    [UpdateCycle.DAILY, '2026-2-1', 'write YYYY-MM-DD'],
    [UpdateCycle.DAILY, ' 2026-02-01', 'write YYYY-MM-DD'],
  ])('%s refuses %s', (cycle, label, reason) => {
    expect(() => parsePeriod(cycle, label)).toThrow(PeriodError);
    expect(() => parsePeriod(cycle, label)).toThrow(`"${label}" is not a ${cycle} period: ${reason}`);
  });
});

describe('unscheduled cycles', () => {
  it.each([UpdateCycle.REALTIME, UpdateCycle.ON_DEMAND])('%s has no periods', (cycle) => {
    expect(isScheduled(cycle)).toBe(false);
    expect(() => periodContaining(cycle, '2026-11-20')).toThrow(PeriodError);
    expect(() => parsePeriod(cycle, '2026-11')).toThrow(`${cycle} has no delivery periods`);
    expect(() => periodsBetween(cycle, '2026-01-01', '2026-12-31')).toThrow(PeriodError);
    expect(() => lastEndedPeriod(cycle, '2026-11-20')).toThrow(PeriodError);
    const period = { cycle, label: 'x', start: '2026-11-20', end: '2026-11-20' };
    expect(() => dueAt(period, { workingDaysAfterPeriod: 1 }, calendar)).toThrow(PeriodError);
  });

  it('every other cycle is scheduled', () => {
    const scheduled = Object.values(UpdateCycle).filter(isScheduled);
    expect(scheduled).toEqual([
      'DAILY',
      'WEEKLY',
      'TEN_DAYS',
      'MONTHLY',
      'QUARTERLY',
      'HALF_YEARLY',
      'YEARLY',
    ]);
  });
});

describe('nextPeriod, periodsBetween and lastEndedPeriod', () => {
  it.each([
    [UpdateCycle.DAILY, '2026-12-31', '2027-01-01'],
    [UpdateCycle.WEEKLY, '2026-W53', '2027-W01'],
    [UpdateCycle.TEN_DAYS, '2026-02-D3', '2026-03-D1'],
    [UpdateCycle.MONTHLY, '2026-12', '2027-01'],
    [UpdateCycle.QUARTERLY, '2026-Q4', '2027-Q1'],
    [UpdateCycle.HALF_YEARLY, '2026-H1', '2026-H2'],
    [UpdateCycle.YEARLY, '2026', '2027'],
  ])('%s after %s comes %s', (cycle, label, next) => {
    expect(nextPeriod(parsePeriod(cycle, label)).label).toBe(next);
  });

  it.each([
    [UpdateCycle.MONTHLY, '2026-01-15', '2026-04-30', ['2026-01', '2026-02', '2026-03', '2026-04']],
    [UpdateCycle.MONTHLY, '2026-01-15', '2026-04-29', ['2026-01', '2026-02', '2026-03']],
    [UpdateCycle.MONTHLY, '2026-02-01', '2026-02-27', []],
    [UpdateCycle.TEN_DAYS, '2026-02-01', '2026-02-28', ['2026-02-D1', '2026-02-D2', '2026-02-D3']],
    [UpdateCycle.WEEKLY, '2026-12-20', '2027-01-10', ['2026-W51', '2026-W52', '2026-W53', '2027-W01']],
    [UpdateCycle.QUARTERLY, '2026-01-01', '2026-12-31', ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']],
    [UpdateCycle.DAILY, '2026-02-27', '2026-03-01', ['2026-02-27', '2026-02-28', '2026-03-01']],
    [UpdateCycle.YEARLY, '2026-06-01', '2026-05-31', []],
  ])('%s periods ending within [%s, %s]', (cycle, from, to, expected) => {
    expect(labels(periodsBetween(cycle, from, to))).toEqual(expected);
  });

  it.each([
    [UpdateCycle.DAILY, '2026-11-20', '2026-11-19'],
    [UpdateCycle.WEEKLY, '2026-01-01', '2025-W52'],
    [UpdateCycle.WEEKLY, '2026-11-22', '2026-W46'],
    [UpdateCycle.TEN_DAYS, '2026-03-01', '2026-02-D3'],
    [UpdateCycle.MONTHLY, '2026-11-01', '2026-10'],
    [UpdateCycle.MONTHLY, '2026-11-30', '2026-10'],
    [UpdateCycle.QUARTERLY, '2026-01-01', '2025-Q4'],
    [UpdateCycle.HALF_YEARLY, '2026-07-01', '2026-H1'],
    [UpdateCycle.YEARLY, '2026-06-01', '2025'],
  ])('the last %s period ended before %s is %s', (cycle, date, label) => {
    expect(lastEndedPeriod(cycle, date)?.label).toBe(label);
  });
});

describe('dueAt', () => {
  const tenWorkingDays = { workingDaysAfterPeriod: 10 };

  it('puts September 2026 ten working days after, past the national holiday, at the end of the day', () => {
    // 10/1–10/7 are off and Saturday 10/10 is a make-up working day: the 10th working day is 10/20.
    const due = dueAt(parsePeriod(UpdateCycle.MONTHLY, '2026-09'), tenWorkingDays, calendar);
    expect(due.toISOString()).toBe('2026-10-20T16:00:00.000Z');
    expect(shanghaiDate(new Date(due.getTime() - 1))).toBe('2026-10-20');
  });

  it('puts October 2026 ten working days after its last day (a Saturday)', () => {
    const due = dueAt(parsePeriod(UpdateCycle.MONTHLY, '2026-10'), tenWorkingDays, calendar);
    expect(due.toISOString()).toBe('2026-11-13T16:00:00.000Z');
  });

  it.each([
    ['2026-09-30', 1, '09:00', '2026-10-08T01:00:00.000Z'],
    ['2026-02-13', 0, '09:00', '2026-02-13T01:00:00.000Z'],
    ['2026-02-15', 0, '09:00', '2026-02-24T01:00:00.000Z'],
    ['2026-02-13', 1, '00:00', '2026-02-13T16:00:00.000Z'],
    ['2026-02-13', 1, '24:00', '2026-02-14T16:00:00.000Z'],
    ['2026-02-13', 1, null, '2026-02-14T16:00:00.000Z'],
  ])('DAILY %s, %i working days, at %s is %s', (day, workingDaysAfterPeriod, time, expected) => {
    const due = dueAt(parsePeriod(UpdateCycle.DAILY, day), { workingDaysAfterPeriod, time }, calendar);
    expect(due.toISOString()).toBe(expected);
  });

  it.each(['9:00', '24:01', '12:60', '25:00', 'noon', ''])('refuses the due time %j', (time) => {
    const period = parsePeriod(UpdateCycle.DAILY, '2026-02-13');
    expect(() => dueAt(period, { workingDaysAfterPeriod: 1, time }, calendar)).toThrow(PeriodError);
  });

  it('refuses a due day beyond the calendar instead of guessing', () => {
    const period = parsePeriod(UpdateCycle.YEARLY, '2026');
    expect(() => dueAt(period, { workingDaysAfterPeriod: 5 }, calendar)).toThrow(CalendarRangeError);
  });
});

describe('earliestDueAt', () => {
  it('is the due time itself wherever the calendar holds the days', () => {
    for (const cycle of [UpdateCycle.DAILY, UpdateCycle.WEEKLY, UpdateCycle.MONTHLY]) {
      for (const period of periodsBetween(cycle, '2025-01-01', '2026-11-30')) {
        for (const rule of [
          { workingDaysAfterPeriod: 0, time: '09:00' },
          { workingDaysAfterPeriod: 1, time: '09:00' },
          { workingDaysAfterPeriod: 10, time: null },
        ]) {
          expect(earliestDueAt(period, rule, calendar)).toEqual(dueAt(period, rule, calendar));
        }
      }
    }
  });

  it('is known where the due time is not: a period of 31 December 2026 is due on 1 January 2027 at the earliest', () => {
    const period = parsePeriod(UpdateCycle.DAILY, '2026-12-31');
    expect(earliestDueAt(period, { workingDaysAfterPeriod: 1, time: '09:00' }, calendar).toISOString()).toBe(
      '2027-01-01T01:00:00.000Z',
    );
    expect(() => dueAt(period, { workingDaysAfterPeriod: 1, time: '09:00' }, calendar)).toThrow(
      CalendarRangeError,
    );
  });

  it('counts the working days the calendar holds as it says, and only the rest as days', () => {
    // Friday 25 December 2026, due 5 working days later: four are left in 2026, the fifth is in 2027.
    const period = parsePeriod(UpdateCycle.DAILY, '2026-12-25');
    const rule = { workingDaysAfterPeriod: 5, time: '09:00' };
    expect(() => dueAt(period, rule, calendar)).toThrow(CalendarRangeError);
    expect(earliestDueAt(period, rule, calendar).toISOString()).toBe('2027-01-01T01:00:00.000Z');
    // Nine: the last five on 1 to 5 January 2027 at the earliest (any may be a working day).
    expect(earliestDueAt(period, { workingDaysAfterPeriod: 9 }, calendar).toISOString()).toBe(
      '2027-01-05T16:00:00.000Z',
    );
    // November 2026 + 30: December holds 23 of them, the other 7 are 1 to 7 January at the earliest.
    const november = parsePeriod(UpdateCycle.MONTHLY, '2026-11');
    expect(earliestDueAt(november, { workingDaysAfterPeriod: 30 }, calendar).toISOString()).toBe(
      '2027-01-07T16:00:00.000Z',
    );
    // Where the calendar says, it is the due time itself.
    const june = parsePeriod(UpdateCycle.MONTHLY, '2026-06');
    expect(earliestDueAt(june, { workingDaysAfterPeriod: 10 }, calendar)).toEqual(
      dueAt(june, { workingDaysAfterPeriod: 10 }, calendar),
    );
  });
});

describe('shanghaiDate', () => {
  it.each([
    ['2026-10-31T15:59:59.999Z', '2026-10-31'],
    ['2026-10-31T16:00:00.000Z', '2026-11-01'],
    ['2026-12-31T23:00:00.000Z', '2027-01-01'],
  ])('%s is on %s in Shanghai', (instant, date) => {
    expect(shanghaiDate(new Date(instant))).toBe(date);
  });

  it('refuses an invalid Date', () => {
    expect(() => shanghaiDate(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('defaultPeriod', () => {
  it.each([
    [UpdateCycle.MONTHLY, '2026-12-06', '2026-11'],
    // Monday 7 December 2026: the last working day is Friday the 4th.
    [UpdateCycle.DAILY, '2026-12-07', '2026-12-04'],
    // After the Spring Festival of 2026 (15 to 23 February; Saturday 14th a make-up working day).
    [UpdateCycle.DAILY, '2026-02-24', '2026-02-14'],
    // In 2027, which the calendar does not hold yet, weekdays other than 元旦 (1 January):
    [UpdateCycle.DAILY, '2027-01-04', '2026-12-31'],
    [UpdateCycle.DAILY, '2027-01-05', '2027-01-04'],
  ])('of a %s item on %s is %s', (cycle, today, expected) => {
    expect(defaultPeriod(cycle, today, calendar)?.label).toBe(expected);
  });
});
