import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { AppError } from '../../errors/app-error';
import type { Viewer } from '../identity/viewer';
import type { RowRejection } from './delivery.entity';
import { type DeliveryDoor, DeliveryMode, DeliveryStatus } from './exchange.enums';
import type { SourceRow } from './record-stream';
import { RowValidator, type ItemSpec } from './row-validator';

/** How many rejected rows a delivery report lists; `rowsRejected` counts them all. */
export const REJECTION_REPORT_LIMIT = 100;

export interface IngestInput {
  viewer: Viewer;
  spec: ItemSpec;
  door: DeliveryDoor;
  mode: DeliveryMode;
  idempotencyKey?: string | null;
  period?: string | null;
  receivedAt: Date;
  /** Column names known before the rows (a CSV header): unknown ones reject the delivery up front. */
  columns?: string[];
  rows: AsyncIterable<SourceRow> | Iterable<SourceRow>;
  /** Called every few thousand rows with the count so far (progress reporting). */
  onProgress?: (rows: number) => void;
}

export interface IngestResult {
  deliveryId: string;
  /** True when the idempotency key matched an earlier delivery, which is returned instead. */
  replayed: boolean;
}

/** COPY text format: backslash, tab, newline and carriage return must be escaped. */
function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (character) =>
    character === '\\' ? '\\\\' : character === '\t' ? '\\t' : character === '\n' ? '\\n' : '\\r',
  );
}

interface Counts {
  received: number;
  rejected: number;
  staged: number;
}

/** Streams validated rows into a temporary table with COPY, keeping the first rejections. */
async function stageRows(
  client: PoolClient,
  input: IngestInput,
  validator: RowValidator,
  rejections: RowRejection[],
) {
  const counts: Counts = { received: 0, rejected: 0, staged: 0 };
  const checksum = createHash('sha256');
  const copy = client.query(
    copyFrom('copy delivery_staging (row_number, business_key, subject, data) from stdin'),
  );
  const finished = once(copy, 'finish');
  // A COPY failure (e.g. the connection died) must stop the loop rather than be an unhandled error.
  let copyError: Error | undefined;
  copy.on('error', (error: Error) => (copyError = error));
  let buffer = '';
  const flush = async () => {
    if (buffer.length === 0) return;
    const chunk = buffer;
    buffer = '';
    if (!copy.write(chunk)) await Promise.race([once(copy, 'drain'), once(copy, 'error')]);
  };
  try {
    for await (const row of input.rows) {
      if (copyError) throw copyError;
      counts.received += 1;
      const result = validator.validate(row.values, row.rowNumber);
      checksum.update(result.ok ? result.json : JSON.stringify(row.values)).update('\n');
      if (!result.ok) {
        counts.rejected += 1;
        for (const rejection of result.rejections) {
          if (rejections.length < REJECTION_REPORT_LIMIT) rejections.push(rejection);
        }
      } else if (input.mode === DeliveryMode.PARTIAL || counts.rejected === 0) {
        counts.staged += 1;
        buffer += `${row.rowNumber}\t${copyText(result.businessKey)}\t${copyText(result.subject)}\t${copyText(result.json)}\n`;
        if (buffer.length >= 256 * 1024) await flush();
      }
      if (input.onProgress && counts.received % 5000 === 0) input.onProgress(counts.received);
    }
    await flush();
    copy.end();
    await finished;
  } catch (error) {
    copy.destroy(error as Error);
    throw error;
  }
  if (copyError) throw copyError;
  return { counts, checksum: checksum.digest('hex') };
}

/** Rows whose business key an earlier row of the same delivery already used. */
async function rejectDuplicateKeys(client: PoolClient, rejections: RowRejection[]): Promise<number> {
  const duplicates = await client.query<{ row_number: number; first_row: number }>(
    `select row_number, first_row from (
       select row_number, first_value(row_number) over (partition by business_key order by row_number) as first_row
         from delivery_staging) ranked
      where row_number <> first_row order by row_number`,
  );
  for (const { row_number: row, first_row: firstRow } of duplicates.rows) {
    if (rejections.length < REJECTION_REPORT_LIMIT) {
      rejections.push({
        row,
        field: null,
        code: 'DUPLICATE_KEY',
        message: `same business key as row ${firstRow}`,
      });
    }
  }
  if (duplicates.rowCount) {
    await client.query(
      `delete from delivery_staging s using (
         select row_number, first_value(row_number) over (partition by business_key order by row_number) as first_row
           from delivery_staging) ranked
        where s.row_number = ranked.row_number and ranked.row_number <> ranked.first_row`,
    );
  }
  return duplicates.rowCount ?? 0;
}

interface LedgerEntry {
  id: string;
  input: IngestInput;
  status: DeliveryStatus;
  received: number;
  rejected: number;
  created: number;
  changed: number;
  unchanged: number;
  checksum: string;
  rejections: RowRejection[];
  idempotencyKey: string | null;
}

