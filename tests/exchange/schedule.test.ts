import {
  DeliverRecordsDocument,
  DeliveryScheduleDocument,
  DeprecateCatalogItemDocument,
  DraftCatalogEditionDocument,
  LateDeliveriesDocument,
  PublishCatalogEditionDocument,
  UpsertCatalogItemDocument,
} from '../generated/graphql';
import { Client } from 'pg';
import { Role } from '../../src/modules/identity/api-key.entity';
import { UpdateCycle } from '../../src/modules/catalog/catalog.enums';
import { periodContaining, shanghaiDate } from '../../src/modules/exchange/periods';
import { newItemInput } from '../support/catalog-inputs';
import { REGISTRATION, usccFor } from '../support/records';
import { errorCodes, startTestHub, type TestHub } from '../support/test-hub';

/** 企业用电信息: monthly, due 10 working days after the month (供电公司). */
const ELECTRICITY = 'LYG-A1-23-001';

let hub: TestHub;
let power: string;
beforeAll(async () => {
  hub = await startTestHub();
  power = await hub.createKey('LYG-POWER', [Role.PROVIDER]);
});
afterAll(async () => hub?.close());

function usage(month: string, account: number) {
  return {
    accountNumber: `3207${String(account).padStart(8, '0')}`,
    uscc: usccFor(account),
    accountName: `测试用电户${account}`,
    supplyAddress: '连云港市海州区',
    period: month,
    electricityCategory: '一般工商业用电',
    consumptionKwh: '12345.60',
    electricityCharge: '9876.54',
    accountStatus: '正常用电',
  };
}

const currentMonth = periodContaining(UpdateCycle.MONTHLY, shanghaiDate(new Date()));

