/** An upload that stops sending is cut off: its delivery lands nothing and frees the item at once. */
import http from 'node:http';
import { REGISTRATION, registration, toCsv } from '../support/records';
import { countRows, startTestHub, type TestHub } from '../support/test-hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ config: { uploadIdleSeconds: 1 } });
});
afterAll(async () => hub?.close());

it('cuts off an upload that sends nothing for the configured time, landing nothing', async () => {
  const url = new URL(`/deliveries/${REGISTRATION}`, hub.hub.url);
  const started = Date.now();
  const closed = await new Promise<string>((resolve) => {
    const request = http.request(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${hub.keys.marketRegulator}`, 'content-type': 'text/csv' },
    });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(`answered ${response.statusCode}`));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve(`closed: ${error.code ?? error.message}`));
    // A header and two rows, then silence, never ending the body.
    request.write(toCsv([registration(1), registration(2)]));
  });
  expect(closed).toMatch(/closed|answered 4\d\d/);
  expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  expect(await countRows(hub.databaseUrl, 'select count(*) from shared_record')).toBe(0);
  expect(await countRows(hub.databaseUrl, 'select count(*) from delivery')).toBe(0);

  // The item is free again: the next delivery lands at once.
  const next = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${hub.keys.marketRegulator}`, 'content-type': 'text/csv' },
    body: toCsv([registration(1), registration(2)]),
  });
  expect(next.status).toBe(201);
  expect(await countRows(hub.databaseUrl, 'select count(*) from shared_record')).toBe(2);
});
