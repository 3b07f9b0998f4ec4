import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { Role } from '../../src/modules/identity/api-key.entity';
import { AccessOutcome } from '../../src/modules/ledger/access-log.entity';
import { LedgerWriter, sealPending } from '../../src/modules/ledger/ledger.service';
import { runCli } from '../support/run-built';
import { errorCodes, startTestHub, type TestHub } from '../support/test-hub';

const VERIFY = '{ verifyLedger { ok checkedEntries firstBrokenEntry unsealedEntries } }';

let hub: TestHub;
let pool: Pool;
beforeAll(async () => {
  hub = await startTestHub();
  pool = new Pool({ connectionString: hub.databaseUrl, max: 2 });
  for (let index = 0; index < 6; index += 1) {
    await new LedgerWriter(pool).write({
      requestId: randomUUID(),
      apiKeyId: randomUUID(),
      unitCode: 'LYG-TAX',
      grantIds: [randomUUID()],
      purpose: 'ADMINISTRATIVE_BASIS',
      itemCodes: ['LYG-A1-17-001'],
      fields: ['uscc', 'enterpriseName'],
      recordCount: index === 5 ? 60 : 1,
      subjects: index === 5 ? Array.from({ length: 60 }, (_, serial) => `S${serial}`) : [`S${index}`],
      outcome: index === 4 ? AccessOutcome.DENIED : AccessOutcome.ALLOWED,
      reason: index === 4 ? 'field not granted' : null,
    });
  }
  await sealPending(pool);
});
afterAll(async () => {
  await pool?.end();
  await hub?.close();
});

/** Runs SQL as the database owner with the append-only trigger off: what an attacker with the database would do. */
async function tamper(sql: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('alter table access_log disable trigger access_log_append_only');
    await client.query(sql);
    await client.query('alter table access_log enable trigger access_log_append_only');
    await client.query('commit');
  } finally {
    client.release();
  }
}

async function verify() {
  const response = await hub.gql(VERIFY, {}, hub.keys.auditor);
  return (
    response.data as {
      verifyLedger: { ok: boolean; checkedEntries: number; firstBrokenEntry: string | null };
    }
  ).verifyLedger;
}

describe('the access ledger (访问台账)', () => {
  it('seals entries into a hash chain that an auditor verifies; a long subject list is kept as a digest', async () => {
    expect(await verify()).toMatchObject({ ok: true, checkedEntries: 6, firstBrokenEntry: null });
    const long = await pool.query<{ subjects: string[] | null; subjects_digest: string | null }>(
      'select subjects, subjects_digest from access_log where seq = 6',
    );
    expect(long.rows[0]).toMatchObject({
      subjects: null,
      subjects_digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(errorCodes(await hub.gql(VERIFY, {}, hub.keys.taxBureau))).toEqual(['FORBIDDEN']);
  });

  it('shows who read what: auditors everything, providers reads of their items, consumers their own reads', async () => {
    const query = `query ($filter: AccessLogFilter) { accessLog(filter: $filter, first: 100) { totalCount nodes { unitCode itemCodes subjects outcome seq } } }`;
    const count = async (key: string, filter: Record<string, unknown> = {}) =>
      (await hub.gql<{ accessLog: { totalCount: number } }, unknown>(query, { filter }, key)).data!.accessLog
        .totalCount;
    expect(await count(hub.keys.auditor)).toBe(6);
    expect(await count(hub.keys.taxBureau)).toBe(6);
    expect(await count(hub.keys.marketRegulator)).toBe(6);
    expect(await count(await hub.createKey('LYG-NRP', [Role.PROVIDER]))).toBe(0);
    expect(await count(hub.keys.auditor, { subject: 'S1' })).toBe(1);
    expect(await count(hub.keys.auditor, { itemCode: 'LYG-A1-10-003' })).toBe(0);
    expect(await count(hub.keys.auditor, { purpose: 'ADMINISTRATIVE_BASIS', unitCode: 'LYG-TAX' })).toBe(6);
  });

  it('refuses updates, deletes and truncation in the database itself', async () => {
    await expect(pool.query(`update access_log set unit_code = 'LYG-AMR' where seq = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(pool.query(`delete from access_log where seq = 1`)).rejects.toThrow(/append-only/);
    await expect(pool.query(`truncate access_log`)).rejects.toThrow(/append-only/);
  });

  it('finds a changed entry, a removed one and a re-ordered pair, via GraphQL and the CLI', async () => {
    await tamper(`update access_log set unit_code = 'LYG-AMR' where seq = 3`);
    expect(await verify()).toMatchObject({ ok: false, checkedEntries: 2, firstBrokenEntry: '3' });
    const cli = await runCli(['ledger', 'verify'], { DATABASE_URL: hub.databaseUrl });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('BROKEN at entry 3');

    await tamper(`update access_log set unit_code = 'LYG-TAX' where seq = 3`);
    expect(await verify()).toMatchObject({ ok: true, checkedEntries: 6 });
    const clean = await runCli(['ledger', 'verify'], { DATABASE_URL: hub.databaseUrl });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('6 sealed entries verified');

    await tamper(
      `update access_log set seq = -seq where seq in (4, 5); update access_log set seq = case seq when -4 then 5 else 4 end where seq in (-4, -5)`,
    );
    expect(await verify()).toMatchObject({ ok: false, firstBrokenEntry: '4' });
    await tamper(
      `update access_log set seq = -seq where seq in (4, 5); update access_log set seq = case seq when -4 then 5 else 4 end where seq in (-4, -5)`,
    );
    expect((await verify()).ok).toBe(true);

    await tamper(
      `create table removed_entry as select * from access_log where seq = 2; delete from access_log where seq = 2`,
    );
    expect(await verify()).toMatchObject({ ok: false, checkedEntries: 1, firstBrokenEntry: '2' });
    await tamper(`insert into access_log select * from removed_entry; drop table removed_entry`);
    expect((await verify()).ok).toBe(true);
  });

  it('notices the newest entries removed, though what remains still links up', async () => {
    const tail = await pool.query<{ seq: string }>('select max(seq)::text as seq from access_log');
    const last = Number(tail.rows[0].seq);
    await tamper(`delete from access_log where seq >= ${last - 1}`);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenEntry: String(last - 1) });
    await expect(pool.query('delete from ledger_checkpoint')).rejects.toThrow(/append-only/);
    await expect(pool.query('truncate ledger_checkpoint')).rejects.toThrow(/append-only/);
  });
});
