import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../errors/app-error';
import { addDays, CalendarRangeError, isLocalDate, type WorkingCalendar } from '../calendar/working-calendar';
import type { CatalogItem } from '../catalog/catalog-item.entity';
import { Unit } from '../unit/unit.entity';
import { UpdateCycle } from '../catalog/catalog.enums';
import { CatalogService } from '../catalog/catalog.service';
import type { Viewer } from '../identity/viewer';
import { PeriodStatus } from './exchange.enums';
import { dueAt, earliestDueAt, isScheduled, type Period, periodsBetween, shanghaiDate } from './periods';

export interface PeriodState {
  period: string;
  start: string;
  end: string;
  dueAt: Date | null;
  status: PeriodStatus;
  deliveredAt: Date | null;
  deliveryId: string | null;
}

/** How far back `lateDeliveries` looks, by due time, when no `from` is given. */
export const LATE_DELIVERY_WINDOW_DAYS = 90;
/** Most periods one schedule answers (a year of daily periods fits). */
export const MAX_PERIODS = 5000;
const YEARS = { first: 1900, last: 2100 };

/**
 * 按时 if delivered by the due time, 迟报 if after, 未报 once due passed with nothing, else 待报. With
 * the due time unknown (`due` null), only what the earliest possible due time settles, else DUE_UNKNOWN.
 */
export function periodStatus(
  due: Date | null,
  earliest: Date,
  deliveredAt: Date | null,
  asOf: Date,
): PeriodStatus {
  if (due === null) {
    if (deliveredAt) return deliveredAt <= earliest ? PeriodStatus.ON_TIME : PeriodStatus.DUE_UNKNOWN;
    return asOf <= earliest ? PeriodStatus.PENDING : PeriodStatus.DUE_UNKNOWN;
  }
  if (deliveredAt) return deliveredAt <= due ? PeriodStatus.ON_TIME : PeriodStatus.LATE;
  return asOf > due ? PeriodStatus.MISSING : PeriodStatus.PENDING;
}

type DueRule = { workingDaysAfterPeriod: number; time?: string | null };

/**
 * A span in which one provider owed an item on one update cycle: from a publication until the next that
 * dropped the item or changed either (`until`), if any. `handedOn`: the item went on at `until`, under
 * another provider or cycle, rather than being dropped or deprecated.
 */
interface OwedSpan {
  provider: string;
  cycle: UpdateCycle;
  rule: DueRule;
  from: Date;
  until?: Date;
  handedOn: boolean;
}

/** The day (Asia/Shanghai) a due time falls on: a delivery due at 24:00 is due on that day, not the next. */
function dueDay(due: Date): string {
  return shanghaiDate(new Date(due.getTime() - 1));
}

