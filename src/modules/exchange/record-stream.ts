/**
 * Turns an uploaded byte stream (CSV or NDJSON, UTF-8 or GBK) into rows, pulled one at a time, so a
 * file of a million rows never sits in memory. Error messages never quote the file's content.
 */
import { isAscii } from 'node:buffer';
import iconv from 'iconv-lite';

export type UploadFormat = 'csv' | 'ndjson';

export interface RowSourceOptions {
  format: UploadFormat;
  /** charset from the Content-Type header, if any (e.g. 'utf-8', 'gbk', 'gb18030'); undefined → detect */
  charset?: string;
  /** longest line accepted, in bytes (default 1 MiB); a longer line stops the stream with LINE_TOO_LONG */
  maxLineBytes?: number;
}

export interface SourceRow {
  /** 1-based data row; the CSV header is not a row, blank NDJSON lines are not counted. */
  rowNumber: number;
  values: Record<string, unknown>;
}

export type StreamErrorCode =
  | 'INVALID_ENCODING'
  | 'INVALID_COMPRESSION'
  | 'UNSUPPORTED_CHARSET'
  | 'CSV_SYNTAX'
  | 'CSV_HEADER'
  | 'NDJSON_SYNTAX'
  | 'LINE_TOO_LONG'
  | 'EMPTY'
  | 'STALLED';

/** The upload cannot be read. `message` says what is wrong in general terms, never with file content. */
export class StreamError extends Error {
  constructor(
    readonly code: StreamErrorCode,
    message: string,
    public rowNumber?: number,
  ) {
    super(message);
    this.name = 'StreamError';
  }

  static invalidUtf8(fromByte: number, toByte: number): StreamError {
    return new StreamError(
      'INVALID_ENCODING',
      `the upload is not valid UTF-8 (an invalid byte sequence between bytes ${fromByte} and ${toByte}); ` +
        'save it as UTF-8 or declare its charset in Content-Type',
    );
  }

  static truncatedUtf8(): StreamError {
    return new StreamError(
      'INVALID_ENCODING',
      'the upload is not valid UTF-8 (it ends in the middle of a character)',
    );
  }

  static invalidGbk(fromByte: number, toByte: number): StreamError {
    return new StreamError(
      'INVALID_ENCODING',
      `the upload is not valid GBK/GB18030 (a byte sequence between bytes ${fromByte} and ${toByte} is not a character)`,
    );
  }

  static undetectableEncoding(): StreamError {
    return new StreamError(
      'INVALID_ENCODING',
      'the upload is neither valid UTF-8 nor valid GBK; save it as UTF-8 or declare its charset in Content-Type',
    );
  }

  static unsupportedCharset(charset: string): StreamError {
    const shown = /^[A-Za-z0-9._:-]{1,40}$/.test(charset) ? ` "${charset}"` : '';
    return new StreamError(
      'UNSUPPORTED_CHARSET',
      `the declared charset${shown} is not supported: use utf-8, gbk, gb2312 or gb18030`,
    );
  }

  static lineTooLong(
    maxLineBytes: number,
    rowNumber: number | undefined,
    what = 'the row',
    hint = '',
  ): StreamError {
    return new StreamError(
      'LINE_TOO_LONG',
      `${what} is longer than the limit of ${maxLineBytes} bytes${hint}`,
      rowNumber,
    );
  }

  static csvCellCount(
    rowNumber: number,
    cells: number | undefined,
    headerCells: number | undefined,
  ): StreamError {
    const detail =
      cells !== undefined && headerCells !== undefined
        ? `the row has ${cells} cell(s) where the header has ${headerCells}`
        : 'the row has a different number of cells than the header';
    return new StreamError('CSV_SYNTAX', detail, rowNumber);
  }

