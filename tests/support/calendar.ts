import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCalendarFolder } from '../../src/modules/calendar/calendar-files';

/**
 * The working-day calendar the tests run on: catalog/calendar's 2025 and 2026, and no later year, in a
 * folder of its own. Tests of what the hub does past the calendar's last year hold whatever later
 * years catalog/calendar gains from the State Council's notices.
 */
export const TEST_CALENDAR_DIR = (() => {
  // In the run's scratch folder, removed at its end (see global-setup.ts).
  const parent = fs.mkdtempSync(path.join(process.env.HUB_TEST_SCRATCH_DIR ?? os.tmpdir(), 'calendar-'));
  const folder = path.join(parent, 'calendar');
  fs.mkdirSync(folder);
  for (const year of [2025, 2026])
    fs.copyFileSync(
      path.join(__dirname, '..', '..', 'catalog', 'calendar', `${year}.yaml`),
      path.join(folder, `${year}.yaml`),
    );
  return folder;
})();

export const testCalendar = readCalendarFolder(TEST_CALENDAR_DIR);
