/**
 * Delivery periods of the update cycles (更新周期) and their due instants. A period is a range of local
 * dates in Asia/Shanghai with a label that names it; the labels are what providers send with a delivery.
 */
import { UpdateCycle } from '../catalog/catalog.enums';
import {
  addDays,
  dayOfWeek,
  daysInMonth,
  isLocalDate,
  parseLocalDate,
  shanghaiDate,
  shanghaiInstant,
  type WorkingCalendar,
} from '../calendar/working-calendar';

export { shanghaiDate };

/** One delivery period: `start` and `end` are inclusive local dates. */
export interface Period {
  cycle: UpdateCycle;
  label: string;
  start: string;
  end: string;
}

/** A period label or cycle that cannot be used; the message says what was expected. */
export class PeriodError extends Error {
  override name = 'PeriodError';
}

/** Whether a cycle has periods; REALTIME and ON_DEMAND deliveries are not scheduled. */
export function isScheduled(cycle: UpdateCycle): boolean {
  return cycle !== UpdateCycle.REALTIME && cycle !== UpdateCycle.ON_DEMAND;
}

function assertScheduled(cycle: UpdateCycle): void {
  if (!isScheduled(cycle)) throw new PeriodError(`${cycle} has no delivery periods`);
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** The period spanning whole months `firstMonth`..`lastMonth` of `year`. */
function monthSpan(
  cycle: UpdateCycle,
  label: string,
  year: number,
  firstMonth: number,
  lastMonth: number,
): Period {
  const yyyy = pad(year, 4);
  const end = `${yyyy}-${pad(lastMonth)}-${pad(daysInMonth(year, lastMonth))}`;
  return { cycle, label, start: `${yyyy}-${pad(firstMonth)}-01`, end };
}

/** Day number within its year, 1–366. */
function dayOfYear(date: string): number {
  const { year, month, day } = parseLocalDate(date);
  let total = day;
  for (let earlier = 1; earlier < month; earlier += 1) total += daysInMonth(year, earlier);
  return total;
}

/** The ISO 8601 week (Monday–Sunday) holding `date`; it belongs to the year of its Thursday. */
function isoWeekContaining(date: string): Period {
  const monday = addDays(date, 1 - dayOfWeek(date));
  const thursday = addDays(monday, 3);
  const week = Math.floor((dayOfYear(thursday) - 1) / 7) + 1;
  const label = `${pad(parseLocalDate(thursday).year, 4)}-W${pad(week)}`;
  return { cycle: UpdateCycle.WEEKLY, label, start: monday, end: addDays(monday, 6) };
}

/** The 旬 holding `date`: days 1–10 (D1), 11–20 (D2), 21 to the month's end (D3). */
function tenDaysContaining(date: string): Period {
  const { year, month, day } = parseLocalDate(date);
  const part = Math.min(Math.ceil(day / 10), 3);
  const prefix = `${pad(year, 4)}-${pad(month)}`;
  const lastDay = part === 3 ? daysInMonth(year, month) : part * 10;
  return {
    cycle: UpdateCycle.TEN_DAYS,
    label: `${prefix}-D${part}`,
    start: `${prefix}-${pad(part * 10 - 9)}`,
    end: `${prefix}-${pad(lastDay)}`,
  };
}

/** The period of `cycle` that holds `date`; throws PeriodError for REALTIME and ON_DEMAND. */
export function periodContaining(cycle: UpdateCycle, date: string): Period {
  const { year, month } = parseLocalDate(date);
  switch (cycle) {
    case UpdateCycle.DAILY:
      return { cycle, label: date, start: date, end: date };
    case UpdateCycle.WEEKLY:
      return isoWeekContaining(date);
    case UpdateCycle.TEN_DAYS:
      return tenDaysContaining(date);
    case UpdateCycle.MONTHLY:
      return monthSpan(cycle, `${pad(year, 4)}-${pad(month)}`, year, month, month);
    case UpdateCycle.QUARTERLY: {
      const quarter = Math.ceil(month / 3);
      return monthSpan(cycle, `${pad(year, 4)}-Q${quarter}`, year, quarter * 3 - 2, quarter * 3);
    }
    case UpdateCycle.HALF_YEARLY: {
      const half = Math.ceil(month / 6);
      return monthSpan(cycle, `${pad(year, 4)}-H${half}`, year, half * 6 - 5, half * 6);
    }
    case UpdateCycle.YEARLY:
      return monthSpan(cycle, pad(year, 4), year, 1, 12);
    case UpdateCycle.REALTIME:
    case UpdateCycle.ON_DEMAND:
      throw new PeriodError(`${cycle} has no delivery periods`);
  }
}

interface LabelSyntax {
  pattern: RegExp;
  format: string;
  example: string;
  unit: string;
  /** A date that should lie in the labelled period, built from the pattern's groups. */
  firstDay: (groups: string[]) => string;
}

/** Monday of ISO week 1: the week that holds 4 January. */
const firstIsoMonday = (year: string) => addDays(`${year}-01-04`, 1 - dayOfWeek(`${year}-01-04`));

type ScheduledCycle = Exclude<UpdateCycle, UpdateCycle.REALTIME | UpdateCycle.ON_DEMAND>;

const LABEL_SYNTAX: Record<ScheduledCycle, LabelSyntax> = {
  [UpdateCycle.DAILY]: {
    pattern: /^(\d{4}-\d{2}-\d{2})$/,
    format: 'YYYY-MM-DD',
    example: '2026-11-20',
    unit: 'day',
    firstDay: ([date]) => date,
  },
  [UpdateCycle.WEEKLY]: {
    pattern: /^(\d{4})-W(\d{2})$/,
    format: 'YYYY-Www (ISO week)',
    example: '2026-W47',
    unit: 'ISO week in that year',
    firstDay: ([year, week]) => addDays(firstIsoMonday(year), 7 * (Number(week) - 1)),
  },
  [UpdateCycle.TEN_DAYS]: {
    pattern: /^(\d{4})-(\d{2})-D(\d)$/,
    format: 'YYYY-MM-Dn with n = 1, 2 or 3 (旬)',
    example: '2026-11-D2',
    unit: 'ten-day period (旬)',
    firstDay: ([year, month, part]) => `${year}-${month}-${pad(Number(part) * 10 - 9)}`,
  },
  [UpdateCycle.MONTHLY]: {
    pattern: /^(\d{4})-(\d{2})$/,
    format: 'YYYY-MM',
    example: '2026-11',
    unit: 'month',
    firstDay: ([year, month]) => `${year}-${month}-01`,
  },
  [UpdateCycle.QUARTERLY]: {
    pattern: /^(\d{4})-Q(\d)$/,
    format: 'YYYY-Qn with n = 1 to 4',
    example: '2026-Q4',
    unit: 'quarter',
    firstDay: ([year, quarter]) => `${year}-${pad(Number(quarter) * 3 - 2)}-01`,
  },
  [UpdateCycle.HALF_YEARLY]: {
    pattern: /^(\d{4})-H(\d)$/,
    format: 'YYYY-Hn with n = 1 or 2',
    example: '2026-H2',
    unit: 'half-year',
    firstDay: ([year, half]) => `${year}-${pad(Number(half) * 6 - 5)}-01`,
  },
  [UpdateCycle.YEARLY]: {
    pattern: /^(\d{4})$/,
    format: 'YYYY',
    example: '2026',
    unit: 'year',
    firstDay: ([year]) => `${year}-01-01`,
  },
};

/** The period a label names, e.g. parsePeriod(MONTHLY, '2026-11'); throws PeriodError when it names none. */
export function parsePeriod(cycle: UpdateCycle, label: string): Period {
  assertScheduled(cycle);
  const syntax = LABEL_SYNTAX[cycle as ScheduledCycle];
  const match = syntax.pattern.exec(label);
  if (!match) {
    throw new PeriodError(
      `"${label}" is not a ${cycle} period: write ${syntax.format}, e.g. ${syntax.example}`,
    );
  }
  const firstDay = syntax.firstDay(match.slice(1));
  // Round-tripping through periodContaining rejects month 13, week 53 of a 52-week year, Q0, D4 and so on.
  const period = isLocalDate(firstDay) ? periodContaining(cycle, firstDay) : undefined;
  if (period?.label !== label)
    throw new PeriodError(`"${label}" is not a ${cycle} period: there is no such ${syntax.unit}`);
  return period;
}

/** The period right after `period`. */
export function nextPeriod(period: Period): Period {
  return periodContaining(period.cycle, addDays(period.end, 1));
}

/** Every period of `cycle` that ends within [fromDate, toDate], oldest first. */
export function periodsBetween(cycle: UpdateCycle, fromDate: string, toDate: string): Period[] {
  parseLocalDate(toDate); // throws for a malformed date, which would compare wrongly as a string
  const periods: Period[] = [];
  // The period holding fromDate ends on or after it, so it is the first candidate.
  for (let period = periodContaining(cycle, fromDate); period.end <= toDate; period = nextPeriod(period)) {
    periods.push(period);
  }
  return periods;
}

/** The latest period that ended before `date`; undefined only if that period would precede year 0000. */
export function lastEndedPeriod(cycle: UpdateCycle, date: string): Period | undefined {
  const dayBefore = addDays(periodContaining(cycle, date).start, -1);
  return isLocalDate(dayBefore) ? periodContaining(cycle, dayBefore) : undefined;
}

/**
 * The period a delivery that names none covers: the last that has ended; for a daily item the last
 * working day (a weekday other than a holiday fixed by date, in a year the calendar does not hold
 * yet), as days off expect nothing.
 */
export function defaultPeriod(
  cycle: UpdateCycle,
  today: string,
  calendar: WorkingCalendar,
): Period | undefined {
  let period = lastEndedPeriod(cycle, today);
  if (cycle !== UpdateCycle.DAILY) return period;
  for (let step = 0; period && step < 31 && !calendar.isWorkingDayOrWeekday(period.start); step += 1)
    period = lastEndedPeriod(cycle, period.start);
  return period;
}

/** Minutes after local midnight of 'HH:MM' (00:00–24:00); absent means the end of the day. */
function minutesOfDay(time: string | null | undefined): number {
  const match = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/.exec(time ?? '24:00');
  if (!match) throw new PeriodError(`due time "${time}" is not a time of day HH:MM between 00:00 and 24:00`);
  return match[1] === undefined ? 24 * 60 : Number(match[1]) * 60 + Number(match[2]);
}

/**
 * When a period's delivery is due: the `workingDaysAfterPeriod`-th working day after the period ends
 * (0: its last day, or the next working day) at `time` in Asia/Shanghai, by default the end of that day.
 */
export function dueAt(
  period: Period,
  rule: { workingDaysAfterPeriod: number; time?: string | null },
  calendar: WorkingCalendar,
): Date {
  assertScheduled(period.cycle);
  const minutes = minutesOfDay(rule.time);
  return shanghaiInstant(calendar.addWorkingDays(period.end, rule.workingDaysAfterPeriod), minutes);
}

/**
 * The earliest a period's delivery can be due: what is certain while the calendar does not reach the
 * year the due time falls in. The working days the calendar holds count as it says, each one after as
 * a day at least.
 */
export function earliestDueAt(
  period: Period,
  rule: { workingDaysAfterPeriod: number; time?: string | null },
  calendar: WorkingCalendar,
): Date {
  assertScheduled(period.cycle);
  const day = calendar.earliestWorkingDay(period.end, rule.workingDaysAfterPeriod);
  return shanghaiInstant(day, minutesOfDay(rule.time));
}