  static csvQuoting(rowNumber: number | undefined, unclosed: boolean): StreamError {
    const where = rowNumber === undefined ? 'the header row' : 'the row';
    const what = unclosed
      ? `${where} opens a quoted cell that is never closed`
      : `${where} has a misplaced double quote (a quoted cell must be quoted whole, with "" for a quote inside)`;
    return new StreamError('CSV_SYNTAX', what, rowNumber);
  }

  static csvHeaderEmptyName(position: number): StreamError {
    return new StreamError('CSV_HEADER', `column ${position} of the header has no name`);
  }

  static csvHeaderDuplicateName(position: number, firstPosition: number): StreamError {
    return new StreamError(
      'CSV_HEADER',
      `column ${position} of the header repeats the name of column ${firstPosition}`,
    );
  }

  static ndjsonNotObject(rowNumber: number, validJson: boolean): StreamError {
    return new StreamError(
      'NDJSON_SYNTAX',
      validJson ? 'the line is JSON but not a JSON object' : 'the line is not valid JSON',
      rowNumber,
    );
  }

  static empty(what: string): StreamError {
    return new StreamError('EMPTY', what);
  }
}

const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
/** How much of an undeclared upload, from its first byte outside ASCII, decides between UTF-8 and GBK. */
const DETECTION_SAMPLE_BYTES = 64 * 1024;

type Charset = 'utf-8' | 'gb18030';

/**
 * Reads `format` and `charset` from a Content-Type header: `text/csv; charset=gbk` → csv + gbk;
 * `application/x-ndjson`, `application/jsonl` or `application/ndjson` → ndjson; anything else → {}.
 */
export function parseContentType(header: string | undefined): { format?: UploadFormat; charset?: string } {
  if (header === undefined) return {};
  const [mediaType, ...parameters] = header.split(';');
  const format = MEDIA_TYPES.get(mediaType.trim().toLowerCase());
  if (format === undefined) return {};
  for (const parameter of parameters) {
    const equals = parameter.indexOf('=');
    if (equals === -1 || parameter.slice(0, equals).trim().toLowerCase() !== 'charset') continue;
    const charset = parameter
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim()
      .toLowerCase();
    if (charset !== '') return { format, charset };
  }
  return { format };
}

const MEDIA_TYPES = new Map<string, UploadFormat>([
  ['text/csv', 'csv'],
  ['application/x-ndjson', 'ndjson'],
  ['application/jsonl', 'ndjson'],
  ['application/ndjson', 'ndjson'],
]);

/**
 * Streams the rows of an upload in batches, one per chunk of text read (a promise per row would cost
 * more than the row's own validation). Input is pulled only as the caller iterates; a failure ends the
 * iteration with a StreamError (code, row number where known, and a message free of file content).
 */
export async function* readRowBatches(
  input: NodeJS.ReadableStream | AsyncIterable<Buffer>,
  options: RowSourceOptions,
): AsyncGenerator<SourceRow[]> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) {
    throw new RangeError('maxLineBytes must be a positive integer');
  }
  const declared = options.charset === undefined ? undefined : declaredCharset(options.charset);
  const text = decodeText(input as AsyncIterable<Buffer | string | Uint8Array>, declared);
  if (options.format === 'csv') yield* readCsv(text, maxLineBytes);
  else yield* readNdjson(text, maxLineBytes);
}

function declaredCharset(charset: string): Charset {
  switch (charset.trim().toLowerCase()) {
    case 'utf-8':
    case 'utf8':
      return 'utf-8';
    case 'gbk':
    case 'gb2312':
    case 'gb18030':
      // The GB18030 decoder reads GBK and GB2312 too (the WHATWG Encoding Standard does the same).
      return 'gb18030';
    default:
      throw StreamError.unsupportedCharset(charset);
  }
}

interface TextDecoderStage {
  /** Decodes the next bytes; `offset` is where they start in the upload (for error messages). */
  write(bytes: Buffer, offset: number): string;
  end(offset: number): string;
}

