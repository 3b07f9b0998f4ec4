import { createHash, hash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import { pipeline } from 'node:stream/promises';
import { getHeapStatistics } from 'node:v8';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { AppError } from '../../errors/app-error';
import type { Viewer } from '../identity/viewer';
import type { RowRejection } from './delivery.entity';
import { type DeliveryDoor, DeliveryMode, DeliveryStatus, RejectionCode } from './exchange.enums';
import type { SourceRow } from './record-stream';
import { ByteWriter } from './canonical-json';
import { registerLayout } from './record-layout';
import { nameLabel, RowValidator, type ItemSpec, type ValidRow } from './row-validator';

/** How many problems a delivery report lists; `rowsInvalid` counts the rows that had any. */
export const REJECTION_REPORT_LIMIT = 100;

/** Puts problems in row order (a row's own keep theirs) and keeps the first LIMIT; true if any were cut. */
function keepFirstProblems(rejections: RowRejection[]): boolean {
  rejections.sort((a, b) => a.row - b.row);
  if (rejections.length <= REJECTION_REPORT_LIMIT) return false;
  rejections.length = REJECTION_REPORT_LIMIT;
  return true;
}

export interface IngestInput {
  viewer: Viewer;
  spec: ItemSpec;
  door: DeliveryDoor;
  mode: DeliveryMode;
  idempotencyKey?: string | null;
  period?: string | null;
  /** Whether the client named the period (else it is the default of the day it was received). */
  periodNamed?: boolean;
  receivedAt: Date;
  /** Column names known before the rows (a CSV header): unknown ones reject the delivery up front. */
  columns?: string[];
  /** The rows in batches: iterating a promise per row would cost more than validating it. */
  batches: AsyncIterable<readonly SourceRow[]> | Iterable<readonly SourceRow[]>;
  /** Called every few thousand rows with the count so far (progress reporting). */
  onProgress?: (rows: number) => void;
}

export interface IngestResult {
  deliveryId: string;
  /** True when the idempotency key matched an earlier delivery, which is returned instead. */
  replayed: boolean;
}

/** A header column as reports name it (see `nameLabel`). */
export function columnLabel(columns: string[], column: string): string {
  return nameLabel(column, columns.indexOf(column) + 1);
}

const LINE_FEED = 0x0a;
/**
 * Rows go to PostgreSQL in COPY's binary format: each field is its length and its bytes, so nothing is
 * escaped and PostgreSQL neither scans for line ends nor parses numbers and uuids (its COPY of a
 * delivery's rows takes 15 % less than in the text format). A stream begins with this header…
 */
const COPY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
/** …and ends with a field count of -1. */
const COPY_TRAILER = Buffer.from([0xff, 0xff]);
/** A row's content hash before it is compared with a version: a length of -1, NULL. */
const NO_HASH_BYTES = 4;

/**
 * A valid row waiting to be merged. Its COPY row, written as the row was read, is bytes
 * `lineStart`–`lineEnd` of its chunk's lines (its fields up to its JSON), followed there by version 1:
 * a new record's row as it is. Only positions: the business key and the JSON are read back from the
 * row when the chunk is merged. A key kept as a string would be a slice of the request text it was
 * read from, keeping all of that alive while thousands of rows wait: a million-row delivery peaked
 * 30–50 MB higher (226–249 MB, not 193–198).
 */
interface PendingRow {
  row: number;
  lineStart: number;
  lineEnd: number;
  /** Where the row's JSON starts; its length and, before that, its content hash (NULL as written) come just before. */
  jsonStart: number;
}

/** Rows to merge, and their COPY rows. */
interface Chunk {
  rows: PendingRow[];
  lines: ByteWriter;
}

/** What the database holds for a chunk's keys. */
interface Lookup {
  /** The chunk's rows, less those repeating a key of an earlier row of the chunk. */
  unique: PendingRow[];
  /** Their business keys, in the same order. */
  keys: string[];
  current: {
    business_key: string;
    /** Where the current version lies in the table, to supersede it without looking for it again. */
    ctid: string;
    content_hash: string;
    layout_id: string;
    version: number;
    delivery_id: string;
    seen: boolean;
  }[];
}

/** The order of the fields in a COPY row; the version comes last, so a row's version is easily set. */
const COPY_COLUMNS = 'item_code, business_key, subject, delivery_id, layout_id, content_hash, data, version';
/** The fields of a COPY row. */
const COPY_FIELDS = COPY_COLUMNS.split(',').length;

/** Ends a COPY row with its version (an int4: its length, then its value). */
function writeVersion(out: ByteWriter, version: number): void {
  out.int32(4);
  out.int32(version);
}

/**
 * Rows merged per COPY: each statement has a fixed cost in the database (5,000 rows took 1.00 s per
 * 100,000 where 2,000 took 1.15 s). A chunk of long rows is merged earlier, at CHUNK_BYTES.
 */
export const CHUNK_ROWS = 5000;
/** Chunks read ahead of the one being merged: the database and the reader each get on with their part. */
const MERGES_AHEAD = 2;

/** A chunk is merged early when its rows' JSON reaches this size (rows of long text). */
const CHUNK_BYTES = 4 << 20;
/** Heap growth since the last full collection past which a delivery collects garbage itself. */
const COLLECT_AFTER_HEAP_GROWTH = 48 << 20;
/** The V8 heap in use after the last full collection, ours or V8's own (the heap then shrank). */
let heapAfterCollection: number | undefined;
/**
 * V8 lets a bulk delivery's dead rows pile up in the old generation before it collects them: a full
 * collection (a pause of a few tens of ms) whenever the heap has grown by 48 MB since the last one, about
 * every 200,000 rows, keeps the peak RSS of a million-row delivery near 240 MB instead of 310 MB with
 * semi-spaces of 16 MB. The trigger is the heap, not the resident size: a warmed process keeps its RSS
 * after a collection, so an RSS threshold collected after every chunk once passed. Only when the hub
 * runs with --expose-gc, as `npm start` does.
 */
function collectGarbageWhenGrown(): void {
  if (typeof global.gc !== 'function') return;
  const used = getHeapStatistics().used_heap_size;
  if (heapAfterCollection === undefined || used < heapAfterCollection) heapAfterCollection = used;
  if (used - heapAfterCollection < COLLECT_AFTER_HEAP_GROWTH) return;
  global.gc();
  heapAfterCollection = getHeapStatistics().used_heap_size;
}

/**
 * Supersedes current versions by position ($2, a TID scan): the lookup just found them, and only this
 * delivery, holding the item's lock, changes the item's records. Left to itself, the planner prefers to
 * read the whole table below about 20,000 pages, and anything it could match to an index is planned
 * from statistics, which lag during bulk loads: on a new database it read every current record of the
 * item for each chunk. So the delivery turns sequential scans off, and both tests are wrapped in IS
 * TRUE, which no index can serve: a bare `superseded_at is null` matched the partial index of current
 * records by subject, and a bitmap scan of all of them, filtered by position, made 100,000 changed
 * rows (500,000 records stored) take 10–12 s instead of 4.4–5.3 s.
 */
export const SUPERSEDE = `update shared_record set superseded_at = now(), superseded_by_delivery_id = $1
  where ctid = any($2::tid[]) and (item_code = $3) is true and (superseded_at is null) is true`;

/**
 * Merges validated rows into `shared_record`, one chunk at a time on the delivery's connection, while
 * the caller goes on reading and validating the next chunks. Per chunk: look up the current versions of
 * its keys, supersede the changed ones, COPY the new versions in. Unchanged rows make no version. The
 * next chunk's lookup is sent as soon as this chunk's COPY is, so the database goes from one to the
 * other without waiting for the hub.
 */
class RecordMerger {
  readonly counts = { created: 0, changed: 0, unchanged: 0, duplicates: 0 };
  /** Line writers of merged chunks, free for the next rows. */
  readonly freeWriters: ByteWriter[] = [];
  /** The last merge queued; each starts when the one before it has finished. */
  private running: Promise<void> = Promise.resolve();
  /** Merges queued or running, oldest first: the reader may run this far ahead of the database. */
  private readonly queued: Promise<void>[] = [];
  /** Chunks pushed and not yet merged, oldest first. */
  private readonly waiting: Chunk[] = [];
  /** The lookup sent ahead for the next chunk, behind the COPY of the one before it. */
  private early: { chunk: Chunk; lookup: Promise<Lookup> } | undefined;
  private failure: unknown;
  /**
   * Keys of rows found unchanged go to a temporary table (dropped at commit): a later row with the same
   * key is a duplicate, though it wrote nothing. Kept in the database, not in memory, so re-delivering a
   * million unchanged rows costs no memory.
   */
  private unchangedTable = false;
  /** Whether this transaction has sequential scans turned off (see `changes`). */
  private seqScansOff = false;
  /** The COPY data of a chunk that is not all new records, reused chunk after chunk. */
  private readonly changedLines = new ByteWriter(1 << 21);
  /** What begins every COPY row: the field count and the item code. */
  private readonly rowStart: Buffer;
  /** What every COPY row holds after the business key and subject: the delivery, the layout and no hash. */
  private readonly rowPart: Buffer;

  constructor(
    private readonly client: PoolClient,
    private readonly itemCode: string,
    private readonly deliveryId: string,
    /** The layout the rows' JSON arrays are in: a version in another one is changed, whatever its values. */
    private readonly layoutId: string,
    private readonly reject: (rejection: RowRejection) => void,
  ) {
    const item = Buffer.from(itemCode);
    this.rowStart = Buffer.alloc(2 + 4 + item.length);
    this.rowStart.writeInt16BE(COPY_FIELDS, 0);
    this.rowStart.writeInt32BE(item.length, 2);
    item.copy(this.rowStart, 6);
    this.rowPart = Buffer.alloc(4 + 16 + 4 + 8 + NO_HASH_BYTES);
    this.rowPart.writeInt32BE(16, 0);
    Buffer.from(deliveryId.replaceAll('-', ''), 'hex').copy(this.rowPart, 4);
    this.rowPart.writeInt32BE(8, 20);
    this.rowPart.writeBigInt64BE(BigInt(layoutId), 24);
    this.rowPart.writeInt32BE(-1, 32);
  }

  /**
   * Queues `chunk` to be merged after those before it; returns at once unless MERGES_AHEAD chunks are
   * already waiting, then when the oldest is merged. A merged chunk's writer goes to `freeWriters`.
   */
  async push(chunk: Chunk): Promise<void> {
    if (this.queued.length >= MERGES_AHEAD) await this.queued.shift();
    if (this.failure) throw this.failure;
    this.waiting.push(chunk);
    this.running = this.running.then(async () => {
      this.waiting.shift();
      if (!this.failure) {
        await this.merge(chunk).catch((error: unknown) => {
          this.failure = error;
        });
      }
      this.freeWriters.push(chunk.lines);
    });
    this.queued.push(this.running);
  }

  async finish(): Promise<void> {
    await this.running;
    // A lookup sent ahead for a chunk that was never merged (after a failure) must not fail unheard.
    if (this.early) await this.early.lookup.catch(() => undefined);
    if (this.failure) throw this.failure;
  }

  private duplicate(row: number, firstRow?: number): void {
    this.counts.duplicates += 1;
    this.reject({
      row,
      field: null,
      code: RejectionCode.DUPLICATE_KEY,
      message: firstRow
        ? `same business key as row ${firstRow}`
        : 'same business key as an earlier row of this delivery',
    });
  }

  /**
   * Writes a valid row's COPY row, as a new record's (version 1), into `lines`: the row's JSON is
   * bytes `start`–`end` of `text`.
   */
  writeLine(lines: ByteWriter, row: number, result: ValidRow, text: ByteWriter, start: number, end: number) {
    const lineStart = lines.length;
    lines.bytes(this.rowStart, 0, this.rowStart.length);
    lines.sizedText(result.businessKey);
    lines.sizedText(result.subject);
    lines.bytes(this.rowPart, 0, this.rowPart.length);
    lines.int32(end - start);
    const jsonStart = lines.length;
    lines.bytes(text.buffer, start, end);
    const lineEnd = lines.length;
    writeVersion(lines, 1);
    return { row, lineStart, lineEnd, jsonStart };
  }

  /** A pending row's business key, read back from its COPY row (its length follows the item code). */
  private keyOf(lines: ByteWriter, pending: PendingRow): string {
    const at = pending.lineStart + this.rowStart.length;
    return lines.buffer.toString('utf8', at + 4, at + 4 + lines.buffer.readInt32BE(at));
  }

  /**
   * A pending row's content hash: the MD5 of its canonical JSON, read back from its COPY row. Taken
   * only for a row with a version to compare it with: a new record's costs a bulk delivery a tenth of
   * its time, and the lookup takes `md5(data)` of a version stored without one.
   */
  private static hashOf(lines: ByteWriter, pending: PendingRow): string {
    return hash('md5', lines.view(pending.jsonStart, pending.lineEnd), 'hex');
  }

  /** Sends the lookup of a chunk's keys; it runs after every statement sent before it. */
  private lookup({ rows, lines }: Chunk): Promise<Lookup> {
    const firstRowOf = new Map<string, number>();
    const unique: PendingRow[] = [];
    const keys: string[] = [];
    for (const pending of rows) {
      const key = this.keyOf(lines, pending);
      const first = firstRowOf.get(key);
      if (first !== undefined) this.duplicate(pending.row, first);
      else {
        firstRowOf.set(key, pending.row);
        unique.push(pending);
        keys.push(key);
      }
    }
    if (unique.length === 0) return Promise.resolve({ unique, keys, current: [] });
    // Until a row is found unchanged there is no table of them to look in.
    const seen = this.unchangedTable
      ? 'exists (select 1 from delivery_unchanged_keys u where u.business_key = k.business_key)'
      : 'false';
    return this.client
      .query<Lookup['current'][number]>({
        // Planned once per connection, not for every chunk.
        name: this.unchangedTable ? 'hub-ingest-lookup-seen' : 'hub-ingest-lookup',
        // One index probe per key of the chunk, whatever the statistics say (LIMIT keeps the planner from
        // flattening the lateral into a join): during a bulk load they lag, and a join would then scan every
        // record of the item for each chunk. None at all when the item has no record between the chunk's
        // lowest and highest key, as in a first delivery or with keys that grow (document numbers).
        text: `with keys as (select unnest($2::text[]) as business_key)
         select k.business_key, r.ctid, coalesce(r.content_hash, md5(r.data::text)) as content_hash,
                r.layout_id::text as layout_id, r.version, r.delivery_id, ${seen} as seen
           from keys k
           cross join lateral (
             select ctid, content_hash, data, layout_id, version, delivery_id, superseded_at from shared_record
              where item_code = $1 and business_key = k.business_key
              order by version desc limit 1
           ) r
          where r.superseded_at is null
            and exists (select 1 from shared_record
                         where item_code = $1
                           and business_key between (select min(business_key) from keys)
                                                and (select max(business_key) from keys))`,
        values: [this.itemCode, keys],
      })
      .then((result) => ({ unique, keys, current: result.rows }));
  }

  private async merge(chunk: Chunk): Promise<void> {
    const lookup = this.early?.chunk === chunk ? this.early.lookup : this.lookup(chunk);
    this.early = undefined;
    const { unique, keys, current } = await lookup;
    if (unique.length === 0) return;
    let data: Buffer;
    if (current.length === 0 && unique.length === chunk.rows.length) {
      // All new records: the lines as they were written, each with version 1.
      this.counts.created += unique.length;
      data = chunk.lines.view();
    } else {
      data = await this.changes(chunk, unique, keys, current);
      if (data.length === 0) return;
    }
    const copied = pipeline(
      Readable.from([COPY_HEADER, data, COPY_TRAILER]),
      this.client.query(copyFrom(`copy shared_record (${COPY_COLUMNS}) from stdin (format binary)`)),
    );
    // The next chunk's lookup goes right behind this COPY, and sees its rows.
    const next = this.waiting[0];
    if (next) {
      this.early = { chunk: next, lookup: this.lookup(next) };
      this.early.lookup.catch(() => undefined);
    }
    await copied;
  }

  /**
   * For a chunk with records already in the database: sorts its rows into duplicates, unchanged,
   * changed (their current versions superseded here) and new, and gives the COPY data of the last two.
   */
  private async changes(
    chunk: Chunk,
    unique: PendingRow[],
    keys: string[],
    current: Lookup['current'],
  ): Promise<Buffer> {
    const currentByKey = new Map(current.map((row) => [row.business_key, row]));
    const superseded: string[] = [];
    const unchanged: string[] = [];
    const copy = this.changedLines;
    copy.length = 0;
    for (let index = 0; index < unique.length; index += 1) {
      const pending = unique[index];
      const key = keys[index];
      const existing = currentByKey.get(key);
      if (existing?.delivery_id === this.deliveryId || existing?.seen) {
        this.duplicate(pending.row);
        continue;
      }
      if (!existing) {
        this.counts.created += 1;
        copy.bytes(chunk.lines.buffer, pending.lineStart, pending.lineEnd);
        writeVersion(copy, 1);
        continue;
      }
      const contentHash = RecordMerger.hashOf(chunk.lines, pending);
      if (existing.content_hash === contentHash && existing.layout_id === this.layoutId) {
        this.counts.unchanged += 1;
        unchanged.push(key);
        continue;
      }
      superseded.push(existing.ctid);
      this.counts.changed += 1;
      // The row with its hash in place of NULL: the next delivery compares with this version.
      copy.bytes(chunk.lines.buffer, pending.lineStart, pending.jsonStart - 4 - NO_HASH_BYTES);
      copy.sizedText(contentHash);
      copy.bytes(chunk.lines.buffer, pending.jsonStart - 4, pending.lineEnd);
      writeVersion(copy, existing.version + 1);
    }
    if (unchanged.length > 0) {
      if (!this.unchangedTable) {
        await this.client.query(
          'create temporary table delivery_unchanged_keys (business_key text primary key) on commit drop',
        );
        this.unchangedTable = true;
      }
      await this.client.query('insert into delivery_unchanged_keys select unnest($1::text[])', [unchanged]);
    }
    // Supersede first, so that a failure leaves no key with two current versions.
    if (superseded.length > 0) {
      // By position (a TID scan, see SUPERSEDE): no sequential scans for the rest of this transaction,
      // whose other statements are index probes too.
      if (!this.seqScansOff) {
        await this.client.query('set local enable_seqscan = off');
        this.seqScansOff = true;
      }
      const updated = await this.client.query(SUPERSEDE, [this.deliveryId, superseded, this.itemCode]);
      // Deliveries of an item take turns (its lock), so the versions just read are still current.
      if (updated.rowCount !== superseded.length)
        throw new Error(`superseded ${updated.rowCount} of ${superseded.length} current versions`);
    }
    return copy.view();
  }
}

interface LedgerEntry {
  id: string;
  input: IngestInput;
  status: DeliveryStatus;
  received: number;
  rejected: number;
  invalid: number;
  created: number;
  changed: number;
  unchanged: number;
  checksum: string;
  rejections: RowRejection[];
  truncated: boolean;
  idempotencyKey: string | null;
}

async function writeLedgerEntry(client: PoolClient, entry: LedgerEntry): Promise<void> {
  const { input } = entry;
  await client.query(
    `insert into delivery (id, item_code, edition_code, provider_code, api_key_id, api_key_name, door, mode,
       idempotency_key, period, received_at, completed_at, status, rows_received, rows_accepted, rows_rejected,
       rows_invalid, rows_new, rows_changed, rows_unchanged, checksum, rejections, rejections_truncated)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
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
      entry.invalid,
      entry.created,
      entry.changed,
      entry.unchanged,
      entry.checksum,
      JSON.stringify(entry.rejections),
      entry.truncated,
    ],
  );
}

interface EarlierDelivery {
  id: string;
  item_code: string;
  checksum: string;
  mode: DeliveryMode;
  period: string | null;
}

/** The earlier delivery with this idempotency key; the key of another item's delivery is a conflict. */
async function findByIdempotencyKey(
  client: PoolClient,
  input: IngestInput,
): Promise<EarlierDelivery | undefined> {
  if (!input.idempotencyKey) return undefined;
  const found = await client.query<EarlierDelivery>(
    `select id, item_code, checksum, mode, period from delivery
      where provider_code = $1 and idempotency_key = $2`,
    [input.viewer.unitCode, input.idempotencyKey],
  );
  const earlier = found.rows[0];
  if (earlier && earlier.item_code !== input.spec.itemCode) {
    throw AppError.conflict(
      `This idempotency key was used for a delivery of item ${earlier.item_code}; use a new key`,
    );
  }
  return earlier;
}

/**
 * A retry answers with the delivery its key names only when it is the same request: the same mode,
 * period when one is named, and rows (the checksum says). Anything else under a used key would be
 * silently dropped behind the first delivery's answer. Mode and period are compared first, so a
 * request they tell apart is answered without reading the rest of its rows.
 */
async function replayOf(
  earlier: EarlierDelivery,
  checksum: () => Promise<string>,
  input: IngestInput,
): Promise<IngestResult> {
  const differs =
    input.mode !== earlier.mode
      ? `which was ${earlier.mode}, not ${input.mode}`
      : input.periodNamed && (input.period ?? null) !== earlier.period
        ? `which covered period ${earlier.period ?? '(none)'}, not ${input.period}`
        : (await checksum()) !== earlier.checksum
          ? 'whose rows differ from these'
          : undefined;
  if (differs) {
    throw AppError.conflict(
      `This idempotency key was used for delivery ${earlier.id}, ${differs}; ` +
        'send a new delivery with a new key (nothing was delivered)',
    );
  }
  return { deliveryId: earlier.id, replayed: true };
}

/**
 * Validates a row and writes its line of the delivery's checksummed text: the canonical JSON of a
 * valid row (`start`–`end`), a rejected row as received.
 */
function writeRowText(text: ByteWriter, validator: RowValidator, row: SourceRow) {
  const result = validator.validate(row.values, row.rowNumber);
  const start = text.length;
  if (!result.ok) text.text(JSON.stringify(row.values));
  else if (!validator.canonical.write(text, result.values)) text.text(result.json);
  const end = text.length;
  text.byte(LINE_FEED);
  return { result, start, end };
}

/**
 * A delivery's checksum begins with its layout, the item's field codes as a JSON array and a line feed:
 * the same values under other fields are other rows.
 */
function startChecksum(validator: RowValidator) {
  return createHash('sha256').update(`${JSON.stringify(validator.canonical.fieldCodes)}\n`);
}

/** The checksum a delivery of these rows would have, reading them all and landing none. */
async function checksumOf(validator: RowValidator, input: IngestInput): Promise<string> {
  const checksum = startChecksum(validator);
  const text = new ByteWriter(1 << 20);
  for await (const batch of input.batches) {
    for (const row of batch) {
      writeRowText(text, validator, row);
      if (text.length >= CHUNK_BYTES) {
        checksum.update(text.view());
        text.length = 0;
      }
    }
  }
  checksum.update(text.view());
  return checksum.digest('hex');
}

/**
 * Lands one delivery atomically: rows are validated while they stream and merged chunk by chunk into
 * `shared_record` (new → version 1, changed → next version superseding the current one, unchanged →
 * nothing), all in one transaction with the ledger entry. A STRICT delivery with any invalid row lands
 * no record; it is still written to the ledger as REJECTED, without its idempotency key, so a corrected
 * retry may reuse the key. A killed process leaves an open transaction that PostgreSQL rolls back.
 */
export async function ingestDelivery(pool: Pool, input: IngestInput): Promise<IngestResult> {
  const validator = new RowValidator(input.spec);
  if (input.columns) {
    const unknown = validator.unknownColumns(input.columns);
    if (unknown.length > 0) {
      throw AppError.badInput(
        `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((column) => columnLabel(input.columns!, column)).join(', ')}: ` +
          `item ${input.spec.itemCode} has no such field (is the header row missing?); nothing was delivered`,
        unknown.map((column) => ({
          path: `columns/${columnLabel(input.columns!, column)}`,
          message: 'not a field of this item',
        })),
      );
    }
  }
  const id = randomUUID();
  const client = await pool.connect();
  let inTransaction = false;
  let merger: RecordMerger | undefined;
  /** The rows' checksum, once all are read: a concurrent retry that committed first must match it. */
  let ownChecksum: string | undefined;
  let released = false;
  const release = (destroy?: boolean) => {
    if (!released) client.release(destroy);
    released = true;
  };
  try {
    // Before the transaction, on its own: a layout is never changed, and another item's delivery
    // registering the same one then need not wait for this delivery to commit.
    const layoutId = await registerLayout(client, validator.canonical.fieldCodes);
    await client.query('begin');
    inTransaction = true;
    // One delivery per item at a time, so "current version" stays well defined; a second one is told so
    // at once rather than holding a connection while it waits.
    const locked = await client.query<{ locked: boolean }>(
      'select pg_try_advisory_xact_lock(hashtext($1)) as locked',
      [`delivery:${input.spec.itemCode}`],
    );
    if (!locked.rows[0].locked) {
      throw AppError.conflict(
        `A delivery of item ${input.spec.itemCode} is in progress; send this one when it has finished`,
      );
    }
    const earlier = await findByIdempotencyKey(client, input);
    if (earlier) {
      await client.query('rollback');
      inTransaction = false;
      release();
      return await replayOf(earlier, () => checksumOf(validator, input), input);
    }

    const rejections: RowRejection[] = [];
    let invalidRows = 0;
    let truncated = false;
    // Validation reports in row order, the merge later (repeated keys, which may be of lower rows): the
    // list keeps the problems of the lowest rows, trimmed now and then rather than sorted every time.
    const report = (rejection: RowRejection) => {
      rejections.push(rejection);
      if (rejections.length >= 2 * REJECTION_REPORT_LIMIT)
        truncated = keepFirstProblems(rejections) || truncated;
    };
    merger = new RecordMerger(client, input.spec.itemCode, id, layoutId, report);
    const checksum = startChecksum(validator);
    // The canonical JSON of the rows since the last chunk, each followed by a line feed: what the
    // delivery's checksum covers (rejected rows as received), and what each row's MD5 is taken over.
    const text = new ByteWriter(1 << 20);
    // The chunk's COPY rows; while one chunk is being merged, the next ones are written into others.
    let lines = new ByteWriter(1 << 21);
    let chunk: PendingRow[] = [];
    const flush = async () => {
      checksum.update(text.view());
      text.length = 0;
      if (chunk.length === 0) return;
      await merger!.push({ rows: chunk, lines });
      lines = merger!.freeWriters.pop() ?? new ByteWriter(1 << 21);
      lines.length = 0;
      collectGarbageWhenGrown();
      chunk = [];
    };
    let received = 0;
    for await (const batch of input.batches) {
      // Gives the event loop a turn: rows already buffered arrive as microtasks, which would keep the
      // database connection's socket from being written and read until the reader waited for a merge.
      await setImmediate();
      for (const row of batch) {
        received += 1;
        const { result, start, end } = writeRowText(text, validator, row);
        if (!result.ok) {
          invalidRows += 1;
          // A STRICT delivery with an invalid row lands nothing: the rows waiting need no merging.
          if (input.mode === DeliveryMode.STRICT) chunk = [];
          for (const rejection of result.rejections) report(rejection);
        } else if (input.mode === DeliveryMode.PARTIAL || invalidRows === 0) {
          chunk.push(merger.writeLine(lines, row.rowNumber, result, text, start, end));
        }
        if (chunk.length >= CHUNK_ROWS || lines.length >= CHUNK_BYTES || text.length >= CHUNK_BYTES)
          await flush();
        if (input.onProgress && received % 5000 === 0) input.onProgress(received);
      }
    }
    if (received === 0) throw AppError.badInput('The delivery holds no rows; nothing was delivered');
    await flush();
    await merger.finish();
    truncated = keepFirstProblems(rejections) || truncated;
    const { created, changed, unchanged, duplicates } = merger.counts;
    // Duplicates are rows that passed validation, so the two counts never overlap.
    const rejectedRows = invalidRows + duplicates;
    ownChecksum = checksum.digest('hex');
    const base = {
      id,
      input,
      received,
      rejected: rejectedRows,
      invalid: rejectedRows,
      checksum: ownChecksum,
      rejections,
      truncated,
    };

    if (rejectedRows > 0 && (input.mode === DeliveryMode.STRICT || rejectedRows === received)) {
      await client.query('rollback');
      await client.query('begin');
      await writeLedgerEntry(client, {
        ...base,
        status: DeliveryStatus.REJECTED,
        created: 0,
        changed: 0,
        unchanged: 0,
        rejected: received,
        idempotencyKey: null,
      });
      await client.query('commit');
      inTransaction = false;
      return { deliveryId: id, replayed: false };
    }
    await writeLedgerEntry(client, {
      ...base,
      status: rejectedRows > 0 ? DeliveryStatus.PARTIALLY_ACCEPTED : DeliveryStatus.ACCEPTED,
      created,
      changed,
      unchanged,
      idempotencyKey: input.idempotencyKey ?? null,
    });
    await client.query('commit');
    inTransaction = false;
    return { deliveryId: id, replayed: false };
  } catch (error) {
    let broken = false;
    // A chunk may still be merging on this connection: let it finish, or its queries would run after
    // the rollback, outside the transaction.
    await merger?.finish().catch(() => undefined);
    if (inTransaction) await client.query('rollback').catch(() => (broken = true));
    // A connection that could not roll back is destroyed rather than returned to the pool.
    release(broken ? true : undefined);
    // A concurrent retry with the same key committed first: answer with its delivery.
    if ((error as { code?: string }).code === '23505' && input.idempotencyKey) {
      const again = await pool.connect();
      try {
        const earlier = await findByIdempotencyKey(again, input);
        const checksum = ownChecksum;
        if (earlier && checksum) return await replayOf(earlier, () => Promise.resolve(checksum), input);
      } finally {
        again.release();
      }
    }
    throw error;
  } finally {
    release();
  }
}
