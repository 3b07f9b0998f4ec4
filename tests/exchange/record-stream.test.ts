/** Unit tests for the upload reader: formats, encodings, limits, errors and streaming. No database. */
import iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  parseContentType,
  readRowBatches,
  StreamError,
  type RowSourceOptions,
  type SourceRow,
} from '../../src/modules/exchange/record-stream';

const KIB = 1024;
const MIB = 1024 * KIB;
/** A value that must never appear in an error message. */
const SECRET = 'SECRET-张三-110101199003077777';

/** Feeds `bytes` in chunks of `size` bytes (1 splits every multi-byte character). */
async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

/** The rows one by one: the batches the hub iterates, flattened. */
async function* readRows(input: AsyncIterable<Buffer>, options: RowSourceOptions): AsyncGenerator<SourceRow> {
  for await (const batch of readRowBatches(input, options)) yield* batch;
}

async function readAll(input: AsyncIterable<Buffer>, options: RowSourceOptions): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of readRows(input, options)) rows.push(row);
  return rows;
}

async function readFailure(input: AsyncIterable<Buffer>, options: RowSourceOptions): Promise<StreamError> {
  try {
    await readAll(input, options);
  } catch (error) {
    if (error instanceof StreamError) return error;
    throw error;
  }
  throw new Error('expected the upload to be refused');
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const gbk = (text: string) => iconv.encode(text, 'gbk');

/** Valid UTF-8 CSV rows, each mentioning the secret, until `bytes` is reached. */
function validCsvRows(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let row = 1; size < bytes; row += 1) {
    const line = `${row},${SECRET},纳税人${row}\n`;
    lines.push(line);
    size += Buffer.byteLength(line);
  }
  return lines.join('');
}

const QUOTED_CSV = [
  'id,name,note,empty',
  '1,"Acme, Ltd.","said ""hello""",',
  '2,"两行\n备注","a, b\r\nc",""',
  '3,plain, spaced ,',
  '',
].join('\r\n');

const QUOTED_CSV_ROWS = [
  { id: '1', name: 'Acme, Ltd.', note: 'said "hello"', empty: '' },
  { id: '2', name: '两行\n备注', note: 'a, b\r\nc', empty: '' },
  { id: '3', name: 'plain', note: ' spaced ', empty: '' },
];

const CHINESE_CSV =
  '纳税人识别号,名称,金额\n91110000100000000A,北京某某科技有限公司,"1,234.50"\n92440300MA5ABCDE1X,深圳市个体户𠀀,0\n';
const CHINESE_CSV_ROWS = [
  { 纳税人识别号: '91110000100000000A', 名称: '北京某某科技有限公司', 金额: '1,234.50' },
  { 纳税人识别号: '92440300MA5ABCDE1X', 名称: '深圳市个体户𠀀', 金额: '0' },
];
const GBK_CSV = '纳税人识别号,名称,金额\n91110000100000000A,北京某某科技有限公司,"1,234.50"\n';

describe('readRowBatches: charset detection', () => {
  // An ASCII header and 100 KiB of ASCII rows, then a row in Chinese: the sample that decides the
  // charset starts where the ASCII ends.
  const asciiRows = Array.from(
    { length: 4000 },
    (_, index) => `9132070000000${String(index).padStart(5, '0')},abc,1`,
  );
  const rows = `${asciiRows.join('\n')}\n91110000100000000A,北京某某科技有限公司,"1,234.50"\n`;

  it.each([
    ['GBK', gbk(rows)],
    ['UTF-8', utf8(rows)],
  ])('reads %s text that follows more than 64 KiB of ASCII', async (_name, body) => {
    const bytes = Buffer.concat([utf8('id,name,amount\n'), body]);
    expect(bytes.findIndex((byte) => byte >= 0x80)).toBeGreaterThan(64 * KIB);
    const rows = await readAll(chunksOf(bytes, 16 * KIB), { format: 'csv' });
    expect(rows).toHaveLength(4001);
    expect(rows[4000]).toEqual({
      rowNumber: 4001,
      values: { id: '91110000100000000A', name: '北京某某科技有限公司', amount: '1,234.50' },
    });
  });

  it('refuses bytes that are neither UTF-8 nor GBK after a long ASCII prefix', async () => {
    const bytes = Buffer.concat([
      utf8(`id,name,amount\n${'9132070000000,abc,1\n'.repeat(5000)}`),
      Buffer.from([0xff, 0xfe, 0x0a]),
    ]);
    const failure = await readFailure(chunksOf(bytes, 16 * KIB), { format: 'csv' });
    expect(failure.code).toBe('INVALID_ENCODING');
    expect(failure.message).toMatch(/neither valid UTF-8 nor valid GBK/);
  });
});