/** `atStart`: the decoder starts at the upload's first byte, where a byte order mark is dropped. */
function utf8Decoder(atStart = true): TextDecoderStage {
  // fatal: an invalid sequence throws; stream: a character split across chunks waits for its rest.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: !atStart });
  return {
    write(bytes, offset) {
      try {
        return decoder.decode(bytes, { stream: true });
      } catch {
        throw StreamError.invalidUtf8(offset, offset + bytes.length);
      }
    },
    end() {
      try {
        return decoder.decode();
      } catch {
        throw StreamError.truncatedUtf8();
      }
    },
  };
}

/** The length of the GB18030 character starting at `index`: 1 (ASCII), 2, or 4 (lead, digit, lead, digit). */
function gb18030CharacterLength(bytes: Buffer, index: number): number {
  const lead = bytes[index];
  if (lead < 0x81 || lead === 0xff) return 1;
  const second = bytes[index + 1];
  return second !== undefined && second >= 0x30 && second <= 0x39 ? 4 : 2;
}

/** How many leading bytes form whole characters; the rest starts one that the next chunk completes. */
function wholeGb18030Length(bytes: Buffer): number {
  let index = 0;
  while (index < bytes.length) {
    const length = gb18030CharacterLength(bytes, index);
    if (index + length > bytes.length) break;
    index += length;
  }
  return index;
}

function decodeWholeGb18030(bytes: Buffer): string {
  // iconv-lite replaces what it cannot decode with U+FFFD: the caller treats that as invalid.
  return iconv.decode(bytes, 'gb18030');
}

/**
 * GBK/GB18030 through iconv-lite, fed whole characters only: its streaming decoder drops half of a
 * four-byte character (a surrogate pair) when a chunk boundary falls inside it. A byte order mark at
 * the start (GB18030's 84 31 95 33) is dropped here: iconv-lite's stripBOM does not apply to GB18030.
 */
function gbkDecoder(atStart = true): TextDecoderStage {
  let carried = Buffer.alloc(0);
  let first = atStart;
  return {
    write(bytes, offset) {
      const data = carried.length === 0 ? bytes : Buffer.concat([carried, bytes]);
      const whole = wholeGb18030Length(data);
      carried = Buffer.from(data.subarray(whole));
      let text = decodeWholeGb18030(data.subarray(0, whole));
      if (text.includes('\uFFFD'))
        throw StreamError.invalidGbk(Math.max(0, offset - 3), offset + bytes.length);
      if (first && whole > 0) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      return text;
    },
    end(offset) {
      if (carried.length !== 0) throw StreamError.invalidGbk(offset - carried.length, offset);
      return '';
    },
  };
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    // stream: true so that a character cut by the end of the sample is not counted as invalid.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function isValidGbk(bytes: Buffer): boolean {
  return !decodeWholeGb18030(bytes.subarray(0, wholeGb18030Length(bytes))).includes('\uFFFD');
}

function detectCharset(sample: Buffer): Charset {
  const head = sample.subarray(0, DETECTION_SAMPLE_BYTES);
  if (isValidUtf8(head)) return 'utf-8';
  // Excel in China saves "CSV" as GBK (code page 936).
  if (isValidGbk(head)) return 'gb18030';
  throw StreamError.undetectableEncoding();
}

function toBuffer(chunk: Buffer | string | Uint8Array): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** Where the first byte outside ASCII is, or -1. */
function firstNonAscii(bytes: Buffer): number {
  if (isAscii(bytes)) return -1;
  let index = 0;
  while (bytes[index] < 0x80) index += 1;
  return index;
}

/** A decoder for the charset the sample shows; past an ASCII prefix, U+FEFF is text, not a byte order mark. */
function detectedDecoder(sample: Buffer, offset: number): TextDecoderStage {
  return detectCharset(sample) === 'utf-8' ? utf8Decoder(offset === 0) : gbkDecoder(offset === 0);
}

/**
 * Decodes the upload to text chunks. Without a declared charset, the first 64 KiB from the first byte
 * outside ASCII choose UTF-8 or GBK: text before it reads the same in both, however long it is.
 */
