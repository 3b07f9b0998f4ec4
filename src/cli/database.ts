import { MikroORM } from '@mikro-orm/postgresql';
import pino from 'pino';
import { loadConfig } from '../config';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { createOrmConfig } from '../db/mikro-orm.config';
import { prepareDatabase } from '../hub';

/**
 * Runs `work` against the hub's database: DATABASE_URL, the embedded server of a running hub on the
 * same data dir, or an embedded server started (and stopped) for this command alone.
 */
export async function withDatabase<T>(work: (orm: MikroORM) => Promise<T>): Promise<T> {
  const config = { ...loadConfig(), demoKeys: false };
  const server = config.databaseUrl
    ? { url: config.databaseUrl, stop: async () => undefined }
    : await startEmbeddedPostgres({ dataDir: config.dataDir, attachIfRunning: true });
  try {
    const orm = await MikroORM.init(createOrmConfig({ url: server.url, poolMax: 2 }));
    try {
      await prepareDatabase(orm, config, pino({ level: 'silent' }));
      return await work(orm);
    } finally {
      await orm.close();
    }
  } finally {
    await server.stop();
  }
}