/** Expected delivery periods of items and their timeliness (按时 / 迟报 / 未报 / 待报). */
export class ScheduleService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly calendar: WorkingCalendar,
  ) {}

  /** The city's data authority sees every unit's schedule; a unit sees its own. */
  private assertMayRead(unitCode: string): void {
    if (this.viewer.overseesCity || this.viewer.unitCode === unitCode) return;
    throw AppError.forbidden('A unit sees only its own deliveries and schedules');
  }

  /**
   * A period's due time; null when it falls in a year after the calendar's last, whose file is still to
   * be added (the hub never guesses a holiday). A year before the calendar's first is an error.
   */
  private dueOf(period: Period, rule: DueRule): Date | null {
    try {
      return dueAt(period, rule, this.calendar);
    } catch (error) {
      if (error instanceof CalendarRangeError && error.year > Math.max(...error.coveredYears)) return null;
      throw error;
    }
  }

  /** Every item of the editions in force, deprecated ones too: periods owed before stay owed. */
  private async currentItems(): Promise<CatalogItem[]> {
    const catalog = new CatalogService(this.em, this.viewer);
    const items: CatalogItem[] = [];
    for (;;) {
      const page = await catalog.listItems({ includeDeprecated: true }, { limit: 500, offset: items.length });
      items.push(...page.items);
      if (page.items.length === 0 || items.length >= page.totalCount) return items;
    }
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

  /** Expected periods ending within [from, to]: daily deliveries are expected on working days only (see `isWorkingDayOrWeekday`). */
  private expectedPeriods(cycle: UpdateCycle, from: string, to: string): Period[] {
    const periods = periodsBetween(cycle, from, to);
    if (periods.length > MAX_PERIODS * 2)
      throw AppError.badInput(`the range holds more than ${MAX_PERIODS} periods; ask for a shorter one`);
    const expected =
      cycle === UpdateCycle.DAILY
        ? periods.filter((period) => this.calendar.isWorkingDayOrWeekday(period.start))
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

  /**
   * Who owed each item when (keyed by the item's row id): the spans between publications of its
   * jurisdiction's editions, back along `previous` from the item's own, in which the editions in force
   * held it, not deprecated, with one provider and update cycle, oldest first. A newly catalogued item,
   * one handed to another unit, restored after deprecation or given another cycle is not reported as
   * missing periods from before; what was owed in an earlier span stays owed, by whoever owed it then.
   */
  private async owedSpans(items: CatalogItem[]): Promise<Map<number, OwedSpan[]>> {
    const spans = new Map<number, OwedSpan[]>();
    if (items.length === 0) return spans;
    const rows = await this.em.getConnection().execute<
      {
        item_id: number;
        published_at: Date;
        provider: string | null;
        cycle: UpdateCycle | null;
        due_working_days: number | null;
        due_time: string | null;
      }[]
    >(
      `with recursive chain(item_id, code, edition, published_at, depth) as (
          select i.id, i.code, i.edition_code, e.published_at, 0
            from catalog_item i join catalog_edition e on e.code = i.edition_code
            where i.id = any(?::int[])
        union all
          select chain.item_id, chain.code, earlier.code, earlier.published_at, chain.depth + 1
            from chain
            join catalog_edition edition on edition.code = chain.edition
            join catalog_edition earlier on earlier.code = edition.previous_code
        )
        select chain.item_id, chain.published_at, held.provider_code as provider, held.update_cycle as cycle,
               held.due_working_days, held.due_time
          from chain
          left join catalog_item held
            on held.edition_code = chain.edition and held.code = chain.code and not held.deprecated
         where chain.published_at is not null
         -- oldest first along previous: imported editions may share a publication time
         order by chain.item_id, chain.depth desc`,
      // Row ids are integers: nothing in this array literal needs quoting.
      [`{${items.map((item) => item.id).join(',')}}`],
    );
    for (const row of rows) {
      const list = spans.get(row.item_id) ?? [];
      spans.set(row.item_id, list);
      const last = list[list.length - 1];
      const open = last?.until === undefined ? last : undefined;
      const at = new Date(row.published_at);
      // An edition owes periods of the item only with a provider, a scheduled cycle and a due rule:
      // REALTIME and ON_DEMAND items, and items with no due rule (未规定报送期限), owe none.
      const owing =
        row.provider !== null && row.cycle !== null && isScheduled(row.cycle) && row.due_working_days !== null
          ? {
              provider: row.provider,
              cycle: row.cycle,
              rule: { workingDaysAfterPeriod: row.due_working_days, time: row.due_time },
            }
          : undefined;
      if (open && owing && open.provider === owing.provider && open.cycle === owing.cycle) {
        open.rule = owing.rule; // the rule of the latest edition in force
        continue;
      }
      if (open) {
        open.until = at;
        // Handed on: another provider or cycle owes the item's periods from here.
        open.handedOn = owing !== undefined;
      }
      if (owing) list.push({ ...owing, from: at, handedOn: false });
    }
    return spans;
  }

  /**
   * Whether a span owes a period: the period ended on or after the span's first day and falls due after
   * its start; and, if the span has ended, falls due by its end or, when the item was handed on to
   * another provider or cycle then, ended before that day (its data was the span's provider's to give).
   * A due time the calendar cannot say yet counts as its earliest: owed only if even that is after the
   * span's start.
   */
  private owes(period: Period, due: Date | null, span: OwedSpan): boolean {
    if (period.end < shanghaiDate(span.from)) return false;
    const at = due ?? this.earliestUnknownDue(period, span.rule);
    if (at <= span.from) return false;
    if (span.until === undefined || at <= span.until) return true;
    return span.handedOn && period.end < shanghaiDate(span.until);
  }

  /** The first of `spans` that owes the period, with its due time by that span's rule; none if none does. */
  private owing(period: Period, spans: OwedSpan[]): { span: OwedSpan; due: Date | null } | undefined {
    for (const span of spans) {
      const due = this.dueOf(period, span.rule);
      if (this.owes(period, due, span)) return { span, due };
    }
    return undefined;
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
      // A period of the item's cycle is owed if any span of that cycle owes it, whoever the provider.
      const spans = ((await this.owedSpans([item])).get(item.id) ?? []).filter(
        (span) => span.cycle === item.updateCycle,
      );
      const periods = this.expectedPeriods(item.updateCycle, from, to);
      const first = await this.firstDeliveries([{ itemCode: item.code, periods }], asOf);
      return periods.map((period) => {
        // Due by the rule of the span that owes the period, as `lateDeliveries` counts it; by the
        // item's rule now when none does.
        const owed = this.owing(period, spans);
        const due = owed ? owed.due : this.dueOf(period, rule);
        const delivered = first.get(`${item.code} ${period.label}`);
        const deliveredAt = delivered ? new Date(delivered.received_at) : null;
        return {
          period: period.label,
          start: period.start,
          end: period.end,
          dueAt: due,
          status: owed
            ? periodStatus(due, this.earliestUnknownDue(period, owed.span.rule), deliveredAt, asOf)
            : PeriodStatus.NOT_EXPECTED,
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
   * The earliest a period can be due when the calendar cannot say when it is: the working days the
   * calendar holds as it counts them, each one after as a day at least.
   */
  private earliestUnknownDue(period: Period, rule: DueRule): Date {
    return earliestDueAt(period, rule, this.calendar);
  }

  /**
   * Whether a period due in a year the calendar does not reach yet may be overdue at `asOf` and due on
   * or after `dueFrom`: the earliest it can be due is before the one and on or after the other.
   */
  private mayBeDueBetween(period: Period, rule: DueRule, dueFrom: string, asOf: Date): boolean {
    const earliest = this.earliestUnknownDue(period, rule);
    return earliest < asOf && dueDay(earliest) >= dueFrom;
  }

  /**
   * Periods LATE or MISSING as of `asOf` whose due time falls on or after `from`, for the items one unit
   * provides (every unit for the data authority). Periods with nothing delivered that may be overdue but
   * fall due in a year the working-day calendar does not reach yet are listed too, as DUE_UNKNOWN, so a
   * missing calendar file shows rather than hiding them (when the earliest they can be due is on or after
   * `from`); for daily items, the weekdays of such a year other than the holidays fixed by date.
   */
  async lateDeliveries(unitCode: string | null | undefined, asOf: Date, from?: string | null) {
    if (unitCode) this.assertMayRead(unitCode);
    else if (!this.viewer.overseesCity) {
      throw AppError.forbidden('Name your own unit: only the city’s data authority sees every unit');
    }
    if (unitCode && !(await this.em.findOne(Unit, unitCode))) throw AppError.notFound('Unit', unitCode);
    const until = shanghaiDate(asOf);
    const firstDay = `${this.calendar.years[0] ?? YEARS.first}-01-01`;
    if (until < firstDay || until > `${YEARS.last}-12-31`) {
      throw AppError.badInput(`asOf must fall between ${firstDay} and ${YEARS.last}-12-31`, [
        { path: 'asOf', message: 'out of range' },
      ]);
    }
    const window = shanghaiDate(new Date(asOf.getTime() - LATE_DELIVERY_WINDOW_DAYS * 86_400_000));
    const dueFrom = from ?? (window < firstDay ? firstDay : window);
    this.checkDate('from', dueFrom);
    // Before its first year the calendar cannot say when anything was due; ten years of daily periods
    // are about 2,500, well within what one answer should hold.
    if (dueFrom < firstDay || dueFrom > until || dueFrom < addDays(until, -3653)) {
      throw AppError.badInput(
        `from must fall between ${firstDay} (the working-day calendar's first day), ten years before asOf at most, and asOf`,
        [{ path: 'from', message: 'out of range' }],
      );
    }
    // A period due after `dueFrom` ended at most a year before it (the longest due rule is 60 working days).
    const periodsFrom = addDays(dueFrom, -400) < firstDay ? firstDay : addDays(dueFrom, -400);
    // Every current item: one the unit no longer provides may still have periods it owed before.
    const items = await this.currentItems();
    const owedSpans = await this.owedSpans(items);
    const dueByItem: { item: CatalogItem; span: OwedSpan; due: Map<Period, Date | null> }[] = [];
    for (const item of items) {
      for (const span of owedSpans.get(item.id) ?? []) {
        if (unitCode && span.provider !== unitCode) continue;
        const due = new Map<Period, Date | null>();
        for (const period of periodsBetween(span.cycle, periodsFrom, until)) {
          if (span.cycle === UpdateCycle.DAILY && !this.calendar.isWorkingDayOrWeekday(period.start))
            continue;
          const owed = this.owing(period, [span]);
          if (!owed) continue;
          const inRange =
            owed.due === null
              ? this.mayBeDueBetween(period, span.rule, dueFrom, asOf)
              : dueDay(owed.due) >= dueFrom && owed.due < asOf;
          if (inRange) due.set(period, owed.due);
        }
        if (due.size > 0) dueByItem.push({ item, span, due });
      }
    }
    const first = await this.firstDeliveries(
      dueByItem.map(({ item, due }) => ({ itemCode: item.code, periods: [...due.keys()] })),
      asOf,
    );
    const late: (PeriodState & { item: CatalogItem; providerCode: string })[] = [];
    for (const { item, span, due } of dueByItem) {
      const rule = span.rule;
      for (const [period, at] of due) {
        const delivered = first.get(`${item.code} ${period.label}`);
        const deliveredAt = delivered ? new Date(delivered.received_at) : null;
        const status = periodStatus(at, this.earliestUnknownDue(period, rule), deliveredAt, asOf);
        if (
          status === PeriodStatus.LATE ||
          status === PeriodStatus.MISSING ||
          (status === PeriodStatus.DUE_UNKNOWN && !deliveredAt)
        ) {
          late.push({
            item,
            providerCode: span.provider,
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
