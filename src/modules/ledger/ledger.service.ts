import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { AccessOutcome } from './access-log.entity';

/** What one data-plane request leaves in the access ledger. */
export interface AccessRecord {
  requestId: string;
  apiKeyId: string;
  unitCode: string;
  grantIds: string[];
  purpose?: string | null;
  itemCodes: string[];
  fields: string[];
  recordCount: number;
  /** Listed when few; otherwise only their digest is kept. */
  subjects: string[];
  outcome: AccessOutcome;
  reason?: string | null;
}

/** Subjects listed one by one up to this many; beyond, a digest stands for them. */
export const SUBJECTS_LISTED = 50;
const GENESIS = '0'.repeat(64);

interface StoredEntry {
  id: string;
  occurred_at: Date;
  request_id: string;
  api_key_id: string;
  unit_code: string;
  grant_ids: string[];
  purpose: string | null;
  item_codes: string[];
  fields: string[];
  record_count: number;
  subjects_digest: string | null;
  subjects: string[] | null;
  outcome: string;
  reason: string | null;
  seq?: string;
  prev_hash?: string;
  entry_hash?: string;
}

/** An entry's content in a fixed order: what its hash covers (everything but the chain columns). */
function contentOf(entry: StoredEntry): string {
  return JSON.stringify([
    entry.id,
    new Date(entry.occurred_at).toISOString(),
    entry.request_id,
    entry.api_key_id,
    entry.unit_code,
    entry.grant_ids,
    entry.purpose,
    entry.item_codes,
    entry.fields,
    entry.record_count,
    entry.subjects_digest,
    entry.subjects,
    entry.outcome,
    entry.reason,
  ]);
}

export function chainHash(previous: string, entry: StoredEntry): string {
  return createHash('sha256').update(previous).update(contentOf(entry)).digest('hex');
}

/** One entry as a row for `jsonb_to_record`: subjects listed when few, else only their digest. */
function entryRow(record: AccessRecord) {
  const listed = record.subjects.length <= SUBJECTS_LISTED;
  return {
    request_id: record.requestId,
    api_key_id: record.apiKeyId,
    unit_code: record.unitCode,
    grant_ids: record.grantIds,
    purpose: record.purpose ?? null,
    item_codes: record.itemCodes,
    fields: record.fields,
    record_count: record.recordCount,
    // Sorted, so that the digest of a known set of subjects can be recomputed and compared.
    subjects_digest: listed
      ? null
      : createHash('sha256')
          .update([...record.subjects].sort().join('\n'))
          .digest('hex'),
    subjects: listed ? record.subjects : null,
    outcome: record.outcome,
    reason: record.reason ?? null,
  };
}

/** Inserts entries (unsealed) in one statement, in the order given; ids follow that order. */
async function insertEntries(client: Pool, records: AccessRecord[]): Promise<void> {
  await client.query({
    name: 'hub-ledger-entries',
    text: `insert into access_log (occurred_at, request_id, api_key_id, unit_code, grant_ids, purpose, item_codes,
             fields, record_count, subjects_digest, subjects, outcome, reason)
           select clock_timestamp(), e.request_id, e.api_key_id, e.unit_code, e.grant_ids, e.purpose, e.item_codes,
                  e.fields, e.record_count, e.subjects_digest, e.subjects, e.outcome, e.reason
             from jsonb_array_elements($1::jsonb) with ordinality as a(entry, n),
                  jsonb_to_record(a.entry) as e(request_id uuid, api_key_id uuid, unit_code text, grant_ids uuid[],
                  purpose text, item_codes text[], fields text[], record_count int, subjects_digest text,
                  subjects text[], outcome text, reason text)
            order by a.n`,
    values: [JSON.stringify(records.map(entryRow))],
  });
}

/**
 * Writes the entries of concurrent requests together (group commit): an entry arriving while a write
 * is in flight joins the next one. Each caller resumes only when its own entry is committed, so no data
 * leaves before its entry; under load, one commit serves many requests.
 */
export class LedgerWriter {
  private queue: { record: AccessRecord; done: () => void; failed: (error: unknown) => void }[] = [];
  private writing = false;

  constructor(private readonly pool: Pool) {}

