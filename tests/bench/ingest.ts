/**
 * `npm run bench:ingest`: rows per second through the hub's HTTP bulk door (validating every row and
 * keeping history) against PostgreSQL COPY of the same rows into a plain table, in the same run on
 * the same database server; then the hub's peak RSS while it takes a 1,000,000-row file.
 * It also prints the floor: COPY of the rows exactly as the hub stores them into a table like
 * shared_record, with its indexes, against the same baseline — no design keeping these rows beats it.
 * And the ceiling: the baseline against the CPU seconds a delivery took (hub, PostgreSQL and the
 * sending client) spread perfectly over every core — no overlap of this work does better.
 * Options: --rows N (default 100000), --rss-rows N (default 1000000, 0 to skip), --runs N (default 3).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { REGISTRATION, registration } from '../support/records';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
/**
 * The Node.js flags `npm start` runs the hub with (package.json is the one place they are set): a
 * young generation large enough for a bulk delivery's rows in flight to die young, and `gc` exposed
 * for the delivery's periodic full collection.
 */
const START_FLAGS = (
  /node ((?:--\S+ )*)dist\/src\/main\.js/.exec(
    (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } })
      .scripts.start,
  )?.[1] ?? ''
)
  .split(' ')
  .filter(Boolean);
const ROWS = argument('rows', 100_000);
const RSS_ROWS = argument('rss-rows', 1_000_000);
const RUNS = argument('runs', 3);

/** The ten columns delivered: enterprise registration without its two optional free-text fields. */
const COLUMNS = Object.keys(registration(0)).filter(
  (column) => !['legalRepresentativeIdNumber', 'businessScope'].includes(column),
);

function writeCsv(file: string, rows: number, offset: number, changes: Record<string, string> = {}): void {
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, COLUMNS.join(',') + '\n');
  let chunk = '';
  for (let serial = offset; serial < offset + rows; serial += 1) {
    const record = registration(serial, changes);
    chunk += COLUMNS.map((column) => String(record[column])).join(',') + '\n';
    if (chunk.length > 1 << 20) {
      fs.writeSync(out, chunk);
      chunk = '';
    }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);
}

interface Hub {
  child: ChildProcess;
  url: string;
  key: string;
  databaseUrl: string;
  /** The embedded PostgreSQL's postmaster: it and its children are the database's processes. */
  postmasterPid: number;
}

async function startHub(dataDir: string): Promise<Hub> {
  const env: NodeJS.ProcessEnv = { ...process.env, HUB_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [...START_FLAGS, path.join(ROOT, 'dist', 'src', 'main.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /hub listening: GraphQL and GraphiQL at (http:\/\/[\w.:-]+)\/graphql/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`hub exited with ${code}: ${output}`)));
  });
  const keys = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-keys.json'), 'utf8')) as {
    unitCode: string;
    key: string;
  }[];
  const credentials = JSON.parse(fs.readFileSync(path.join(dataDir, 'pg-credentials.json'), 'utf8')) as {
    user: string;
    password: string;
  };
  // postmaster.pid: the postmaster's pid on line 1, its port on line 4.
  const postmaster = fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n');
  const port = postmaster[3];
  return {
    child,
    url,
    key: keys.find((entry) => entry.unitCode === 'LYG-AMR')!.key,
    databaseUrl: `postgresql://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/hub`,
    postmasterPid: Number(postmaster[0]),
  };
}

/** Streams the file to the bulk door with node:http, a client as light as curl (fetch's web streams cost more CPU). */
async function deliverFile(
  hub: Hub,
  file: string,
): Promise<{ seconds: number; status: string; rows: number; id: string }> {
  const started = process.hrtime.bigint();
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = http.request(
      `${hub.url}/deliveries/${REGISTRATION}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${hub.key}`, 'content-type': 'text/csv; charset=utf-8' },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    fs.createReadStream(file).pipe(request);
  });
  const body = JSON.parse(text) as { id: string; status: string; rowsAccepted: number };
  if (status >= 300) throw new Error(`delivery failed: ${text}`);
  return {
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    status: body.status,
    rows: body.rowsAccepted,
    id: body.id,
  };
}