async function* decodeText(
  input: AsyncIterable<Buffer | string | Uint8Array>,
  declared: Charset | undefined,
): AsyncGenerator<string> {
  let decoder = declared === undefined ? undefined : declared === 'utf-8' ? utf8Decoder() : gbkDecoder();
  const sample: Buffer[] = [];
  let sampleBytes = 0;
  let offset = 0;
  for await (const chunk of input) {
    let bytes = toBuffer(chunk);
    if (bytes.length === 0) continue;
    if (decoder === undefined) {
      if (sampleBytes === 0) {
        const first = firstNonAscii(bytes);
        const ascii = first === -1 ? bytes : bytes.subarray(0, first);
        if (ascii.length > 0) {
          offset += ascii.length;
          yield ascii.toString('latin1');
        }
        if (first === -1) continue;
        bytes = bytes.subarray(first);
      }
      sample.push(bytes);
      sampleBytes += bytes.length;
      if (sampleBytes < DETECTION_SAMPLE_BYTES) continue;
      bytes = Buffer.concat(sample);
      sample.length = 0;
      decoder = detectedDecoder(bytes, offset);
    }
    const text = decoder.write(bytes, offset);
    offset += bytes.length;
    if (text !== '') yield text;
  }
  if (decoder === undefined) {
    // All ASCII, or the input ended within the sample.
    if (sampleBytes === 0) return;
    const bytes = Buffer.concat(sample);
    decoder = detectedDecoder(bytes, offset);
    const text = decoder.write(bytes, offset);
    offset += bytes.length;
    if (text !== '') yield text;
  }
  const rest = decoder.end(offset);
  if (rest !== '') yield rest;
}

/**
 * Splits text into lines (LF or CRLF), the lines each chunk completes together. A line longer than
 * `maxLineBytes` (UTF-8 bytes, without its line break) fails as soon as that is known, so no more than
 * the limit is ever held; the lines before it are given first.
 */
async function* splitLines(text: AsyncIterable<string>, maxLineBytes: number): AsyncGenerator<string[]> {
  let pending: string[] = [];
  let pendingBytes = 0;
  for await (const chunk of text) {
    const lines: string[] = [];
    let failure: StreamError | undefined;
    let start = 0;
    while (failure === undefined) {
      const newline = chunk.indexOf('\n', start);
      const piece = chunk.slice(start, newline === -1 ? chunk.length : newline);
      // A UTF-16 unit is at most 3 UTF-8 bytes: most lines need no counting.
      const pieceBytes =
        pendingBytes + piece.length * 3 <= maxLineBytes ? 0 : Buffer.byteLength(piece, 'utf8');
      // One byte of slack for the CR of a CRLF whose LF has not arrived yet.
      if (pendingBytes + pieceBytes > maxLineBytes + 1) {
        failure = StreamError.lineTooLong(maxLineBytes, undefined);
        break;
      }
      if (newline === -1) {
        if (piece !== '') {
          pending.push(piece);
          pendingBytes += Buffer.byteLength(piece, 'utf8');
        }
        break;
      }
      let line = pending.length === 0 ? piece : pending.join('') + piece;
      let lineBytes = pendingBytes + pieceBytes;
      pending = [];
      pendingBytes = 0;
      if (line.endsWith('\r')) {
        line = line.slice(0, -1);
        lineBytes -= 1;
      }
      if (lineBytes > maxLineBytes) failure = StreamError.lineTooLong(maxLineBytes, undefined);
      else lines.push(line);
      start = newline + 1;
    }
    if (lines.length > 0) yield lines;
    if (failure) throw failure;
  }
  if (pending.length !== 0) {
    // The last line, without a line break: a CR at its end is not counted.
    const line = pending.join('');
    const lineBytes = line.endsWith('\r') ? pendingBytes - 1 : pendingBytes;
    if (lineBytes > maxLineBytes) throw StreamError.lineTooLong(maxLineBytes, undefined);
    yield [line.endsWith('\r') ? line.slice(0, -1) : line];
  }
}

