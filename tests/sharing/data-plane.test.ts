/**
 * The typed data plane: `shared(purpose)` with one type per published item, field-level authorization
 * before any data is read, masking, and one access-ledger entry per request.
 */
import { Client } from 'pg';
import {
  DeliverRecordsDocument,
  RevokeGrantDocument,
  SharedRegistrationHistoryDocument,
  SharedRegistrationsDocument,
} from '../generated/graphql';
import { Role } from '../../src/modules/identity/api-key.entity';
import { CursorSealer } from '../../src/modules/sharing/data-plane/cursor-sealer';
import { GRANT_UNTIL, grantRegistration } from '../support/grants';
import { REGISTRATION, registration, usccFor } from '../support/records';
import { countRows, errorCodes, startTestHub, type TestHub } from '../support/test-hub';

let hub: TestHub;
let statements: string[] = [];
let grantId: string;
let otherConsumer: string;

async function deliver(records: Record<string, unknown>[]) {
  const response = await hub.gql(
    DeliverRecordsDocument,
    { itemCode: REGISTRATION, records },
    hub.keys.marketRegulator,
  );
  expect(response.errors).toBeUndefined();
  expect(response.data!.deliverRecords.status).toBe('ACCEPTED');
}

async function settingValue(sql: string): Promise<string> {
  const client = new Client({ connectionString: hub.databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ value: string }>(sql)).rows[0].value;
  } finally {
    await client.end();
  }
}

async function ledgerEntries(): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: hub.databaseUrl });
  await client.connect();
  try {
    return (await client.query('select * from access_log order by id')).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  hub = await startTestHub({ onQuery: (sql) => statements.push(sql) });
  otherConsumer = await hub.createKey('LYG-FINANCE', [Role.CONSUMER]);
  await deliver([1, 2, 3].map((serial) => registration(serial)));
  grantId = await grantRegistration(hub, [
    'uscc',
    'enterpriseName',
    'legalRepresentative',
    'legalRepresentativeIdNumber',
  ]);
});
afterAll(async () => hub?.close());