async function copyBaseline(databaseUrl: string, file: string, run: number): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = `bench_copy_${run}`;
    await client.query(`create table ${table} (${COLUMNS.map((column) => `"${column}" text`).join(', ')})`);
    const started = process.hrtime.bigint();
    await pipeline(
      fs.createReadStream(file),
      client.query(copyFrom(`copy ${table} from stdin with (format csv, header true)`)),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await client.query(`drop table ${table}`);
    return seconds;
  } finally {
    await client.end();
  }
}

/**
 * The floor under any ingest design that keeps these rows: COPY of the very rows the hub stored for a
 * delivery (key, subject, JSON, hash, version …) into a table like `shared_record`, with its indexes,
 * doing nothing else — no parsing, validation or version lookups — in COPY's binary format, as the hub
 * sends them. Seconds taken.
 */
async function storageFloor(databaseUrl: string, deliveryId: string, run: number): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const columns = 'item_code, business_key, subject, data, layout_id, content_hash, version, delivery_id';
    const chunks: Buffer[] = [];
    const out = client.query(
      copyTo(
        `copy (select ${columns} from shared_record where delivery_id = '${deliveryId}') to stdout (format binary)`,
      ),
    );
    for await (const chunk of out) chunks.push(chunk as Buffer);
    const table = `bench_floor_${run}`;
    await client.query(`create table ${table} (like shared_record including defaults including indexes)`);
    const started = process.hrtime.bigint();
    await pipeline(
      Readable.from(chunks),
      client.query(copyFrom(`copy ${table} (${columns}) from stdin (format binary)`)),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await client.query(`drop table ${table}`);
    return seconds;
  } finally {
    await client.end();
  }
}

/** The fields of /proc/<pid>/stat after the process name: [1] is the parent's pid, [11]–[14] CPU ticks. */
function procStat(pid: number | string): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  } catch {
    return undefined; // the process has ended
  }
}

/**
 * CPU seconds (user + system) a process has used so far, with those of its children that have ended
 * when `ended` is set (how a postmaster accounts for its workers). Linux counts them in 1/100 s.
 */
function cpuSeconds(fields: string[] | undefined, ended = false): number {
  if (!fields) return 0;
  const own = Number(fields[11]) + Number(fields[12]);
  return (ended ? own + Number(fields[13]) + Number(fields[14]) : own) / 100;
}