describe('readRowBatches: rows read', () => {
  it.each<[string, Buffer, Omit<RowSourceOptions, 'format'>, number, Record<string, unknown>[]]>([
    ['quotes, embedded commas and newlines in quoted cells', utf8(QUOTED_CSV), {}, 64 * KIB, QUOTED_CSV_ROWS],
    ['the same in 1-byte chunks', utf8(QUOTED_CSV), {}, 1, QUOTED_CSV_ROWS],
    ['a UTF-8 BOM', utf8(`\uFEFF${QUOTED_CSV}`), {}, 64 * KIB, QUOTED_CSV_ROWS],
    ['a UTF-8 BOM, declared utf-8', utf8(`\uFEFF${QUOTED_CSV}`), { charset: 'UTF-8' }, 2, QUOTED_CSV_ROWS],
    // Past the start, U+FEFF is a character of the text, even as the first one outside ASCII.
    [
      'U+FEFF in a value after ASCII text',
      utf8('a,b\n1,\uFEFFx\n'),
      {},
      64 * KIB,
      [{ a: '1', b: '\uFEFFx' }],
    ],
    [
      'U+FEFF in a GB18030 value after ASCII text',
      iconv.encode('a,b\n1,\uFEFF名称\n', 'gb18030'),
      {},
      3,
      [{ a: '1', b: '\uFEFF名称' }],
    ],
    ['header names trimmed', utf8(' a , b\n1,2\n'), {}, 64 * KIB, [{ a: '1', b: '2' }]],
    ['blank lines skipped', utf8('a,b\n\n1,2\n\n'), {}, 64 * KIB, [{ a: '1', b: '2' }]],
    [
      'a column named __proto__ stays a value',
      utf8('__proto__,b\n1,2\n'),
      {},
      64 * KIB,
      [JSON.parse('{"__proto__":"1","b":"2"}')],
    ],
    ['Chinese UTF-8 split across 1-byte chunks', utf8(CHINESE_CSV), {}, 1, CHINESE_CSV_ROWS],
    ['Chinese UTF-8 split across 3-byte chunks', utf8(CHINESE_CSV), { charset: 'utf8' }, 3, CHINESE_CSV_ROWS],
    ['GBK detected without a charset', gbk(GBK_CSV), {}, 64 * KIB, CHINESE_CSV_ROWS.slice(0, 1)],
    ['GBK detected, 1-byte chunks', gbk(GBK_CSV), {}, 1, CHINESE_CSV_ROWS.slice(0, 1)],
    ['GBK declared as gbk', gbk(GBK_CSV), { charset: 'gbk' }, 64 * KIB, CHINESE_CSV_ROWS.slice(0, 1)],
    [
      'GBK declared as GB2312, 1-byte chunks',
      gbk(GBK_CSV),
      { charset: 'GB2312' },
      1,
      CHINESE_CSV_ROWS.slice(0, 1),
    ],
    // Every chunk size up to 5 cuts a four-byte character (𠀀) at each of its inner boundaries.
    ...[1, 2, 3, 4, 5].map(
      (chunkSize): [string, Buffer, { charset: string }, number, Record<string, unknown>[]] => [
        `GB18030 four-byte characters declared, ${chunkSize}-byte chunks`,
        iconv.encode(CHINESE_CSV, 'gb18030'),
        { charset: 'gb18030' },
        chunkSize,
        CHINESE_CSV_ROWS,
      ],
    ),
    ['GB18030 four-byte characters detected', iconv.encode(CHINESE_CSV, 'gb18030'), {}, 2, CHINESE_CSV_ROWS],
  ])('CSV: %s', async (_name, bytes, options, chunkSize, expected) => {
    const rows = await readAll(chunksOf(bytes, chunkSize), { format: 'csv', ...options });
    expect(rows).toEqual(expected.map((values, index) => ({ rowNumber: index + 1, values })));
  });

  it.each<[string, Buffer, Omit<RowSourceOptions, 'format'>, number, Record<string, unknown>[]]>([
    [
      'objects with strings, numbers, booleans and null',
      utf8('{"a":"x","n":1.5,"ok":true,"none":null}\n{"a":"y","n":-2,"ok":false,"none":null}\n'),
      {},
      64 * KIB,
      [
        { a: 'x', n: 1.5, ok: true, none: null },
        { a: 'y', n: -2, ok: false, none: null },
      ],
    ],
    [
      'blank lines skipped and not counted, CRLF, no final newline',
      utf8('\n{"a":1}\r\n\r\n   \n{"a":2}\n\n{"a":3}'),
      {},
      64 * KIB,
      [{ a: 1 }, { a: 2 }, { a: 3 }],
    ],
    [
      'Chinese split across 1-byte chunks',
      utf8('{"名称":"北京某某科技有限公司"}\n{"名称":"𠀀"}\n'),
      {},
      1,
      [{ 名称: '北京某某科技有限公司' }, { 名称: '𠀀' }],
    ],
    ['GBK detected', gbk('{"名称":"北京某某"}\n'), {}, 1, [{ 名称: '北京某某' }]],
    ['GBK declared', gbk('{"名称":"北京某某"}\n'), { charset: 'gbk' }, 5, [{ 名称: '北京某某' }]],
    ['a UTF-8 BOM', utf8('\uFEFF{"a":1}\n'), {}, 1, [{ a: 1 }]],
    // iconv-lite keeps GB18030's byte order mark (84 31 95 33) as U+FEFF: the reader drops it itself.
    ...[1, 3, 64 * KIB].map(
      (chunkSize): [string, Buffer, Omit<RowSourceOptions, 'format'>, number, Record<string, unknown>[]] => [
        `a GB18030 BOM detected, ${chunkSize}-byte chunks`,
        iconv.encode('\uFEFF{"名称":"北京某某"}\n', 'gb18030'),
        {},
        chunkSize,
        [{ 名称: '北京某某' }],
      ],
    ),
    [
      'a GB18030 BOM declared',
      iconv.encode('\uFEFF{"名称":"北京某某"}\n', 'gb18030'),
      { charset: 'gb18030' },
      2,
      [{ 名称: '北京某某' }],
    ],
  ])('NDJSON: %s', async (_name, bytes, options, chunkSize, expected) => {
    const rows = await readAll(chunksOf(bytes, chunkSize), { format: 'ndjson', ...options });
    expect(rows).toEqual(expected.map((values, index) => ({ rowNumber: index + 1, values })));
  });

  it('reads a Node Readable stream', async () => {
    const rows = await readAll(Readable.from([utf8('a,b\n1,'), utf8('2\n')]), { format: 'csv' });
    expect(rows).toEqual([{ rowNumber: 1, values: { a: '1', b: '2' } }]);
  });
});

