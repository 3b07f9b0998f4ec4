import type { EntityManager } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import { AppError } from '../../errors/app-error';
import type { WorkingCalendar } from '../calendar/working-calendar';
import type { Viewer } from '../identity/viewer';
import { Delivery } from './delivery.entity';
import { type DeliveryTarget, resolveDeliveryTarget } from './delivery-target';
import type { DeliveryDoor, DeliveryMode } from './exchange.enums';
import { ingestDelivery } from './ingest';
import { defaultPeriod, isScheduled, parsePeriod, PeriodError, shanghaiDate } from './periods';
import { type SourceRow, StreamError } from './record-stream';

export interface DeliverRequest {
  itemCode: string;
  mode: DeliveryMode;
  door: DeliveryDoor;
  idempotencyKey?: string | null;
  period?: string | null;
  columns?: string[];
  /** The rows in batches (a bulk upload yields one batch per chunk read; a GraphQL delivery is one batch). */
  batches: AsyncIterable<readonly SourceRow[]> | Iterable<readonly SourceRow[]>;
  onProgress?: (rows: number) => void;
  /** The target `prepare` already resolved (the HTTP door checks it before reading the body). */
  target?: DeliveryTarget;
}

/** An upload that cannot be parsed, as the client sees it: where, and the reader's code. */
export function unreadableUpload(error: StreamError): AppError {
  const where = error.rowNumber ? ` at row ${error.rowNumber}` : '';
  return AppError.badInput(`The upload cannot be read${where}: ${error.message}; nothing was delivered`, [
    { path: error.rowNumber ? `rows/${error.rowNumber}` : 'body', message: error.code },
  ]);
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const EARLIEST_PERIOD_END = '1900-01-01';

/** The one path every door (GraphQL, HTTP bulk, CLI) takes to land a delivery. */
export class DeliveryService {
  constructor(
    private readonly em: EntityManager,
    private readonly pool: Pool,
    private readonly viewer: Viewer,
    private readonly calendar: WorkingCalendar,
  ) {}

  /** Checks who may deliver what, before a single row is read. */
  async prepare(itemCode: string) {
    return resolveDeliveryTarget(this.em, this.viewer, itemCode);
  }

  async deliver(request: DeliverRequest): Promise<{ delivery: Delivery; replayed: boolean }> {
    const receivedAt = new Date();
    const { item, spec } = request.target ?? (await this.prepare(request.itemCode));
    if (
      request.idempotencyKey !== undefined &&
      request.idempotencyKey !== null &&
      !IDEMPOTENCY_KEY.test(request.idempotencyKey)
    ) {
      throw AppError.badInput('idempotencyKey must be 1 to 200 printable ASCII characters', [
        { path: 'idempotencyKey', message: 'invalid' },
      ]);
    }
    let period: string | null = null;
    if (isScheduled(item.updateCycle)) {
      try {
        const today = shanghaiDate(receivedAt);
        if (request.period) {
          const named = parsePeriod(item.updateCycle, request.period);
          if (named.start > today) throw new PeriodError(`period ${named.label} has not started yet`);
          // Older records may be delivered late, but no shared register goes back before 1900.
          if (named.end < EARLIEST_PERIOD_END)
            throw new PeriodError(
              `period ${named.label} ends before ${EARLIEST_PERIOD_END}: is the year right?`,
            );
          period = named.label;
        } else {
          period = defaultPeriod(item.updateCycle, today, this.calendar)?.label ?? null;
        }
      } catch (error) {
        if (error instanceof PeriodError)
          throw AppError.badInput(error.message, [{ path: 'period', message: 'invalid' }]);
        throw error;
      }
    } else if (request.period) {
      throw AppError.badInput(`Item ${item.code} is ${item.updateCycle}: its deliveries cover no period`, [
        { path: 'period', message: 'not applicable' },
      ]);
    }
    try {
      const result = await ingestDelivery(this.pool, {
        ...request,
        viewer: this.viewer,
        spec,
        period,
        periodNamed: Boolean(request.period),
        receivedAt,
      });
      const delivery = await this.em.findOneOrFail(Delivery, { id: result.deliveryId });
      return { delivery, replayed: result.replayed };
    } catch (error) {
      throw error instanceof StreamError ? unreadableUpload(error) : error;
    }
  }
}
