import { MikroORM } from '@mikro-orm/postgresql';
import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createOrmConfig } from '../../src/db/mikro-orm.config';
import { REGISTRATION } from '../support/records';
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

  it("take a new record's missing content hash back to md5(data) when the nullable hash is undone", async () => {
    const url = await createTestDatabase();
    const orm = await MikroORM.init(createOrmConfig({ url, poolMax: 1 }));
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const data = '{"uscc":"91320700001000001X","name":"连云港"}';
      await client.query(
        `insert into shared_record (item_code, business_key, subject, data, version, delivery_id)
         values ($1, 'k', 's', $2, 1, $3)`,
        [REGISTRATION, data, randomUUID()],
      );
      await orm.migrator.down({ to: 'Migration20261123200020_delivery_rows_invalid' });
      const { rows } = await client.query<{ content_hash: string; nullable: string }>(
        `select content_hash, (select is_nullable from information_schema.columns
            where table_name = 'shared_record' and column_name = 'content_hash') as nullable
           from shared_record where business_key = 'k'`,
      );
      expect(rows).toEqual([{ content_hash: createHash('md5').update(data).digest('hex'), nullable: 'NO' }]);
      // The guard on versions is back.
      await expect(client.query(`update shared_record set subject = 't'`)).rejects.toThrow(/superseded/);
      await orm.migrator.up();
      expect(await orm.migrator.getPendingMigrations()).toEqual([]);
    } finally {
      await client.end();
      await orm.close();
      await dropTestDatabase(url);
    }
  });
});
