import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '../../src/db/mikro-orm.config';
import { createTestDatabase, dropTestDatabase } from '../support/test-hub';

describe('migrations', () => {
  it('are not stale: the committed migrations and snapshot match the entities', async () => {
    const url = await createTestDatabase();
    const orm = await MikroORM.init(createOrmConfig({ url, poolMax: 1 }));
    try {
      expect(await orm.migrator.getPendingMigrations()).toEqual([]);
      const needed = await orm.migrator.checkMigrationNeeded();
      if (needed)
        throw new Error(
          'entities changed without a migration: run `npm run migration:create -- --name <what>` and commit it',
        );
      expect(needed).toBe(false);
    } finally {
      await orm.close();
      await dropTestDatabase(url);
    }
  });
});