async function* readNdjson(text: AsyncIterable<string>, maxLineBytes: number): AsyncGenerator<SourceRow[]> {
  let rowNumber = 0;
  try {
    for await (const lines of splitLines(text, maxLineBytes)) {
      const rows: SourceRow[] = [];
      let failure: StreamError | undefined;
      for (const line of lines) {
        if (line.trim() === '') continue;
        rowNumber += 1;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          // The SyntaxError's message quotes the line: it must not reach the client.
          failure = StreamError.ndjsonNotObject(rowNumber, false);
          break;
        }
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          failure = StreamError.ndjsonNotObject(rowNumber, true);
          break;
        }
        rows.push({ rowNumber, values: value as Record<string, unknown> });
      }
      // The rows before a bad line are given first, as the CSV reader does.
      if (rows.length > 0) yield rows;
      if (failure) throw failure;
    }
  } catch (error) {
    // The splitter does not count rows: the line too long is the one after the last row read.
    if (error instanceof StreamError && error.code === 'LINE_TOO_LONG') error.rowNumber = rowNumber + 1;
    throw error;
  }
  if (rowNumber === 0) throw StreamError.empty('the upload has no rows');
}

/** Checks the header's column names (trimmed, BOM removed): none empty, none repeated. */
function headerColumns(record: string[]): string[] {
  const firstPosition = new Map<string, number>();
  return record.map((cell, index) => {
    const name = cell.replace(/^\uFEFF/, '').trim();
    if (name === '') throw StreamError.csvHeaderEmptyName(index + 1);
    const earlier = firstPosition.get(name);
    if (earlier !== undefined) throw StreamError.csvHeaderDuplicateName(index + 1, earlier);
    firstPosition.set(name, index + 1);
    return name;
  });
}

/** Why a CSV reading stopped; readCsv adds the row, which only it knows (the header is not a row). */
type CsvFailure = 'UNCLOSED_QUOTE' | 'MISPLACED_QUOTE' | 'RECORD_TOO_LONG';

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const BOM = 0xfeff;

/** Where the reader is between two characters of a record. */
const enum CsvState {
  /** At the start of a cell (and of a record when no cell has been read). */
  CellStart,
  /** Inside a cell that does not start with a quote. */
  Unquoted,
  /** Inside a quoted cell. */
  Quoted,
  /** Just after a quote inside a quoted cell: "" escapes a quote, anything else closes the cell. */
  QuoteInQuoted,
  /** The chunk ended with a CR in an unquoted cell: the next character says whether it ends the line. */
  CrInUnquoted,
  /** The chunk ended with a CR after a closing quote: it must end the line. */
  CrAfterQuote,
}

/** How lines end, set by the first line break outside quotes (as the former csv-parse reader did). */
const enum LineBreaks {
  Undecided,
  /** LF or CRLF; a CR alone is cell text. */
  LfOrCrlf,
  /** A CR alone (classic Mac, Excel's "CSV (Macintosh)"); LF and CRLF end lines too. */
  Cr,
}

/**
 * A streaming RFC 4180 reader: text chunks in, records (arrays of cells) out. Cells are quoted whole
 * ("" for a quote inside; commas, CR and LF allowed inside quotes); records end with LF or CRLF (or CR
 * in a file whose first line does); blank lines are skipped. A record longer than `maxLineBytes` (UTF-8
 * bytes as written, without its line break) stops the reading at the chunk that makes it too long, so
 * no more than the limit and one chunk is ever held.
 */
class CsvRecordReader {
  /** Set when the text cannot be read further; the records before the failing one are still given. */
  failure: CsvFailure | undefined;
  private records: string[][] = [];
  private state = CsvState.CellStart;
  private lineBreaks = LineBreaks.Undecided;
  private cells: string[] = [];
  /** The current cell's text from earlier chunks (and earlier pieces of a quoted cell). */
  private cell = '';
  /** UTF-8 bytes of the current record in earlier chunks. */
  private carriedBytes = 0;
  private startOfText = true;

