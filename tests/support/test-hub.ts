/**
 * A real hub for a test file: its own database copied from the template, served over HTTP on a free
 * port, with API keys for the usual actors. Tests talk to it the way clients do: GraphQL over HTTP.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import type { HubConfig } from '../../src/config';
import { type RunningHub, startHub } from '../../src/hub';
import { Role } from '../../src/modules/identity/api-key.entity';
import { createApiKey } from '../../src/modules/identity/identity.service';
import { TEST_CALENDAR_DIR } from './calendar';

export const CATALOG_DIR = path.join(__dirname, '..', '..', 'catalog');

export interface GraphQLResponse<TData> {
  status: number;
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** The keys every test hub is given. */
export interface TestKeys {
  dataAuthority: string;
  countyDataAuthority: string;
  taxBureau: string;
  marketRegulator: string;
  auditor: string;
}

export interface TestHub {
  hub: RunningHub;
  keys: TestKeys;
  databaseUrl: string;
  /** Sends a GraphQL operation as a client would, with `key` as Bearer token (none when null). */
  gql<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables> | string,
    variables?: TVariables,
    key?: string | null,
  ): Promise<GraphQLResponse<TData>>;
  /** Makes a key for any unit and roles. */
  createKey(unitCode: string, roles: Role[]): Promise<string>;
  close(): Promise<void>;
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.HUB_TEST_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Copies the template database into a new one for this test file; with `encoding`, an empty database
 * in that encoding instead (a hub must refuse any but UTF8).
 */
export async function createTestDatabase(options: { encoding?: 'SQL_ASCII' } = {}): Promise<string> {
  const name = `hub_test_${process.env.JEST_WORKER_ID ?? 0}_${randomBytes(4).toString('hex')}`;
  await admin((client) =>
    client.query(
      options.encoding
        ? `CREATE DATABASE ${name} ENCODING '${options.encoding}' TEMPLATE template0`
        : `CREATE DATABASE ${name} TEMPLATE hub_template`,
    ),
  );
  return process.env.HUB_TEST_ADMIN_URL!.replace(/\/postgres$/, `/${name}`);
}

export async function dropTestDatabase(url: string): Promise<void> {
  const name = url.split('/').pop()!;
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

export function testConfig(databaseUrl: string, overrides: Partial<HubConfig> = {}): HubConfig {
  return {
    databaseUrl,
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'hub-test-data-')),
    port: 0,
    host: '127.0.0.1',
    catalogDir: CATALOG_DIR,
    calendarDir: TEST_CALENDAR_DIR,
    demoKeys: false,
    logLevel: 'silent',
    sharingDeadlines: {
      complianceCheckWorkingDays: 2,
      providerReviewWorkingDays: 10,
      rulingWorkingDays: 10,
      catalogueNeedWorkingDays: 15,
    },
    uploadIdleSeconds: 120,
    ledger: { sealIntervalMs: 1000, maxLagSeconds: 60 },
    ...overrides,
  };
}

export async function startTestHub(
  options: {
    onQuery?: (sql: string) => void;
    config?: Partial<HubConfig>;
    /** Collects the hub's log lines of level warn and above, for tests of what it logs. */
    warnings?: string[];
  } = {},
): Promise<TestHub> {
  const databaseUrl = await createTestDatabase();
  const config = testConfig(databaseUrl, options.config);
  const { warnings } = options;
  const logger = warnings
    ? pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) })
    : pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const hub = await startHub(config, logger, options);
  const createKey = async (unitCode: string, roles: Role[]) =>
    (await createApiKey(hub.orm.em.fork(), { unitCode, name: `test ${unitCode}`, roles })).key;
  const keys: TestKeys = {
    dataAuthority: await createKey('LYG-DATA', [Role.DATA_AUTHORITY]),
    countyDataAuthority: await createKey('GY-DATA', [Role.DATA_AUTHORITY]),
    taxBureau: await createKey('LYG-TAX', [Role.CONSUMER, Role.PROVIDER]),
    marketRegulator: await createKey('LYG-AMR', [Role.PROVIDER, Role.CONSUMER]),
    auditor: await createKey('LYG-AUDIT', [Role.AUDITOR]),
  };
  return {
    hub,
    keys,
    databaseUrl,
    createKey,
    async gql(document, variables, key = keys.taxBureau) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (key) headers.authorization = `Bearer ${key}`;
      const response = await fetch(hub.graphqlUrl, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
      });
      const body = (await response.json()) as GraphQLResponse<never>;
      return { status: response.status, data: body.data, errors: body.errors };
    },
    async close() {
      await hub.close();
      await dropTestDatabase(databaseUrl);
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** The error codes of a response, for compact assertions. */
export function errorCodes(response: GraphQLResponse<unknown>): unknown[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}

/** Runs a `select count(*) …` straight on a test database (to check what a refused request left behind). */
export async function countRows(databaseUrl: string, sql: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return Number((await client.query<{ count: string }>(sql)).rows[0].count);
  } finally {
    await client.end();
  }
}
