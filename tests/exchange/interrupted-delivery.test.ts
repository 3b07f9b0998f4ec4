import http from 'node:http';
import { REGISTRATION, registration, toCsv } from '../support/records';
import {
  cleanUpHubProcesses,
  demoKey,
  interrupt,
  newDataDir,
  startHubProcess,
  type HubProcess,
} from '../support/hub-process';

afterAll(cleanUpHubProcesses);

const ROWS = 20_000;
const csv = Buffer.from(toCsv(Array.from({ length: ROWS }, (_, serial) => registration(500_000 + serial))));

async function ledgerAndRecords(
  hub: HubProcess,
  key: string,
): Promise<{ deliveries: number; records: number }> {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({
      query: `{ deliveries { totalCount } deliveredRecords(itemCode: "${REGISTRATION}", first: 500) { nodes { subject } pageInfo { hasNextPage } } }`,
    }),
  });
  const body = (await response.json()) as {
    data: {
      deliveries: { totalCount: number };
      deliveredRecords: { nodes: unknown[]; pageInfo: { hasNextPage: boolean } };
    };
  };
  const page = body.data.deliveredRecords;
  return {
    deliveries: body.data.deliveries.totalCount,
    records: page.pageInfo.hasNextPage ? Infinity : page.nodes.length,
  };
}

/** Sends half the file, then kills the hub (SIGKILL: no chance to clean up) while the upload is open. */
function uploadAndKill(hub: HubProcess, key: string): Promise<void> {
  return new Promise((resolve) => {
    const request = http.request(`${hub.baseUrl}/deliveries/${REGISTRATION}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'text/csv',
        'idempotency-key': 'batch-interrupted',
      },
    });
    request.on('error', () => resolve());
    request.on('response', () => resolve());
    request.write(csv.subarray(0, csv.length / 2));
    setTimeout(() => hub.child.kill('SIGKILL'), 1500);
  });
}

async function deliverWhole(hub: HubProcess, key: string) {
  const response = await fetch(`${hub.baseUrl}/deliveries/${REGISTRATION}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'text/csv',
      'idempotency-key': 'batch-interrupted',
    },
    body: csv,
  });
  return {
    status: response.status,
    body: (await response.json()) as { id: string; status: string; rowsNew: number },
  };
}

describe('a delivery interrupted by a killed hub', () => {
  it('leaves nothing of itself, and the same file with the same idempotency key lands exactly once after restart', async () => {
    const dataDir = newDataDir();
    const first = await startHubProcess(dataDir, { HUB_DEMO_KEYS: '1' });
    const key = demoKey(dataDir, 'LYG-AMR');
    await uploadAndKill(first, key);
    await new Promise((resolve) => first.child.once('exit', resolve));

    const second = await startHubProcess(dataDir);
    expect(await ledgerAndRecords(second, key)).toEqual({ deliveries: 0, records: 0 });

    const delivered = await deliverWhole(second, key);
    expect(delivered.status).toBe(201);
    expect(delivered.body).toMatchObject({ status: 'ACCEPTED', rowsNew: ROWS });
    const again = await deliverWhole(second, key);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(delivered.body.id);
    const after = await ledgerAndRecords(second, key);
    expect(after.deliveries).toBe(1);
    expect(await interrupt(second)).toBe(0);
  });
});
