import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CalendarFilesInvalid, readCalendarFolder } from '../../src/modules/calendar/calendar-files';
import { testCalendar } from '../support/calendar';
import {
  addDays,
  CalendarRangeError,
  dayOfWeek,
  WorkingCalendar,
} from '../../src/modules/calendar/working-calendar';

const CALENDAR_DIR = path.join(__dirname, '..', '..', 'catalog', 'calendar');
const calendar = readCalendarFolder(CALENDAR_DIR);
// What happens past the calendar's last year is tested on 2025 and 2026 alone, whatever years follow.

/** A fresh `calendar` folder in a temporary directory holding the given files. */
function calendarFolder(files: Record<string, string>): string {
  const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hub-calendar-')), 'calendar');
  fs.mkdirSync(folder);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), text);
  return folder;
}

/** The problems readCalendarFolder reports for a folder, as 'path: message' lines. */
function problemsOf(folder: string): string[] {
  try {
    readCalendarFolder(folder);
  } catch (error) {
    if (!(error instanceof CalendarFilesInvalid)) throw error;
    return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
  }
  throw new Error('the calendar folder was accepted');
}

describe('the catalogue calendar', () => {
  it('covers 2025, 2026 and any later years without a gap', () => {
    expect(calendar.years.slice(0, 2)).toEqual([2025, 2026]);
    expect(calendar.years).toEqual(calendar.years.map((_, index) => 2025 + index));
    expect(calendar.covers('2026-05-01')).toBe(true);
    expect(calendar.covers('2024-05-01')).toBe(false);
  });

  it.each([2025, 2026])(
    'has 248 working days in %i (261 weekdays less the 13 statutory holidays)',
    (year) => {
      let workingDays = 0;
      for (let date = `${year}-01-01`; date <= `${year}-12-31`; date = addDays(date, 1)) {
        if (calendar.isWorkingDay(date)) workingDays += 1;
      }
      expect(workingDays).toBe(248);
    },
  );

  it.each([
    ['2026-10-08', 'Thursday after 国庆 (10/1–10/7)', true],
    ['2026-10-07', 'last day of 国庆', false],
    ['2026-10-10', 'Saturday make-up day for 国庆', true],
    ['2026-10-11', 'ordinary Sunday', false],
    ['2026-02-14', 'Saturday make-up day before 春节', true],
    ['2026-02-16', 'Monday in 春节', false],
    ['2026-02-23', 'last day of 春节', false],
    ['2026-02-24', 'first day back after 春节', true],
    ['2026-02-28', 'Saturday make-up day after 春节', true],
    ['2026-01-02', 'Friday in 元旦', false],
    ['2026-01-04', 'Sunday make-up day for 元旦', true],
    ['2026-06-19', 'Friday of 端午', false],
    ['2026-09-20', 'Sunday make-up day for 国庆', true],
    ['2026-03-02', 'ordinary Monday', true],
    ['2026-03-07', 'ordinary Saturday', false],
    ['2025-10-08', 'last day of 国庆中秋 2025', false],
    ['2025-10-11', 'Saturday make-up day 2025', true],
    ['2025-01-26', 'Sunday make-up day before 春节 2025', true],
  ])('%s (%s) is a working day: %s', (date, _why, expected) => {
    expect(calendar.isWorkingDay(date)).toBe(expected);
  });

  it.each([
    ['2026-09-30', 1, '2026-10-08'],
    ['2026-01-31', 10, '2026-02-13'],
    ['2026-01-31', 11, '2026-02-14'],
    ['2026-01-31', 12, '2026-02-24'],
    ['2025-12-31', 1, '2026-01-04'],
    ['2026-10-01', 0, '2026-10-08'],
    ['2026-10-08', 0, '2026-10-08'],
    ['2026-10-09', 1, '2026-10-10'],
  ])('addWorkingDays(%s, %i) is %s', (date, n, expected) => {
    expect(calendar.addWorkingDays(date, n)).toBe(expected);
  });

  it('finds the next working day', () => {
    expect(calendar.nextWorkingDay('2026-02-13')).toBe('2026-02-14');
    expect(calendar.nextWorkingDay('2026-02-14')).toBe('2026-02-24');
  });

  it('refuses dates in years it does not cover, rather than guessing', () => {
    expect(() => testCalendar.isWorkingDay('2024-12-31')).toThrow(CalendarRangeError);
    expect(() => testCalendar.isWorkingDay('2027-01-04')).toThrow(
      /no data for 2027 \(it covers 2025, 2026\)/,
    );
    // 2026-12-31 is the last covered working day; the next one would need the 2027 notice.
    expect(testCalendar.addWorkingDays('2026-12-30', 1)).toBe('2026-12-31');
    expect(() => testCalendar.addWorkingDays('2026-12-30', 2)).toThrow(CalendarRangeError);
  });

  it('counts weekdays in years it does not hold, for a workflow deadline that cannot wait for the notice', () => {
    // Friday 25 December 2026 + 5: the 28th to the 31st, then Monday 4 January 2027 (no notice yet):
    // 1 January is 元旦 whatever the notice says, and the 2nd and 3rd are a weekend.
    expect(testCalendar.addWorkingDaysOrWeekdays('2026-12-25', 5)).toBe('2027-01-04');
    expect(testCalendar.addWorkingDaysOrWeekdays('2026-12-31', 2)).toBe('2027-01-05');
    // 劳动节 and 国庆节 by date too: Friday 28 April 2028 + 1 is Wednesday 3 May (1 and 2 May are
    // Monday and Tuesday); Thursday 30 September 2027 + 1 is Monday 4 October.
    expect(testCalendar.addWorkingDaysOrWeekdays('2028-04-28', 1)).toBe('2028-05-03');
    expect(testCalendar.addWorkingDaysOrWeekdays('2027-09-30', 1)).toBe('2027-10-04');
    expect(testCalendar.addWorkingDaysOrWeekdays('2027-01-02', 0)).toBe('2027-01-04');
    // Within the calendar its holidays and make-up days stand: 2026's Spring Festival.
    expect(testCalendar.addWorkingDaysOrWeekdays('2026-02-13', 1)).toBe(
      testCalendar.addWorkingDays('2026-02-13', 1),
    );
    expect(testCalendar.addWorkingDaysOrWeekdays('2026-02-13', 1)).toBe('2026-02-14');
    expect(() => testCalendar.addWorkingDaysOrWeekdays('2026-02-02', -1)).toThrow(RangeError);
  });

  it('rejects malformed dates and negative counts', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.covers('2026/02/01')).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-02-02', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-02-02', 1.5)).toThrow(RangeError);
  });

  it('refuses a year given twice', () => {
    const year = { year: 2026, holidays: [], workdays: [] };
    expect(() => new WorkingCalendar([year, year])).toThrow(/2026 is given twice/);
  });
});

