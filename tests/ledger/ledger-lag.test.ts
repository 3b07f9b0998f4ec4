/** Reads fail closed while the access ledger's sealer lags more than the configured limit. */
import pino from 'pino';
import { DeliverRecordsDocument } from '../generated/graphql';
import { type RunningHub, startHub } from '../../src/hub';
import { REGISTRATION, registration } from '../support/records';
import { countRows, errorCodes, startTestHub, testConfig, type TestHub } from '../support/test-hub';

let hub: TestHub;
let sealer: RunningHub | undefined;
const read = () =>
  hub.gql(
    `query { shared(purpose: DATA_VERIFICATION) { enterpriseRegistration { nodes { uscc } } } }`,
    {},
    hub.keys.marketRegulator,
  );

beforeAll(async () => {
  // This hub seals only once a minute, and allows one second of lag.
  hub = await startTestHub({ config: { ledger: { sealIntervalMs: 60_000, maxLagSeconds: 1 } } });
  await hub.gql(
    DeliverRecordsDocument,
    { itemCode: REGISTRATION, records: [registration(1)] },
    hub.keys.marketRegulator,
  );
});
afterAll(async () => {
  await sealer?.close();
  await hub?.close();
});

it('refuses data reads while entries wait too long to be sealed, and serves again once they are sealed', async () => {
  expect((await read()).errors).toBeUndefined();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const refused = await read();
  expect(errorCodes(refused)).toEqual(['LEDGER_UNAVAILABLE']);
  expect(refused.data).toBeNull();
  expect(await countRows(hub.databaseUrl, `select count(*) from access_log where outcome = 'DENIED'`)).toBe(
    1,
  );

  // Another hub process on the same database seals every second: the ledger catches up.
  sealer = await startHub(testConfig(hub.databaseUrl), pino({ level: 'silent' }));
  const deadline = Date.now() + 10_000;
  while ((await countRows(hub.databaseUrl, 'select count(*) from access_log where seq is null')) > 0) {
    expect(Date.now()).toBeLessThan(deadline);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect((await read()).errors).toBeUndefined();
});
