import { SingleBar } from 'cli-progress';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';

export interface DeliverOptions {
  item: string;
  file: string;
  url: string;
  key: string;
  mode: string;
  period?: string;
  charset?: string;
  idempotencyKey?: string;
}

interface DeliveryAnswer {
  id: string;
  status: string;
  period: string | null;
  rowsReceived: number;
  rowsAccepted: number;
  rowsRejected: number;
  rowsInvalid: number | null;
  rowsNew: number;
  rowsChanged: number;
  rowsUnchanged: number;
  rejections: { row: number; field: string | null; code: string; message: string }[];
  rejectionsTruncated: boolean;
}

function contentTypeFor(file: string, charset?: string): string {
  const extension = path.extname(file).toLowerCase();
  const type =
    extension === '.csv'
      ? 'text/csv'
      : ['.ndjson', '.jsonl'].includes(extension)
        ? 'application/x-ndjson'
        : undefined;
  if (!type) throw new Error(`${file}: use a .csv file (with a header row) or a .ndjson / .jsonl file`);
  return charset ? `${type}; charset=${charset}` : type;
}

/** SHA-256 of the file: the default idempotency key, so running the same command twice lands once. */
async function fileDigest(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function printSummary(answer: DeliveryAnswer, seconds: number): void {
  const rate = Math.round(answer.rowsReceived / Math.max(seconds, 0.001));
  console.log(
    `Delivery ${answer.id}: ${answer.status}${answer.period ? ` for period ${answer.period}` : ''}`,
  );
  console.log(
    `  rows received ${answer.rowsReceived}, accepted ${answer.rowsAccepted} (new ${answer.rowsNew}, changed ${answer.rowsChanged}, ` +
      `unchanged ${answer.rowsUnchanged}), rejected ${answer.rowsRejected}` +
      // A STRICT delivery refused for a few bad rows rejects them all: say how many were bad.
      (answer.rowsInvalid !== null && answer.rowsInvalid !== answer.rowsRejected
        ? ` (${answer.rowsInvalid} invalid)`
        : '') +
      `; ${seconds.toFixed(1)} s, ${rate} rows/s`,
  );
  if (answer.rejections.length === 0) return;
  console.log(
    `  rejected rows${answer.rejectionsTruncated ? ` (first ${answer.rejections.length} problems)` : ''}:`,
  );
  console.log(`  ${'row'.padStart(8)}  ${'field'.padEnd(28)} ${'code'.padEnd(14)} message`);
  for (const rejection of answer.rejections) {
    console.log(
      `  ${String(rejection.row).padStart(8)}  ${(rejection.field ?? '-').padEnd(28)} ${rejection.code.padEnd(14)} ${rejection.message}`,
    );
  }
}

/**
 * `npm run hub -- deliver --item <code> <file>`: uploads a file to the running hub's bulk door with a
 * progress bar (rows, rate, ETA), then prints what became of every row. Exit code: 0 accepted,
 * 2 partially accepted, 1 rejected or failed.
 */
export async function deliverFile(options: DeliverOptions): Promise<number> {
  const stat = fs.statSync(options.file);
  const contentType = contentTypeFor(options.file, options.charset);
  // The same file for the same item, mode and period (or, with no period named, on the same day) lands
  // once; next month's unchanged file, or the same file sent again in another mode, is a new delivery.
  const scope = options.period ?? `day-${new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)}`;
  const mode = options.mode.toUpperCase();
  const idempotencyKey =
    options.idempotencyKey ??
    `file-sha256:${await fileDigest(options.file)}:${options.item}:${mode}:${scope}`;
  const started = Date.now();
  let bytes = 0;
  let lineFeeds = 0;
  let carriageReturns = 0;
  // Rows so far, from line breaks (a CSV header is not a row; files from old Macs end lines with CR).
  const header = contentType.startsWith('text/csv') ? 1 : 0;
  const rowsSoFar = () => Math.max(0, (lineFeeds > 0 ? lineFeeds : carriageReturns) - header);
  const bar = process.stderr.isTTY
    ? new SingleBar({
        format: ' {bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}',
        stream: process.stderr,
        hideCursor: true,
      })
    : undefined;
  bar?.start(stat.size, 0, { rows: 0, rate: 0 });
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      for (const byte of chunk) {
        if (byte === 0x0a) lineFeeds += 1;
        else if (byte === 0x0d) carriageReturns += 1;
      }
      const seconds = (Date.now() - started) / 1000;
      const rows = rowsSoFar();
      bar?.update(bytes, { rows, rate: Math.round(rows / Math.max(seconds, 0.001)) });
      done(null, chunk);
    },
  });
  const body = Readable.toWeb(fs.createReadStream(options.file).pipe(meter)) as ReadableStream;
  const query = new URLSearchParams({
    mode,
    ...(options.period ? { period: options.period } : {}),
  });
  let response: Response;
  try {
    response = await fetch(
      `${options.url.replace(/\/$/, '')}/deliveries/${encodeURIComponent(options.item)}?${query}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.key}`,
          'content-type': contentType,
          'idempotency-key': idempotencyKey,
          'x-hub-door': 'CLI',
        },
        body,
        duplex: 'half',
      } as RequestInit,
    );
  } finally {
    bar?.stop();
  }
  const text = await response.text();
  let answer: DeliveryAnswer & { errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    // A proxy in front of the hub (a body size limit, a gateway error) answers in HTML.
    console.error(
      `Delivery failed: ${options.url} answered HTTP ${response.status} ${response.statusText} without the hub's JSON; ` +
        'is --url the hub, and does a proxy before it limit the upload size?',
    );
    return 1;
  }
  if (!response.ok) {
    const error = answer.errors?.[0];
    console.error(
      `Delivery refused (${error?.extensions?.code ?? response.status}): ${error?.message ?? response.statusText}`,
    );
    return 1;
  }
  if (response.headers.get('idempotent-replayed'))
    console.log('This file was delivered before; the hub returned that delivery and landed nothing twice.');
  printSummary(answer, (Date.now() - started) / 1000);
  return answer.status === 'ACCEPTED' ? 0 : answer.status === 'PARTIALLY_ACCEPTED' ? 2 : 1;
}
