import { Client } from 'pg';
import { createTestDatabase, dropTestDatabase } from '../support/test-hub';

describe('the embedded PostgreSQL', () => {
  it('runs with the settings the hub relies on: terse errors, no statements logged, 16 MB of WAL buffers', async () => {
    const url = await createTestDatabase();
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const show = async (name: string) =>
        (await client.query<{ setting: string }>(`select current_setting($1) as setting`, [name])).rows[0]
          .setting;
      expect(await show('log_error_verbosity')).toBe('terse');
      expect(await show('log_min_error_statement')).toBe('panic');
      expect(await show('wal_buffers')).toBe('16MB');
    } finally {
      await client.end();
      await dropTestDatabase(url);
    }
  });
});
