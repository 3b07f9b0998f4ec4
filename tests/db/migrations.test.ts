import { MikroORM } from '@mikro-orm/postgresql';
import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createOrmConfig } from '../../src/db/mikro-orm.config';
import { layoutIdOf } from '../../src/modules/exchange/record-layout';
import { REGISTRATION } from '../support/records';
import { createTestDatabase, dropTestDatabase } from '../support/test-hub';

/** Runs `test` on a new migrated database, with the ORM's migrator and a connection of its own. */
async function withDatabase(test: (orm: MikroORM, client: Client) => Promise<void>): Promise<void> {
  const url = await createTestDatabase();
  const orm = await MikroORM.init(createOrmConfig({ url, poolMax: 1 }));
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await test(orm, client);
  } finally {
    await client.end();
    await orm.close();
    await dropTestDatabase(url);
  }
}

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

  it('leave record ids to be taken 1,000 at a time by each connection', async () => {
    await withDatabase(async (_orm, client) => {
      const { rows } = await client.query<{ cache_size: string }>(
        `select cache_size::text from pg_sequences where sequencename = 'shared_record_id_seq'`,
      );
      expect(rows).toEqual([{ cache_size: '1000' }]);
    });
  });

  it('rewrite stored records as arrays under their layouts, and back to objects when undone', async () => {
    await withDatabase(async (orm, client) => {
      await orm.migrator.down({ to: 'Migration20261206150000_content_hash_when_compared' });
      // Two versions as objects (one held in jsonb's order of keys), escapes and an empty record.
      const objects = {
        a: '{"uscc":"91320700001000001X","name":"连\\\\云\\"港","capital":1.5,"active":true,"note":null}',
        b: '{"name":"x","uscc":"91320700001000002X"}',
        c: '{}',
      };
      for (const [key, data] of Object.entries(objects)) {
        await client.query(
          `insert into shared_record (item_code, business_key, subject, data, content_hash, version, delivery_id)
         values ($1, $2, 's', $3::json, md5($3::text), 1, $4)`,
          [REGISTRATION, key, data, randomUUID()],
        );
      }
      await orm.migrator.up();
      const stored = async () =>
        (
          await client.query<{
            business_key: string;
            data: string;
            fields: string[];
            id: string;
            hash: null;
          }>(
            `select business_key, data::text as data, l.fields, l.id::text as id, content_hash as hash
             from shared_record r left join record_layout l on l.id = r.layout_id order by business_key`,
          )
        ).rows;
      const layout = (fields: string[]) => ({ fields, id: layoutIdOf(fields), hash: null });
      expect(await stored()).toEqual([
        {
          business_key: 'a',
          data: '["91320700001000001X","连\\\\云\\"港",1.5,true,null]',
          ...layout(['uscc', 'name', 'capital', 'active', 'note']),
        },
        { business_key: 'b', data: '["x","91320700001000002X"]', ...layout(['name', 'uscc']) },
        { business_key: 'c', data: '[]', ...layout([]) },
      ]);
      await orm.migrator.down({ to: 'Migration20261206150000_content_hash_when_compared' });
      const { rows } = await client.query<{ business_key: string; data: string }>(
        'select business_key, data::text as data from shared_record order by business_key',
      );
      expect(rows).toEqual(Object.entries(objects).map(([key, data]) => ({ business_key: key, data })));
      await orm.migrator.up();
      expect(await orm.migrator.getPendingMigrations()).toEqual([]);
    });
  });

  it("take a new record's missing content hash back to md5(data) when the nullable hash is undone", async () => {
    await withDatabase(async (orm, client) => {
      const data = '{"uscc":"91320700001000001X","name":"连云港"}';
      await client.query(
        `insert into shared_record (item_code, business_key, subject, data, layout_id, version, delivery_id)
       values ($1, 'k', 's', $2, 0, 1, $3)`,
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
    });
  });
});
