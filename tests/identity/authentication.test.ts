import { Client } from 'pg';
import { ViewerDocument } from '../generated/graphql';
import { revokeApiKey } from '../../src/modules/identity/identity.service';
import { Role } from '../../src/modules/identity/api-key.entity';
import { errorCodes, startTestHub, type TestHub } from '../support/test-hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => hub?.close());

describe('authentication', () => {
  it.each([
    ['no Authorization header', null],
    ['an unknown key', 'hub_thisKeyWasNeverIssued0000000000000000000000'],
    ['a malformed header value', 'not a bearer token at all'],
  ])('refuses %s with UNAUTHENTICATED and nothing else', async (_label, key) => {
    const response = await hub.gql(ViewerDocument, {}, key);
    expect(response.status).toBe(401);
    expect(response.data).toBeUndefined();
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a revoked key from the next request on', async () => {
    const key = await hub.createKey('LYG-HRSS', [Role.CONSUMER]);
    const before = await hub.gql(ViewerDocument, {}, key);
    expect(before.data?.viewer.unit.code).toBe('LYG-HRSS');
    const client = new Client({ connectionString: hub.databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ id: string }>(
      `select id from api_key where unit_code = 'LYG-HRSS'`,
    );
    await client.end();
    await revokeApiKey(hub.hub.orm.em.fork(), rows[0].id);
    const after = await hub.gql(ViewerDocument, {}, key);
    expect(after.status).toBe(401);
    expect(errorCodes(after)).toEqual(['UNAUTHENTICATED']);
  });

  it('tells a key who it is: unit, roles and jurisdiction', async () => {
    const city = await hub.gql(ViewerDocument, {}, hub.keys.taxBureau);
    expect(city.data?.viewer).toMatchObject({
      roles: ['CONSUMER', 'PROVIDER'],
      unit: { code: 'LYG-TAX', kind: 'TAX_AUTHORITY' },
      jurisdiction: { code: 'LYG' },
    });
    const county = await hub.gql(ViewerDocument, {}, hub.keys.countyDataAuthority);
    expect(county.data?.viewer).toMatchObject({
      roles: ['DATA_AUTHORITY'],
      unit: { code: 'GY-DATA' },
      jurisdiction: { code: 'GY' },
    });
  });

  it('stores only a SHA-256 hash of each key', async () => {
    const client = new Client({ connectionString: hub.databaseUrl });
    await client.connect();
    const { rows } = await client.query<Record<string, unknown>>('select * from api_key');
    await client.end();
    expect(rows.length).toBeGreaterThanOrEqual(5);
    const stored = JSON.stringify(rows);
    for (const key of Object.values(hub.keys)) {
      expect(stored).not.toContain(key);
      expect(stored).not.toContain(key.slice(4, 24));
    }
    for (const row of rows) expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
