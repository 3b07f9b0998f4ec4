import Ajv from 'ajv';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import calendarSchema from '../../../catalog/schema/calendar.schema.json';
import type { Problem } from '../../errors/app-error';
import { schemaProblems } from '../catalog/item-definition';
import { type CalendarYear, dayOfWeek, isLocalDate, WorkingCalendar } from './working-calendar';

/** A calendar folder that cannot be used; `problems` name the file, the path in it and the reason. */
export class CalendarFilesInvalid extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `The working-day calendar is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  ${problem.path}: ${problem.message}`).join('\n'),
    );
    this.name = 'CalendarFilesInvalid';
  }
}

const ajv = new Ajv({ allErrors: true, strict: true });
const validateCalendar = ajv.compile<CalendarYear>(calendarSchema);

/** What is wrong with one listed day; `earlier` is where the same date was listed before, if anywhere. */
function dayProblems(year: number, list: 'holidays' | 'workdays', date: string, earlier?: string): string[] {
  if (!isLocalDate(date)) return [`${date} is not a real date`];
  const reasons: string[] = [];
  if (!date.startsWith(`${year}-`)) reasons.push(`${date} is not in ${year}`);
  if (earlier?.startsWith(`/${list}/`)) reasons.push(`${date} is listed twice (also ${earlier})`);
  else if (earlier) reasons.push(`${date} is both a holiday and a working day (also ${earlier})`);
  // Only weekend days are moved to working days; a weekday "workday" is a typo in the date.
  if (list === 'workdays' && dayOfWeek(date) <= 5) {
    reasons.push(`${date} is not a Saturday or Sunday, so it cannot be a make-up working day`);
  }
  return reasons;
}

/** The checks JSON Schema cannot make, as `#/path` problems within one year's file. */
export function calendarYearProblems(calendar: CalendarYear): Problem[] {
  const problems: Problem[] = [];
  const firstListedAt = new Map<string, string>();
  for (const list of ['holidays', 'workdays'] as const) {
    calendar[list].forEach(({ date }, index) => {
      const at = `/${list}/${index}/date`;
      for (const message of dayProblems(calendar.year, list, date, firstListedAt.get(date))) {
        problems.push({ path: at, message });
      }
      if (!firstListedAt.has(date)) firstListedAt.set(date, at);
    });
  }
  return problems;
}

/** Reads one `<year>.yaml`, adding its problems (prefixed with the file name) to `problems`. */
function readCalendarFile(file: string, label: string, problems: Problem[]): CalendarYear | undefined {
  const document = YAML.parseDocument(fs.readFileSync(file, 'utf8'), { uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const position = error.linePos?.[0];
      const where = position ? `${label}:${position.line}:${position.col}` : label;
      problems.push({ path: where, message: error.message.split('\n')[0] });
    }
    return undefined;
  }
  const value: unknown = document.toJS();
  const found = validateCalendar(value)
    ? calendarYearProblems(value)
    : schemaProblems(validateCalendar.errors);
  for (const problem of found) problems.push({ path: `${label}#${problem.path}`, message: problem.message });
  return found.length === 0 ? (value as CalendarYear) : undefined;
}

/**
 * Reads and checks every `*.yaml` of a calendar folder (catalog/calendar). Throws
 * {@link CalendarFilesInvalid} listing all problems found, so one run shows everything to fix.
 */
export function readCalendarFolder(folder: string): WorkingCalendar {
  const problems: Problem[] = [];
  const label = (name: string) => path.join(path.basename(folder), name);
  if (!fs.existsSync(folder))
    throw new CalendarFilesInvalid([{ path: folder, message: 'folder does not exist' }]);
  const names = fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
  if (names.length === 0)
    problems.push({ path: path.basename(folder), message: 'holds no *.yaml calendar file' });

  const years: CalendarYear[] = [];
  const fileOfYear = new Map<number, string>();
  for (const name of names) {
    const calendar = readCalendarFile(path.join(folder, name), label(name), problems);
    if (!calendar) continue;
    const other = fileOfYear.get(calendar.year);
    if (other)
      problems.push({ path: `${label(name)}#/year`, message: `${calendar.year} is also given by ${other}` });
    fileOfYear.set(calendar.year, label(name));
    years.push(calendar);
  }
  if (problems.length > 0) throw new CalendarFilesInvalid(problems);
  return new WorkingCalendar(years);
}
