/**
 * `npm run bench:read`: requests per second serving 100 records × 10 fields of one item to 10 concurrent
 * clients through the data plane (grant check, masking and access ledger included), against a minimal
 * raw path (node:http + pg, the same rows as JSON) in the same run on the same database; and the data
 * plane with its ledger against the same without it. Each server runs in its own process.
 * Options: --seconds N per measurement (default 5), --runs N (default 3), --clients N (default 10),
 * --profile DIR (CPU profiles of the hub processes).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { startHub } from '../../src/hub';
import { Role } from '../../src/modules/identity/api-key.entity';
import { createApiKey } from '../../src/modules/identity/identity.service';
import { REGISTRATION, registration } from '../support/records';
import { BENCH_FIELDS } from './read-fields';

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const SECONDS = argument('seconds', 5);
const RUNS = argument('runs', 3);
const CLIENTS = argument('clients', 10);
/** --profile DIR: the hub processes write V8 CPU profiles there. */
const PROFILE_DIR = process.argv.includes('--profile')
  ? process.argv[process.argv.indexOf('--profile') + 1]
  : null;
const RECORDS = 100;
const QUERY = `query Bench { shared(purpose: ADMINISTRATIVE_BASIS) { enterpriseRegistration(first: ${RECORDS}) { nodes { ${BENCH_FIELDS.join(' ')} } } } }`;

async function graphql(url: string, key: string, query: string, variables: unknown = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: { requestAccess: { id: string } }; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

/** Migrates and seeds the database through a hub: 100 records, a CONSUMER key with a grant of the ten fields. */
async function seed(databaseUrl: string): Promise<string> {
  const config = {
    ...loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', HUB_DEMO_KEYS: '0' }),
    dataDir: os.tmpdir(),
  };
  const hub = await startHub(config, pino({ level: 'warn' }));
  try {
    const key = async (unitCode: string, roles: Role[]) =>
      (await createApiKey(hub.orm.em.fork(), { unitCode, name: `bench ${unitCode}`, roles })).key;
    const [provider, consumer, authority] = [
      await key('LYG-AMR', [Role.PROVIDER]),
      await key('LYG-TAX', [Role.CONSUMER]),
      await key('LYG-DATA', [Role.DATA_AUTHORITY]),
    ];
    const records = Array.from({ length: RECORDS }, (_, serial) => registration(serial + 1));
    await graphql(
      hub.graphqlUrl,
      provider,
      'mutation($records: [JSON!]!) { deliverRecords(itemCode: "LYG-A1-17-001", records: $records) { status } }',
      { records },
    );
    const requested = await graphql(
      hub.graphqlUrl,
      consumer,
      'mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id } }',
      {
        input: {
          itemCode: REGISTRATION,
          fields: BENCH_FIELDS,
          purposes: ['ADMINISTRATIVE_BASIS'],
          legalBasis: '《税收征收管理法》第六条',
          scenario: '读取基准',
          // Some years ahead, whenever the benchmark runs.
          validUntil: `${new Date().getUTCFullYear() + 4}-12-31`,
        },
      },
    );
    await graphql(
      hub.graphqlUrl,
      authority,
      'mutation($id: String!) { checkAccessRequest(id: $id, approve: true) { state } }',
      {
        id: requested!.requestAccess.id,
      },
    );
    return consumer;
  } finally {
    await hub.close();
  }
}

interface Server {
  child: ChildProcess;
  url: string;
}

async function startServer(mode: string, databaseUrl: string): Promise<Server> {
  const profile = PROFILE_DIR && mode !== 'raw' ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const child = spawn(
    process.execPath,
    [...profile, path.join(__dirname, 'read-server.js'), mode, databaseUrl],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\S+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${mode} server exited with ${code}: ${output}`)));
  });
  return { child, url };
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise((resolve) => server.child.on('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

/** Sends one request on a keep-alive agent and returns the body. */
function send(agent: http.Agent, url: URL, body: string | null, key: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        agent,
        method: body ? 'POST' : 'GET',
        headers: body
          ? {
              'content-type': 'application/json',
              authorization: `Bearer ${key}`,
              'content-length': Buffer.byteLength(body),
            }
          : {},
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          response.statusCode === 200
            ? resolve(Buffer.concat(chunks).toString())
            : reject(
                new Error(`HTTP ${response.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`),
              ),
        );
      },
    );
    request.on('error', reject);
    request.end(body ?? undefined);
  });
}

/** Requests per second with CLIENTS concurrent clients for SECONDS, after a one-second warm-up. */
async function measure(server: Server, graphqlBody: boolean, key: string): Promise<number> {
  const url = new URL(server.url);
  const body = graphqlBody ? JSON.stringify({ query: QUERY }) : null;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const check = JSON.parse(await send(agent, url, body, key)) as {
    data?: { shared?: { enterpriseRegistration?: { nodes?: unknown[] } } };
    records?: unknown[];
  };
  const served = check.records ?? check.data?.shared?.enterpriseRegistration?.nodes;
  if (!Array.isArray(served) || served.length !== RECORDS)
    throw new Error(`unexpected answer: ${JSON.stringify(check).slice(0, 300)}`);
  let counting = false;
  let count = 0;
  let running = true;
  const client = async () => {
    while (running) {
      await send(agent, url, body, key);
      if (counting) count += 1;
    }
  };
  const clients = Array.from({ length: CLIENTS }, client);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  counting = true;
  const started = process.hrtime.bigint();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  counting = false;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  running = false;
  await Promise.all(clients);
  agent.destroy();
  return count / seconds;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-read-'));
  // The embedded PostgreSQL runs as its own user when we are root: it must reach its folder.
  fs.chmodSync(work, 0o755);
  const database = await startEmbeddedPostgres({ dataDir: path.join(work, 'data') });
  try {
    const key = await seed(database.url);
    const rates: Record<string, number[]> = { raw: [], hub: [], 'hub-no-ledger': [] };
    const hubVsRaw: number[] = [];
    const ledgerCost: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const rate: Record<string, number> = {};
      for (const mode of ['raw', 'hub', 'hub-no-ledger']) {
        const server = await startServer(mode, database.url);
        try {
          rate[mode] = await measure(server, mode !== 'raw', key);
        } finally {
          await stopServer(server);
        }
        rates[mode].push(rate[mode]);
      }
      hubVsRaw.push(rate.hub / rate.raw);
      ledgerCost.push(rate.hub / rate['hub-no-ledger']);
    }
    const row = (name: string, value: string) =>
      console.log(`| ${name.padEnd(52)} | ${value.padStart(14)} |`);
    console.log(
      `\nread benchmark, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ${RECORDS} records × ${BENCH_FIELDS.length} fields, ${CLIENTS} clients, ${RUNS} runs of ${SECONDS} s (median)\n`,
    );
    console.log(`| ${'measure'.padEnd(52)} | ${'value'.padStart(14)} |`);
    console.log(`|${'-'.repeat(54)}|${'-'.repeat(16)}|`);
    row('raw path: node:http + pg, same rows as JSON', `${median(rates.raw).toFixed(0)} req/s`);
    row('hub: shared(purpose) — grant, masking, ledger', `${median(rates.hub).toFixed(0)} req/s`);
    row('hub without the access ledger', `${median(rates['hub-no-ledger']).toFixed(0)} req/s`);
    row('hub / raw (goal ≥ 0.40)', median(hubVsRaw).toFixed(2));
    row('ledger on / ledger off (goal ≥ 0.80)', median(ledgerCost).toFixed(2));
  } finally {
    await database.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
