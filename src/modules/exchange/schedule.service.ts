import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../errors/app-error';
import { CalendarRangeError, type WorkingCalendar } from '../calendar/working-calendar';
import type { CatalogItem } from '../catalog/catalog-item.entity';
import { CatalogService } from '../catalog/catalog.service';
import { Role } from '../identity/api-key.entity';
import type { Viewer } from '../identity/viewer';
import { PeriodStatus } from './exchange.enums';
import { dueAt, isScheduled, periodsBetween, shanghaiDate } from './periods';

export interface PeriodState {
  period: string;
  start: string;
  end: string;
  dueAt: Date;
  status: PeriodStatus;
  deliveredAt: Date | null;
  deliveryId: string | null;
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** How far back `lateDeliveries` looks when no `from` is given. */
export const LATE_DELIVERY_WINDOW_DAYS = 90;

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
    if (!LOCAL_DATE.test(value) || Number.isNaN(Date.parse(value))) {
      throw AppError.badInput(`${name} must be a date such as 2026-01-31`, [
        { path: name, message: 'invalid date' },
      ]);
    }
  }

  /** Each period of one item that ends within [from, to], with its status as of `asOf`. */
  async itemSchedule(item: CatalogItem, from: string, to: string, asOf: Date): Promise<PeriodState[]> {
    this.assertMayRead(item.provider.code);
    this.checkDate('from', from);
    this.checkDate('to', to);
    if (from > to) throw AppError.badInput('from is after to', [{ path: 'from', message: 'after to' }]);
    if (!isScheduled(item.updateCycle) || item.dueWorkingDays === null || item.dueWorkingDays === undefined)
      return [];
    const rule = { workingDaysAfterPeriod: item.dueWorkingDays, time: item.dueTime };
    const periods = periodsBetween(item.updateCycle, from, to);
    if (periods.length > 5000)
      throw AppError.badInput('the range holds more than 5000 periods; ask for a shorter one');
    const rows = await this.em.getConnection().execute<{ period: string; id: string; received_at: Date }[]>(
      `select distinct on (period) period, id, received_at from delivery
        where item_code = ? and status <> 'REJECTED' and period = any(?::text[]) and received_at <= ?
        order by period, received_at`,
      // A PostgreSQL array literal: the labels are generated (digits, '-', 'W', 'Q', 'H', 'D'), never quoted.
      [item.code, `{${periods.map((period) => period.label).join(',')}}`, asOf],
    );
    const first = new Map(rows.map((row) => [row.period, row]));
    try {
      return periods.map((period) => {
        const due = dueAt(period, rule, this.calendar);
        const delivered = first.get(period.label);
        const deliveredAt = delivered ? new Date(delivered.received_at) : null;
        const status = periodStatus(due, deliveredAt, asOf);
        return {
          period: period.label,
          start: period.start,
          end: period.end,
          dueAt: due,
          status,
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

  /** Periods LATE or MISSING as of `asOf`, for the items one unit provides (every unit for the data authority). */
  async lateDeliveries(unitCode: string | null | undefined, asOf: Date, from?: string | null) {
    if (unitCode) this.assertMayRead(unitCode);
    else if (!this.viewer.hasRole(Role.DATA_AUTHORITY))
      throw AppError.forbidden('Name your own unit: only the data authority sees every unit');
    const until = shanghaiDate(asOf);
    const start = from ?? shanghaiDate(new Date(asOf.getTime() - LATE_DELIVERY_WINDOW_DAYS * 86_400_000));
    const { items } = await new CatalogService(this.em, this.viewer).listItems(
      { providerUnitCode: unitCode ?? undefined },
      { limit: 500, offset: 0 },
    );
    const late: (PeriodState & { item: CatalogItem })[] = [];
    for (const item of items) {
      for (const state of await this.itemSchedule(item, start, until, asOf)) {
        if (state.status === PeriodStatus.LATE || state.status === PeriodStatus.MISSING)
          late.push({ ...state, item });
      }
    }
    return late;
  }
}
