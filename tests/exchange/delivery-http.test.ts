import iconv from 'iconv-lite';
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { Client } from 'pg';
import {
  DeliverRecordsDocument,
  DeprecateCatalogItemDocument,
  DraftCatalogEditionDocument,
  PublishCatalogEditionDocument,
  RecordHistoryDocument,
} from '../generated/graphql';
import { CHUNK_ROWS, SUPERSEDE } from '../../src/modules/exchange/ingest';
import { layoutIdOf } from '../../src/modules/exchange/record-layout';
import { REGISTRATION, registration, toCsv, toNdjson, usccFor } from '../support/records';
import { errorCodes, startTestHub, type TestHub } from '../support/test-hub';

let hub: TestHub;
/** What the hub logs at warn and above: a refused upload is the client's error, never the hub's. */
const warnings: string[] = [];
beforeAll(async () => {
  hub = await startTestHub({ warnings });
});
afterAll(async () => hub?.close());

async function totals(): Promise<string> {
  const client = new Client({ connectionString: hub.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ records: string; deliveries: string }>(
      `select (select count(*) from shared_record) as records, (select count(*) from delivery) as deliveries`,
    );
    return `${rows[0].records} records, ${rows[0].deliveries} deliveries`;
  } finally {
    await client.end();
  }
}