  constructor(private readonly maxLineBytes: number) {}

  /** The records completed since the last call, in file order. */
  takeRecords(): string[][] {
    const records = this.records;
    this.records = [];
    return records;
  }

  write(chunk: string): void {
    if (this.failure !== undefined || chunk.length === 0) return;
    const length = chunk.length;
    let position = 0;
    if (this.startOfText) {
      this.startOfText = false;
      if (chunk.charCodeAt(0) === BOM) position = 1;
    }
    /** Where the current record starts in this chunk (0 when it started in an earlier one). */
    let recordStart = position;
    /** The first quote at or after `position` (length when none), found once for many lines. */
    let nextQuote = -1;
    let state = this.state;
    let cells = this.cells;
    let cell = this.cell;
    while (position < length) {
      switch (state) {
        case CsvState.CellStart: {
          if (
            cells.length === 0 &&
            position === recordStart &&
            this.carriedBytes === 0 &&
            this.lineBreaks === LineBreaks.LfOrCrlf
          ) {
            // Fast path: a whole line without quotes, at the start of a record.
            const lineFeed = chunk.indexOf('\n', position);
            if (lineFeed !== -1) {
              if (nextQuote < position) {
                nextQuote = chunk.indexOf('"', position);
                if (nextQuote === -1) nextQuote = length;
              }
              if (nextQuote > lineFeed) {
                const end =
                  lineFeed > position && chunk.charCodeAt(lineFeed - 1) === CR ? lineFeed - 1 : lineFeed;
                if (end > position) {
                  if (!this.fitsLimit(chunk, position, end)) return this.stop('RECORD_TOO_LONG');
                  this.records.push(splitAtCommas(chunk, position, end));
                }
                position = lineFeed + 1;
                recordStart = position;
                continue;
              }
            }
          }
          cell = '';
          if (chunk.charCodeAt(position) === QUOTE) {
            state = CsvState.Quoted;
            position += 1;
          } else {
            state = CsvState.Unquoted;
          }
          continue;
        }
        case CsvState.Unquoted: {
          let index = position;
          let code = 0;
          for (; index < length; index += 1) {
            code = chunk.charCodeAt(index);
            if (code === COMMA || code === LF || code === CR || code === QUOTE) break;
          }
          if (index === length) {
            cell += chunk.slice(position);
            position = length;
            continue;
          }
          if (code === COMMA) {
            cells.push(cell + chunk.slice(position, index));
            state = CsvState.CellStart;
            position = index + 1;
            continue;
          }
          if (code === QUOTE) return this.stop('MISPLACED_QUOTE');
          const lineBreak = code === LF ? 1 : this.crLineBreak(chunk, index);
          if (lineBreak > 0) {
            cells.push(cell + chunk.slice(position, index));
            if (!this.endRecord(chunk, recordStart, index, cells, code === CR && lineBreak === 1)) {
              return this.stop('RECORD_TOO_LONG');
            }
            cells = [];
            state = CsvState.CellStart;
            position = index + lineBreak;
            recordStart = position;
          } else if (lineBreak === 0) {
            cell += chunk.slice(position, index + 1);
            position = index + 1;
          } else {
            cell += chunk.slice(position, index);
            state = CsvState.CrInUnquoted;
            position = length;
          }
          continue;
        }
        case CsvState.Quoted: {
          const quote = chunk.indexOf('"', position);
          if (quote === -1) {
            cell += chunk.slice(position);
            position = length;
          } else {
            cell += chunk.slice(position, quote);
            state = CsvState.QuoteInQuoted;
            position = quote + 1;
          }
          continue;
        }
        case CsvState.QuoteInQuoted: {
          const code = chunk.charCodeAt(position);
          if (code === QUOTE) {
            cell += '"';
            state = CsvState.Quoted;
            position += 1;
            continue;
          }
          if (code === COMMA) {
            cells.push(cell);
            state = CsvState.CellStart;
            position += 1;
            continue;
          }
          const lineBreak = code === LF ? 1 : code === CR ? this.crLineBreak(chunk, position) : 0;
          if (lineBreak > 0) {
            cells.push(cell);
            if (!this.endRecord(chunk, recordStart, position, cells, code === CR && lineBreak === 1)) {
              return this.stop('RECORD_TOO_LONG');
            }
            cells = [];
            state = CsvState.CellStart;
            position += lineBreak;
            recordStart = position;
          } else if (lineBreak === 0) {
            return this.stop('MISPLACED_QUOTE');
          } else {
            state = CsvState.CrAfterQuote;
            position = length;
          }
          continue;
        }
        case CsvState.CrInUnquoted:
        case CsvState.CrAfterQuote: {
          const lineFeed = chunk.charCodeAt(position) === LF;
          if (lineFeed || this.lineBreaks === LineBreaks.Undecided) {
            // The CR, counted with the previous chunk, is (part of) the line break.
            this.carriedBytes -= 1;
            cells.push(cell);
            if (!this.endRecord(chunk, recordStart, position, cells, !lineFeed)) {
              return this.stop('RECORD_TOO_LONG');
            }
            cells = [];
            state = CsvState.CellStart;
            if (lineFeed) position += 1;
            recordStart = position;
          } else if (state === CsvState.CrInUnquoted) {
            cell += '\r';
            state = CsvState.Unquoted;
          } else {
            return this.stop('MISPLACED_QUOTE');
          }
          continue;
        }
      }
    }
    this.state = state;
    this.cells = cells;
    this.cell = cell;
    if (recordStart < length) {
      this.carriedBytes += Buffer.byteLength(chunk.slice(recordStart), 'utf8');
      // One byte of slack for the CR of a CRLF whose LF has not arrived yet.
      const slack = state === CsvState.CrInUnquoted || state === CsvState.CrAfterQuote ? 1 : 0;
      if (this.carriedBytes > this.maxLineBytes + slack) this.stop('RECORD_TOO_LONG');
    }
  }

