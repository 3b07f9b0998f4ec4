import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../errors/app-error';
import { addDays, CalendarRangeError, isLocalDate, type WorkingCalendar } from '../calendar/working-calendar';
import type { CatalogItem } from '../catalog/catalog-item.entity';
import { UpdateCycle } from '../catalog/catalog.enums';
import { CatalogService } from '../catalog/catalog.service';
import { Role } from '../identity/api-key.entity';
import type { Viewer } from '../identity/viewer';
import { PeriodStatus } from './exchange.enums';
import { dueAt, isScheduled, type Period, periodsBetween, shanghaiDate } from './periods';

export interface PeriodState {
  period: string;
  start: string;
  end: string;
  dueAt: Date;
  status: PeriodStatus;
  deliveredAt: Date | null;
  deliveryId: string | null;
}

/** How far back `lateDeliveries` looks, by due time, when no `from` is given. */
export const LATE_DELIVERY_WINDOW_DAYS = 90;
/** Most periods one schedule answers (a year of daily periods fits). */
export const MAX_PERIODS = 5000;
const YEARS = { first: 1900, last: 2100 };

/** 按时 if delivered by the due time, 迟报 if after, 未报 once due passed with nothing, else 待报. */
export function periodStatus(due: Date, deliveredAt: Date | null, asOf: Date): PeriodStatus {
  if (deliveredAt) return deliveredAt <= due ? PeriodStatus.ON_TIME : PeriodStatus.LATE;
  return asOf > due ? PeriodStatus.MISSING : PeriodStatus.PENDING;
}