describe('date helpers', () => {
  it.each([
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-12-31', 366, '2028-01-01'],
    ['0050-01-01', 1, '0050-01-02'],
  ])('addDays(%s, %i) is %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it.each([
    ['2026-01-01', 4],
    ['2026-02-15', 7],
    ['2026-02-16', 1],
    ['2026-02-14', 6],
  ])('dayOfWeek(%s) is %i', (date, expected) => {
    expect(dayOfWeek(date)).toBe(expected);
  });

  it('does not depend on the process time zone', () => {
    const zone = process.env.TZ;
    try {
      for (const timeZone of ['Pacific/Kiritimati', 'America/Los_Angeles', 'Europe/London']) {
        process.env.TZ = timeZone;
        expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
        expect(addDays('2026-11-01', 1)).toBe('2026-11-02');
        expect(dayOfWeek('2026-03-29')).toBe(7);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

describe('readCalendarFolder', () => {
  const VALID_2026 = [
    'year: 2026',
    'source: 国务院办公厅关于2026年部分节假日安排的通知',
    'holidays:',
    "  - { date: '2026-01-01', name: 元旦 }",
    'workdays:',
    "  - { date: '2026-01-04', name: 元旦调休 }",
    '',
  ].join('\n');

  it('reads a valid folder', () => {
    const reread = readCalendarFolder(calendarFolder({ '2026.yaml': VALID_2026, 'notes.txt': 'ignored' }));
    expect(reread.years).toEqual([2026]);
    expect(reread.isWorkingDay('2026-01-04')).toBe(true);
  });

  it('lists every broken rule, with file and path, in one error', () => {
    const broken = [
      'year: 2026',
      'source: 国务院办公厅关于2026年部分节假日安排的通知',
      'holidays:',
      "  - { date: '2026-01-01', name: 元旦 }",
      "  - { date: '2025-12-31', name: 元旦 }",
      "  - { date: '2026-01-01', name: 元旦 }",
      "  - { date: '2026-02-14', name: 春节 }",
      "  - { date: '2026-02-30', name: 春节 }",
      'workdays:',
      "  - { date: '2026-02-14', name: 春节调休 }",
      "  - { date: '2026-02-16', name: 春节调休 }",
      '',
    ].join('\n');
    expect(problemsOf(calendarFolder({ '2026.yaml': broken }))).toEqual([
      'calendar/2026.yaml#/holidays/1/date: 2025-12-31 is not in 2026',
      'calendar/2026.yaml#/holidays/2/date: 2026-01-01 is listed twice (also /holidays/0/date)',
      'calendar/2026.yaml#/holidays/4/date: 2026-02-30 is not a real date',
      'calendar/2026.yaml#/workdays/0/date: 2026-02-14 is both a holiday and a working day (also /holidays/3/date)',
      'calendar/2026.yaml#/workdays/1/date: 2026-02-16 is not a Saturday or Sunday, so it cannot be a make-up working day',
    ]);
  });

  it('reports schema, syntax and duplicate-year problems across files', () => {
    const problems = problemsOf(
      calendarFolder({
        '2025.yaml':
          "year: '2025'\nsource: 通知通知\nholidays: [{ date: '2025-1-1', name: 元旦 }]\nworkdays: []\nextra: 1\n",
        '2026.yaml': VALID_2026,
        '2026-copy.yaml': VALID_2026,
        'broken.yaml': 'year: 2027\nholidays: [\n',
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'calendar/2025.yaml#/: must NOT have additional properties: "extra"',
        'calendar/2025.yaml#/year: must be integer',
        'calendar/2025.yaml#/holidays/0/date: must match pattern "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"',
        'calendar/2026.yaml#/year: 2026 is also given by calendar/2026-copy.yaml',
      ]),
    );
    expect(problems.some((problem) => /^calendar\/broken\.yaml:\d+:\d+: /.test(problem))).toBe(true);
  });

  it('refuses an empty or missing folder', () => {
    expect(problemsOf(calendarFolder({}))).toEqual(['calendar: holds no *.yaml calendar file']);
    expect(() => readCalendarFolder(path.join(os.tmpdir(), 'no-such-calendar-folder'))).toThrow(
      /folder does not exist/,
    );
  });
});

describe('a calendar about to run out', () => {
  it('warns 60 days ahead, naming the year to add', () => {
    const only2026 = new WorkingCalendar([{ year: 2026, holidays: [], workdays: [] }]);
    expect(only2026.endingSoon('2026-10-01')).toBeNull();
    expect(only2026.endingSoon('2026-11-23')).toBe(
      'The working-day calendar ends on 2026-12-31: add catalog/calendar/2027.yaml ' +
        "(that year's public holidays and make-up working days) before deadlines reach 2027",
    );
    expect(new WorkingCalendar([]).endingSoon('2026-11-23')).toMatch(/is empty/);
  });
});