describe('timeliness of deliveries (按时 / 迟报 / 未报 / 待报)', () => {
  beforeAll(async () => {
    for (const month of ['2026-09', currentMonth.label]) {
      const response = await hub.gql(
        DeliverRecordsDocument,
        { itemCode: ELECTRICITY, records: [usage(month, 1)], period: month },
        power,
      );
      expect(response.data?.deliverRecords.status).toBe('ACCEPTED');
    }
  });

  it('derives each month’s due time from the working-day calendar and classifies it', async () => {
    const response = await hub.gql(
      DeliveryScheduleDocument,
      { itemCode: ELECTRICITY, from: '2026-08-01', to: currentMonth.end },
      power,
    );
    expect(response.errors).toBeUndefined();
    const byPeriod = new Map(response.data!.deliverySchedule.map((period) => [period.period, period]));
    // August 2026: due on the 10th working day of September, nothing delivered.
    expect(byPeriod.get('2026-08')).toMatchObject({
      status: 'MISSING',
      start: '2026-08-01',
      end: '2026-08-31',
      deliveredAt: null,
    });
    expect(new Date(byPeriod.get('2026-08')!.dueAt!).toISOString()).toBe('2026-09-14T16:00:00.000Z');
    // September 2026: the national holiday (10/1–10/7) and the make-up Saturday 10/10 push the due day to 10/20.
    expect(new Date(byPeriod.get('2026-09')!.dueAt!).toISOString()).toBe('2026-10-20T16:00:00.000Z');
    expect(byPeriod.get('2026-09')!.status).toBe('LATE');
    expect(byPeriod.get(currentMonth.label)!.status).toBe('ON_TIME');
  });

  it('lists late and missing periods for the provider, as of a given time', async () => {
    const now = await hub.gql(LateDeliveriesDocument, { unitCode: 'LYG-POWER', from: '2026-09-01' }, power);
    const mine = now
      .data!.lateDeliveries.filter((late) => late.item.code === ELECTRICITY)
      .map((late) => [late.period, late.status]);
    expect(mine).toEqual(
      expect.arrayContaining([
        ['2026-08', 'MISSING'],
        ['2026-09', 'LATE'],
      ]),
    );
    expect(mine.map(([period]) => period)).not.toContain(currentMonth.label);

    const earlier = await hub.gql(
      LateDeliveriesDocument,
      { unitCode: 'LYG-POWER', from: '2026-09-01', asOf: '2026-09-30T00:00:00+08:00' },
      power,
    );
    expect(earlier.data!.lateDeliveries.map((late) => [late.period, late.status])).toEqual([
      ['2026-08', 'MISSING'],
    ]);
    // August 2026 is due at the end (24:00) of 14 September: a period due that day, not the next.
    const dueFrom = async (from: string) =>
      (
        await hub.gql(
          LateDeliveriesDocument,
          { unitCode: 'LYG-POWER', from, asOf: '2026-09-30T00:00:00+08:00' },
          power,
        )
      ).data!.lateDeliveries.map((late) => late.period);
    expect(await dueFrom('2026-09-14')).toEqual(['2026-08']);
    expect(await dueFrom('2026-09-15')).toEqual([]);
  });

  it('shows a unit only its own schedules; the data authority sees every unit', async () => {
    const other = await hub.gql(
      DeliveryScheduleDocument,
      { itemCode: ELECTRICITY, from: '2026-08-01', to: '2026-09-30' },
      hub.keys.taxBureau,
    );
    expect(errorCodes(other)).toEqual(['FORBIDDEN']);
    expect(
      errorCodes(await hub.gql(LateDeliveriesDocument, { unitCode: 'LYG-POWER' }, hub.keys.taxBureau)),
    ).toEqual(['FORBIDDEN']);
    expect(errorCodes(await hub.gql(LateDeliveriesDocument, {}, hub.keys.taxBureau))).toEqual(['FORBIDDEN']);
    // A county's data authority does not oversee the city's units.
    const county = hub.keys.countyDataAuthority;
    expect(errorCodes(await hub.gql(LateDeliveriesDocument, {}, county))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await hub.gql(LateDeliveriesDocument, { unitCode: 'LYG-POWER' }, county))).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      errorCodes(
        await hub.gql(
          DeliveryScheduleDocument,
          { itemCode: ELECTRICITY, from: '2026-08-01', to: '2026-09-30' },
          county,
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    const everyUnit = await hub.gql(LateDeliveriesDocument, { from: '2026-09-01' }, hub.keys.dataAuthority);
    const units = new Set(everyUnit.data!.lateDeliveries.map((late) => late.provider.code));
    expect(units.has('LYG-POWER')).toBe(true);
    expect(units.size).toBeGreaterThan(5);
    const authority = await hub.gql(
      DeliveryScheduleDocument,
      { itemCode: ELECTRICITY, from: '2026-08-01', to: '2026-09-30' },
      hub.keys.dataAuthority,
    );
    expect(authority.data!.deliverySchedule.map((period) => period.status)).toEqual(['MISSING', 'LATE']);
  });

  it('answers for periods due in a year the calendar does not reach yet, saying what it cannot know', async () => {
    // The calendar ends with 2026: a daily period of 31 December is due on a working day of 2027.
    const december = await hub.gql(
      DeliveryScheduleDocument,
      { itemCode: REGISTRATION, from: '2026-12-28', to: '2026-12-31' },
      hub.keys.marketRegulator,
    );
    expect(december.errors).toBeUndefined();
    const byPeriod = new Map(december.data!.deliverySchedule.map((period) => [period.period, period]));
    expect(new Date(byPeriod.get('2026-12-30')!.dueAt!).toISOString()).toBe('2026-12-31T01:00:00.000Z');
    // Due at 09:00 on the first working day of 2027: 09:00 on 1 January at the earliest.
    const earliest = new Date('2027-01-01T09:00:00+08:00');
    expect(byPeriod.get('2026-12-31')).toMatchObject({
      dueAt: null,
      status: new Date() <= earliest ? 'PENDING' : 'DUE_UNKNOWN',
    });

    const march = await hub.gql(
      LateDeliveriesDocument,
      { unitCode: 'LYG-AMR', from: '2026-12-01', asOf: '2027-03-01T00:00:00+08:00' },
      hub.keys.marketRegulator,
    );
    expect(march.errors).toBeUndefined();
    const registration = march
      .data!.lateDeliveries.filter((late) => late.item.code === REGISTRATION)
      .map((late) => [late.period, late.status, late.dueAt === null]);
    expect(registration).toEqual(
      expect.arrayContaining([
        ['2026-12-30', 'MISSING', false],
        ['2026-12-31', 'DUE_UNKNOWN', true],
        // Weekdays of 2027 may be working days: nothing delivered for them is listed, not hidden.
        ['2027-01-04', 'DUE_UNKNOWN', true],
      ]),
    );
    expect(registration.map(([period]) => period)).not.toContain('2027-01-02'); // a Saturday

    // From 1 February, only periods that cannot be due before it are listed.
    const february = await hub.gql(
      LateDeliveriesDocument,
      { unitCode: 'LYG-AMR', from: '2027-02-01', asOf: '2027-03-01T00:00:00+08:00' },
      hub.keys.marketRegulator,
    );
    const fromFebruary = february
      .data!.lateDeliveries.filter((late) => late.item.code === REGISTRATION)
      .map((late) => late.period);
    expect(fromFebruary).toContain('2027-02-01');
    expect(fromFebruary.filter((period) => period < '2027-01-31')).toEqual([]);
  });

  it('refuses lateDeliveries arguments it cannot answer for, saying which', async () => {
    const ask = (variables: Record<string, unknown>, key = hub.keys.dataAuthority) =>
      hub.gql(LateDeliveriesDocument, variables, key);
    const unknownUnit = await ask({ unitCode: 'NO-SUCH-UNIT' });
    expect(errorCodes(unknownUnit)).toEqual(['NOT_FOUND']);
    for (const [variables, path] of [
      [{ asOf: '1800-01-01T00:00:00Z' }, 'asOf'],
      [{ asOf: '2201-01-01T00:00:00Z' }, 'asOf'],
      [{ from: '1900-01-01' }, 'from'],
      [{ from: '2024-06-01' }, 'from'],
      [{ from: '2026-10-01', asOf: '2026-09-01T00:00:00+08:00' }, 'from'],
    ] as const) {
      const response = await ask(variables);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0].extensions!.problems).toEqual([{ path, message: 'out of range' }]);
    }
  });

  it('gives REALTIME and ON_DEMAND items no schedule, and refuses bad ranges and future periods', async () => {
    const realtime = await hub.gql(
      DeliveryScheduleDocument,
      { itemCode: 'LYG-A1-10-003', from: '2026-01-01', to: '2026-06-30' },
      hub.keys.dataAuthority,
    );
    expect(realtime.data!.deliverySchedule).toEqual([]);
    const backwards = await hub.gql(
      DeliveryScheduleDocument,
      { itemCode: ELECTRICITY, from: '2026-09-30', to: '2026-08-01' },
      power,
    );
    expect(errorCodes(backwards)).toEqual(['BAD_USER_INPUT']);
    for (const [from, to] of [
      ['2026-02-31', '2026-09-30'],
      ['2026-08-01', '9999-12-31'],
    ]) {
      expect(
        errorCodes(await hub.gql(DeliveryScheduleDocument, { itemCode: ELECTRICITY, from, to }, power)),
      ).toEqual(['BAD_USER_INPUT']);
    }
    const notADate = await hub.gql(
      DeliveryScheduleDocument,
      { itemCode: ELECTRICITY, from: '2026-8-1', to: '2026-09-30' },
      power,
    );
    expect(errorCodes(notADate)).toEqual(['BAD_USER_INPUT']);
    const future = await hub.gql(
      DeliverRecordsDocument,
      { itemCode: ELECTRICITY, records: [usage('2099-01', 2)], period: '2099-01' },
      power,
    );
    expect(errorCodes(future)).toEqual(['BAD_USER_INPUT']);
    const ancient = await hub.gql(
      DeliverRecordsDocument,
      { itemCode: ELECTRICITY, records: [usage('1000-01', 3)], period: '1000-01' },
      power,
    );
    expect(errorCodes(ancient)).toEqual(['BAD_USER_INPUT']);
    expect(ancient.errors![0].message).toBe('period 1000-01 ends before 1900-01-01: is the year right?');
  });
});

