/**
 * One server of the read benchmark, in its own process: `hub` (the data plane, ledger on), `hub-no-ledger`
 * (the same without access-ledger entries, to price them), or `raw` (node:http + pg: the same rows as
 * JSON, nothing else). Prints "listening <url>" when ready. Usage: read-server <mode> <database-url>.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { Pool } from 'pg';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { startHub } from '../../src/hub';
import { BENCH_FIELDS } from './read-fields';

const [mode, databaseUrl] = process.argv.slice(2);

async function raw(): Promise<string> {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  // Records are stored as arrays of values: where each served field is, read once from the item's layout.
  const { rows: layouts } = await pool.query<{ fields: string[] }>(
    `select fields from record_layout
      where id = (select layout_id from shared_record where item_code = $1 limit 1)`,
    ['LYG-A1-17-001'],
  );
  const positions = BENCH_FIELDS.map((field) => [field, layouts[0].fields.indexOf(field)] as const);
  const server = http.createServer((_request, response) => {
    pool
      .query<{ data: unknown[] }>(
        `select data from shared_record where item_code = $1 and superseded_at is null order by business_key limit 100`,
        ['LYG-A1-17-001'],
      )
      .then(({ rows }) => {
        const records = rows.map((row) =>
          Object.fromEntries(positions.map(([field, position]) => [field, row.data[position]])),
        );
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ records }));
      })
      .catch(() => {
        response.writeHead(500);
        response.end();
      });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function hub(withoutLedger: boolean): Promise<string> {
  const config = {
    ...loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', HUB_DEMO_KEYS: '0' }),
    dataDir: os.tmpdir(),
  };
  const running = await startHub(config, pino({ level: 'warn' }), { withoutLedger });
  return running.graphqlUrl;
}

// Exit normally on SIGTERM, so that `--cpu-prof` can write its profile.
process.on('SIGTERM', () => process.exit(0));

const start = mode === 'raw' ? raw() : hub(mode === 'hub-no-ledger');
start
  .then((url) => console.log(`listening ${url}`))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
