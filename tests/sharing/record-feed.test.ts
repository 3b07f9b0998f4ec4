/** The record feed: changes in commit order, never skipped or repeated while deliveries land. */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DeliverRecordsDocument, RecordFeedDocument } from '../generated/graphql';
import { grantRegistration } from '../support/grants';
import { layoutIdOf } from '../../src/modules/exchange/record-layout';
import { REGISTRATION, registration, usccFor } from '../support/records';
import { countRows, errorCodes, startTestHub, type TestHub } from '../support/test-hub';

let hub: TestHub;

async function deliver(records: Record<string, unknown>[]) {
  const response = await hub.gql(
    DeliverRecordsDocument,
    { itemCode: REGISTRATION, records },
    hub.keys.marketRegulator,
  );
  expect(response.data!.deliverRecords.status).toBe('ACCEPTED');
}

const feed = (after?: string | null, extra: { first?: number; fields?: string[] } = {}) =>
  hub.gql(RecordFeedDocument, { itemCode: REGISTRATION, purpose: 'DATA_VERIFICATION', after, ...extra });

/**
 * The feed waits for every transaction that began before a change to end, across the whole PostgreSQL
 * cluster (other test files' deliveries too): ask again until `count` changes are served.
 */
async function settledFeed(after: string | null, count: number, extra: { first?: number } = {}) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const response = await feed(after, extra);
    expect(response.errors).toBeUndefined();
    if (response.data!.recordFeed.nodes.length >= count || Date.now() > deadline) return response;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  hub = await startTestHub();
  await grantRegistration(
    hub,
    ['uscc', 'enterpriseName', 'legalRepresentativeIdNumber'],
    ['DATA_VERIFICATION'],
  );
  await deliver([1, 2, 3].map((serial) => registration(serial)));
});
afterAll(async () => hub?.close());

describe('recordFeed', () => {
  let cursor: string | null = null;

  it('pages through every version in commit order, serving granted fields only', async () => {
    const first = await settledFeed(null, 2, { first: 2 });
    expect(first.errors).toBeUndefined();
    const page = first.data!.recordFeed;
    expect(page.nodes.map((node) => node.data.uscc)).toEqual([usccFor(1), usccFor(2)]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(Object.keys(page.nodes[0].data).sort()).toEqual([
      'enterpriseName',
      'legalRepresentativeIdNumber',
      'uscc',
    ]);
    expect(page.nodes[0].data.legalRepresentativeIdNumber).not.toBe(
      registration(1).legalRepresentativeIdNumber,
    );
    expect(page.nodes[0]).toMatchObject({ itemCode: REGISTRATION, businessKey: [usccFor(1)], version: 1 });
    const second = await settledFeed(page.pageInfo.endCursor, 1);
    expect(second.data!.recordFeed.nodes.map((node) => node.data.uscc)).toEqual([usccFor(3)]);
    cursor = second.data!.recordFeed.pageInfo.endCursor;
    const empty = await feed(cursor);
    expect(empty.data!.recordFeed.nodes).toEqual([]);
    expect(empty.data!.recordFeed.pageInfo.endCursor).toBe(cursor);
  });

  it('never skips a delivery that commits after a later one', async () => {
    // A slow delivery: its transaction starts writing first and commits last.
    const slow = new Client({ connectionString: hub.databaseUrl });
    await slow.connect();
    try {
      await slow.query('begin');
      await slow.query(
        `insert into shared_record (item_code, business_key, subject, data, layout_id, version, delivery_id, valid_from)
         values ($1, $2, $2, $3, $4, 1, $5, now())`,
        [
          REGISTRATION,
          usccFor(90),
          JSON.stringify(Object.values(registration(90))),
          layoutIdOf(Object.keys(registration(90))),
          randomUUID(),
        ],
      );
      await deliver([registration(4)]);
      // The quick delivery has committed, but the slow one may still land before it: nothing is served yet.
      const held = await feed(cursor);
      expect(held.data!.recordFeed.nodes).toEqual([]);
      await slow.query('commit');
    } finally {
      await slow.end();
    }
    const after = await settledFeed(cursor, 2);
    expect(after.data!.recordFeed.nodes.map((node) => node.data.uscc)).toEqual([usccFor(90), usccFor(4)]);
    cursor = after.data!.recordFeed.pageInfo.endCursor;
  });

  it('serves a changed record as its next version', async () => {
    await deliver([registration(2, { enterpriseName: '更名后的企业' })]);
    const response = await settledFeed(cursor, 1);
    expect(response.data!.recordFeed.nodes).toMatchObject([
      { businessKey: [usccFor(2)], version: 2, data: { enterpriseName: '更名后的企业' } },
    ]);
  });

  it('refuses fields outside the grant, unknown fields, bad cursors and readers without a grant', async () => {
    const before = await countRows(
      hub.databaseUrl,
      `select count(*) from access_log where outcome = 'DENIED'`,
    );
    const outside = await feed(null, { fields: ['uscc', 'registeredCapital'] });
    expect(errorCodes(outside)).toEqual(['FORBIDDEN']);
    expect(outside.errors![0].extensions!.fields).toEqual(['enterpriseRegistration.registeredCapital']);
    expect(await countRows(hub.databaseUrl, `select count(*) from access_log where outcome = 'DENIED'`)).toBe(
      before + 1,
    );
    expect(errorCodes(await feed(null, { fields: ['nope'] }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await feed('not-a-cursor'))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await feed(null, { first: 0 }))).toEqual(['BAD_USER_INPUT']);
    const stranger = await hub.gql(
      RecordFeedDocument,
      { itemCode: REGISTRATION, purpose: 'DATA_VERIFICATION' },
      hub.keys.dataAuthority,
    );
    expect(errorCodes(stranger)).toEqual(['FORBIDDEN']);
    const missing = await hub.gql(RecordFeedDocument, { itemCode: 'LYG-NOPE', purpose: 'DATA_VERIFICATION' });
    expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
  });

  it('leaves one ledger entry per feed request', async () => {
    await settledFeed(null, 3, { first: 3 });
    const before = await countRows(hub.databaseUrl, 'select count(*) from access_log');
    await feed(null, { first: 3 });
    expect(await countRows(hub.databaseUrl, 'select count(*) from access_log')).toBe(before + 1);
    expect(
      await countRows(
        hub.databaseUrl,
        `select count(*) from access_log where record_count = 3 and outcome = 'ALLOWED' and purpose = 'DATA_VERIFICATION'`,
      ),
    ).toBeGreaterThan(0);
  });
});
