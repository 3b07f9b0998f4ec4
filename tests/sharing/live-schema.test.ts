/**
 * Publishing an edition changes the data plane at once on every hub process, and never widens a grant:
 * a field added is not granted, a field removed is not served, a field made sensitive is served masked.
 */
import { Client } from 'pg';
import pino from 'pino';
import {
  DeliverRecordsDocument,
  DraftCatalogEditionDocument,
  PublishCatalogEditionDocument,
  UpsertCatalogItemDocument,
} from '../generated/graphql';
import { type RunningHub, startHub } from '../../src/hub';
import { Role } from '../../src/modules/identity/api-key.entity';
import { currentItemAsInput, newItemInput } from '../support/catalog-inputs';
import { grantRegistration } from '../support/grants';
import { REGISTRATION, registration, usccFor } from '../support/records';
import { errorCodes, startTestHub, testConfig, type TestHub } from '../support/test-hub';

let hub: TestHub;
let second: RunningHub;

/** The same request sent to the second hub process (same database, its own schema). */
async function askSecond(query: string, key: string) {
  const response = await fetch(second.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
}

beforeAll(async () => {
  hub = await startTestHub();
  second = await startHub(testConfig(hub.databaseUrl), pino({ level: 'silent' }));
  const delivered = await hub.gql(
    DeliverRecordsDocument,
    { itemCode: REGISTRATION, records: [registration(1)] },
    hub.keys.marketRegulator,
  );
  expect(delivered.data!.deliverRecords.status).toBe('ACCEPTED');
  await grantRegistration(hub, ['uscc', 'enterpriseName', 'address', 'legalRepresentativeIdNumber']);
});
afterAll(async () => {
  await second?.close();
  await hub?.close();
});

describe('publishing an edition', () => {
  const port = newItemInput();
  const portQuery = `query { shared(purpose: WORK_REFERENCE) { portVesselCallRecord { totalCount nodes { callNumber } } } }`;
  let msa: string;

  it('serves the new edition’s items on this process and, by NOTIFY, on every other one, without a restart', async () => {
    msa = await hub.createKey('LYG-MSA', [Role.PROVIDER]);
    expect(errorCodes(await hub.gql(portQuery, {}, msa))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect((await askSecond(portQuery, msa)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const da = hub.keys.dataAuthority;
    const draft = await hub.gql(DraftCatalogEditionDocument, { input: { title: '第2版' } }, da);
    const edition = draft.data!.draftCatalogEdition.code;
    expect((await hub.gql(UpsertCatalogItemDocument, { edition, item: port }, da)).errors).toBeUndefined();
    const registrationItem = await currentItemAsInput(hub, REGISTRATION);
    registrationItem.fields = [
      ...registrationItem.fields
        .filter((field) => field.code !== 'address')
        .map((field) =>
          field.code === 'legalRepresentativeIdNumber'
            ? { ...field, masking: { rule: 'SHOW_FIRST_LAST' as const, first: 14, last: 2 } }
            : field.code === 'enterpriseName'
              ? {
                  ...field,
                  sensitivity: 'TRADE_SECRET' as const,
                  masking: { rule: 'SHOW_FIRST_LAST' as const, first: 2, last: 0 },
                }
              : field,
        ),
      {
        code: 'socialSecurityHeadcount',
        name: '参保人数',
        dataType: 'INTEGER',
        required: false,
        sensitivity: 'INTERNAL',
      },
    ];
    const upserted = await hub.gql(UpsertCatalogItemDocument, { edition, item: registrationItem }, da);
    expect(upserted.errors).toBeUndefined();
    const published = await hub.gql(PublishCatalogEditionDocument, { code: edition }, da);
    expect(published.errors).toBeUndefined();

    const here = await hub.gql(portQuery, {}, msa);
    expect(here.errors).toBeUndefined();
    expect(here.data).toEqual({ shared: { portVesselCallRecord: { totalCount: 0, nodes: [] } } });

    const deadline = Date.now() + 10_000;
    let there = await askSecond(portQuery, msa);
    while (there.errors && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      there = await askSecond(portQuery, msa);
    }
    expect(there.errors).toBeUndefined();
    expect(there.data).toEqual({ shared: { portVesselCallRecord: { totalCount: 0, nodes: [] } } });
  });

  it('does not grant a field added to an item after the grant', async () => {
    const response = await hub.gql(
      `query { shared(purpose: ADMINISTRATIVE_BASIS) { enterpriseRegistration { nodes { uscc socialSecurityHeadcount } } } }`,
    );
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(response.errors![0].extensions!.fields).toEqual([
      'enterpriseRegistration.socialSecurityHeadcount',
    ]);
  });

  it('no longer serves a field the new edition removed', async () => {
    const response = await hub.gql(
      `query { shared(purpose: ADMINISTRATIVE_BASIS) { enterpriseRegistration { nodes { uscc address } } } }`,
    );
    expect(errorCodes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('masks a field granted in clear once the catalogue marks it sensitive', async () => {
    const response = await hub.gql(
      `query { shared(purpose: ADMINISTRATIVE_BASIS) { enterpriseRegistration { nodes { uscc enterpriseName } } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      shared: { enterpriseRegistration: { nodes: [{ uscc: usccFor(1), enterpriseName: '连云**********' }] } },
    });
  });
});

describe('a MASKED grant after the catalogue loosens the field’s masking rule', () => {
  it('shows no more than either rule would: the fewer characters at each end', async () => {
    // The catalogue now shows the first 14 and last 2 characters (published by the test above).
    const item = await currentItemAsInput(hub, REGISTRATION);
    expect(item.fields.find((field) => field.code === 'legalRepresentativeIdNumber')!.masking).toMatchObject({
      rule: 'SHOW_FIRST_LAST',
      first: 14,
      last: 2,
    });
    const response = await hub.gql(
      `query { shared(purpose: ADMINISTRATIVE_BASIS) { enterpriseRegistration { nodes { legalRepresentativeIdNumber } } } }`,
    );
    expect(response.errors).toBeUndefined();
    const id = String(registration(1).legalRepresentativeIdNumber);
    // Granted under SHOW_FIRST_LAST(6,4), now (14,2): served as (6,2).
    expect(response.data).toEqual({
      shared: {
        enterpriseRegistration: {
          nodes: [{ legalRepresentativeIdNumber: `${id.slice(0, 6)}${'*'.repeat(10)}${id.slice(-2)}` }],
        },
      },
    });
  });
});

/** Connections of this database listening for published editions. */
async function listeners(): Promise<number> {
  const admin = new Client({ connectionString: hub.databaseUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ count: number }>(
      `select count(*)::int as count from pg_stat_activity where datname = current_database() and query ilike 'listen %'`,
    );
    return rows[0].count;
  } finally {
    await admin.end();
  }
}

describe('a hub process whose listening connection was lost', () => {
  it('reconnects and catches up with an edition published meanwhile', async () => {
    const admin = new Client({ connectionString: hub.databaseUrl });
    await admin.connect();
    try {
      const cut = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and query ilike 'listen %'`,
      );
      expect(cut.rowCount).toBeGreaterThanOrEqual(2);
    } finally {
      await admin.end();
    }
    // Both processes listen again within a few seconds (not only by their 30-second check).
    const back = Date.now() + 8_000;
    while ((await listeners()) < 2) {
      expect(Date.now()).toBeLessThan(back);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const da = hub.keys.dataAuthority;
    const draft = await hub.gql(DraftCatalogEditionDocument, { input: { title: '第3版' } }, da);
    const edition = draft.data!.draftCatalogEdition.code;
    const item = newItemInput({ code: 'LYG-A1-26-902', graphqlName: 'PortCargoThroughput' });
    expect((await hub.gql(UpsertCatalogItemDocument, { edition, item }, da)).errors).toBeUndefined();
    expect((await hub.gql(PublishCatalogEditionDocument, { code: edition }, da)).errors).toBeUndefined();
    const msa = await hub.createKey('LYG-MSA', [Role.PROVIDER]);
    const query = `query { shared(purpose: WORK_REFERENCE) { portCargoThroughput { totalCount } } }`;
    const deadline = Date.now() + 15_000;
    let there = await askSecond(query, msa);
    while (there.errors && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      there = await askSecond(query, msa);
    }
    expect(there.data).toEqual({ shared: { portCargoThroughput: { totalCount: 0 } } });
  });
});