/** Expected delivery periods of items and their timeliness (按时 / 迟报 / 未报 / 待报). */
export class ScheduleService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly calendar: WorkingCalendar,
  ) {}

  /** The data authority sees every unit's schedule; a unit sees its own. */
  private assertMayRead(unitCode: string): void {
    if (this.viewer.hasRole(Role.DATA_AUTHORITY) || this.viewer.unitCode === unitCode) return;
    throw AppError.forbidden('A unit sees only its own deliveries and schedules');
  }

  private checkDate(name: string, value: string): void {
    const year = Number(value.slice(0, 4));
    if (!isLocalDate(value) || year < YEARS.first || year > YEARS.last) {
      throw AppError.badInput(
        `${name} must be a real date between ${YEARS.first} and ${YEARS.last}, such as 2026-01-31`,
        [{ path: name, message: 'invalid date' }],
      );
    }
  }

  /** Expected periods ending within [from, to]: daily deliveries are expected on working days only. */
  private expectedPeriods(cycle: UpdateCycle, from: string, to: string): Period[] {
    const periods = periodsBetween(cycle, from, to);
    if (periods.length > MAX_PERIODS * 2)
      throw AppError.badInput(`the range holds more than ${MAX_PERIODS} periods; ask for a shorter one`);
    const expected =
      cycle === UpdateCycle.DAILY
        ? periods.filter((period) => this.calendar.isWorkingDay(period.start))
        : periods;
    if (expected.length > MAX_PERIODS)
      throw AppError.badInput(`the range holds more than ${MAX_PERIODS} periods; ask for a shorter one`);
    return expected;
  }

  /**
   * First accepted delivery of each (item, period), as of `asOf` (later deliveries do not count yet), in one
   * statement for any number of items. Keys of the map: `${itemCode} ${period}`.
   */
  private async firstDeliveries(wanted: { itemCode: string; periods: Period[] }[], asOf: Date) {
    const first = new Map<string, { id: string; received_at: Date }>();
    const itemCodes = wanted.filter((entry) => entry.periods.length > 0).map((entry) => entry.itemCode);
    if (itemCodes.length === 0) return first;
    const labels = [...new Set(wanted.flatMap((entry) => entry.periods.map((period) => period.label)))];
    const rows = await this.em
      .getConnection()
      .execute<{ item_code: string; period: string; id: string; received_at: Date }[]>(
        `select distinct on (item_code, period) item_code, period, id, received_at from delivery
        where item_code = any(?::text[]) and status <> 'REJECTED' and period = any(?::text[]) and received_at <= ?
        order by item_code, period, received_at`,
        // PostgreSQL array literals: item codes and period labels are generated ([A-Z0-9-]), never quoted.
        [`{${itemCodes.join(',')}}`, `{${labels.join(',')}}`, asOf],
      );
    for (const row of rows) first.set(`${row.item_code} ${row.period}`, row);
    return first;
  }

  /** Each expected period of one item that ends within [from, to], with its status as of `asOf`. */
  async itemSchedule(item: CatalogItem, from: string, to: string, asOf: Date): Promise<PeriodState[]> {
    this.assertMayRead(item.provider.code);
    this.checkDate('from', from);
    this.checkDate('to', to);
    if (from > to) throw AppError.badInput('from is after to', [{ path: 'from', message: 'after to' }]);
    if (!isScheduled(item.updateCycle) || item.dueWorkingDays === null || item.dueWorkingDays === undefined)
      return [];
    const rule = { workingDaysAfterPeriod: item.dueWorkingDays, time: item.dueTime };
    try {
      const periods = this.expectedPeriods(item.updateCycle, from, to);
      const first = await this.firstDeliveries([{ itemCode: item.code, periods }], asOf);
      return periods.map((period) => {
        const due = dueAt(period, rule, this.calendar);
        const delivered = first.get(`${item.code} ${period.label}`);
        const deliveredAt = delivered ? new Date(delivered.received_at) : null;
        return {
          period: period.label,
          start: period.start,
          end: period.end,
          dueAt: due,
          status: periodStatus(due, deliveredAt, asOf),
          deliveredAt,
          deliveryId: delivered?.id ?? null,
        };
      });
    } catch (error) {
      if (error instanceof CalendarRangeError) {
        throw AppError.badInput(
          `${error.message}; the working-day calendar in catalog/calendar must cover the range`,
        );
      }
      throw error;
    }
  }

  async schedule(itemCode: string, from: string, to: string): Promise<PeriodState[]> {
    const item = await new CatalogService(this.em, this.viewer).findItem(itemCode);
    if (!item) throw AppError.notFound('Catalogue item', itemCode);
    return this.itemSchedule(item, from, to, new Date());
  }

  /**
   * Periods LATE or MISSING as of `asOf` whose due time falls on or after `from`, for the items one unit
   * provides (every unit for the data authority). Periods the working-day calendar does not reach yet
   * cannot be due, and are left out.
   */
  async lateDeliveries(unitCode: string | null | undefined, asOf: Date, from?: string | null) {
    if (unitCode) this.assertMayRead(unitCode);
    else if (!this.viewer.hasRole(Role.DATA_AUTHORITY)) {
      throw AppError.forbidden('Name your own unit: only the data authority sees every unit');
    }
    const until = shanghaiDate(asOf);
    const dueFrom = from ?? shanghaiDate(new Date(asOf.getTime() - LATE_DELIVERY_WINDOW_DAYS * 86_400_000));
    this.checkDate('from', dueFrom);
    // A period due after `dueFrom` ended at most a year before it (the longest due rule is 60 working days).
    const periodsFrom =
      addDays(dueFrom, -400) < `${YEARS.first}-01-01` ? `${YEARS.first}-01-01` : addDays(dueFrom, -400);
    const { items } = await new CatalogService(this.em, this.viewer).listItems(
      { providerUnitCode: unitCode ?? undefined },
      { limit: 500, offset: 0 },
    );
    const dueByItem: { item: CatalogItem; due: Map<Period, Date> }[] = [];
    for (const item of items) {
      if (!isScheduled(item.updateCycle) || item.dueWorkingDays === null || item.dueWorkingDays === undefined)
        continue;
      const rule = { workingDaysAfterPeriod: item.dueWorkingDays, time: item.dueTime };
      const due = new Map<Period, Date>();
      for (const period of periodsBetween(item.updateCycle, periodsFrom, until)) {
        try {
          if (item.updateCycle === UpdateCycle.DAILY && !this.calendar.isWorkingDay(period.start)) continue;
          const at = dueAt(period, rule, this.calendar);
          if (shanghaiDate(at) >= dueFrom && at < asOf) due.set(period, at);
        } catch (error) {
          if (!(error instanceof CalendarRangeError)) throw error;
        }
      }
      dueByItem.push({ item, due });
    }
    const first = await this.firstDeliveries(
      dueByItem.map(({ item, due }) => ({ itemCode: item.code, periods: [...due.keys()] })),
      asOf,
    );
    const late: (PeriodState & { item: CatalogItem })[] = [];
    for (const { item, due } of dueByItem) {
      for (const [period, at] of due) {
        const delivered = first.get(`${item.code} ${period.label}`);
        const deliveredAt = delivered ? new Date(delivered.received_at) : null;
        const status = periodStatus(at, deliveredAt, asOf);
        if (status === PeriodStatus.LATE || status === PeriodStatus.MISSING) {
          late.push({
            item,
            period: period.label,
            start: period.start,
            end: period.end,
            dueAt: at,
            status,
            deliveredAt,
            deliveryId: delivered?.id ?? null,
          });
        }
      }
    }
    return late;
  }
}
