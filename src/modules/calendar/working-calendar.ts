/**
 * Working days in China: Monday to Friday, minus public holidays, plus the weekend days the State
 * Council moves work to (调休). Dates are local dates in Asia/Shanghai written 'YYYY-MM-DD'.
 */

/** One named day of a calendar year. */
export interface CalendarDay {
  date: string;
  name: string;
}

/** One year of the official calendar, as kept in catalog/calendar/<year>.yaml. */
export interface CalendarYear {
  year: number;
  holidays: CalendarDay[];
  workdays: CalendarDay[];
}

/** A date outside the years the calendar holds: the hub never guesses a year's holidays. */
export class CalendarRangeError extends Error {
  constructor(
    readonly year: number,
    readonly coveredYears: number[],
  ) {
    super(
      `The working-day calendar has no data for ${year} (it covers ${coveredYears.join(', ') || 'no year'})`,
    );
    this.name = 'CalendarRangeError';
  }
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// China has kept one offset, without daylight saving, since 1991.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Midnight UTC of a calendar date; setUTCFullYear because Date.UTC maps years 0–99 to 1900–1999. */
function utcMidnight(year: number, month: number, day: number): Date {
  const instant = new Date(0);
  instant.setUTCFullYear(year, month - 1, day);
  return instant;
}

/** The date part of a UTC instant, 'YYYY-MM-DD'. */
function utcDateOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** Year, month and day of a 'YYYY-MM-DD' string, or undefined when it is not a real date. */
function dateParts(date: string): { year: number; month: number; day: number } | undefined {
  const match = LOCAL_DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Round-tripping rejects 2026-02-30, which Date would silently roll over to March.
  return utcDateOf(utcMidnight(year, month, day)) === date ? { year, month, day } : undefined;
}

/** Year, month and day of a date; throws RangeError for anything but a real 'YYYY-MM-DD' date. */
export function parseLocalDate(date: string): { year: number; month: number; day: number } {
  const parts = dateParts(date);
  if (!parts) throw new RangeError(`"${date}" is not a date in the form YYYY-MM-DD`);
  return parts;
}

/** Whether `value` is a real calendar date written 'YYYY-MM-DD'. */
export function isLocalDate(value: string): boolean {
  return dateParts(value) !== undefined;
}

/** The date `n` days after `date` (n may be negative). */
export function addDays(date: string, n: number): string {
  const { year, month, day } = parseLocalDate(date);
  return utcDateOf(utcMidnight(year, month, day + n));
}

/** ISO day of the week: 1 = Monday … 7 = Sunday. */
export function dayOfWeek(date: string): number {
  const { year, month, day } = parseLocalDate(date);
  return utcMidnight(year, month, day).getUTCDay() || 7;
}

/** The last day of a month (1–12), 28–31. */
export function daysInMonth(year: number, month: number): number {
  return utcMidnight(year, month + 1, 0).getUTCDate();
}

/** The local date in Asia/Shanghai (UTC+8) of an instant. */
export function shanghaiDate(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date has no local date');
  return utcDateOf(new Date(instant.getTime() + SHANGHAI_OFFSET_MS));
}

/** The instant a Shanghai wall-clock time occurs; `minutes` may be 1440 for the end of the day. */
export function shanghaiInstant(date: string, minutes: number): Date {
  const { year, month, day } = parseLocalDate(date);
  return new Date(utcMidnight(year, month, day).getTime() + minutes * 60_000 - SHANGHAI_OFFSET_MS);
}

interface YearDays {
  holidays: Map<string, string>;
  workdays: Map<string, string>;
}

/** China's working-day calendar over the years it was given; any other year throws. */
export class WorkingCalendar {
  private readonly byYear = new Map<number, YearDays>();

  constructor(years: CalendarYear[]) {
    for (const calendarYear of years) {
      if (this.byYear.has(calendarYear.year))
        throw new Error(`The calendar year ${calendarYear.year} is given twice`);
      this.byYear.set(calendarYear.year, {
        holidays: new Map(calendarYear.holidays.map((day) => [day.date, day.name])),
        workdays: new Map(calendarYear.workdays.map((day) => [day.date, day.name])),
      });
    }
  }

