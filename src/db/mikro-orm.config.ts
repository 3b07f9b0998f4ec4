import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import path from 'node:path';
import { PROJECT_ROOT } from '../config';
import { migrationsList } from '../../migrations';
import { ENTITIES } from './entities';

export interface OrmOptions {
  url: string;
  /** Called with each SQL statement; tests count them. */
  onQuery?: (sql: string) => void;
  poolMax?: number;
}

/** The ORM configuration for one database URL. */
export function createOrmConfig({ url, onQuery, poolMax = 10 }: OrmOptions): Options {
  return defineConfig({
    clientUrl: url,
    entities: ENTITIES,
    extensions: [Migrator],
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    pool: { min: 0, max: poolMax },
    // Identity map per request fork; the global EntityManager is never used inside a request.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: onQuery ? ['query'] : false,
    logger: onQuery ? (message: string) => onQuery(message) : () => undefined,
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: path.join(PROJECT_ROOT, 'migrations'),
      pathTs: path.join(PROJECT_ROOT, 'migrations'),
      migrationsList,
      snapshot: true,
      snapshotName: '.snapshot-hub',
      transactional: true,
      allOrNothing: true,
      emit: 'ts',
    },
  });
}

/** Used by the `mikro-orm` CLI, which reads DATABASE_URL. */
export default createOrmConfig({ url: process.env.DATABASE_URL ?? 'postgresql://localhost/hub' });