describe('an item catalogued in a new edition', () => {
  // Last in the file: it publishes a new edition of the catalogue (LYG-MSA provides its one new item).
  const item = newItemInput({ due: { workingDaysAfterPeriod: 30 } });
  const lateAsOf = async (asOf: string, from: string) =>
    (await lateOf('LYG-MSA', asOf, from)).map(([period, status]) => [period, status]);
  /** The item's late periods in a unit's list: period, status and the unit that owed it. */
  const lateOf = async (unitCode: string, asOf: string, from: string) =>
    (await hub.gql(LateDeliveriesDocument, { unitCode, from, asOf }, hub.keys.dataAuthority))
      .data!.lateDeliveries.filter((late) => late.item.code === item.code)
      .map((late) => [late.period, late.status, late.provider.code]);

  const scheduleOf = async (to: string, from = '2025-01-01') =>
    (
      await hub.gql(DeliveryScheduleDocument, { itemCode: item.code, from, to }, hub.keys.dataAuthority)
    ).data!.deliverySchedule.map((period): [string, string] => [period.period, period.status]);
  /** Sets when an edition was published: no door publishes in the past, and a published edition is
   * guarded against change, so the guard is lifted for this one statement. */
  async function publishedOn(edition: string, at: string) {
    const client = new Client({ connectionString: hub.databaseUrl });
    await client.connect();
    try {
      await client.query('begin');
      await client.query('alter table catalog_edition disable trigger catalog_edition_immutable');
      await client.query('update catalog_edition set published_at = $1 where code = $2', [at, edition]);
      await client.query('alter table catalog_edition enable trigger catalog_edition_immutable');
      await client.query('commit');
    } finally {
      await client.end();
    }
  }

  it('is owed only for periods that end on or after the day it was published', async () => {
    const da = hub.keys.dataAuthority;
    expect(
      (await hub.gql(DraftCatalogEditionDocument, { input: { title: '第2版' } }, da)).errors,
    ).toBeUndefined();
    expect((await hub.gql(UpsertCatalogItemDocument, { edition: 'LYG-2', item }, da)).errors).toBeUndefined();
    expect((await hub.gql(PublishCatalogEditionDocument, { code: 'LYG-2' }, da)).errors).toBeUndefined();

    // Months due 30 working days after they end, in the 90 days before now, were never asked of it.
    const now = new Date();
    expect(
      await lateAsOf(now.toISOString(), shanghaiDate(new Date(now.getTime() - 90 * 86_400_000))),
    ).toEqual([]);
    // Its schedule shows them, as not expected; the month it was published in is the first it owes.
    const schedule = await scheduleOf(shanghaiDate(new Date(now.getTime() + 40 * 86_400_000)));
    const owed = schedule.findIndex(([, status]) => status !== 'NOT_EXPECTED');
    expect(schedule[owed]).toEqual([currentMonth.label, 'PENDING']);
    expect(schedule.slice(0, owed).length).toBeGreaterThan(20);
  });

  it('is not possibly overdue, past the calendar, before the working days the calendar holds and the rest as days', async () => {
    // As if the edition had been published in October 2026.
    await publishedOn('LYG-2', '2026-10-15T10:00:00+08:00');
    // November 2026 + 30 working days: December holds 23, the other 7 end on 7 January 2027 at the earliest.
    expect(await lateAsOf('2027-01-07T12:00:00+08:00', '2026-12-20')).toEqual([]);
    expect(await lateAsOf('2027-01-08T12:00:00+08:00', '2026-12-20')).toEqual([['2026-11', 'DUE_UNKNOWN']]);
    // That earliest due time is 24:00 on 7 January: listed as due that day, not on the 8th.
    expect(await lateAsOf('2027-01-09T12:00:00+08:00', '2027-01-07')).toEqual([['2026-11', 'DUE_UNKNOWN']]);
    expect(await lateAsOf('2027-01-09T12:00:00+08:00', '2027-01-08')).toEqual([]);
    // October 2026 ended after the publication: due on 11 December, and missing.
    expect(await lateAsOf('2027-01-08T12:00:00+08:00', '2026-12-01')).toEqual([
      ['2026-10', 'MISSING'],
      ['2026-11', 'DUE_UNKNOWN'],
    ]);
  });

  it('is owed again only from its restoration, when it was deprecated in between', async () => {
    const da = hub.keys.dataAuthority;
    expect(
      (await hub.gql(DraftCatalogEditionDocument, { input: { title: '第3版' } }, da)).errors,
    ).toBeUndefined();
    expect(
      (await hub.gql(DeprecateCatalogItemDocument, { edition: 'LYG-3', code: item.code, reason: '暂停' }, da))
        .errors,
    ).toBeUndefined();
    expect((await hub.gql(PublishCatalogEditionDocument, { code: 'LYG-3' }, da)).errors).toBeUndefined();
    await publishedOn('LYG-3', '2026-11-10T10:00:00+08:00');
    expect(
      (await hub.gql(DraftCatalogEditionDocument, { input: { title: '第4版' } }, da)).errors,
    ).toBeUndefined();
    expect((await hub.gql(UpsertCatalogItemDocument, { edition: 'LYG-4', item }, da)).errors).toBeUndefined();
    expect((await hub.gql(PublishCatalogEditionDocument, { code: 'LYG-4' }, da)).errors).toBeUndefined();

    // LYG-2 in force from 10 June, LYG-3 (deprecated) from 5 September 2026, LYG-4 (restored) now.
    await publishedOn('LYG-2', '2026-06-10T10:00:00+08:00');
    await publishedOn('LYG-3', '2026-09-05T10:00:00+08:00');
    // June, due on 11 August, was owed and stays missing; July, due on 11 September, fell due after
    // the deprecation; the months after, until the restoration, were owed by nobody.
    expect(await lateAsOf('2027-01-08T12:00:00+08:00', '2026-07-01')).toEqual([['2026-06', 'MISSING']]);
    const schedule = new Map(await scheduleOf('2026-11-30'));
    expect(['2026-05', '2026-06', '2026-07', '2026-10'].map((month) => schedule.get(month))).toEqual([
      'NOT_EXPECTED',
      'MISSING',
      'NOT_EXPECTED',
      'NOT_EXPECTED',
    ]);
  });

  it('is owed by a new provider only from the handover, the old one still owing what it owed', async () => {
    const da = hub.keys.dataAuthority;
    expect(
      (await hub.gql(DraftCatalogEditionDocument, { input: { title: '第5版' } }, da)).errors,
    ).toBeUndefined();
    const handedOver = { ...item, providerUnitCode: 'LYG-AMR' };
    expect(
      (await hub.gql(UpsertCatalogItemDocument, { edition: 'LYG-5', item: handedOver }, da)).errors,
    ).toBeUndefined();
    expect((await hub.gql(PublishCatalogEditionDocument, { code: 'LYG-5' }, da)).errors).toBeUndefined();
    // June was LYG-MSA's to deliver: still missing, and in its list though it no longer provides the item.
    expect(new Map(await scheduleOf('2026-11-30')).get('2026-06')).toBe('MISSING');
    expect(await lateOf('LYG-MSA', '2026-12-31T12:00:00+08:00', '2026-07-01')).toEqual([
      ['2026-06', 'MISSING', 'LYG-MSA'],
    ]);
    expect(await lateOf('LYG-AMR', '2026-12-31T12:00:00+08:00', '2026-07-01')).toEqual([]);
  });

  it('owes a new cycle from its edition on, and only periods due after its publication', async () => {
    const da = hub.keys.dataAuthority;
    expect(
      (await hub.gql(DraftCatalogEditionDocument, { input: { title: '第6版' } }, da)).errors,
    ).toBeUndefined();
    const daily = {
      ...item,
      providerUnitCode: 'LYG-AMR',
      updateCycle: 'DAILY' as const,
      due: { workingDaysAfterPeriod: 0, time: '09:00' },
    };
    expect(
      (await hub.gql(UpsertCatalogItemDocument, { edition: 'LYG-6', item: daily }, da)).errors,
    ).toBeUndefined();
    expect((await hub.gql(PublishCatalogEditionDocument, { code: 'LYG-6' }, da)).errors).toBeUndefined();
    // LYG-4 (MSA, monthly) from 20 September, LYG-5 (AMR, monthly) from 1 October, LYG-6 (AMR, daily,
    // due at 09:00 on the day) from 14:00 on Monday 16 November 2026.
    await publishedOn('LYG-4', '2026-09-20T10:00:00+08:00');
    await publishedOn('LYG-5', '2026-10-01T10:00:00+08:00');
    await publishedOn('LYG-6', '2026-11-16T14:00:00+08:00');
    const schedule = new Map(await scheduleOf('2026-11-18', '2026-10-12'));
    // Daily periods of the monthly spans were never asked for; the 16th was due before 14:00.
    expect(['2026-10-12', '2026-11-16', '2026-11-17', '2026-11-18'].map((day) => schedule.get(day))).toEqual([
      'NOT_EXPECTED',
      'NOT_EXPECTED',
      'MISSING',
      'MISSING',
    ]);
    // September ended before the handover on 1 October and fell due after it: LYG-MSA had its data, and
    // owes it. October ended before the item became daily on 16 November: LYG-AMR owes it, monthly.
    // November, monthly, ended after that: nobody owes it; its days from the 17th are owed instead.
    const monthly = async (unitCode: string) =>
      (await lateOf(unitCode, '2026-12-31T12:00:00+08:00', '2026-07-01')).filter(
        ([period]) => period.length === 7,
      );
    expect(await monthly('LYG-MSA')).toEqual([
      ['2026-06', 'MISSING', 'LYG-MSA'],
      ['2026-09', 'MISSING', 'LYG-MSA'],
    ]);
    expect(await monthly('LYG-AMR')).toEqual([['2026-10', 'MISSING', 'LYG-AMR']]);
  });

  it('owes a period whose due time the calendar cannot say only if even its earliest is after the publication', async () => {
    // LYG-6 (daily, due at 09:00 on the day) as if published at 14:00 on 5 January 2027, past the calendar.
    await publishedOn('LYG-6', '2027-01-05T14:00:00+08:00');
    const schedule = new Map(await scheduleOf('2027-01-06', '2027-01-05'));
    expect(schedule.get('2027-01-05')).toBe('NOT_EXPECTED');
    expect(schedule.get('2027-01-06')).not.toBe('NOT_EXPECTED');
  });

  describe('a second item whose due rule changes', () => {
    const second = {
      ...newItemInput({ due: { workingDaysAfterPeriod: 30 } }),
      code: 'LYG-A1-26-902',
      graphqlName: 'PortVesselCallRecordB',
    };
    const publishWith = async (title: string, edition: string, input: typeof second) => {
      const da = hub.keys.dataAuthority;
      expect((await hub.gql(DraftCatalogEditionDocument, { input: { title } }, da)).errors).toBeUndefined();
      expect((await hub.gql(UpsertCatalogItemDocument, { edition, item: input }, da)).errors).toBeUndefined();
      expect((await hub.gql(PublishCatalogEditionDocument, { code: edition }, da)).errors).toBeUndefined();
    };
    const lateOfSecond = async (from: string) =>
      (
        await hub.gql(
          LateDeliveriesDocument,
          { unitCode: 'LYG-MSA', from, asOf: '2026-12-31T12:00:00+08:00' },
          hub.keys.dataAuthority,
        )
      )
        .data!.lateDeliveries.filter((late) => late.item.code === second.code)
        .map((late) => [late.period, late.status, late.dueAt]);

    it('owes nothing once an edition gives it no due rule (未规定报送期限)', async () => {
      await publishWith('第7版', 'LYG-7', second);
      await publishWith('第8版', 'LYG-8', { ...second, due: null });
      // Due 30 working days after each month from 10 January 2026; no due rule from 10 May.
      await publishedOn('LYG-7', '2026-01-10T10:00:00+08:00');
      await publishedOn('LYG-8', '2026-05-10T10:00:00+08:00');
      expect(await lateOfSecond('2026-06-01')).toEqual([]);
      expect((await lateOfSecond('2026-01-01')).map(([period]) => period)).toEqual(['2026-01', '2026-02']);
    });

    it('is scheduled by the due rule of the edition that owed each period', async () => {
      // Due 5 working days after each month from 20 November 2026.
      await publishWith('第9版', 'LYG-9', { ...second, due: { workingDaysAfterPeriod: 5 } });
      await publishedOn('LYG-9', '2026-11-20T10:00:00+08:00');
      const schedule = (
        await hub.gql(
          DeliveryScheduleDocument,
          { itemCode: second.code, from: '2026-01-01', to: '2026-04-30' },
          hub.keys.dataAuthority,
        )
      ).data!.deliverySchedule.map((period) => [period.period, period.status, period.dueAt]);
      // January and February fell due by the 30-day rule before 10 May; March, due 5 working days
      // after it by today's rule, fell due after 10 May by the rule then, and nobody owed it.
      const late = await lateOfSecond('2026-01-01');
      expect(schedule.slice(0, 2)).toEqual(late.slice(0, 2));
      expect(schedule.slice(0, 2).map(([, status]) => status)).toEqual(['MISSING', 'MISSING']);
      expect(schedule.slice(2).map(([, status]) => status)).toEqual(['NOT_EXPECTED', 'NOT_EXPECTED']);
    });
  });
});