  /** The covered years, ascending. */
  get years(): number[] {
    return [...this.byYear.keys()].sort((a, b) => a - b);
  }

  /**
   * A warning when the calendar ends within `days` of `today`: deadlines (a provider's ten working days,
   * a delivery's due time) then reach a year it does not hold. Until the year's holidays are added to
   * catalog/calendar, workflow deadlines there count weekdays (less the holidays fixed by date) and
   * delivery due times are unknown (DUE_UNKNOWN). Null while there is time.
   */
  endingSoon(today: string, days = 60): string | null {
    const years = this.years;
    const last = years.length > 0 ? `${years[years.length - 1]}-12-31` : null;
    const horizon = addDays(today, days);
    if (last !== null && horizon <= last) return null;
    const next = Number(horizon.slice(0, 4));
    return (
      `The working-day calendar ${last ? `ends on ${last}` : 'is empty'}: add catalog/calendar/${next}.yaml ` +
      `(that year's public holidays and make-up working days) before deadlines reach ${next}`
    );
  }

  /** Whether the calendar holds the year of `date`. */
  covers(date: string): boolean {
    return this.byYear.has(parseLocalDate(date).year);
  }

  /** Whether `date` is a working day; throws {@link CalendarRangeError} outside the covered years. */
  isWorkingDay(date: string): boolean {
    const days = this.yearOf(date);
    if (days.holidays.has(date)) return false;
    if (days.workdays.has(date)) return true;
    return dayOfWeek(date) <= 5;
  }

  /** The n-th working day after `date`; for n = 0, `date` itself when it is a working day, else the next one. */
  addWorkingDays(date: string, n: number): string {
    return countDays(date, n, (day) => this.isWorkingDay(day));
  }

  /**
   * As {@link addWorkingDays}, counting weekdays other than the holidays fixed by date in years the
   * calendar does not hold yet: a workflow deadline set before that year's notice is added (see
   * `endingSoon`) is kept when the file arrives, though its holidays and make-up days might move it.
   */
  addWorkingDaysOrWeekdays(date: string, n: number): string {
    return countDays(date, n, (day) => this.isWorkingDayOrWeekday(day));
  }

  /**
   * Whether `date` is a working day; in a year the calendar does not hold yet, whether it is a weekday
   * other than a holiday the law fixes by date (元旦, 劳动节, 国庆节), which no notice makes a working day.
   */
  isWorkingDayOrWeekday(date: string): boolean {
    if (this.covers(date)) return this.isWorkingDay(date);
    return dayOfWeek(date) <= 5 && !FIXED_DATE_HOLIDAYS.has(date.slice(5));
  }

  /**
   * The earliest the n-th working day after `date` can be: exact while the calendar holds the days, then
   * counting every day, as any day of a year it does not hold may be a working day (a make-up Saturday).
   */
  earliestWorkingDay(date: string, n: number): string {
    return countDays(date, n, (day) => !this.covers(day) || this.isWorkingDay(day));
  }

  /** The first working day after `date`. */
  nextWorkingDay(date: string): string {
    return this.addWorkingDays(date, 1);
  }

  private yearOf(date: string): YearDays {
    const { year } = parseLocalDate(date);
    const days = this.byYear.get(year);
    if (!days) throw new CalendarRangeError(year, this.years);
    return days;
  }
}

/**
 * Holidays 《全国年节及纪念日放假办法》 sets by date (MM-DD): 元旦 1 January, 劳动节 1–2 May, 国庆节 1–3
 * October. The others follow the lunar calendar and each year's notice, as does the weekday given off
 * (补假) when one of these falls on a weekend, which is still counted as working until the notice.
 */
const FIXED_DATE_HOLIDAYS = new Set(['01-01', '05-01', '05-02', '10-01', '10-02', '10-03']);

/** The n-th day after `date` that `counts`; for n = 0, `date` itself when it counts, else the next one. */
function countDays(date: string, n: number, counts: (day: string) => boolean): string {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`working days to add must be a whole number ≥ 0, not ${n}`);
  let current = date;
  if (n === 0) {
    while (!counts(current)) current = addDays(current, 1);
    return current;
  }
  for (let found = 0; found < n;) {
    current = addDays(current, 1);
    if (counts(current)) found += 1;
  }
  return current;
}