describe('readRowBatches: uploads refused', () => {
  const twoMibLine = 'x'.repeat(2 * MIB);
  const afterValidRows = validCsvRows(100 * KIB);
  it.each<
    [
      string,
      UploadFormatName,
      Buffer,
      Omit<RowSourceOptions, 'format'>,
      StreamError['code'],
      number | undefined,
    ]
  >([
    [
      'invalid UTF-8 after 100 KiB of valid rows',
      'csv',
      Buffer.concat([
        utf8(`id,name,note\n${afterValidRows}`),
        Buffer.from([0xc3, 0x28]),
        utf8(`,${SECRET},x\n`),
      ]),
      {},
      'INVALID_ENCODING',
      undefined,
    ],
    [
      'invalid UTF-8 after 100 KiB, declared utf-8',
      'ndjson',
      Buffer.concat([
        utf8(`{"a":"${'y'.repeat(100 * KIB)}"}\n{"a":"`),
        Buffer.from([0xff]),
        utf8(`${SECRET}"}\n`),
      ]),
      { charset: 'utf-8' },
      'INVALID_ENCODING',
      undefined,
    ],
    [
      'UTF-8 cut inside a character',
      'csv',
      utf8(`a\n${SECRET}\n张`).subarray(0, -1),
      {},
      'INVALID_ENCODING',
      undefined,
    ],
    [
      'neither UTF-8 nor GBK',
      'csv',
      Buffer.concat([utf8(`a\n${SECRET}\n`), Buffer.from([0xff, 0xff])]),
      {},
      'INVALID_ENCODING',
      undefined,
    ],
    [
      'declared GBK with a byte that is no character',
      'csv',
      Buffer.concat([gbk(`a\n${SECRET}\n`), Buffer.from([0xff, 0x41, 0x0a])]),
      { charset: 'gbk' },
      'INVALID_ENCODING',
      undefined,
    ],
    [
      'an unsupported charset',
      'csv',
      utf8(`a\n${SECRET}\n`),
      { charset: 'latin1' },
      'UNSUPPORTED_CHARSET',
      undefined,
    ],
    ['an unclosed quote', 'csv', utf8(`a,b\n1,2\n3,4\n"${SECRET},6\n7,8\n`), {}, 'CSV_SYNTAX', 3],
    ['a quote inside an unquoted cell', 'csv', utf8(`a,b\n1,2\n3,x"${SECRET}\n`), {}, 'CSV_SYNTAX', 2],
    ['text after a closing quote', 'csv', utf8(`a,b\n1,"${SECRET}"x\n`), {}, 'CSV_SYNTAX', 1],
    ['a row with too few cells', 'csv', utf8(`a,b,c\n1,2,3\n${SECRET},5\n`), {}, 'CSV_SYNTAX', 2],
    ['a row with too many cells', 'csv', utf8(`a,b\n1,2\n3,4\n5,${SECRET},7\n`), {}, 'CSV_SYNTAX', 3],
    ['a duplicate column name', 'csv', utf8(`id,name,id\n1,${SECRET},3\n`), {}, 'CSV_HEADER', undefined],
    [
      'a duplicate column name after trimming',
      'csv',
      utf8(`id, name ,name\n1,${SECRET},3\n`),
      {},
      'CSV_HEADER',
      undefined,
    ],
    ['an empty column name', 'csv', utf8(`id,,note\n1,${SECRET},3\n`), {}, 'CSV_HEADER', undefined],
    [
      'a 2 MiB CSV line with maxLineBytes 1 MiB',
      'csv',
      utf8(`a,b\n1,2\n${SECRET},${twoMibLine}\n`),
      { maxLineBytes: MIB },
      'LINE_TOO_LONG',
      2,
    ],
    [
      'a 2 MiB NDJSON line with maxLineBytes 1 MiB',
      'ndjson',
      utf8(`{"a":1}\n\n{"a":"${SECRET}${twoMibLine}"}\n`),
      { maxLineBytes: MIB },
      'LINE_TOO_LONG',
      2,
    ],
    [
      'a last NDJSON line one byte over the limit, without a line break',
      'ndjson',
      utf8('{"a":"x"}\n{"a":"张三"}'),
      { maxLineBytes: 13 },
      'LINE_TOO_LONG',
      2,
    ],
    ['an NDJSON array', 'ndjson', utf8(`{"a":1}\n\n["${SECRET}"]\n`), {}, 'NDJSON_SYNTAX', 2],
    ['an NDJSON number', 'ndjson', utf8(`{"a":1}\n{"a":2}\n42\n{"a":"${SECRET}"}\n`), {}, 'NDJSON_SYNTAX', 3],
    ['NDJSON null', 'ndjson', utf8('null\n'), {}, 'NDJSON_SYNTAX', 1],
    ['invalid JSON', 'ndjson', utf8(`{"a":1}\n{"a":"${SECRET}",}\n`), {}, 'NDJSON_SYNTAX', 2],
    ['an empty CSV body', 'csv', Buffer.alloc(0), {}, 'EMPTY', undefined],
    ['an empty NDJSON body', 'ndjson', Buffer.alloc(0), {}, 'EMPTY', undefined],
    ['a CSV header only', 'csv', utf8('id,name\r\n'), {}, 'EMPTY', undefined],
    ['NDJSON blank lines only', 'ndjson', utf8('\n \r\n\n'), {}, 'EMPTY', undefined],
  ])('%s', async (_name, format, bytes, options, code, rowNumber) => {
    for (const chunkSize of [64 * KIB, 4099]) {
      const error = await readFailure(chunksOf(bytes, chunkSize), { format, ...options });
      expect({ code: error.code, rowNumber: error.rowNumber }).toEqual({ code, rowNumber });
      expect(error.message).not.toContain(SECRET);
      expect(error.message).not.toContain('张三');
      expect(error.message).not.toContain('xxxxxxxx');
    }
  });

  it.each<[string, string, string]>([
    [
      'a duplicate header',
      `id,name,id\n1,${SECRET},3\n`,
      'column 3 of the header repeats the name of column 1',
    ],
    [
      'a duplicate header before a short row',
      `id,id\n${SECRET}\n`,
      'column 2 of the header repeats the name of column 1',
    ],
    ['an empty column name', `id, ,x\n1,${SECRET},3\n`, 'column 2 of the header has no name'],
    ['a short row', `a,b,c\n1,2,3\n${SECRET},5\n`, 'the row has 2 cell(s) where the header has 3'],
    ['an unclosed quote', `a,b\n"${SECRET},6\n7,8\n`, 'the row opens a quoted cell that is never closed'],
  ])('says what is wrong with %s in general terms', async (_name, text, message) => {
    for (const chunkSize of [1, 64 * KIB]) {
      const error = await readFailure(chunksOf(utf8(text), chunkSize), { format: 'csv' });
      expect(error.message).toBe(message);
    }
  });

  it.each<[UploadFormatName, string]>([
    ['csv', 'a,b\n1,2\n3,4\n5\n6,7\n'],
    ['ndjson', '{"a":1}\n{"a":2}\n{"a":\n{"a":4}\n'],
  ])('gives the %s rows before a bad one in the same chunk, then throws', async (format, text) => {
    const rows: SourceRow[] = [];
    await expect(
      (async () => {
        for await (const row of readRows(chunksOf(utf8(text), 64 * KIB), { format })) rows.push(row);
      })(),
    ).rejects.toMatchObject({ rowNumber: 3 });
    expect(rows.map((row) => row.rowNumber)).toEqual([1, 2]);
  });

  it('yields the rows before the failure, then throws', async () => {
    const rows: SourceRow[] = [];
    const bytes = Buffer.concat([utf8(`id,name,note\n${afterValidRows}`), Buffer.from([0xc3, 0x28, 0x0a])]);
    await expect(
      (async () => {
        for await (const row of readRows(chunksOf(bytes, 16 * KIB), { format: 'csv' })) rows.push(row);
      })(),
    ).rejects.toMatchObject({ code: 'INVALID_ENCODING' });
    expect(rows.length).toBeGreaterThan(1000);
    expect(rows[rows.length - 1].rowNumber).toBe(rows.length);
  });
});

