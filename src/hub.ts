import { MikroORM } from '@mikro-orm/postgresql';
import { Pool } from 'pg';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { HubConfig } from './config';
import { type DatabaseServer, startEmbeddedPostgres } from './db/embedded-postgres';
import { createOrmConfig } from './db/mikro-orm.config';
import { createHubApp, GRAPHQL_PATH } from './http/app';
import type { Logger } from './logger';
import { readCalendarFolder } from './modules/calendar/calendar-files';
import { shanghaiDate } from './modules/calendar/working-calendar';
import { importCatalog } from './modules/catalog/catalog-import.service';
import { loggableError } from './errors/loggable-error';
import { createDemoKeysIfEmpty } from './modules/identity/demo-keys';
import { sealPending } from './modules/ledger/ledger.service';
import { DataPlane } from './modules/sharing/data-plane/data-plane';
import { buildHubSchema } from './graphql/schema';

/** How long each step of stopping may take before the next one goes ahead. */
const STOP_STEP_MS = 15_000;

/** The hub's HTTP port is taken (another hub?): not to be confused with a port the database wanted. */
export class PortInUse extends Error {
  constructor(
    readonly port: number,
    readonly host: string,
  ) {
    super(`port ${port} on ${host} is in use (another hub?); set PORT to a free one`);
    this.name = 'PortInUse';
  }
}

/** A running hub and how to stop it. */
export interface RunningHub {
  url: string;
  graphqlUrl: string;
  orm: MikroORM;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Called with every SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
  /** Leaves the access ledger out of data reads: only the read benchmark, to measure what it costs. */
  withoutLedger?: boolean;
}

/** Reports every statement sent through `pool.query` (the data plane's reads and ledger entries). */
function observePool(pool: Pool, onQuery: ((sql: string) => void) | undefined): void {
  if (!onQuery) return;
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const text = args[0];
    onQuery(typeof text === 'string' ? text : ((text as { text?: string }).text ?? ''));
    return query(...args);
  };
}

/**
 * Connects to (or starts) PostgreSQL, applies the committed migrations, imports `catalog/`, creates
 * demo keys on an empty database, and serves HTTP. Used by `npm start` and by the tests alike.
 */
export async function connectDatabase(config: HubConfig, logger: Logger): Promise<DatabaseServer> {
  if (config.databaseUrl) return { url: config.databaseUrl, owned: false, stop: async () => undefined };
  logger.info({ dataDir: config.dataDir }, 'starting the embedded PostgreSQL (DATABASE_URL is unset)');
  return startEmbeddedPostgres({
    dataDir: config.dataDir,
    log: (message) => logger.debug({ postgres: message }),
  });
}

/** Prepares a database for the hub: migrations, catalogue import, demo keys. */
export async function prepareDatabase(orm: MikroORM, config: HubConfig, logger: Logger): Promise<void> {
  // Records hold Chinese text, and unchanged rows are found by the MD5 of their UTF-8 JSON, which
  // PostgreSQL takes of the text in the database's own encoding: only UTF8 makes the two agree.
  const [{ encoding }] = await orm.em
    .getConnection()
    .execute<{ encoding: string }[]>(`select current_setting('server_encoding') as encoding`);
  if (encoding !== 'UTF8') {
    throw new Error(
      `The database's encoding is ${encoding}: the hub needs a UTF8 database (CREATE DATABASE … ENCODING 'UTF8')`,
    );
  }
  const applied = await orm.migrator.up();
  if (applied.length > 0)
    logger.info({ migrations: applied.map((migration) => migration.name) }, 'applied migrations');
  const summary = await importCatalog(orm.em.fork(), config.catalogDir);
  logger.info(summary, 'catalogue imported');
  if (config.demoKeys) {
    const file = await createDemoKeysIfEmpty(orm.em.fork(), config.dataDir);
    if (file)
      logger.info(
        { file },
        `demo API keys written to ${file}; each line's "key" goes in "Authorization: Bearer <key>"`,
      );
  }
}