/** CPU seconds of the hub process and of PostgreSQL: the postmaster, its live and its ended children. */
function cpuNow(hub: Hub): { hub: number; database: number } {
  let database = cpuSeconds(procStat(hub.postmasterPid), true);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = procStat(entry);
    if (Number(fields?.[1]) === hub.postmasterPid) database += cpuSeconds(fields);
  }
  return { hub: cpuSeconds(procStat(hub.child.pid!)), database };
}

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-'));
  // The embedded PostgreSQL runs as its own user when we are root: it must reach its folder.
  fs.chmodSync(work, 0o755);
  const hub = await startHub(path.join(work, 'data'));
  try {
    const hubRates: number[] = [];
    const copyRates: number[] = [];
    const ratios: number[] = [];
    const floorRatios: number[] = [];
    // Where a delivery's time goes: the hub's CPU and PostgreSQL's, in seconds per 100,000 rows.
    const hubCpu: number[] = [];
    const databaseCpu: number[] = [];
    const clientCpu: number[] = [];
    // The best ratio these CPU seconds allow: every process busy on every core all the time.
    const ceilings: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      // New subjects each run, so every hub run inserts (the costly path) rather than finding rows unchanged.
      const file = path.join(work, `rows-${run}.csv`);
      writeCsv(file, ROWS, 1_000_000 * (run + 1));
      const before = cpuNow(hub);
      const clientBefore = process.cpuUsage();
      const delivered = await deliverFile(hub, file);
      const client = process.cpuUsage(clientBefore);
      const after = cpuNow(hub);
      hubCpu.push(((after.hub - before.hub) * 100_000) / ROWS);
      databaseCpu.push(((after.database - before.database) * 100_000) / ROWS);
      clientCpu.push((((client.user + client.system) / 1e6) * 100_000) / ROWS);
      const cpuTotal =
        after.hub - before.hub + after.database - before.database + (client.user + client.system) / 1e6;
      if (delivered.status !== 'ACCEPTED' || delivered.rows !== ROWS)
        throw new Error(`unexpected delivery: ${JSON.stringify(delivered)}`);
      const copySeconds = await copyBaseline(hub.databaseUrl, file, run);
      hubRates.push(ROWS / delivered.seconds);
      copyRates.push(ROWS / copySeconds);
      ratios.push(copySeconds / delivered.seconds);
      ceilings.push(copySeconds / (cpuTotal / os.cpus().length));
      floorRatios.push(copySeconds / (await storageFloor(hub.databaseUrl, delivered.id, run)));
      fs.rmSync(file);
    }
    // The first run's rows again, each with a new address: every row supersedes its current version.
    // The first run's rows again, RUNS times, each time with a new address: every row supersedes its
    // current version (one more version per key each time), so this median is over RUNS deliveries too.
    const changedRates: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const changedFile = path.join(work, `changed-${run}.csv`);
      writeCsv(changedFile, ROWS, 1_000_000, { address: `江苏省连云港市海州区新址${run + 1}号` });
      const changed = await deliverFile(hub, changedFile);
      if (changed.status !== 'ACCEPTED' || changed.rows !== ROWS)
        throw new Error(`unexpected delivery: ${JSON.stringify(changed)}`);
      changedRates.push(ROWS / changed.seconds);
      fs.rmSync(changedFile);
    }
    let rss = 'skipped';
    if (RSS_ROWS > 0) {
      const file = path.join(work, 'rss.csv');
      writeCsv(file, RSS_ROWS, 50_000_000);
      const delivered = await deliverFile(hub, file);
      const afterFirst = peakRssMb(hub.child.pid!);
      // The same file again: every row unchanged, the other path through the merge.
      const again = await deliverFile(hub, file);
      rss =
        `peak RSS of the hub process: ${afterFirst.toFixed(0)} MB after a ${RSS_ROWS.toLocaleString('en')}-row file ` +
        `(${delivered.seconds.toFixed(1)} s, ${delivered.status}), ${peakRssMb(hub.child.pid!).toFixed(0)} MB after the same file again, all rows unchanged ` +
        `(${again.seconds.toFixed(1)} s, ${again.status})`;
    }
    const rate = (value: number) => Math.round(value).toLocaleString('en');
    const row = (name: string, value: string) =>
      console.log(`| ${name.padEnd(44)} | ${value.padStart(22)} |`);
    console.log(
      `\ningest benchmark, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ${ROWS.toLocaleString('en')} rows × ${COLUMNS.length} fields, ${RUNS} runs (median)\n`,
    );
    console.log(`| ${'measure'.padEnd(44)} | ${'value'.padStart(22)} |`);
    console.log(`|${'-'.repeat(46)}|${'-'.repeat(24)}|`);
    row('hub: HTTP bulk door, validated + history', `${rate(median(hubRates))} rows/s`);
    row('baseline: PostgreSQL COPY into a plain table', `${rate(median(copyRates))} rows/s`);
    const range = (values: number[]) => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;
    row('hub / COPY (goal ≥ 0.30)', `${median(ratios).toFixed(2)} (${range(ratios)})`);
    row(
      'floor: COPY of the hub’s stored rows / COPY',
      `${median(floorRatios).toFixed(2)} (${range(floorRatios)})`,
    );
    row('hub’s CPU per 100,000 rows delivered', `${median(hubCpu).toFixed(2)} s`);
    row('PostgreSQL’s CPU per 100,000 rows delivered', `${median(databaseCpu).toFixed(2)} s`);
    row('the sending client’s CPU per 100,000 rows', `${median(clientCpu).toFixed(2)} s`);
    row('ceiling: all that CPU on all cores / COPY', `${median(ceilings).toFixed(2)} (${range(ceilings)})`);
    row(
      `hub: first run’s rows, all changed, ${RUNS} times`,
      `${rate(median(changedRates))} rows/s (${rate(Math.min(...changedRates))}–${rate(Math.max(...changedRates))})`,
    );
    console.log(`\n${rss} (goal < 300 MB)`);
  } finally {
    hub.child.kill('SIGINT');
    await new Promise((resolve) => hub.child.on('exit', resolve));
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