type UploadFormatName = RowSourceOptions['format'];

describe('readRowBatches: streaming', () => {
  /** An endless source that counts what was pulled and whether it was closed. */
  function endlessSource(first: string, repeated: string) {
    const state = { pulled: 0, closed: false };
    async function* source(): AsyncGenerator<Buffer> {
      try {
        yield utf8(first);
        for (;;) {
          state.pulled += 1;
          yield utf8(repeated);
        }
      } finally {
        state.closed = true;
      }
    }
    return { state, source: source() };
  }

  it.each<[UploadFormatName, string]>([
    ['csv', 'a,b\n1,'],
    ['ndjson', '{"a":"'],
  ])('%s: a line that never ends stops at the limit without reading on', async (format, first) => {
    const { state, source } = endlessSource(first, 'x'.repeat(64 * KIB));
    const error = await readFailure(source, { format, maxLineBytes: MIB });
    expect(error.code).toBe('LINE_TOO_LONG');
    expect(state.pulled).toBeLessThan(64);
    expect(state.closed).toBe(true);
  });

  it.each<[UploadFormatName, string, string]>([
    ['csv', 'a,b\n', '1,2\n'.repeat(1000)],
    ['ndjson', '', '{"a":1}\n'.repeat(1000)],
  ])(
    '%s: pulls input only as rows are taken, and closes it when the reader stops',
    async (format, first, repeated) => {
      const { state, source } = endlessSource(first, repeated);
      const rows = readRows(source, { format });
      const firstRow = await rows.next();
      expect(firstRow.value).toMatchObject({ rowNumber: 1 });
      expect(state.pulled).toBeLessThan(200);
      await rows.return(undefined);
      // The CSV parser's pipeline closes its source a few ticks later, without making the caller wait.
      for (let tick = 0; tick < 20 && !state.closed; tick += 1)
        await new Promise((resolve) => setImmediate(resolve));
      expect(state.closed).toBe(true);
    },
  );

  it('streams 200,000 generated CSV rows with flat memory', async () => {
    const total = 200_000;
    const perChunk = 500;
    async function* generated(): AsyncGenerator<Buffer> {
      yield utf8('纳税人识别号,名称,金额,备注\n');
      for (let first = 1; first <= total; first += perChunk) {
        let text = '';
        for (let row = first; row < first + perChunk; row += 1) {
          text += `9111${String(row).padStart(14, '0')},"某某公司${row}, 有限",${row}.50,备注 ${row}\n`;
        }
        yield utf8(text);
      }
    }
    // Collect garbage before each reading, so that what is measured is what the reader keeps alive.
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    collectGarbage();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let count = 0;
    for await (const row of readRows(generated(), { format: 'csv' })) {
      count += 1;
      if (row.rowNumber !== count) throw new Error(`row ${count} came as ${row.rowNumber}`);
      if (count % 20_000 === 0) {
        collectGarbage();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    expect(count).toBe(total);
    expect(peak - baseline).toBeLessThan(50 * MIB);
  });
});

describe('parseContentType', () => {
  it.each<[string | undefined, ReturnType<typeof parseContentType>]>([
    ['text/csv; charset=gbk', { format: 'csv', charset: 'gbk' }],
    ['Text/CSV;Charset="UTF-8"', { format: 'csv', charset: 'utf-8' }],
    ['text/csv', { format: 'csv' }],
    ['text/csv; header=present; charset=gb18030', { format: 'csv', charset: 'gb18030' }],
    ['application/x-ndjson', { format: 'ndjson' }],
    ['application/jsonl; charset=utf-8', { format: 'ndjson', charset: 'utf-8' }],
    ['application/ndjson', { format: 'ndjson' }],
    ['application/json', {}],
    ['text/plain; charset=gbk', {}],
    ['', {}],
    [undefined, {}],
  ])('%s', (header, expected) => {
    expect(parseContentType(header)).toEqual(expected);
  });
});

describe('readRowBatches: CSV syntax across chunk boundaries', () => {
  /** `bytes` cut in two at `cut`. */
  async function* cutAt(bytes: Buffer, cut: number): AsyncGenerator<Buffer> {
    yield bytes.subarray(0, cut);
    yield bytes.subarray(cut);
  }

  /** Every way of feeding `bytes`: cut in two at each position, then one byte at a time. */
  function everyFeeding(bytes: Buffer): [string, () => AsyncGenerator<Buffer>][] {
    const feedings: [string, () => AsyncGenerator<Buffer>][] = [];
    for (let cut = 0; cut <= bytes.length; cut += 1)
      feedings.push([`cut at ${cut}`, () => cutAt(bytes, cut)]);
    feedings.push(['1-byte chunks', () => chunksOf(bytes, 1)]);
    return feedings;
  }

  it.each<[string, string, Record<string, unknown>[]]>([
    [
      'quoted cells with "", commas, CRLF and LF inside, CRLF and LF lines, a blank line',
      'id,name,note\r\n1,"a ""q"", b","x\r\ny"\r\n\r\n2,"",plain\n3,"张""三",\r\n',
      [
        { id: '1', name: 'a "q", b', note: 'x\r\ny' },
        { id: '2', name: '', note: 'plain' },
        { id: '3', name: '张"三', note: '' },
      ],
    ],
    [
      'CRLF lines, no final line break',
      'a,b\r\n1,2\r\n3,4',
      [
        { a: '1', b: '2' },
        { a: '3', b: '4' },
      ],
    ],
    ['a quoted cell that is a whole CRLF', 'a,b\r\n"\r\n",x\r\n', [{ a: '\r\n', b: 'x' }]],
    ['an empty quoted cell is a row, not a blank line', 'a\n""\n\r\n\n', [{ a: '' }]],
    ['a CR inside an unquoted cell of an LF file', 'a,b\n1,x\ry\n', [{ a: '1', b: 'x\ry' }]],
    ['a CR at the very end', 'a,b\n1,"x"\r', [{ a: '1', b: 'x' }]],
    [
      'lines ending in CR alone (classic Mac)',
      'id,name\r1,"a\r\nb"\r\r2,x\r',
      [
        { id: '1', name: 'a\r\nb' },
        { id: '2', name: 'x' },
      ],
    ],
  ])('%s, fed at every chunk boundary', async (_name, text, expected) => {
    for (const [feeding, feed] of everyFeeding(utf8(text))) {
      const rows = await readAll(feed(), { format: 'csv' });
      expect({ feeding, rows }).toEqual({
        feeding,
        rows: expected.map((values, index) => ({ rowNumber: index + 1, values })),
      });
    }
  });

  it.each<[string, string, StreamError['code'], number | undefined, string]>([
    [
      'a stray quote in an unquoted cell',
      'a,b\n1,2\n3,x"y\n',
      'CSV_SYNTAX',
      2,
      'the row has a misplaced double quote (a quoted cell must be quoted whole, with "" for a quote inside)',
    ],
    [
      'a quote opening a cell after a space',
      'a,b\n1, "x"\n',
      'CSV_SYNTAX',
      1,
      'the row has a misplaced double quote (a quoted cell must be quoted whole, with "" for a quote inside)',
    ],
    [
      'a CR alone after a closing quote',
      'a,b\n1,"x"\ry\n',
      'CSV_SYNTAX',
      1,
      'the row has a misplaced double quote (a quoted cell must be quoted whole, with "" for a quote inside)',
    ],
    [
      'a stray quote in the header',
      'a,b"\n1,2\n',
      'CSV_SYNTAX',
      undefined,
      'the header row has a misplaced double quote (a quoted cell must be quoted whole, with "" for a quote inside)',
    ],
    [
      'a quote left open by an escaped quote',
      'a,b\n1,"x""\n',
      'CSV_SYNTAX',
      1,
      'the row opens a quoted cell that is never closed',
    ],
    [
      'a header quote never closed',
      '"a,b\n1,2\n',
      'CSV_SYNTAX',
      undefined,
      'the header row opens a quoted cell that is never closed',
    ],
    [
      'a row with too many cells after a blank line',
      'a,b\r\n1,2\r\n\r\n3,"4",5\r\n',
      'CSV_SYNTAX',
      2,
      'the row has 3 cell(s) where the header has 2',
    ],
  ])('%s is refused at every chunk boundary', async (_name, text, code, rowNumber, message) => {
    for (const [feeding, feed] of everyFeeding(utf8(text))) {
      const error = await readFailure(feed(), { format: 'csv' });
      expect({ feeding, code: error.code, rowNumber: error.rowNumber, message: error.message }).toEqual({
        feeding,
        code,
        rowNumber,
        message,
      });
    }
  });

  it('yields every row before the failing one', async () => {
    const rows: SourceRow[] = [];
    const bytes = utf8(`a,b\n1,2\n\n3,4\n5,x"${SECRET}\n6,7\n`);
    await expect(
      (async () => {
        for await (const row of readRows(chunksOf(bytes, 64 * KIB), { format: 'csv' })) rows.push(row);
      })(),
    ).rejects.toMatchObject({ code: 'CSV_SYNTAX', rowNumber: 3 });
    expect(rows.map((row) => row.values)).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ]);
  });

  // '张三,abc' is 3 + 3 + 1 + 3 = 10 bytes; quotes count as written.
  it.each<[string, string, StreamError['code'] | undefined, number | undefined]>([
    ['a row of exactly the limit, LF', 'a,b\n张三,abc\n', undefined, undefined],
    ['a row of exactly the limit, CRLF', 'a,b\r\n张三,abc\r\n', undefined, undefined],
    ['a row of exactly the limit, quoted', 'a,b\r\n"张",abcd\r\n', undefined, undefined],
    ['a row of exactly the limit, at the end', 'a,b\n张三,abc', undefined, undefined],
    ['a row one byte over the limit', 'a,b\n张三,abcd\n', 'LINE_TOO_LONG', 1],
    ['a row one byte over the limit, CRLF', 'a,b\r\n1,2\r\n张三,abcd\r\n', 'LINE_TOO_LONG', 2],
    ['a quoted row one byte over the limit', 'a,b\n"张三",abc\n', 'LINE_TOO_LONG', 1],
    ['a row one byte over the limit, at the end', 'a,b\n张三,abcd', 'LINE_TOO_LONG', 1],
    ['a header one byte over the limit', 'abcde,张三\n1,2\n', 'LINE_TOO_LONG', undefined],
  ])('maxLineBytes 10: %s', async (_name, text, code, rowNumber) => {
    for (const [feeding, feed] of everyFeeding(utf8(text))) {
      if (code === undefined) {
        const rows = await readAll(feed(), { format: 'csv', maxLineBytes: 10 });
        expect({ feeding, rows: rows.length }).toEqual({ feeding, rows: 1 });
      } else {
        const error = await readFailure(feed(), { format: 'csv', maxLineBytes: 10 });
        expect({ feeding, code: error.code, rowNumber: error.rowNumber }).toEqual({
          feeding,
          code,
          rowNumber,
        });
      }
    }
  });

  it('refuses a 2 MiB quoted cell without quoting it', async () => {
    const bytes = utf8(`a,b\n1,2\n3,"${SECRET}\r\n${'x'.repeat(2 * MIB)}"\n4,5\n`);
    for (const chunkSize of [64 * KIB, 4099]) {
      const error = await readFailure(chunksOf(bytes, chunkSize), { format: 'csv', maxLineBytes: MIB });
      expect({ code: error.code, rowNumber: error.rowNumber, message: error.message }).toEqual({
        code: 'LINE_TOO_LONG',
        rowNumber: 2,
        message:
          'the row is longer than the limit of 1048576 bytes (a quoted cell that is never closed has this effect too)',
      });
    }
  });

  it('stops a quoted cell that never ends at the limit without reading on', async () => {
    const state = { pulled: 0, closed: false };
    async function* source(): AsyncGenerator<Buffer> {
      try {
        yield utf8('a,b\n1,"');
        for (;;) {
          state.pulled += 1;
          yield utf8('x""y,\r\n'.repeat(8 * KIB));
        }
      } finally {
        state.closed = true;
      }
    }
    const error = await readFailure(source(), { format: 'csv', maxLineBytes: MIB });
    expect(error.code).toBe('LINE_TOO_LONG');
    expect(state.pulled).toBeLessThan(32);
    expect(state.closed).toBe(true);
  });
});