  /** Ends the text: completes the last record, which needs no line break. */
  end(): void {
    if (this.failure !== undefined) return;
    switch (this.state) {
      case CsvState.Quoted:
        return this.stop('UNCLOSED_QUOTE');
      case CsvState.CellStart:
        // Nothing read since the last line break: no record.
        if (this.cells.length === 0) return;
        this.cells.push('');
        break;
      case CsvState.CrInUnquoted:
      case CsvState.CrAfterQuote:
        // A CR at the very end is a line break, as in the NDJSON reader.
        this.carriedBytes -= 1;
        this.cells.push(this.cell);
        break;
      default:
        this.cells.push(this.cell);
    }
    if (!this.endRecord('', 0, 0, this.cells, false)) this.stop('RECORD_TOO_LONG');
    this.cells = [];
    this.state = CsvState.CellStart;
  }

  /**
   * What the CR at `index` is: 2 for a CRLF, 1 for a CR alone that ends the line, 0 for a CR alone that
   * is cell text (or a misplaced character after a quote), -1 when the chunk ends before that is known.
   */
  private crLineBreak(chunk: string, index: number): number {
    if (chunk.charCodeAt(index + 1) === LF) return 2;
    if (this.lineBreaks === LineBreaks.Cr) return 1;
    if (index + 1 === chunk.length) return -1;
    return this.lineBreaks === LineBreaks.Undecided ? 1 : 0;
  }

  /** Checks the size of the record that ends before `end`; keeps it unless it is a blank line. */
  private endRecord(
    chunk: string,
    recordStart: number,
    end: number,
    cells: string[],
    endsWithLoneCr: boolean,
  ): boolean {
    if (this.lineBreaks === LineBreaks.Undecided) {
      this.lineBreaks = endsWithLoneCr ? LineBreaks.Cr : LineBreaks.LfOrCrlf;
    }
    const fits = this.fitsLimit(chunk, recordStart, end);
    const blank = end === recordStart && this.carriedBytes === 0;
    this.carriedBytes = 0;
    if (!fits) return false;
    if (!blank) this.records.push(cells);
    return true;
  }

