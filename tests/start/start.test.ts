import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { PortInUse, startHub } from '../../src/hub';
import {
  cleanUpHubProcesses,
  interrupt,
  newDataDir,
  postmasterPid,
  startHubProcess,
} from '../support/hub-process';
import { countRows, createTestDatabase, dropTestDatabase, testConfig } from '../support/test-hub';

afterAll(cleanUpHubProcesses);
// Each test creates a PostgreSQL cluster (initdb), slow on a busy 2-core machine running other suites.
jest.setTimeout(150_000);

async function viewerAndEditions(url: string, key: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: '{ viewer { unit { code } } catalogEditions { code } }' }),
  });
  const raw = await response.text();
  const body = JSON.parse(raw) as {
    data?: { viewer: { unit: { code: string } }; catalogEditions: { code: string }[] };
  };
  if (!body.data) throw new Error(`unexpected answer: ${raw}`);
  return `${body.data.viewer.unit.code} ${body.data.catalogEditions.map((edition) => edition.code).join(',')}`;
}

describe('npm start with no DATABASE_URL', () => {
  it('starts an embedded PostgreSQL, imports the catalogue, writes demo keys, stops cleanly on Ctrl-C, and keeps its data', async () => {
    const dataDir = newDataDir();
    const first = await startHubProcess(dataDir);
    const demoKeys = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-keys.json'), 'utf8')) as {
      unitCode: string;
      roles: string[];
      key: string;
    }[];
    expect(demoKeys.map((entry) => [entry.unitCode, entry.roles])).toEqual([
      ['LYG-DATA', ['DATA_AUTHORITY']],
      ['LYG-AUDIT', ['AUDITOR']],
      ['LYG-TAX', ['CONSUMER', 'PROVIDER']],
      ['LYG-AMR', ['PROVIDER', 'CONSUMER']],
      ['LYG-NRP', ['PROVIDER', 'CONSUMER']],
    ]);
    expect(first.output()).toContain('demo-keys.json');
    for (const entry of demoKeys) expect(first.output()).not.toContain(entry.key);
    expect(await viewerAndEditions(first.url, demoKeys[2].key)).toBe('LYG-TAX GY-1,LYG-1');
    const postgres = postmasterPid(dataDir);
    expect(postgres).toBeGreaterThan(0);
    expect(await interrupt(first)).toBe(0);
    expect(postmasterPid(dataDir)).toBeUndefined();
    expect(() => process.kill(postgres!, 0)).toThrow();

    const second = await startHubProcess(dataDir);
    expect(await viewerAndEditions(second.url, demoKeys[0].key)).toBe('LYG-DATA GY-1,LYG-1');
    expect(second.output()).toContain('"editionsImported":[]');
    expect(second.output()).not.toContain('demo API keys written');
    expect(await interrupt(second)).toBe(0);
  });

  it('creates no demo keys when HUB_DEMO_KEYS=0', async () => {
    const dataDir = newDataDir();
    const hub = await startHubProcess(dataDir, { HUB_DEMO_KEYS: '0' });
    expect(fs.existsSync(path.join(dataDir, 'demo-keys.json'))).toBe(false);
    expect(await interrupt(hub)).toBe(0);
  });

  it('refuses a second hub on the same data dir while the first runs', async () => {
    const dataDir = newDataDir();
    const hub = await startHubProcess(dataDir, { HUB_DEMO_KEYS: '0' });
    await expect(startHubProcess(dataDir, { HUB_DEMO_KEYS: '0' })).rejects.toThrow(
      /another hub \(pid \d+\) is running/,
    );
    expect(await interrupt(hub)).toBe(0);
  });

  it('says so when its port is taken, and stops the PostgreSQL it started', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const dataDir = newDataDir();
    try {
      await expect(startHubProcess(dataDir, { HUB_DEMO_KEYS: '0', PORT: String(port) })).rejects.toThrow(
        `The hub could not start: port ${port} on 127.0.0.1 is in use (another hub?); set PORT to a free one`,
      );
    } finally {
      taken.close();
    }
    expect(postmasterPid(dataDir)).toBeUndefined();
  });
});

describe('startHub', () => {
  /** Connections to the database other than the one asking: a hub that failed to start leaves none. */
  const otherConnections = (databaseUrl: string) =>
    countRows(
      databaseUrl,
      'select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );

  it('names a taken HTTP port PortInUse, with the port, and leaves nothing running', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const databaseUrl = await createTestDatabase();
    try {
      const failure = await startHub(testConfig(databaseUrl, { port }), pino({ level: 'silent' })).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(PortInUse);
      expect((failure as PortInUse).message).toBe(
        `port ${port} on 127.0.0.1 is in use (another hub?); set PORT to a free one`,
      );
      // Its pools and ORM are closed: no connection of it is left.
      expect(await otherConnections(databaseUrl)).toBe(0);
    } finally {
      taken.close();
      await dropTestDatabase(databaseUrl);
    }
  });

  it('refuses a database that is not UTF8, before migrating it, and leaves nothing running', async () => {
    const databaseUrl = await createTestDatabase({ encoding: 'SQL_ASCII' });
    try {
      const failure = await startHub(testConfig(databaseUrl), pino({ level: 'silent' })).catch(
        (error: unknown) => error,
      );
      expect((failure as Error).message).toBe(
        "The database's encoding is SQL_ASCII: the hub needs a UTF8 database (CREATE DATABASE … ENCODING 'UTF8')",
      );
      expect(await countRows(databaseUrl, `select count(*) from pg_tables where schemaname = 'public'`)).toBe(
        0,
      );
      expect(await otherConnections(databaseUrl)).toBe(0);
    } finally {
      await dropTestDatabase(databaseUrl);
    }
  });
});
