import { Client } from 'pg';
import {
  DeliverRecordsDocument,
  DeliveredRecordsDocument,
  DeliveriesDocument,
  DeliveryDocument,
  RecordHistoryDocument,
} from '../generated/graphql';
import { REGISTRATION, registration, usccFor } from '../support/records';
import { countRows, errorCodes, startTestHub, type TestHub } from '../support/test-hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => hub?.close());

const count = (sql: string) => countRows(hub.databaseUrl, sql);

const deliver = (records: unknown[], extra: Record<string, unknown> = {}, key = hub.keys.marketRegulator) =>
  hub.gql(DeliverRecordsDocument, { itemCode: REGISTRATION, records, ...extra }, key);

describe('deliverRecords through GraphQL', () => {
  it('lands new records, keeps unchanged ones as they are, and versions changed ones', async () => {
    const first = await deliver([registration(1), registration(2), registration(3)]);
    expect(first.errors).toBeUndefined();
    expect(first.data!.deliverRecords).toMatchObject({
      status: 'ACCEPTED',
      door: 'GRAPHQL',
      mode: 'STRICT',
      provider: { code: 'LYG-AMR' },
      rowsReceived: 3,
      rowsAccepted: 3,
      rowsNew: 3,
      rowsChanged: 0,
      rowsUnchanged: 0,
      rowsRejected: 0,
      rejections: [],
    });
    expect(first.data!.deliverRecords.period).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(first.data!.deliverRecords.checksum).toMatch(/^[0-9a-f]{64}$/);

    const again = await deliver([
      registration(1),
      registration(2),
      registration(3, { registrationStatus: '注销' }),
    ]);
    expect(again.data!.deliverRecords).toMatchObject({ rowsNew: 0, rowsUnchanged: 2, rowsChanged: 1 });

    const history = await hub.gql(
      RecordHistoryDocument,
      { itemCode: REGISTRATION, businessKey: [usccFor(3)] },
      hub.keys.marketRegulator,
    );
    expect(
      history.data!.recordHistory.map((version) => [
        version.version,
        version.current,
        version.data.registrationStatus,
      ]),
    ).toEqual([
      [1, false, '存续'],
      [2, true, '注销'],
    ]);
    const current = await hub.gql(
      DeliveredRecordsDocument,
      { itemCode: REGISTRATION, filter: { subject: usccFor(3) } },
      hub.keys.marketRegulator,
    );
    expect(current.data!.deliveredRecords.nodes).toHaveLength(1);
    expect(current.data!.deliveredRecords.nodes[0]).toMatchObject({
      version: 2,
      current: true,
      subject: usccFor(3),
    });
    // Values are stored canonically: money to its scale, dates as YYYY-MM-DD.
    expect(current.data!.deliveredRecords.nodes[0].data).toMatchObject({
      registeredCapital: '100.0000',
      establishedOn: '2020-05-18',
    });
  });

  it('pages delivered records in the order they landed, every version when asked, with opaque cursors', async () => {
    await deliver([registration(70_001)]);
    await deliver([registration(70_001, { registrationStatus: '吊销' })]);
    await deliver([registration(70_001, { registrationStatus: '注销' })]);
    const page = (after?: string | null) =>
      hub.gql(
        DeliveredRecordsDocument,
        {
          itemCode: REGISTRATION,
          filter: { businessKey: [usccFor(70_001)], includeHistory: true },
          first: 2,
          after,
        },
        hub.keys.marketRegulator,
      );
    const first = (await page()).data!.deliveredRecords;
    expect(first.nodes.map((node) => [node.version, node.current])).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await page(first.pageInfo.endCursor)).data!.deliveredRecords;
    expect(second.nodes.map((node) => [node.version, node.data.registrationStatus])).toEqual([[3, '注销']]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    // A version is superseded at the moment its successor becomes valid.
    expect(first.nodes[0].supersededAt).toBe(first.nodes[1].validFrom);
    expect(first.nodes[1].supersededAt).toBe(second.nodes[0].validFrom);
    for (const cursor of ['12', '99999999999999999999.1', '1.9999999999999999999'])
      expect(errorCodes(await page(cursor))).toEqual(['BAD_USER_INPUT']);
  });

  it('rejects a whole STRICT delivery for one bad row, reporting row, field, code and message, landing nothing', async () => {
    const before = await count(`select count(*) from shared_record`);
    const badUscc = usccFor(10).slice(0, 17) + (usccFor(10).endsWith('0') ? '1' : '0');
    const response = await deliver([
      registration(10),
      registration(11, { uscc: badUscc }),
      registration(12, { establishedOn: '2026-02-30', enterpriseType: '外星企业' }),
    ]);
    const delivery = response.data!.deliverRecords;
    expect(delivery).toMatchObject({
      status: 'REJECTED',
      rowsReceived: 3,
      rowsAccepted: 0,
      rowsRejected: 3,
      idempotencyKey: null,
    });
    expect(delivery.rejections).toEqual([
      { row: 2, field: 'uscc', code: 'IDENTIFIER', message: expect.any(String) },
      { row: 3, field: 'enterpriseType', code: 'ENUM', message: expect.any(String) },
      { row: 3, field: 'establishedOn', code: 'FORMAT', message: 'not a real calendar date' },
    ]);
    expect(JSON.stringify(delivery.rejections)).not.toContain(badUscc);
    expect(await count(`select count(*) from shared_record`)).toBe(before);
    expect(
      await count(`select count(*) from delivery where id = '${delivery.id}' and status = 'REJECTED'`),
    ).toBe(1);
  });

  it('in PARTIAL mode lands the valid rows and reports the others, including a repeated business key', async () => {
    const response = await deliver(
      [
        registration(20),
        { ...registration(21), unknownColumn: 'x' },
        registration(22, { uscc: undefined }),
        registration(20, { address: '另一个地址' }),
      ],
      { mode: 'PARTIAL' },
    );
    const delivery = response.data!.deliverRecords;
    expect(delivery).toMatchObject({
      status: 'PARTIALLY_ACCEPTED',
      rowsReceived: 4,
      rowsAccepted: 1,
      rowsNew: 1,
      rowsRejected: 3,
    });
    expect(delivery.rejections.map((rejection) => [rejection.row, rejection.field, rejection.code])).toEqual([
      [2, 'unknownColumn', 'UNKNOWN_FIELD'],
      [3, 'uscc', 'REQUIRED'],
      [4, null, 'DUPLICATE_KEY'],
    ]);
  });

  it('takes a null mode, as clients send an unset variable, for the default STRICT', async () => {
    const response = await deliver([registration(27), registration(28, { uscc: 'not-a-uscc' })], {
      mode: null,
    });
    expect(response.errors).toBeUndefined();
    expect(response.data!.deliverRecords).toMatchObject({ mode: 'STRICT', status: 'REJECTED', rowsNew: 0 });
  });

  it('never repeats a key that looks like data, in the report or in the ledger', async () => {
    const secret = '张三 320703198001020010 欠税100万';
    const response = await deliver(
      [registration(25), { ...registration(26), [secret]: 'x' }, 'not an object'],
      {
        mode: 'PARTIAL',
      },
    );
    const delivery = response.data!.deliverRecords;
    // Row 3, not an object, is also missing every required field; its first problem says why.
    expect(
      delivery.rejections.slice(0, 2).map((rejection) => [rejection.row, rejection.field, rejection.code]),
    ).toEqual([
      [2, `#${Object.keys(registration(26)).length + 1}`, 'UNKNOWN_FIELD'],
      [3, '(record)', 'UNKNOWN_FIELD'],
    ]);
    expect(JSON.stringify(response)).not.toContain('320703198001020010');
    expect(
      await count(
        `select count(*) from delivery where id = '${delivery.id}' and rejections::text like '%320703198001020010%'`,
      ),
    ).toBe(0);
  });

  it('lands a retry with the same idempotency key once, answering with the first delivery', async () => {
    const records = [registration(30), registration(31)];
    const first = await deliver(records, { idempotencyKey: 'amr-2026-11-23-batch-7' });
    const retry = await deliver(records, { idempotencyKey: 'amr-2026-11-23-batch-7' });
    expect(retry.data!.deliverRecords.id).toBe(first.data!.deliverRecords.id);
    expect(
      await count(`select count(*) from shared_record where subject in ('${usccFor(30)}', '${usccFor(31)}')`),
    ).toBe(2);
    expect(
      await count(`select count(*) from delivery where idempotency_key = 'amr-2026-11-23-batch-7'`),
    ).toBe(1);
    const changed = await deliver([registration(30), registration(31, { address: '另一个地址' })], {
      idempotencyKey: 'amr-2026-11-23-batch-7',
    });
    expect(errorCodes(changed)).toEqual(['CONFLICT']);
    expect(await count(`select count(*) from shared_record where subject = '${usccFor(31)}'`)).toBe(1);
  });

  it('refuses an idempotency key already used for another item, and a second delivery of an item still in progress', async () => {
    const first = await deliver([registration(60)], { idempotencyKey: 'shared-key-1' });
    expect(first.data!.deliverRecords.status).toBe('ACCEPTED');
    const otherItem = await hub.gql(
      DeliverRecordsDocument,
      { itemCode: 'LYG-A1-17-003', records: [{}], idempotencyKey: 'shared-key-1' },
      hub.keys.marketRegulator,
    );
    expect(errorCodes(otherItem)).toEqual(['CONFLICT']);

    const holder = new Client({ connectionString: hub.databaseUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(`select pg_advisory_xact_lock(hashtext('delivery:${REGISTRATION}'))`);
      const blocked = await deliver([registration(61)]);
      expect(errorCodes(blocked)).toEqual(['CONFLICT']);
      expect(blocked.errors![0].message).toContain('in progress');
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
    expect((await deliver([registration(61)])).data!.deliverRecords.status).toBe('ACCEPTED');
  });

  it('counts rejected rows, not problems, and says when the report is cut short', async () => {
    const records = Array.from({ length: 150 }, (_, index) =>
      registration(700 + index, { enterpriseName: null, address: null }),
    );
    const response = await deliver(records, { mode: 'PARTIAL' });
    expect(response.data!.deliverRecords).toMatchObject({
      status: 'REJECTED',
      rowsReceived: 150,
      rowsRejected: 150,
      rowsAccepted: 0,
      rejectionsTruncated: true,
    });
    expect(response.data!.deliverRecords.rejections).toHaveLength(100);
    const small = await deliver([registration(800), registration(801, { address: null })], {
      mode: 'PARTIAL',
    });
    expect(small.data!.deliverRecords).toMatchObject({ rowsRejected: 1, rejectionsTruncated: false });
  });

  it('reports the problems of the lowest rows, a repeated key found while merging included', async () => {
    // Row 2 repeats row 1's key (found when the chunk is merged, after every row was validated); rows
    // 3–152 have a wrong check character: the report's first entries must still be rows 2, 3, 4 …
    const bad = (serial: number) => {
      const good = usccFor(serial);
      return registration(serial, { uscc: good.slice(0, 17) + (good.endsWith('0') ? '1' : '0') });
    };
    const records = [
      registration(900),
      registration(900, { address: '另一个地址' }),
      ...Array.from({ length: 150 }, (_, index) => bad(901 + index)),
      registration(1051),
    ];
    const response = await deliver(records, { mode: 'PARTIAL' });
    const delivery = response.data!.deliverRecords;
    expect(delivery).toMatchObject({
      rowsAccepted: 2,
      rowsRejected: 151,
      rowsInvalid: 151,
      rejectionsTruncated: true,
    });
    expect(delivery.rejections).toHaveLength(100);
    expect(delivery.rejections.slice(0, 2).map((rejection) => [rejection.row, rejection.code])).toEqual([
      [2, 'DUPLICATE_KEY'],
      [3, 'IDENTIFIER'],
    ]);
    expect(delivery.rejections.map((rejection) => rejection.row)).toEqual(
      Array.from({ length: 100 }, (_, index) => index + 2),
    );

    // STRICT: every row is rejected, and the report says how many were invalid.
    const strict = await deliver([registration(1100), bad(1101), registration(1102)]);
    expect(strict.data!.deliverRecords).toMatchObject({
      status: 'REJECTED',
      rowsRejected: 3,
      rowsInvalid: 1,
      rejectionsTruncated: false,
    });
  });

  it.each([
    ['a unit that does not provide the item', () => hub.keys.taxBureau, REGISTRATION, 'FORBIDDEN'],
    ['a key without the PROVIDER role', () => hub.keys.auditor, REGISTRATION, 'FORBIDDEN'],
    ['an unknown item', () => hub.keys.marketRegulator, 'LYG-A1-17-999', 'NOT_FOUND'],
  ])('refuses %s, changing nothing', async (_label, key, itemCode, code) => {
    const before = await count(`select count(*) from delivery`);
    const response = await hub.gql(DeliverRecordsDocument, { itemCode, records: [registration(40)] }, key());
    expect(errorCodes(response)).toEqual([code]);
    expect(await count(`select count(*) from delivery`)).toBe(before);
  });

  it.each([
    ['no records', [], undefined],
    ['a period that does not fit the cycle', [registration(50)], '2026-13'],
  ])('answers %s with BAD_USER_INPUT', async (_label, records, period) => {
    const response = await deliver(records, { period });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  });

  it('keeps the ledger to the provider and the data authority', async () => {
    const own = await hub.gql(DeliveriesDocument, { first: 100 }, hub.keys.marketRegulator);
    expect(own.data!.deliveries.totalCount).toBeGreaterThanOrEqual(5);
    expect(own.data!.deliveries.nodes.every((delivery) => delivery.provider.code === 'LYG-AMR')).toBe(true);
    const all = await hub.gql(DeliveriesDocument, { first: 100 }, hub.keys.dataAuthority);
    expect(all.data!.deliveries.totalCount).toBe(own.data!.deliveries.totalCount);
    const other = await hub.gql(DeliveriesDocument, { first: 100 }, hub.keys.taxBureau);
    expect(other.data!.deliveries.totalCount).toBe(0);
    const peek = await hub.gql(
      DeliveriesDocument,
      { filter: { providerUnitCode: 'LYG-AMR' } },
      hub.keys.taxBureau,
    );
    expect(errorCodes(peek)).toEqual(['FORBIDDEN']);
    const one = own.data!.deliveries.nodes[0].id;
    expect((await hub.gql(DeliveryDocument, { id: one }, hub.keys.taxBureau)).data!.delivery).toBeNull();
    expect((await hub.gql(DeliveryDocument, { id: one }, hub.keys.dataAuthority)).data!.delivery?.id).toBe(
      one,
    );
    // A county's data authority keeps its catalogue supplement; the city's ledger is not its to read.
    const county = hub.keys.countyDataAuthority;
    expect((await hub.gql(DeliveriesDocument, { first: 100 }, county)).data!.deliveries.totalCount).toBe(0);
    expect(
      errorCodes(await hub.gql(DeliveriesDocument, { filter: { providerUnitCode: 'LYG-AMR' } }, county)),
    ).toEqual(['FORBIDDEN']);
    expect((await hub.gql(DeliveryDocument, { id: one }, county)).data!.delivery).toBeNull();
    // Records are read back only by their provider.
    expect(
      errorCodes(await hub.gql(DeliveredRecordsDocument, { itemCode: REGISTRATION }, hub.keys.taxBureau)),
    ).toEqual(['FORBIDDEN']);
  });

  it('keeps the ledger and record history append-only in the database itself', async () => {
    const client = new Client({ connectionString: hub.databaseUrl });
    await client.connect();
    try {
      await expect(client.query(`update delivery set rows_new = 0`)).rejects.toThrow(/append-only/);
      await expect(client.query(`delete from delivery`)).rejects.toThrow(/append-only/);
      await expect(client.query(`delete from shared_record`)).rejects.toThrow(/never deleted/);
      await expect(
        client.query(`update shared_record set data = '{}' where superseded_at is null`),
      ).rejects.toThrow(/superseded/);
      // Superseding may not change anything else: every other column, including any added later.
      // Text keeps its length (item codes are varchar(20)) and changes its first character; null becomes 'x'.
      const otherText = (column: string) =>
        `coalesce(overlay(${column} placing case when left(${column}, 1) = 'x' then 'y' else 'x' end from 1 for 1), 'x')`;
      const changed: Record<string, (column: string) => string> = {
        bigint: (column) => `${column} + 1`,
        integer: (column) => `${column} + 1`,
        text: otherText,
        'character varying': otherText,
        json: () => `'{"changed":true}'::json`,
        uuid: () => 'gen_random_uuid()',
        'timestamp with time zone': (column) => `${column} + interval '1 second'`,
        xid8: () => `'1'::xid8`,
      };
      const columns = await client.query<{ column_name: string; data_type: string }>(
        `select column_name, data_type from information_schema.columns
          where table_name = 'shared_record' and column_name not like 'superseded%'`,
      );
      expect(columns.rows.length).toBeGreaterThanOrEqual(10);
      for (const { column_name: column, data_type: type } of columns.rows) {
        const value = changed[type];
        if (!value) throw new Error(`no changed value for ${column} of type ${type}: add one here`);
        await expect(
          client.query(
            `update shared_record set superseded_at = now(), superseded_by_delivery_id = gen_random_uuid(),
                    ${column} = ${value(column)}
              where ctid = (select ctid from shared_record where superseded_at is null limit 1)`,
          ),
        ).rejects.toThrow(/only changes when it is superseded/);
      }
      // A version already superseded is never changed again.
      await expect(
        client.query(
          `update shared_record set superseded_at = now()
            where ctid = (select ctid from shared_record where superseded_at is not null limit 1)`,
        ),
      ).rejects.toThrow(/only changes when it is superseded/);
    } finally {
      await client.end();
    }
  });
});