async function upload(
  body: string | Buffer,
  contentType: string | undefined,
  options: { item?: string; key?: string | null; query?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (contentType) headers['content-type'] = contentType;
  const key = options.key === undefined ? hub.keys.marketRegulator : options.key;
  if (key) headers.authorization = `Bearer ${key}`;
  const response = await fetch(
    `${hub.hub.url}/deliveries/${options.item ?? REGISTRATION}${options.query ?? ''}`,
    {
      method: 'POST',
      headers,
      body,
    },
  );
  return {
    status: response.status,
    replayed: response.headers.get('idempotent-replayed'),
    body: (await response.json()) as Record<string, unknown> & {
      errors?: { message: string; extensions: { code: string } }[];
    },
  };
}

/** About 20 MB of CSV, broken at row 3,599: the answer goes out long before the body is all read. */
function brokenEarly(): string {
  const columns = Object.keys(registration(0));
  const lines = [columns.join(',')];
  for (let index = 0; index < 140_000; index += 1) {
    const record = registration(8_000_000 + index, index === 3598 ? { address: 'a"b' } : {});
    lines.push(columns.map((column) => String(record[column])).join(','));
  }
  return lines.join('\n') + '\n';
}

describe('POST /deliveries/{itemCode}', () => {
  it('answers an upload that breaks off midway with 400 and logs no error of its own', async () => {
    const before = await totals();
    warnings.length = 0;
    const result = await upload(brokenEarly(), 'text/csv');
    expect(result.status).toBe(400);
    expect(result.body.errors![0].message).toMatch(/at row 3599: the row has a misplaced double quote/);
    expect(await totals()).toBe(before);
    // The hub is still answering, and nothing it logged was an error.
    expect((await upload(toCsv([registration(8_500_000)]), 'text/csv')).status).toBe(201);
    expect(warnings).toEqual([]);
  });

  it('closes a keep-alive connection it answered before reading the body, so the client is not left writing into it', async () => {
    const body = Buffer.from(brokenEarly());
    const agent = new http.Agent({ keepAlive: true });
    const url = new URL(`${hub.hub.url}/deliveries/${REGISTRATION}`);
    const seen = await new Promise<{ status?: number; connection?: string; closed: boolean }>((resolve) => {
      const seen: { status?: number; connection?: string; closed: boolean } = { closed: false };
      const request = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          agent,
          headers: {
            'content-type': 'text/csv',
            'content-length': body.length,
            authorization: `Bearer ${hub.keys.marketRegulator}`,
          },
        },
        (response) => {
          seen.status = response.statusCode;
          seen.connection = response.headers.connection;
          response.resume();
        },
      );
      // Writes after the answer may fail with EPIPE or ECONNRESET: the connection is closed.
      request.on('error', () => undefined);
      request.on('socket', (socket) =>
        socket.on('close', () => {
          seen.closed = true;
          resolve(seen);
        }),
      );
      // The body goes out a megabyte at a time, as a client on a network sends it.
      let offset = 0;
      const sendMore = (): void => {
        if (seen.closed) return;
        if (offset >= body.length) return void request.end();
        const flowing = request.write(body.subarray(offset, offset + 1_000_000));
        offset += 1_000_000;
        if (flowing) setTimeout(sendMore, 20);
        else request.once('drain', sendMore);
      };
      sendMore();
      // Left open, the connection would hang on until the server's request timeout.
      setTimeout(() => resolve(seen), 15_000).unref();
    });
    agent.destroy();
    expect(seen).toEqual({ status: 400, connection: 'close', closed: true });
  });

  it('finds a repeated key among unchanged rows chunks apart, keeping no keys in memory', async () => {
    const size = CHUNK_ROWS + 500;
    const base = Array.from({ length: size }, (_, index) => registration(5000 + index));
    expect((await upload(toCsv(base), 'text/csv')).body).toMatchObject({ status: 'ACCEPTED', rowsNew: size });
    // The same rows again (unchanged), with row 1's key repeated after the first chunk.
    const again = await upload(toCsv([...base, registration(5000, { address: '另一个地址' })]), 'text/csv', {
      query: '?mode=PARTIAL',
    });
    expect(again.body).toMatchObject({
      status: 'PARTIALLY_ACCEPTED',
      rowsUnchanged: size,
      rowsChanged: 0,
      rowsRejected: 1,
    });
    expect(again.body.rejections).toEqual([
      {
        row: size + 1,
        field: null,
        code: 'DUPLICATE_KEY',
        message: 'same business key as an earlier row of this delivery',
      },
    ]);
  });

  it('finds a repeated key of a first delivery chunks apart, new or changed, and stores every row whole', async () => {
    // Three and a half chunks: line buffers are merged while the next chunks are written into others.
    const size = CHUNK_ROWS * 3.5;
    const rows = Array.from({ length: size }, (_, index) => registration(200_000 + index));
    const first = await upload(toCsv([...rows, registration(200_010)]), 'text/csv', {
      query: '?mode=PARTIAL',
    });
    expect(first.body).toMatchObject({ status: 'PARTIALLY_ACCEPTED', rowsNew: size, rowsRejected: 1 });
    expect(first.body.rejections).toEqual([
      {
        row: size + 1,
        field: null,
        code: 'DUPLICATE_KEY',
        message: 'same business key as an earlier row of this delivery',
      },
    ]);
    // Changed rows, one key repeated three chunks later.
    const changed: Record<string, unknown>[] = rows.map((row) => ({
      ...row,
      address: '连云港市海州区新址1号',
    }));
    const second = await upload(toCsv([...changed, { ...changed[20], address: '又一个地址' }]), 'text/csv', {
      query: '?mode=PARTIAL',
    });
    expect(second.body).toMatchObject({ rowsChanged: size, rowsNew: 0, rowsRejected: 1 });
    const client = new Client({ connectionString: hub.databaseUrl });
    await client.connect();
    try {
      const stored = await client.query<{ data: string; content_hash: string; version: number }>(
        `select data::text as data, content_hash, version from shared_record
          where delivery_id = $1 order by business_key`,
        [second.body.id],
      );
      expect(stored.rows).toHaveLength(size);
      const canonical = (record: Record<string, unknown>) =>
        JSON.stringify(Object.keys(registration(0)).map((code) => record[code] ?? null));
      const expected = [...changed].sort((a, b) => String(a.uscc).localeCompare(String(b.uscc)));
      stored.rows.forEach((row, index) => {
        expect(row.data).toBe(canonical(expected[index]));
        expect(row.content_hash).toBe(createHash('md5').update(row.data).digest('hex'));
        expect(row.version).toBe(2);
      });
    } finally {
      await client.end();
    }
  });

  it('lands the valid rows around invalid ones across chunks in PARTIAL mode, and none of them in STRICT mode', async () => {
    const badUscc = (serial: number) => {
      const good = usccFor(serial);
      return good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    };
    // Two and a half chunks; every half chunk's last row has a wrong check character, the rest are valid.
    const size = CHUNK_ROWS * 2.5;
    const every = CHUNK_ROWS / 2;
    const rowsBadFrom = (first: number) =>
      Array.from({ length: size }, (_, index) =>
        (index + 1) % every === 0 && index + 1 >= first
          ? registration(300_000 + index, { uscc: badUscc(300_000 + index) })
          : registration(300_000 + index),
      );
    const rows = rowsBadFrom(1);
    // STRICT, with the first bad row in the second chunk: the first chunk is merged before it is read,
    // and still nothing of the delivery lands.
    const strict = await upload(toCsv(rowsBadFrom(CHUNK_ROWS + 1)), 'text/csv');
    expect(strict.body).toMatchObject({
      status: 'REJECTED',
      rowsAccepted: 0,
      rowsRejected: size,
      rowsInvalid: 3,
    });
    expect((strict.body.rejections as { row: number }[]).map((rejection) => rejection.row)).toEqual([
      every * 3,
      every * 4,
      every * 5,
    ]);
    const partial = await upload(toCsv(rows), 'text/csv', { query: '?mode=PARTIAL' });
    expect(partial.body).toMatchObject({
      status: 'PARTIALLY_ACCEPTED',
      rowsNew: size - 5,
      rowsRejected: 5,
      rowsInvalid: 5,
    });
    expect((partial.body.rejections as { row: number }[]).map((rejection) => rejection.row)).toEqual([
      every,
      every * 2,
      every * 3,
      every * 4,
      every * 5,
    ]);
    const client = new Client({ connectionString: hub.databaseUrl });
    await client.connect();
    try {
      const stored = await client.query<{ delivery_id: string; subject: string; uscc: string }>(
        `select delivery_id, subject, data->>(array_position(l.fields, 'uscc') - 1) as uscc
           from shared_record r join record_layout l on l.id = r.layout_id
          where item_code = $1 and subject = any($2::text[])`,
        [REGISTRATION, rows.map((row) => String(row.uscc))],
      );
      expect(stored.rows).toHaveLength(size - 5);
      expect(
        stored.rows.every((row) => row.delivery_id === partial.body.id && row.subject === row.uscc),
      ).toBe(true);
    } finally {
      await client.end();
    }
  });

  it('keeps business keys that COPY must escape, finding them repeated, unchanged and changed', async () => {
    const permit = (permitNumber: string, overrides: Record<string, unknown> = {}) => ({
      permitNumber,
      uscc: usccFor(97_000),
      enterpriseName: '连云港测试食品经营部',
      permitCategory: '食品经营许可',
      permittedItems: '预包装食品销售',
      businessPremises: '江苏省连云港市海州区朝阳东路2号',
      legalRepresentative: '李四',
      issuingAuthority: '连云港市海州区市场监督管理局',
      issuedOn: '2024-03-01',
      validUntil: '2029-02-28',
      permitStatus: '有效',
      ...overrides,
    });
    const keys = ['JY\\3207\t01', 'SC\\2\r', 'JY32070000001'];
    const item = 'LYG-A1-17-002';
    const first = await upload(
      toNdjson([...keys.map((key) => permit(key)), permit(keys[0], { enterpriseName: '另一家' })]),
      'application/x-ndjson',
      { item, query: '?mode=PARTIAL' },
    );
    expect(first.body).toMatchObject({ status: 'PARTIALLY_ACCEPTED', rowsNew: 3, rowsRejected: 1 });
    expect(first.body.rejections).toEqual([
      { row: 4, field: null, code: 'DUPLICATE_KEY', message: 'same business key as row 1' },
    ]);
    const again = await upload(toNdjson(keys.map((key) => permit(key))), 'application/x-ndjson', { item });
    expect(again.body).toMatchObject({ status: 'ACCEPTED', rowsNew: 0, rowsUnchanged: 3 });
    const changed = await upload(
      toNdjson(keys.map((key, index) => permit(key, index === 1 ? { permitStatus: '注销' } : {}))),
      'application/x-ndjson',
      { item },
    );
    expect(changed.body).toMatchObject({ status: 'ACCEPTED', rowsChanged: 1, rowsUnchanged: 2 });
    const client = new Client({ connectionString: hub.databaseUrl });
    await client.connect();
    try {
      const stored = await client.query<{ business_key: string; version: number }>(
        `select business_key, version from shared_record
          where item_code = $1 and superseded_at is null order by version, business_key`,
        [item],
      );
      expect(stored.rows).toEqual([
        { business_key: keys[2], version: 1 },
        { business_key: keys[0], version: 1 },
        { business_key: keys[1], version: 2 },
      ]);
    } finally {
      await client.end();
    }
  });

  it('stores text that JSON and COPY must escape exactly, and finds it unchanged when sent again', async () => {
    const record = registration(95_000, {
      enterpriseName: 'A "quoted" name \\ with a back\\slash,\ta tab and\na line feed\r',
      address: '江苏省连云港市 𠀀 路',
    });
    const first = await upload(toNdjson([record]), 'application/x-ndjson');
    expect(first.body).toMatchObject({ status: 'ACCEPTED', rowsNew: 1 });
    const client = new Client({ connectionString: hub.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ data: string; content_hash: string }>(
        'select data::text as data, content_hash from shared_record where delivery_id = $1',
        [first.body.id],
      );
      // The values of every field in catalogue order, absent ones null: what JSON.stringify gives.
      const fieldOrder = Object.keys(registration(0));
      const json = JSON.stringify(fieldOrder.map((code) => record[code] ?? null));
      // A new record's version keeps no hash: the next delivery compares with md5(data).
      expect(rows).toEqual([{ data: json, content_hash: null }]);
      // The checksum covers the layout, then each row.
      expect(first.body.checksum).toBe(
        createHash('sha256')
          .update(`${JSON.stringify(fieldOrder)}\n${json}\n`)
          .digest('hex'),
      );
      expect((await upload(toNdjson([record]), 'application/x-ndjson')).body).toMatchObject({
        rowsUnchanged: 1,
      });
      // Changed, it is hashed: the hash of its canonical JSON, not of the JSON as escaped for COPY.
      const changed: Record<string, unknown> = { ...record, address: 'a\\b\tc' };
      const second = await upload(toNdjson([changed]), 'application/x-ndjson');
      expect(second.body).toMatchObject({ rowsChanged: 1 });
      const changedJson = JSON.stringify(fieldOrder.map((code) => changed[code] ?? null));
      const stored = await client.query<{ data: string; content_hash: string }>(
        'select data::text as data, content_hash from shared_record where delivery_id = $1',
        [second.body.id],
      );
      expect(stored.rows).toEqual([
        { data: changedJson, content_hash: createHash('md5').update(changedJson).digest('hex') },
      ]);
      expect((await upload(toNdjson([changed]), 'application/x-ndjson')).body).toMatchObject({
        rowsUnchanged: 1,
      });
    } finally {
      await client.end();
    }
  });

  it('stores values under their layout, reads them back by it, and counts a version in another layout as changed', async () => {
    const fieldOrder = Object.keys(registration(0));
    const record = registration(96_000);
    const first = await upload(toNdjson([record]), 'application/x-ndjson');
    expect(first.body).toMatchObject({ status: 'ACCEPTED', rowsNew: 1 });
    // A version written in another order of the same fields, as under an edition that reordered them.
    const reordered = [...fieldOrder].reverse();
    const other = registration(96_001);
    const client = new Client({ connectionString: hub.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string; fields: string[] }>(
        `select l.id::text as id, l.fields from shared_record r join record_layout l on l.id = r.layout_id
          where r.delivery_id = $1`,
        [first.body.id],
      );
      expect(rows).toEqual([{ id: layoutIdOf(fieldOrder), fields: fieldOrder }]);
      await client.query('insert into record_layout (id, fields) values ($1, $2)', [
        layoutIdOf(reordered),
        reordered,
      ]);
      // Its array is what the hub writes for the record in catalogue order: only the layout differs.
      await client.query(
        `insert into shared_record (item_code, business_key, subject, data, layout_id, version, delivery_id)
         values ($1, $2, $2, $3, $4, 1, $5)`,
        [
          REGISTRATION,
          other.uscc,
          JSON.stringify(fieldOrder.map((code) => other[code] ?? null)),
          layoutIdOf(reordered),
          first.body.id,
        ],
      );
      await expect(client.query('update record_layout set fields = $1', [fieldOrder])).rejects.toThrow(
        /never changed/,
      );
    } finally {
      await client.end();
    }
    const history = await hub.gql(
      RecordHistoryDocument,
      { itemCode: REGISTRATION, businessKey: [String(other.uscc)] },
      hub.keys.marketRegulator,
    );
    // Read by its own layout: the first value under the last field code.
    expect(history.data!.recordHistory[0].data).toMatchObject({
      [reordered[0]]: other[fieldOrder[0]],
      [reordered.at(-1)!]: other[fieldOrder.at(-1)!],
    });
    const again = await upload(toNdjson([record, other]), 'application/x-ndjson');
    expect(again.body).toMatchObject({ status: 'ACCEPTED', rowsUnchanged: 1, rowsChanged: 1 });
  });

  it('supersedes versions by their position, never by a scan of the current records', async () => {
    const rows = Array.from({ length: 2000 }, (_, index) => registration(98_000 + index));
    expect((await upload(toCsv(rows), 'text/csv')).body).toMatchObject({ rowsNew: 2000 });
    const client = new Client({ connectionString: hub.databaseUrl });
    await client.connect();
    try {
      await client.query('analyze shared_record');
      const { rows: current } = await client.query<{ ctid: string }>(
        `select ctid from shared_record where item_code = $1 and superseded_at is null limit 1000`,
        [REGISTRATION],
      );
      await client.query('begin');
      // As a delivery plans it: sequential scans off.
      await client.query('set local enable_seqscan = off');
      const plan = await client.query<{ 'QUERY PLAN': string }>(`explain ${SUPERSEDE}`, [
        randomUUID(),
        current.map((row) => row.ctid),
        REGISTRATION,
      ]);
      const nodes = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
      expect(nodes).toMatch(/Tid Scan on shared_record/);
      expect(nodes).not.toMatch(/Index/);
    } finally {
      await client.query('rollback');
      await client.end();
    }
  });

  it('takes a UTF-8 CSV with a header row and answers with the Delivery', async () => {
    const result = await upload(toCsv([registration(100), registration(101)]), 'text/csv');
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({
      status: 'ACCEPTED',
      door: 'HTTP',
      rowsNew: 2,
      provider: { code: 'LYG-AMR' },
    });
  });

  it('takes a CSV saved as GBK by Excel, detected or declared', async () => {
    const gbk = iconv.encode(
      toCsv([registration(110, { enterpriseName: '赣榆区海洋渔业发展有限公司' })]),
      'gbk',
    );
    const detected = await upload(gbk, 'text/csv');
    expect(detected.body).toMatchObject({ status: 'ACCEPTED', rowsNew: 1 });
    const declared = await upload(iconv.encode(toCsv([registration(111)]), 'gbk'), 'text/csv; charset=GBK');
    expect(declared.body).toMatchObject({ status: 'ACCEPTED', rowsNew: 1 });
    const history = await hub.gql(
      '{ deliveredRecords(itemCode: "LYG-A1-17-001", filter: { subject: "' +
        registration(110).uscc +
        '" }) { nodes { data } } }',
      {},
      hub.keys.marketRegulator,
    );
    expect(JSON.stringify(history.data)).toContain('赣榆区海洋渔业发展有限公司');
  });

  it('takes a gzip-compressed upload, and refuses other encodings and broken gzip, changing nothing', async () => {
    const csv = toCsv([registration(140), registration(141)]);
    const zipped = await upload(gzipSync(Buffer.from(csv)), 'text/csv', {
      headers: { 'content-encoding': 'gzip' },
    });
    expect(zipped.status).toBe(201);
    expect(zipped.body).toMatchObject({ status: 'ACCEPTED', rowsNew: 2 });
    const before = await totals();
    const brotli = await upload(brotliCompressSync(Buffer.from(csv)), 'text/csv', {
      headers: { 'content-encoding': 'br' },
    });
    expect(brotli.status).toBe(415);
    expect(brotli.body.errors![0].message).toBe(
      'Content-Encoding br is not supported: send the file as it is, or compressed with gzip',
    );
    const broken = gzipSync(Buffer.from(toCsv([registration(142)])));
    broken[broken.length - 12] ^= 0xff; // inside the deflate data or its checksum
    const corrupt = await upload(broken, 'text/csv', { headers: { 'content-encoding': 'gzip' } });
    expect(corrupt.status).toBe(400);
    expect(corrupt.body.errors![0].message).toBe(
      'The upload cannot be read: the upload is not valid gzip data, yet came with Content-Encoding: gzip; nothing was delivered',
    );
    expect(await totals()).toBe(before);
  });

  it('takes NDJSON, and a retry with the same Idempotency-Key lands once', async () => {
    const body = toNdjson([registration(120), registration(121), registration(122)]);
    const first = await upload(body, 'application/x-ndjson', {
      headers: { 'idempotency-key': 'ndjson-batch-1' },
    });
    const retry = await upload(body, 'application/x-ndjson', {
      headers: { 'idempotency-key': 'ndjson-batch-1' },
    });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.replayed).toBe('true');
    expect(retry.body.id).toBe(first.body.id);

    // The same key with other rows is refused, not answered with the first delivery and dropped; the
    // same rows as CSV are the same content, and a replay.
    const before = await totals();
    const other = await upload(toNdjson([registration(120), registration(123)]), 'application/x-ndjson', {
      headers: { 'idempotency-key': 'ndjson-batch-1' },
    });
    expect(other.status).toBe(409);
    expect(other.body.errors![0].message).toBe(
      `This idempotency key was used for delivery ${first.body.id as string}, whose rows differ from these; ` +
        'send a new delivery with a new key (nothing was delivered)',
    );
    // So is the same key with the same rows for another mode or another named period.
    const otherMode = await upload(body, 'application/x-ndjson', {
      headers: { 'idempotency-key': 'ndjson-batch-1' },
      query: '?mode=PARTIAL',
    });
    expect([otherMode.status, otherMode.body.errors![0].message]).toEqual([
      409,
      expect.stringContaining('which was STRICT, not PARTIAL'),
    ]);
    const otherPeriod = await upload(body, 'application/x-ndjson', {
      headers: { 'idempotency-key': 'ndjson-batch-1' },
      query: '?period=2025-06-02',
    });
    expect([otherPeriod.status, otherPeriod.body.errors![0].message]).toEqual([
      409,
      expect.stringContaining(`which covered period ${first.body.period as string}, not 2025-06-02`),
    ]);
    // Another mode is told before the body is read: this one, broken at its end, is not refused for it.
    const otherModeUnread = await upload(`${body}{"broken\n`, 'application/x-ndjson', {
      headers: { 'idempotency-key': 'ndjson-batch-1' },
      query: '?mode=PARTIAL',
    });
    expect([otherModeUnread.status, otherModeUnread.body.errors![0].message]).toEqual([
      409,
      expect.stringContaining('which was STRICT, not PARTIAL'),
    ]);
    expect(await totals()).toBe(before);
    const asCsv = await upload(toCsv([registration(120), registration(121), registration(122)]), 'text/csv', {
      headers: { 'idempotency-key': 'ndjson-batch-1' },
    });
    expect([asCsv.status, asCsv.body.id]).toEqual([200, first.body.id]);
    // Naming the period it covered is the same request.
    const samePeriod = await upload(body, 'application/x-ndjson', {
      headers: { 'idempotency-key': 'ndjson-batch-1' },
      query: `?period=${first.body.period as string}`,
    });
    expect([samePeriod.status, samePeriod.body.id]).toEqual([200, first.body.id]);
  });

  it('reports rejected rows in PARTIAL mode', async () => {
    const csv = toCsv([registration(130), registration(131, { registeredCapital: 'abc' })]);
    const result = await upload(csv, 'text/csv', { query: '?mode=partial' });
    expect(result.body).toMatchObject({ status: 'PARTIALLY_ACCEPTED', rowsNew: 1, rowsRejected: 1 });
    expect(result.body.rejections).toEqual([
      {
        row: 2,
        field: 'registeredCapital',
        code: 'TYPE',
        message: expect.stringContaining('expected a decimal number'),
      },
    ]);
  });

  it.each([
    [
      'no API key',
      () => upload(toCsv([registration(200)]), 'text/csv', { key: null }),
      401,
      'UNAUTHENTICATED',
    ],
    [
      'an item of another provider',
      () => upload(toCsv([registration(200)]), 'text/csv', { item: 'LYG-A1-10-003' }),
      403,
      'FORBIDDEN',
    ],
    [
      'an unknown item',
      () => upload(toCsv([registration(200)]), 'text/csv', { item: 'LYG-A1-99-001' }),
      404,
      'NOT_FOUND',
    ],
    ['an empty body', () => upload('', 'text/csv'), 400, 'BAD_USER_INPUT'],
    ['a header with no rows', () => upload('uscc,enterpriseName\r\n', 'text/csv'), 400, 'BAD_USER_INPUT'],
    [
      'an unknown column',
      () => upload(toCsv([{ ...registration(200), favouriteColour: 'blue' }]), 'text/csv'),
      400,
      'BAD_USER_INPUT',
    ],
    [
      'broken CSV quoting',
      () => upload(toCsv([registration(200)]) + '"91320700,"unclosed\r\n', 'text/csv'),
      400,
      'BAD_USER_INPUT',
    ],
    [
      'invalid UTF-8',
      () =>
        upload(
          Buffer.concat([Buffer.from(toCsv([registration(200)])), Buffer.from([0xff, 0xfe, 0xfd, 0x0a])]),
          'text/csv; charset=utf-8',
        ),
      400,
      'BAD_USER_INPUT',
    ],
    [
      'a line over the limit',
      () =>
        upload(
          toNdjson([registration(200, { businessScope: 'x'.repeat(1_100_000) })]),
          'application/x-ndjson',
        ),
      400,
      'BAD_USER_INPUT',
    ],
    [
      'a wrong content type',
      () => upload(JSON.stringify([registration(200)]), 'application/json'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'an unknown mode',
      () => upload(toCsv([registration(200)]), 'text/csv', { query: '?mode=LENIENT' }),
      400,
      'BAD_USER_INPUT',
    ],
  ])('refuses %s with a clear error, changing nothing', async (_label, send, status, code) => {
    const before = await totals();
    const result = await send();
    expect(result.status).toBe(status);
    expect(result.body.errors?.[0].extensions.code).toBe(code);
    expect(result.body.errors?.[0].message.length).toBeGreaterThan(10);
    expect(JSON.stringify(result.body)).not.toContain(String(registration(200).legalRepresentativeIdNumber));
    expect(await totals()).toBe(before);
  });

  it('never echoes a header-less CSV’s first row (data) in its answer', async () => {
    const record = registration(210);
    const headless =
      Object.values(record)
        .map((value) => `"${String(value)}"`)
        .join(',') + '\r\n';
    const result = await upload(headless + headless, 'text/csv');
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0].message).toContain('header row');
    expect(JSON.stringify(result.body)).not.toContain(String(record.uscc));
    expect(JSON.stringify(result.body)).not.toContain(String(record.enterpriseName));
  });

  it('refuses deliveries for an item deprecated in the current edition', async () => {
    const da = hub.keys.dataAuthority;
    const draft = (await hub.gql(DraftCatalogEditionDocument, { input: { title: '停用企业登记' } }, da)).data!
      .draftCatalogEdition;
    await hub.gql(
      DeprecateCatalogItemDocument,
      { edition: draft.code, code: REGISTRATION, reason: '由新版企业登记信息取代' },
      da,
    );
    await hub.gql(PublishCatalogEditionDocument, { code: draft.code }, da);
    const before = await totals();
    const http = await upload(toCsv([registration(300)]), 'text/csv');
    expect(http.status).toBe(400);
    expect(http.body.errors?.[0].message).toContain('deprecated');
    const graphql = await hub.gql(
      DeliverRecordsDocument,
      { itemCode: REGISTRATION, records: [registration(300)] },
      hub.keys.marketRegulator,
    );
    expect(errorCodes(graphql)).toEqual(['BAD_USER_INPUT']);
    expect(await totals()).toBe(before);
  });
});
