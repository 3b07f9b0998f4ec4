/** `npm run hub -- deliver`: the built CLI in a child process, uploading files to a real hub over HTTP. */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Role } from '../../src/modules/identity/api-key.entity';
import { REGISTRATION, registration, toCsv, toNdjson, usccFor } from '../support/records';
import { type CommandResult, runCli, runCliInTerminal } from '../support/run-built';
import { type GraphQLResponse, startTestHub, type TestHub } from '../support/test-hub';

let hub: TestHub;
let folder: string;
beforeAll(async () => {
  hub = await startTestHub();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-deliver-'));
});
afterAll(async () => {
  fs.rmSync(folder, { recursive: true, force: true });
  await hub?.close();
});

/** Writes `text` to a file of the test folder and gives its path. */
function writeFile(name: string, text: string): string {
  const file = path.join(folder, name);
  fs.writeFileSync(file, text);
  return file;
}

/** Runs `hub deliver` against the test hub; `extra` goes before the file argument. */
function deliver(file: string, extra: string[] = [], key = hub.keys.marketRegulator): Promise<CommandResult> {
  return runCli(['deliver', '--item', REGISTRATION, '--url', hub.hub.url, '--key', key, ...extra, file], {});
}

/** A USCC with a wrong check character: shaped right, but refused. */
function brokenUscc(serial: number): string {
  const valid = usccFor(serial);
  return valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
}