  /** Whether the carried bytes and the chunk's text from `start` to `end` fit within the limit. */
  private fitsLimit(chunk: string, start: number, end: number): boolean {
    // A UTF-16 unit is at most 3 UTF-8 bytes: most records need no counting.
    if (this.carriedBytes + (end - start) * 3 <= this.maxLineBytes) return true;
    return this.carriedBytes + Buffer.byteLength(chunk.slice(start, end), 'utf8') <= this.maxLineBytes;
  }

  private stop(failure: CsvFailure): void {
    this.failure = failure;
  }
}

/** The cells of a line without quotes. */
function splitAtCommas(chunk: string, start: number, end: number): string[] {
  const cells: string[] = [];
  let cellStart = start;
  for (;;) {
    const comma = chunk.indexOf(',', cellStart);
    if (comma === -1 || comma >= end) break;
    cells.push(chunk.slice(cellStart, comma));
    cellStart = comma + 1;
  }
  cells.push(chunk.slice(cellStart, end));
  return cells;
}

/** Turns a CSV reading failure into a StreamError; `failingRow` is undefined while in the header. */
function csvReadingError(
  failure: CsvFailure,
  maxLineBytes: number,
  failingRow: number | undefined,
): StreamError {
  switch (failure) {
    case 'RECORD_TOO_LONG':
      return StreamError.lineTooLong(
        maxLineBytes,
        failingRow,
        failingRow === undefined ? 'the header row' : 'the row',
        ' (a quoted cell that is never closed has this effect too)',
      );
    case 'UNCLOSED_QUOTE':
      return StreamError.csvQuoting(failingRow, true);
    case 'MISPLACED_QUOTE':
      return StreamError.csvQuoting(failingRow, false);
  }
}

async function* readCsv(text: AsyncIterable<string>, maxLineBytes: number): AsyncGenerator<SourceRow[]> {
  const reader = new CsvRecordReader(maxLineBytes);
  let columns: string[] | undefined;
  let protoColumn = false;
  let rowNumber = 0;
  for await (const chunk of withEndMarker(text)) {
    if (chunk === undefined) reader.end();
    else reader.write(chunk);
    const rows: SourceRow[] = [];
    for (const cells of reader.takeRecords()) {
      if (columns === undefined) {
        columns = headerColumns(cells);
        protoColumn = columns.includes('__proto__');
        continue;
      }
      rowNumber += 1;
      if (cells.length !== columns.length) {
        if (rows.length > 0) yield rows;
        throw StreamError.csvCellCount(rowNumber, cells.length, columns.length);
      }
      rows.push({
        rowNumber,
        values: protoColumn ? rowValuesSafely(columns, cells) : rowValues(columns, cells),
      });
    }
    if (rows.length > 0) yield rows;
    if (reader.failure !== undefined) {
      throw csvReadingError(reader.failure, maxLineBytes, columns === undefined ? undefined : rowNumber + 1);
    }
  }
  if (columns === undefined) throw StreamError.empty('the upload is empty: it has neither a header nor rows');
  if (rowNumber === 0) throw StreamError.empty('the upload has a header but no rows');
}

/** The chunks of `text`, then undefined to mark its end. */
async function* withEndMarker(text: AsyncIterable<string>): AsyncGenerator<string | undefined> {
  yield* text;
  yield undefined;
}

function rowValues(columns: string[], cells: string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (let index = 0; index < columns.length; index += 1) values[columns[index]] = cells[index];
  return values;
}

/** For a header with a column named "__proto__": fromEntries defines it as an own property, not the prototype. */
function rowValuesSafely(columns: string[], cells: string[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((name, index) => [name, cells[index]]));
}
