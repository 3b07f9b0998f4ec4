import type { MikroORM } from '@mikro-orm/postgresql';
import type { Express, Request, Response } from 'express';
import { createGunzip } from 'node:zlib';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-code';
import { loggableError } from '../errors/loggable-error';
import type { HubServices } from '../graphql/context';
import type { Logger } from '../logger';
import { DeliveryService, unreadableUpload } from '../modules/exchange/delivery.service';
import { DeliveryDoor, DeliveryMode } from '../modules/exchange/exchange.enums';
import { deliveryView } from '../modules/exchange/exchange.mapper';
import {
  parseContentType,
  readRowBatches,
  type SourceRow,
  StreamError,
} from '../modules/exchange/record-stream';
import { authenticate } from '../modules/identity/identity.service';
import { Unit } from '../modules/unit/unit.entity';

const STATUS_FOR: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
};

function sendError(res: Response, error: AppError): void {
  if (res.headersSent) return;
  res.status(STATUS_FOR[error.code] ?? 400).json({
    errors: [
      {
        message: error.message,
        extensions: { code: error.code, ...(error.problems.length ? { problems: error.problems } : {}) },
      },
    ],
  });
}

/** The bytes of a gzip-compressed upload, unzipped as they stream in. */
async function* gunzipped(req: Request): AsyncGenerator<Buffer> {
  const gunzip = createGunzip();
  // An aborted or stalled upload ends the unzipping with its error.
  req.on('error', (error) => gunzip.destroy(error));
  req.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    if (
      typeof (error as { code?: unknown }).code === 'string' &&
      (error as { code: string }).code.startsWith('Z_')
    )
      throw new StreamError(
        'INVALID_COMPRESSION',
        'the upload is not valid gzip data, yet came with Content-Encoding: gzip',
      );
    throw error;
  }
}

/** The upload's bytes: as sent, or unzipped when sent with Content-Encoding: gzip (large files travel compressed). */
function uploadBytes(req: Request): Request | AsyncGenerator<Buffer> {
  const encoding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity') return req;
  if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipped(req);
  const shown = /^[a-z0-9-]{1,20}$/.test(encoding) ? ` ${encoding}` : '';
  throw new AppError(
    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    `Content-Encoding${shown} is not supported: send the file as it is, or compressed with gzip`,
  );
}

/** Reads the first batch of rows, and gives back a stream that still starts with it. */
async function peek(
  source: AsyncGenerator<SourceRow[]>,
): Promise<{ first?: SourceRow; batches: AsyncGenerator<SourceRow[]> }> {
  const head = await source.next();
  async function* batches(): AsyncGenerator<SourceRow[]> {
    if (head.done) return;
    yield head.value;
    yield* source;
  }
  return { first: head.done ? undefined : head.value[0], batches: batches() };
}

/**
 * POST /deliveries/{itemCode}: the bulk door for integrators. The body (NDJSON or CSV, UTF-8 or GBK,
 * gzip-compressed or not) is parsed, validated and copied into PostgreSQL as it streams in; the answer
 * is the Delivery, as JSON. Query parameters: mode=STRICT|PARTIAL, period=<label>; headers
 * Idempotency-Key, Content-Encoding: gzip; X-Hub-Door: CLI for the CLI.
 */
export function mountDeliveries(app: Express, orm: MikroORM, services: HubServices, logger: Logger): void {
  app.post('/deliveries/:itemCode', async (req: Request, res: Response) => {
    const em = orm.em.fork();
    // A client that stops sending would hold its delivery's transaction (and the item's lock) open:
    // cut it off, and the delivery rolls back like any interrupted one.
    req.setTimeout(services.uploadIdleSeconds * 1000, () => {
      req.destroy(new StreamError('STALLED', `the upload sent nothing for ${services.uploadIdleSeconds} s`));
    });
    try {
      const viewer = await authenticate(services.dataPlane.pool, req.headers.authorization);
      const { format, charset } = parseContentType(req.headers['content-type']);
      if (!format) {
        throw new AppError(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          'Send the records as text/csv (with a header row) or application/x-ndjson (one JSON object per line)',
        );
      }
      const bytes = uploadBytes(req);
      const modeParameter = String(req.query.mode ?? DeliveryMode.STRICT).toUpperCase();
      if (!Object.values(DeliveryMode).includes(modeParameter as DeliveryMode)) {
        throw AppError.badInput('mode must be STRICT or PARTIAL', [{ path: 'mode', message: 'invalid' }]);
      }
      if (Array.isArray(req.query.period) || Array.isArray(req.query.mode)) {
        throw AppError.badInput('give period and mode at most once', [
          { path: 'query', message: 'repeated parameter' },
        ]);
      }
      const service = new DeliveryService(em, services.pool, viewer, services.calendar);
      // Refuse a wrong item or provider before reading the body.
      const target = await service.prepare(String(req.params.itemCode));
      // A CSV header is checked before any row: an unknown column rejects the delivery outright.
      const { first, batches } = await peek(readRowBatches(bytes, { format, charset }));
      const idempotencyKey = req.get('idempotency-key');
      const { delivery, replayed } = await service.deliver({
        itemCode: String(req.params.itemCode),
        mode: modeParameter as DeliveryMode,
        door: req.get('x-hub-door')?.toUpperCase() === 'CLI' ? DeliveryDoor.CLI : DeliveryDoor.HTTP,
        idempotencyKey: idempotencyKey ?? null,
        period: typeof req.query.period === 'string' ? req.query.period : null,
        columns: format === 'csv' && first ? Object.keys(first.values) : undefined,
        batches,
        target,
      });
      const provider = await em.findOneOrFail(Unit, { code: delivery.provider.code });
      if (replayed) res.setHeader('Idempotent-Replayed', 'true');
      res.status(replayed ? 200 : 201).json(deliveryView(delivery, provider));
    } catch (error) {
      // An answer that goes out before the body was read to its end closes the connection: the rest
      // of the body (maybe a gigabyte) is never read, and the client must not send its next request
      // on a connection that nothing reads any more.
      if (!req.complete && !res.headersSent) res.setHeader('connection', 'close');
      if (error instanceof AppError) sendError(res, error);
      else if (error instanceof StreamError) sendError(res, unreadableUpload(error));
      else {
        logger.error({ error: loggableError(error) }, 'delivery failed');
        if (!res.headersSent) {
          res.status(500).json({
            errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
          });
        }
      }
    } finally {
      // The upload's idle timeout must not cut the connection after the answer.
      req.socket?.setTimeout(0);
    }
  });
}