interface SubjectsPage {
  deliveredRecords: {
    nodes: { subject: string }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** The subjects of the provider's current records of the item, one entry per record, page after page. */
async function deliveredSubjects(): Promise<string[]> {
  const subjects: string[] = [];
  let after: string | null = null;
  do {
    const response: GraphQLResponse<SubjectsPage> = await hub.gql<SubjectsPage, { after: string | null }>(
      `query ($after: String) { deliveredRecords(itemCode: "LYG-A1-17-001", first: 500, after: $after) {
        nodes { subject } pageInfo { hasNextPage endCursor } } }`,
      { after },
      hub.keys.marketRegulator,
    );
    expect(response.errors).toBeUndefined();
    const page: SubjectsPage['deliveredRecords'] = response.data!.deliveredRecords;
    subjects.push(...page.nodes.map((node) => node.subject));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after !== null);
  return subjects;
}

/**
 * A URL where nothing listens: a port the system just handed out and took back. Not port 9: fetch
 * blocks it ("bad port") without connecting, and the CLI then says only "fetch failed".
 */
async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return `http://127.0.0.1:${port}`;
}

/** Runs `hub deliver` against a stand-in for a proxy that refuses large bodies with an HTML page. */
async function deliverThroughHtmlProxy(file: string): Promise<CommandResult> {
  const proxy = http.createServer((req, res) => {
    req.resume();
    res.writeHead(413, { 'content-type': 'text/html' });
    res.end('<html><body><h1>413 Request Entity Too Large</h1></body></html>');
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = proxy.address() as net.AddressInfo;
    return await runCli(
      ['deliver', '--item', REGISTRATION, '--url', `http://127.0.0.1:${port}`, '--key', 'hub_x', file],
      {},
    );
  } finally {
    proxy.close();
  }
}

function expectNoStackTrace(result: CommandResult): void {
  expect(result.stdout).not.toContain('    at ');
  expect(result.stderr).not.toContain('    at ');
}

describe('npm run hub -- deliver', () => {
  it('delivers a CSV file, and running the same command again lands nothing twice', async () => {
    const records = [registration(1), registration(2), registration(3)];
    const file = writeFile('registrations.csv', toCsv(records));

    const first = await deliver(file);
    expectNoStackTrace(first);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const [, deliveryId] = /^Delivery (\S+): ACCEPTED for period \S+$/m.exec(first.stdout) ?? [];
    expect(deliveryId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.stdout).toMatch(
      /rows received 3, accepted 3 \(new 3, changed 0, unchanged 0\), rejected 0;/,
    );
    expect(first.stdout).not.toContain('delivered before');
    expect(first.stdout).not.toContain('rejected rows');

    const again = await deliver(file);
    expectNoStackTrace(again);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('This file was delivered before');
    expect(again.stdout).toContain(`Delivery ${deliveryId}: ACCEPTED`);
    expect(again.stdout).toMatch(/rows received 3, accepted 3 \(new 3,/);

    // The same file in another mode is another request: a new delivery, its rows unchanged.
    const partial = await deliver(file, ['--mode', 'partial']);
    expectNoStackTrace(partial);
    expect(partial.code).toBe(0);
    expect(partial.stdout).not.toContain('delivered before');
    expect(partial.stdout).toMatch(/rows received 3, accepted 3 \(new 0, changed 0, unchanged 3\)/);

    const subjects = await deliveredSubjects();
    for (const record of records)
      expect(subjects.filter((subject) => subject === record.uscc)).toEqual([record.uscc]);
  });

  it('draws a progress bar with rows, rate and ETA on a terminal, and none when its output is not one', async () => {
    const records = Array.from({ length: 5_000 }, (_, index) => registration(700_000 + index));
    const file = writeFile('progress.csv', toCsv(records));
    const env = { HUB_URL: hub.hub.url, HUB_API_KEY: hub.keys.marketRegulator };

    const onTerminal = await runCliInTerminal(['deliver', '--item', REGISTRATION, file], env);
    expect(onTerminal.code).toBe(0);
    // The bar's last frame: the whole file sent, every row counted, a rate, and nothing left to wait for.
    expect(onTerminal.stdout).toMatch(/100% \| 5000 rows \| [1-9]\d* rows\/s \| ETA 0s/);
    expect(onTerminal.stdout).toMatch(/rows received 5000, accepted 5000 \(new 5000,/);

    // Piped (a script, CI): the summary alone, no bar frames mixed into the log.
    const piped = await runCli(['deliver', '--item', REGISTRATION, file], env);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain('This file was delivered before');
    expect(`${piped.stdout}${piped.stderr}`).not.toMatch(/rows\/s \| ETA/);
  });

  it('delivers an NDJSON file, with the hub and key taken from HUB_URL and HUB_API_KEY', async () => {
    const records = [registration(11), registration(12)];
    const file = writeFile('registrations.ndjson', toNdjson(records));

    const result = await runCli(['deliver', '--item', REGISTRATION, file], {
      HUB_URL: hub.hub.url,
      HUB_API_KEY: hub.keys.marketRegulator,
    });
    expectNoStackTrace(result);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Delivery \S+: ACCEPTED/m);
    expect(result.stdout).toMatch(
      /rows received 2, accepted 2 \(new 2, changed 0, unchanged 0\), rejected 0;/,
    );
    expect(await deliveredSubjects()).toEqual(expect.arrayContaining([usccFor(11), usccFor(12)]));
  });

  it('lands the valid rows in PARTIAL mode, lists the bad row and exits with 2', async () => {
    const bad = brokenUscc(22);
    const file = writeFile(
      'partial.csv',
      toCsv([registration(21), registration(22, { uscc: bad }), registration(23)]),
    );

    const result = await deliver(file, ['--mode', 'partial']);
    expectNoStackTrace(result);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^Delivery \S+: PARTIALLY_ACCEPTED/m);
    expect(result.stdout).toMatch(
      /rows received 3, accepted 2 \(new 2, changed 0, unchanged 0\), rejected 1;/,
    );
    expect(result.stdout).toContain('rejected rows:');
    expect(result.stdout).toMatch(/^\s+row\s+field\s+code\s+message$/m);
    expect(result.stdout).toMatch(/^\s+2\s+uscc\s+IDENTIFIER\s+\S.*$/m);
    expect(result.stdout).not.toContain(bad);

    const subjects = await deliveredSubjects();
    expect(subjects).toEqual(expect.arrayContaining([usccFor(21), usccFor(23)]));
    expect(subjects).not.toContain(bad);
  });

  it('takes the key from HUB_API_KEY, and never prints it in help or usage errors', async () => {
    const key = hub.keys.marketRegulator;
    const file = writeFile('from-env.csv', toCsv([registration(41)]));
    const delivered = await runCli(['deliver', '--item', REGISTRATION, '--url', hub.hub.url, file], {
      HUB_API_KEY: key,
    });
    expect(delivered.code).toBe(0);
    expect(delivered.stdout).toMatch(/^Delivery \S+: ACCEPTED/m);
    for (const args of [['deliver', '--help'], ['deliver'], ['deliver', '--item']]) {
      const result = await runCli(args, { HUB_API_KEY: key });
      expect(result.stdout + result.stderr).toContain('HUB_API_KEY');
      expect(result.stdout + result.stderr).not.toContain(key);
    }
  });

  it('rejects the whole file in STRICT mode (the default) when one row is bad, and exits with 1', async () => {
    const bad = brokenUscc(32);
    const file = writeFile('strict.csv', toCsv([registration(31), registration(32, { uscc: bad })]));

    const result = await deliver(file);
    expectNoStackTrace(result);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Delivery \S+: REJECTED/m);
    expect(result.stdout).toMatch(
      /rows received 2, accepted 0 \(new 0, changed 0, unchanged 0\), rejected 2 \(1 invalid\);/,
    );
    expect(result.stdout).toMatch(/^\s+2\s+uscc\s+IDENTIFIER\s+\S.*$/m);
    expect(result.stdout).not.toContain(bad);
    expect(await deliveredSubjects()).not.toContain(usccFor(31));
  });

  it.each<[string, number, (serial: number) => Promise<CommandResult>, RegExp]>([
    [
      'a file that does not exist',
      51,
      () => deliver(path.join(os.tmpdir(), 'hub-deliver-no-such-folder', 'missing.csv')),
      /^Error: .*no such file.*missing\.csv/m,
    ],
    [
      'a file that is neither CSV nor NDJSON',
      52,
      (serial) => deliver(writeFile('registrations.txt', toCsv([registration(serial)]))),
      /^Error: .*registrations\.txt: use a \.csv file .* or a \.ndjson \/ \.jsonl file/m,
    ],
    [
      'an item that is not in the catalogue',
      53,
      (serial) =>
        runCli(
          [
            'deliver',
            '--item',
            'LYG-A1-99-999',
            '--url',
            hub.hub.url,
            '--key',
            hub.keys.marketRegulator,
            writeFile('unknown-item.csv', toCsv([registration(serial)])),
          ],
          {},
        ),
      /^Delivery refused \(NOT_FOUND\): .*LYG-A1-99-999/m,
    ],
    [
      'a key without the PROVIDER role',
      54,
      async (serial) =>
        deliver(
          writeFile('consumer.csv', toCsv([registration(serial)])),
          [],
          await hub.createKey('LYG-TAX', [Role.CONSUMER]),
        ),
      /^Delivery refused \(FORBIDDEN\): .*PROVIDER/m,
    ],
    [
      'no key at all',
      55,
      (serial) =>
        runCli(
          [
            'deliver',
            '--item',
            REGISTRATION,
            '--url',
            hub.hub.url,
            writeFile('no-key.csv', toCsv([registration(serial)])),
          ],
          { HUB_API_KEY: '' },
        ),
      /^Error: give an API key with --key or HUB_API_KEY$/m,
    ],
    [
      'a hub that does not answer',
      56,
      async (serial) =>
        runCli(
          [
            'deliver',
            '--item',
            REGISTRATION,
            '--url',
            await closedPortUrl(),
            '--key',
            hub.keys.marketRegulator,
            writeFile('unreachable.csv', toCsv([registration(serial)])),
          ],
          {},
        ),
      /^Error: cannot reach the hub \(ECONNREFUSED\); is it running \(npm start\), and is --url right\?$/m,
    ],
    [
      'an answer in HTML from a proxy before the hub',
      57,
      (serial) => deliverThroughHtmlProxy(writeFile('proxy.csv', toCsv([registration(serial)]))),
      /^Delivery failed: http:\/\/127\.0\.0\.1:\d+ answered HTTP 413 Payload Too Large without the hub's JSON; is --url the hub, and does a proxy before it limit the upload size\?$/m,
    ],
  ])(
    'refuses %s with a clear message and exit code 1, landing nothing',
    async (_label, serial, run, message) => {
      const result = await run(serial);
      expectNoStackTrace(result);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).not.toMatch(/^Delivery /m);
      expect(await deliveredSubjects()).not.toContain(usccFor(serial));
    },
  );
});