async function writeLedgerEntry(client: PoolClient, entry: LedgerEntry): Promise<void> {
  const { input } = entry;
  await client.query(
    `insert into delivery (id, item_code, edition_code, provider_code, api_key_id, api_key_name, door, mode,
       idempotency_key, period, received_at, completed_at, status, rows_received, rows_accepted, rows_rejected,
       rows_new, rows_changed, rows_unchanged, checksum, rejections)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
    [
      entry.id,
      input.spec.itemCode,
      input.spec.editionCode,
      input.viewer.unitCode,
      input.viewer.keyId,
      input.viewer.keyName,
      input.door,
      input.mode,
      entry.idempotencyKey,
      input.period ?? null,
      input.receivedAt,
      entry.status,
      entry.received,
      entry.created + entry.changed + entry.unchanged,
      entry.rejected,
      entry.created,
      entry.changed,
      entry.unchanged,
      entry.checksum,
      JSON.stringify(entry.rejections),
    ],
  );
}

async function findByIdempotencyKey(client: PoolClient, input: IngestInput): Promise<string | undefined> {
  if (!input.idempotencyKey) return undefined;
  const found = await client.query<{ id: string }>(
    'select id from delivery where provider_code = $1 and idempotency_key = $2',
    [input.viewer.unitCode, input.idempotencyKey],
  );
  return found.rows[0]?.id;
}

/**
 * Lands one delivery atomically: rows are validated while they stream, staged with COPY, checked for
 * duplicate keys, then merged into `shared_record` (new, changed → new version, unchanged → nothing)
 * and written to the ledger in the same transaction. A STRICT delivery with any invalid row lands no
 * record; it is still written to the ledger as REJECTED, without its idempotency key, so a corrected
 * retry may reuse the key.
 */
export async function ingestDelivery(pool: Pool, input: IngestInput): Promise<IngestResult> {
  const validator = new RowValidator(input.spec);
  if (input.columns) {
    const unknown = validator.unknownColumns(input.columns);
    if (unknown.length > 0) {
      throw AppError.badInput(
        `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: item ${input.spec.itemCode} has no such field; nothing was delivered`,
        unknown.map((column) => ({ path: `columns/${column}`, message: 'not a field of this item' })),
      );
    }
  }
  const id = randomUUID();
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('begin');
    // One delivery per item at a time, so "current version" stays well defined.
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`delivery:${input.spec.itemCode}`]);
    const earlier = await findByIdempotencyKey(client, input);
    if (earlier) {
      await client.query('rollback');
      return { deliveryId: earlier, replayed: true };
    }
    await client.query(
      `create temp table delivery_staging (row_number integer not null, business_key text not null,
         subject text not null, data text not null) on commit drop`,
    );
    const rejections: RowRejection[] = [];
    let staged;
    try {
      staged = await stageRows(client, input, validator, rejections);
    } catch (error) {
      broken = true;
      throw error;
    }
    const { counts, checksum } = staged;
    if (counts.received === 0) throw AppError.badInput('The delivery holds no rows; nothing was delivered');
    await client.query('analyze delivery_staging');
    const duplicates = await rejectDuplicateKeys(client, rejections);
    const rejected = counts.rejected + duplicates;
    rejections.sort((a, b) => a.row - b.row);
    const base = { id, input, received: counts.received, rejected, checksum, rejections };

    if (rejected > 0 && (input.mode === DeliveryMode.STRICT || rejected === counts.received)) {
      await client.query('rollback');
      await client.query('begin');
      await writeLedgerEntry(client, {
        ...base,
        status: DeliveryStatus.REJECTED,
        created: 0,
        changed: 0,
        unchanged: 0,
        rejected: counts.received,
        idempotencyKey: null,
      });
      await client.query('commit');
      return { deliveryId: id, replayed: false };
    }

    await client.query(
      `create temp table delivery_classified on commit drop as
       select s.business_key, s.subject, s.data, md5(s.data) as content_hash,
              c.id as current_id, c.content_hash as current_hash, c.version as current_version
         from delivery_staging s
         left join shared_record c
           on c.item_code = $1 and c.business_key = s.business_key and c.superseded_at is null`,
      [input.spec.itemCode],
    );
    const tally = await client.query<{ created: string; changed: string; unchanged: string }>(
      `select count(*) filter (where current_id is null) as created,
              count(*) filter (where current_id is not null and current_hash <> content_hash) as changed,
              count(*) filter (where current_hash = content_hash) as unchanged
         from delivery_classified`,
    );
    const now = new Date();
    await client.query(
      `update shared_record r set superseded_at = $1, superseded_by_delivery_id = $2
         from delivery_classified k where r.id = k.current_id and k.current_hash <> k.content_hash`,
      [now, id],
    );
    await client.query(
      `insert into shared_record (item_code, business_key, subject, data, content_hash, version, delivery_id, valid_from)
       select $1, business_key, subject, data::jsonb, content_hash, coalesce(current_version, 0) + 1, $2, $3
         from delivery_classified where current_id is null or current_hash <> content_hash`,
      [input.spec.itemCode, id, now],
    );
    await writeLedgerEntry(client, {
      ...base,
      status: rejected > 0 ? DeliveryStatus.PARTIALLY_ACCEPTED : DeliveryStatus.ACCEPTED,
      created: Number(tally.rows[0].created),
      changed: Number(tally.rows[0].changed),
      unchanged: Number(tally.rows[0].unchanged),
      idempotencyKey: input.idempotencyKey ?? null,
    });
    await client.query('commit');
    return { deliveryId: id, replayed: false };
  } catch (error) {
    if (!broken) await client.query('rollback').catch(() => (broken = true));
    // A concurrent retry with the same key committed first: answer with its delivery.
    if ((error as { code?: string }).code === '23505' && input.idempotencyKey) {
      const again = await pool.connect();
      try {
        const earlier = await findByIdempotencyKey(again, input);
        if (earlier) return { deliveryId: earlier, replayed: true };
      } finally {
        again.release();
      }
    }
    throw error;
  } finally {
    // A connection left mid-COPY cannot be reused: destroy it instead of returning it to the pool.
    client.release(broken ? true : undefined);
  }
}