export async function startHub(
  config: HubConfig,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningHub> {
  // Read before anything starts: a broken calendar file stops the hub with a clear message.
  const calendar = readCalendarFolder(config.calendarDir);
  const calendarEnding = calendar.endingSoon(shanghaiDate(new Date()));
  if (calendarEnding) logger.warn(calendarEnding);
  const database = await connectDatabase(config, logger);
  let orm: MikroORM | undefined;
  // Streamed deliveries hold a connection for their whole upload: they get a pool of their own.
  const pool = new Pool({ connectionString: database.url, max: 8, connectionTimeoutMillis: 10_000 });
  // Data-plane reads and ledger entries: short statements that must not queue behind long uploads.
  const readPool = new Pool({ connectionString: database.url, max: 10, connectionTimeoutMillis: 10_000 });
  for (const each of [pool, readPool])
    each.on('error', (error) =>
      logger.warn({ code: (error as { code?: string }).code }, 'idle database connection failed'),
    );
  observePool(readPool, options.onQuery);
  let dataPlane: DataPlane | undefined;
  let stopGraphql: (() => Promise<void>) | undefined;
  try {
    orm = await MikroORM.init(createOrmConfig({ url: database.url, onQuery: options.onQuery }));
    await prepareDatabase(orm, config, logger);
    dataPlane = new DataPlane(buildHubSchema(), {
      orm,
      pool: readPool,
      databaseUrl: database.url,
      logger,
      maxLedgerLagSeconds: config.ledger.maxLagSeconds,
      ledgerEnabled: !options.withoutLedger,
    });
    await dataPlane.start();
    const { app, apollo } = await createHubApp(
      orm,
      {
        pool,
        calendar,
        sharingDeadlines: config.sharingDeadlines,
        uploadIdleSeconds: config.uploadIdleSeconds,
        dataPlane,
      },
      logger,
    );
    stopGraphql = () => apollo.stop();
    const server: Server = await new Promise((resolve, reject) => {
      // Express 5 hands a listening error (a port in use) to this callback, not to an 'error' listener.
      const listening = app.listen(config.port, config.host, (error?: Error) => {
        if ((error as { code?: string } | undefined)?.code === 'EADDRINUSE')
          reject(new PortInUse(config.port, config.host));
        else if (error) reject(error);
        else resolve(listening);
      });
    });
    // Bulk uploads of a million rows take minutes: Node's 5-minute request limit would cut them off.
    server.requestTimeout = 60 * 60 * 1000;
    // Seals new access-ledger entries into the hash chain; requests never wait for it. On the read pool:
    // long uploads hold the delivery pool's connections, and a starved sealer would stop every read.
    const sealer = setInterval(() => {
      sealPending(readPool, 2000, (head) => logger.info(head, 'access ledger sealed up to this entry')).catch(
        (error: unknown) => logger.warn({ error: loggableError(error) }, 'ledger sealing failed'),
      );
    }, config.ledger.sealIntervalMs);
    sealer.unref();
    const planeToStop = dataPlane;
    const { port } = server.address() as AddressInfo;
    const url = `http://localhost:${port}`;
    const ormToClose = orm;
    return {
      url,
      graphqlUrl: `${url}${GRAPHQL_PATH}`,
      orm,
      async close() {
        clearInterval(sealer);
        // Each step is bounded and named in the log: a stop that hangs says where, and the rest still runs.
        const step = async (name: string, work: () => Promise<unknown>) => {
          let timer: NodeJS.Timeout | undefined;
          const late = new Promise<'late'>((resolve) => {
            timer = setTimeout(() => resolve('late'), STOP_STEP_MS);
          });
          const outcome = await Promise.race([work().then(() => 'done' as const), late]).catch(
            (error: unknown) => {
              logger.warn({ step: name, error: loggableError(error) }, 'stopping: step failed');
              return 'failed' as const;
            },
          );
          clearTimeout(timer);
          if (outcome === 'late')
            logger.warn({ step: name, ms: STOP_STEP_MS }, 'stopping: step did not finish in time');
        };
        await step('http', () => {
          const closed = new Promise<void>((resolve) => server.close(() => resolve()));
          // Cut open connections at once (a slow upload would otherwise hold the stop).
          server.closeAllConnections();
          return closed;
        });
        await step('graphql', () => apollo.stop());
        await step('data plane', () => planeToStop.stop());
        await step('delivery pool', () => pool.end());
        await step('read pool', () => readPool.end());
        await step('orm', () => ormToClose.close());
        await step('postgresql', () => database.stop());
      },
    };
  } catch (error) {
    await stopGraphql?.().catch(() => undefined);
    await dataPlane?.stop().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await readPool.end().catch(() => undefined);
    await orm?.close().catch(() => undefined);
    await database.stop().catch(() => undefined);
    throw error;
  }
}

/** Refuses a second hub on the same data dir; returns a function that releases the lock. */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'hub.pid');
  if (fs.existsSync(lockFile)) {
    const pid = Number(fs.readFileSync(lockFile, 'utf8'));
    let alive = false;
    try {
      alive = pid > 0 && pid !== process.pid && process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (alive)
      throw new Error(`another hub (pid ${pid}) is running on ${dataDir}; stop it or set HUB_DATA_DIR`);
  }
  fs.writeFileSync(lockFile, String(process.pid));
  return () => fs.rmSync(lockFile, { force: true });
}