describe('the typed data plane', () => {
  it('serves granted fields of an item as its own type, masking what the grant masks', async () => {
    const response = await hub.gql(SharedRegistrationsDocument, {
      purpose: 'ADMINISTRATIVE_BASIS',
      first: 2,
    });
    expect(response.errors).toBeUndefined();
    const page = response.data!.shared.enterpriseRegistration;
    expect(page.totalCount).toBe(3);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.nodes).toHaveLength(2);
    expect(page.nodes[0]).toMatchObject({
      uscc: usccFor(1),
      enterpriseName: '连云港测试企业1有限公司',
      legalRepresentative: '张1',
    });
    // 身份证号 is SENSITIVE_PERSONAL: granted MASKED by default, served as the catalogue's rule says.
    expect(page.nodes[0].legalRepresentativeIdNumber).toMatch(/^\d{6}\*+\d{4}$|^[\dX]{0,6}\*+/);
    expect(page.nodes[0].legalRepresentativeIdNumber).not.toContain('19800');
    const next = await hub.gql(SharedRegistrationsDocument, {
      purpose: 'ADMINISTRATIVE_BASIS',
      first: 2,
      after: page.pageInfo.endCursor,
    });
    expect(next.data!.shared.enterpriseRegistration.nodes.map((node) => node.uscc)).toEqual([usccFor(3)]);
    // A cursor names a record by its business key, which may not be granted: it is sealed.
    expect(Buffer.from(page.pageInfo.endCursor!, 'base64url').toString('latin1')).not.toContain(usccFor(2));
    const forged = await hub.gql(SharedRegistrationsDocument, {
      purpose: 'ADMINISTRATIVE_BASIS',
      after: Buffer.from(JSON.stringify({ k: usccFor(1) })).toString('base64url'),
    });
    expect(errorCodes(forged)).toEqual(['BAD_USER_INPUT']);
    const elsewhere = await hub.gql(SharedRegistrationsDocument, {
      purpose: 'ADMINISTRATIVE_BASIS',
      where: { subject: usccFor(1) },
      after: page.pageInfo.endCursor,
    });
    expect(errorCodes(elsewhere)).toEqual(['BAD_USER_INPUT']);
    expect(elsewhere.errors![0].message).toContain('another query');
    // A cursor sealed by an earlier version (a bare business key) is refused as such, not a crash.
    const key = await settingValue(`select value from hub_setting where name = 'masking_key'`);
    const earlier = await hub.gql(SharedRegistrationsDocument, {
      purpose: 'ADMINISTRATIVE_BASIS',
      after: new CursorSealer(key).seal('91320700MA1XXXXXX1'),
    });
    expect(errorCodes(earlier)).toEqual(['BAD_USER_INPUT']);
    expect(next.data!.shared.enterpriseRegistration.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses a request selecting any field the grant does not cover, naming the fields, before reading', async () => {
    const before = statements.length;
    const response = await hub.gql(`
      query { shared(purpose: ADMINISTRATIVE_BASIS) {
        enterpriseRegistration { nodes { uscc registeredCapital address } } } }`);
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(response.errors![0].extensions!.fields).toEqual([
      'enterpriseRegistration.registeredCapital',
      'enterpriseRegistration.address',
    ]);
    expect(response.data).toBeNull();
    const sent = statements.slice(before).join('\n');
    expect(sent).not.toMatch(/from shared_record/);
    const last = (await ledgerEntries()).at(-1)!;
    expect(last).toMatchObject({ outcome: 'DENIED', unit_code: 'LYG-TAX', record_count: 0 });
  });

  it.each([
    [
      'a fragment',
      `query { shared(purpose: ADMINISTRATIVE_BASIS) { enterpriseRegistration { nodes { ...R } } } }
       fragment R on EnterpriseRegistration { uscc registeredCapital }`,
    ],
    [
      'an inline fragment',
      `query { shared(purpose: ADMINISTRATIVE_BASIS) { enterpriseRegistration { nodes { uscc ... on EnterpriseRegistration { registeredCapital } } } } }`,
    ],
    [
      'an alias',
      `query { shared(purpose: ADMINISTRATIVE_BASIS) { enterpriseRegistration { nodes { uscc name: registeredCapital } } } }`,
    ],
    [
      'a variable in @include',
      `query($show: Boolean = true) { shared(purpose: ADMINISTRATIVE_BASIS) { enterpriseRegistration { nodes { uscc registeredCapital @include(if: $show) } } } }`,
    ],
    [
      'edges instead of nodes',
      `query { shared(purpose: ADMINISTRATIVE_BASIS) { enterpriseRegistration { edges { node { registeredCapital } } } } }`,
    ],
    [
      'history',
      `query { shared(purpose: ADMINISTRATIVE_BASIS) { enterpriseRegistration { edges { node { uscc } history { node { registeredCapital } } } } } }`,
    ],
    [
      'an aliased second item field',
      `query { shared(purpose: ADMINISTRATIVE_BASIS) { a: enterpriseRegistration { nodes { uscc } } b: enterpriseRegistration { nodes { __typename registeredCapital } } } }`,
    ],
  ])('gives the same answer through %s', async (_how, query) => {
    const response = await hub.gql(query);
    expect(errorCodes(response)).toContain('FORBIDDEN');
    expect(response.errors![0].extensions!.fields).toEqual(['enterpriseRegistration.registeredCapital']);
    expect(JSON.stringify(response.data ?? null)).not.toContain('100.0000');
  });

  it('takes one data-plane read per request, so that one request is one ledger entry', async () => {
    const before = await countRows(hub.databaseUrl, 'select count(*) from access_log');
    for (const query of [
      `query { ok: shared(purpose: ADMINISTRATIVE_BASIS) { enterpriseRegistration { nodes { uscc } } }
               again: shared(purpose: ADMINISTRATIVE_BASIS) { enterpriseRegistration { nodes { uscc } } } }`,
      `query { shared(purpose: ADMINISTRATIVE_BASIS) { enterpriseRegistration { nodes { uscc } } }
               recordFeed(itemCode: "${REGISTRATION}", purpose: ADMINISTRATIVE_BASIS) { nodes { version } } }`,
    ]) {
      const response = await hub.gql(query);
      expect(errorCodes(response)).toContain('BAD_USER_INPUT');
      expect(JSON.stringify(response.data ?? null)).not.toContain(usccFor(1));
    }
    expect(await countRows(hub.databaseUrl, 'select count(*) from access_log')).toBe(before);
  });

  it('refuses everything once the grant has expired', async () => {
    const client = new Client({ connectionString: hub.databaseUrl });
    await client.connect();
    try {
      // A day passes beyond the grant's last day.
      await client.query(`update access_grant set valid_until = '2020-01-01' where id = $1`, [grantId]);
      const response = await hub.gql(SharedRegistrationsDocument, { purpose: 'ADMINISTRATIVE_BASIS' });
      expect(errorCodes(response)).toEqual(['FORBIDDEN']);
      expect(response.errors![0].message).toContain('expired');
    } finally {
      await client.query(`update access_grant set valid_until = $1 where id = $2`, [GRANT_UNTIL, grantId]);
      await client.end();
    }
  });

  it('lets a skipped field and __typename through', async () => {
    const response = await hub.gql(
      `query($show: Boolean = false) { shared(purpose: ADMINISTRATIVE_BASIS) { __typename enterpriseRegistration {
        __typename nodes { __typename uscc registeredCapital @include(if: $show) } } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toMatchObject({
      shared: {
        __typename: 'SharedData',
        enterpriseRegistration: { __typename: 'EnterpriseRegistrationConnection' },
      },
    });
  });

  it('refuses another purpose, another unit and the data authority without a grant', async () => {
    const purpose = await hub.gql(SharedRegistrationsDocument, { purpose: 'WORK_REFERENCE' });
    expect(errorCodes(purpose)).toEqual(['FORBIDDEN']);
    expect(purpose.errors![0].message).toContain('does not cover the purpose WORK_REFERENCE');
    const other = await hub.gql(
      SharedRegistrationsDocument,
      { purpose: 'ADMINISTRATIVE_BASIS' },
      otherConsumer,
    );
    expect(errorCodes(other)).toEqual(['FORBIDDEN']);
    expect(other.errors![0].message).toContain('holds no grant');
    const authority = await hub.gql(
      SharedRegistrationsDocument,
      { purpose: 'ADMINISTRATIVE_BASIS' },
      hub.keys.dataAuthority,
    );
    expect(errorCodes(authority)).toEqual(['FORBIDDEN']);
  });

  it('refuses filtering on a field not granted in clear, which would reveal it', async () => {
    await grantRegistration(hub, ['enterpriseName'], ['WORK_REFERENCE'], otherConsumer);
    const list = await hub.gql(
      `query { shared(purpose: WORK_REFERENCE) { enterpriseRegistration { nodes { enterpriseName } } } }`,
      {},
      otherConsumer,
    );
    expect(list.errors).toBeUndefined();
    for (const where of [`{ subject: "${usccFor(1)}" }`, `{ businessKey: ["${usccFor(1)}"] }`]) {
      const probe = await hub.gql(
        `query { shared(purpose: WORK_REFERENCE) { enterpriseRegistration(where: ${where}) { totalCount } } }`,
        {},
        otherConsumer,
      );
      expect(errorCodes(probe)).toEqual(['FORBIDDEN']);
      expect(probe.errors![0].extensions!.fields).toEqual(['enterpriseRegistration.uscc']);
    }
  });

  it('limits what one request may ask for', async () => {
    const many = Array.from(
      { length: 21 },
      (_, index) => `a${index}: enterpriseRegistration(first: 1) { totalCount }`,
    );
    const tooMany = await hub.gql(`query { shared(purpose: ADMINISTRATIVE_BASIS) { ${many.join(' ')} } }`);
    expect(errorCodes(tooMany)).toEqual(['BAD_USER_INPUT']);
    const big = Array.from(
      { length: 5 },
      (_, index) => `b${index}: enterpriseRegistration(first: 500) { totalCount }`,
    );
    const tooBig = await hub.gql(`query { shared(purpose: ADMINISTRATIVE_BASIS) { ${big.join(' ')} } }`);
    expect(errorCodes(tooBig)).toEqual(['BAD_USER_INPUT']);
    expect(tooBig.errors![0].extensions!.problems).toEqual([
      { path: 'shared', message: 'at most 2000 records per request (the item fields ask for 2500)' },
    ]);
  });

  it('lets the provider read its own item in clear, every field', async () => {
    const response = await hub.gql(
      `query { shared(purpose: DATA_VERIFICATION) { enterpriseRegistration(where: { subject: "${usccFor(2)}" }) {
        nodes { uscc legalRepresentativeIdNumber registeredCapital establishedOn } } } }`,
      {},
      hub.keys.marketRegulator,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      shared: {
        enterpriseRegistration: {
          nodes: [
            {
              uscc: usccFor(2),
              legalRepresentativeIdNumber: registration(2).legalRepresentativeIdNumber,
              registeredCapital: '100.0000',
              establishedOn: '2020-05-18',
            },
          ],
        },
      },
    });
  });

  it('filters by business key and by time of the current version', async () => {
    const byKey = await hub.gql(SharedRegistrationsDocument, {
      purpose: 'ADMINISTRATIVE_BASIS',
      where: { businessKey: [usccFor(2)] },
    });
    expect(byKey.data!.shared.enterpriseRegistration.nodes.map((node) => node.uscc)).toEqual([usccFor(2)]);
    const since = new Date().toISOString();
    await deliver([registration(3, { address: '江苏省连云港市连云区中山路2号' })]);
    const changed = await hub.gql(SharedRegistrationsDocument, {
      purpose: 'ADMINISTRATIVE_BASIS',
      where: { updatedSince: since },
    });
    expect(changed.data!.shared.enterpriseRegistration.nodes.map((node) => node.uscc)).toEqual([usccFor(3)]);
    const future = await hub.gql(SharedRegistrationsDocument, {
      purpose: 'ADMINISTRATIVE_BASIS',
      where: { updatedSince: new Date(Date.now() + 60_000).toISOString() },
    });
    expect(future.data!.shared.enterpriseRegistration.totalCount).toBe(0);
  });

  it('serves the history of a record', async () => {
    await deliver([registration(1, { enterpriseName: '连云港测试企业1（更名）有限公司' })]);
    const response = await hub.gql(SharedRegistrationHistoryDocument, {
      purpose: 'ADMINISTRATIVE_BASIS',
      uscc: usccFor(1),
    });
    expect(response.errors).toBeUndefined();
    const [edge] = response.data!.shared.enterpriseRegistration.edges;
    expect(edge.version).toBe(2);
    expect(edge.node.enterpriseName).toBe('连云港测试企业1（更名）有限公司');
    expect(edge.history.map((version) => [version.version, version.node.enterpriseName])).toEqual([
      [1, '连云港测试企业1有限公司'],
      [2, '连云港测试企业1（更名）有限公司'],
    ]);
    expect(edge.history[0].validTo).not.toBeNull();
    expect(edge.history[1].validTo).toBeNull();
  });

  it('records the taxpayer asked about even when nothing is found', async () => {
    const absent = usccFor(777);
    const response = await hub.gql(SharedRegistrationsDocument, {
      purpose: 'ADMINISTRATIVE_BASIS',
      where: { subject: absent },
    });
    expect(response.data!.shared.enterpriseRegistration.nodes).toEqual([]);
    expect((await ledgerEntries()).at(-1)).toMatchObject({
      outcome: 'ALLOWED',
      record_count: 0,
      subjects: [absent],
    });
  });

  it('writes one ledger entry per request, committed before the response', async () => {
    const before = (await ledgerEntries()).length;
    const response = await hub.gql(SharedRegistrationsDocument, {
      purpose: 'ADMINISTRATIVE_BASIS',
      where: { subject: usccFor(3) },
    });
    expect(response.errors).toBeUndefined();
    const entries = await ledgerEntries();
    expect(entries).toHaveLength(before + 1);
    expect(entries.at(-1)).toMatchObject({
      outcome: 'ALLOWED',
      unit_code: 'LYG-TAX',
      purpose: 'ADMINISTRATIVE_BASIS',
      item_codes: [REGISTRATION],
      grant_ids: [grantId],
      record_count: 1,
      subjects: [usccFor(3)],
      fields: [
        `${REGISTRATION}.uscc`,
        `${REGISTRATION}.enterpriseName`,
        `${REGISTRATION}.legalRepresentative`,
        `${REGISTRATION}.legalRepresentativeIdNumber:MASKED`,
      ],
    });
  });

  it('shows the read to the provider and the reader in accessLog, and to no other unit', async () => {
    const query = `query($subject: String) { accessLog(filter: { subject: $subject, itemCode: "${REGISTRATION}" }) {
      totalCount nodes { unitCode outcome purpose subjects fields } } }`;
    type Log = {
      accessLog: { totalCount: number; nodes: { unitCode: string; subjects: string[] | null }[] };
    };
    const byProvider = await hub.gql<Log, { subject: string }>(
      query,
      { subject: usccFor(3) },
      hub.keys.marketRegulator,
    );
    expect(byProvider.errors).toBeUndefined();
    expect(byProvider.data!.accessLog.nodes).toContainEqual(
      expect.objectContaining({ unitCode: 'LYG-TAX', subjects: [usccFor(3)] }),
    );
    const byReader = await hub.gql<Log, { subject: string }>(
      query,
      { subject: usccFor(3) },
      hub.keys.taxBureau,
    );
    expect(byReader.data!.accessLog.totalCount).toBeGreaterThan(0);
    const stranger = await hub.createKey('LYG-SPORT', [Role.CONSUMER, Role.PROVIDER]);
    const byOther = await hub.gql<Log, { subject: string }>(query, { subject: usccFor(3) }, stranger);
    expect(byOther.data!.accessLog.totalCount).toBe(0);
  });

  it('uses the same number of SQL statements for 1 record and for 3', async () => {
    const count = async (first: number) => {
      statements = [];
      const response = await hub.gql(SharedRegistrationsDocument, { purpose: 'ADMINISTRATIVE_BASIS', first });
      expect(response.data!.shared.enterpriseRegistration.nodes).toHaveLength(first);
      return statements.length;
    };
    const one = await count(1);
    expect(await count(3)).toBe(one);
    // Key lookup, grants with the ledger's lag, the page, the total, the ledger entry.
    expect(one).toBeLessThanOrEqual(5);
  });

  it('refuses everything once the grant is revoked', async () => {
    const revoked = await hub.gql(
      RevokeGrantDocument,
      { id: grantId, reason: '业务已终止' },
      hub.keys.marketRegulator,
    );
    expect(revoked.errors).toBeUndefined();
    const response = await hub.gql(SharedRegistrationsDocument, { purpose: 'ADMINISTRATIVE_BASIS' });
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(response.errors![0].message).toContain('revoked');
    expect(
      await countRows(hub.databaseUrl, `select count(*) from access_log where outcome = 'DENIED'`),
    ).toBeGreaterThan(0);
  });
});