  write(record: AccessRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ record, done: resolve, failed: reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, 500);
      try {
        await insertEntries(
          this.pool,
          batch.map((entry) => entry.record),
        );
        for (const entry of batch) entry.done();
      } catch {
        // One bad entry must not fail the others of its batch: write them one by one.
        for (const entry of batch) {
          await insertEntries(this.pool, [entry.record]).then(entry.done, entry.failed);
        }
      }
    }
    this.writing = false;
  }
}

/**
 * Seals unsealed entries into the hash chain, in id order, a batch at a time. Only one sealer runs at a
 * time across hub processes (advisory lock); requests never wait for it. Returns how many it sealed.
 */
export async function sealPending(
  pool: Pool,
  batch = 2000,
  onSealed?: (head: { seq: string; hash: string }) => void,
): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const locked = await client.query<{ locked: boolean }>(
      `select pg_try_advisory_xact_lock(hashtext('access-ledger-sealer')) as locked`,
    );
    if (!locked.rows[0].locked) {
      await client.query('rollback');
      return 0;
    }
    const last = await client.query<{ seq: string; entry_hash: string }>(
      'select seq, entry_hash from access_log where seq is not null order by seq desc limit 1',
    );
    const pending = await client.query<StoredEntry>(
      'select * from access_log where seq is null order by id limit $1',
      [batch],
    );
    let seq = BigInt(last.rows[0]?.seq ?? 0);
    let previous = last.rows[0]?.entry_hash ?? GENESIS;
    const ids: string[] = [];
    const seqs: string[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const entry of pending.rows) {
      seq += 1n;
      const hash = chainHash(previous, entry);
      ids.push(entry.id);
      seqs.push(seq.toString());
      prevs.push(previous);
      hashes.push(hash);
      previous = hash;
    }
    if (ids.length > 0) {
      await client.query(
        `update access_log l set seq = s.seq, prev_hash = s.prev_hash, entry_hash = s.entry_hash, sealed_at = now()
           from unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) as s(id, seq, prev_hash, entry_hash)
          where l.id = s.id`,
        [ids, seqs, prevs, hashes],
      );
      await client.query(
        'insert into ledger_checkpoint (seq, entry_hash, sealed_at) values ($1, $2, now())',
        [seq.toString(), previous],
      );
    }
    await client.query('commit');
    if (ids.length > 0) onSealed?.({ seq: seq.toString(), hash: previous });
    return ids.length;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export interface LedgerVerification {
  ok: boolean;
  checkedEntries: number;
  /** Sequence number of the first entry that was changed, removed or moved; null when the chain holds. */
  firstBrokenEntry: string | null;
  unsealedEntries: number;
}

/** Recomputes the whole chain: any changed, removed or re-ordered entry breaks it at that point. */
export async function verifyLedger(pool: Pool, pageSize = 5000): Promise<LedgerVerification> {
  let previous = GENESIS;
  let expectedSeq = 1n;
  let checked = 0;
  for (;;) {
    const page = await pool.query<StoredEntry>(
      'select * from access_log where seq is not null and seq >= $1 order by seq limit $2',
      [expectedSeq.toString(), pageSize],
    );
    for (const entry of page.rows) {
      const broken =
        BigInt(entry.seq!) !== expectedSeq ||
        entry.prev_hash !== previous ||
        chainHash(previous, entry) !== entry.entry_hash;
      if (broken) {
        const unsealed = await pool.query<{ count: string }>(
          'select count(*) from access_log where seq is null',
        );
        return {
          ok: false,
          checkedEntries: checked,
          firstBrokenEntry: expectedSeq.toString(),
          unsealedEntries: Number(unsealed.rows[0].count),
        };
      }
      previous = entry.entry_hash!;
      expectedSeq += 1n;
      checked += 1;
    }
    if (page.rows.length < pageSize) break;
  }
  const unsealed = await pool.query<{ count: string }>('select count(*) from access_log where seq is null');
  // A chain that links up may still have lost its newest entries: the checkpoints say how far it reached.
  const missing = await pool.query<{ seq: string }>(
    `select c.seq from ledger_checkpoint c left join access_log l on l.seq = c.seq
      where l.entry_hash is distinct from c.entry_hash order by c.seq limit 1`,
  );
  const lost = missing.rows[0] ? BigInt(missing.rows[0].seq) : null;
  return {
    ok: lost === null,
    checkedEntries: checked,
    firstBrokenEntry: lost === null ? null : (lost < expectedSeq ? lost : expectedSeq).toString(),
    unsealedEntries: Number(unsealed.rows[0].count),
  };
}
