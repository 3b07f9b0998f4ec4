import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { AppError } from '../../errors/app-error';
import type { HubContext } from '../../graphql/context';
import { MAX_PAGE_SIZE, offsetPageInfo, pageRequest } from '../../graphql/pagination';
import type { Delivery } from './delivery.entity';
import { DeliveryLedgerService } from './delivery-ledger.service';
import { DeliveryService } from './delivery.service';
import { DeliveryDoor, DeliveryMode } from './exchange.enums';
import { DeliveryFilterInput, RecordFilterInput } from './exchange.inputs';
import { deliveryView, recordViews } from './exchange.mapper';
import {
  DeliveryConnection,
  DeliveryPeriodType,
  DeliveryType,
  LateDeliveryType,
  SharedRecordConnection,
  SharedRecordVersion,
} from './exchange.type';
import { recordCursor, RecordService } from './record.service';
import { NOT_AN_OBJECT } from './row-validator';
import { ScheduleService } from './schedule.service';

/** Most rows one GraphQL delivery may carry; larger files go through POST /deliveries/{itemCode}. */
export const GRAPHQL_DELIVERY_MAX_ROWS = 10_000;

async function view(context: HubContext, delivery: Delivery): Promise<DeliveryType> {
  return deliveryView(delivery, (await context.loaders.unitByCode.load(delivery.provider.code))!);
}

@Resolver()
export class ExchangeResolver {
  @Mutation(() => DeliveryType, {
    description:
      'Delivers records of an item your unit provides; atomic; a retry with the same idempotencyKey lands nothing twice',
  })
  async deliverRecords(
    @Ctx() context: HubContext,
    @Arg('itemCode', () => String) itemCode: string,
    @Arg('records', () => [GraphQLJSON], { description: 'One JSON object per record: field code → value' })
    records: unknown[],
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey?: string,
    // Nullable, as clients often send an unset variable as null: null means the default.
    @Arg('mode', () => DeliveryMode, { nullable: true, defaultValue: DeliveryMode.STRICT })
    mode: DeliveryMode | null = DeliveryMode.STRICT,
    @Arg('period', () => String, {
      nullable: true,
      description: 'Period covered; default: the last period that has ended',
    })
    period?: string,
  ): Promise<DeliveryType> {
    if (records.length > GRAPHQL_DELIVERY_MAX_ROWS) {
      throw AppError.badInput(
        `At most ${GRAPHQL_DELIVERY_MAX_ROWS} records per GraphQL delivery; send larger files to POST /deliveries/${itemCode}`,
      );
    }
    const rows = records.map((values, index) => ({
      rowNumber: index + 1,
      // A record that is not an object is rejected as a row of one unknown field.
      values:
        values && typeof values === 'object' && !Array.isArray(values)
          ? (values as Record<string, unknown>)
          : { [NOT_AN_OBJECT]: values },
    }));
    const service = new DeliveryService(context.em, context.pool, context.viewer, context.calendar);
    const { delivery } = await service.deliver({
      itemCode,
      mode: mode ?? DeliveryMode.STRICT,
      door: DeliveryDoor.GRAPHQL,
      idempotencyKey,
      period,
      batches: [rows],
    });
    return view(context, delivery);
  }

  @Query(() => DeliveryConnection, {
    description: 'The delivery ledger (台账): your unit’s deliveries; every unit’s for the data authority',
  })
  async deliveries(
    @Ctx() context: HubContext,
    @Arg('filter', () => DeliveryFilterInput, { nullable: true }) filter?: DeliveryFilterInput,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<DeliveryConnection> {
    const page = pageRequest(first, after);
    const { deliveries, totalCount } = await new DeliveryLedgerService(context.em, context.viewer).list(
      filter ?? {},
      page,
    );
    const nodes = await Promise.all(deliveries.map((delivery) => view(context, delivery)));
    return {
      nodes,
      totalCount,
      pageInfo: offsetPageInfo(page.offset, nodes.length, totalCount),
    };
  }

  @Query(() => DeliveryType, { nullable: true })
  async delivery(
    @Ctx() context: HubContext,
    @Arg('id', () => String) id: string,
  ): Promise<DeliveryType | null> {
    const delivery = await new DeliveryLedgerService(context.em, context.viewer).find(id);
    return delivery ? view(context, delivery) : null;
  }

  @Query(() => SharedRecordConnection, {
    description: 'Records your unit delivered for an item it provides (current versions, or all)',
  })
  async deliveredRecords(
    @Ctx() context: HubContext,
    @Arg('itemCode', () => String) itemCode: string,
    @Arg('filter', () => RecordFilterInput, { nullable: true }) filter?: RecordFilterInput,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<SharedRecordConnection> {
    const limit = first ?? 50;
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE)
      throw AppError.badInput(`first must be from 0 to ${MAX_PAGE_SIZE}`);
    const { rows, hasNextPage } = await new RecordService(context.em, context.viewer).list(
      itemCode,
      filter ?? {},
      limit,
      after,
    );
    return {
      nodes: await recordViews(context.pool, rows),
      pageInfo: {
        hasNextPage,
        hasPreviousPage: Boolean(after),
        startCursor: rows[0] && recordCursor(rows[0]),
        endCursor: rows.length > 0 ? recordCursor(rows.at(-1)!) : undefined,
      },
    };
  }

  @Query(() => [SharedRecordVersion], {
    description: 'Every version of one record your unit delivered, oldest first',
  })
  async recordHistory(
    @Ctx() context: HubContext,
    @Arg('itemCode', () => String) itemCode: string,
    @Arg('businessKey', () => [String]) businessKey: string[],
  ): Promise<SharedRecordVersion[]> {
    const versions = await new RecordService(context.em, context.viewer).history(itemCode, businessKey);
    return recordViews(context.pool, versions);
  }

  @Query(() => [DeliveryPeriodType], {
    description:
      'Expected delivery periods of an item that end between two dates, with their status (NOT_EXPECTED where no edition in force had its provider owe it)',
  })
  async deliverySchedule(
    @Ctx() context: HubContext,
    @Arg('itemCode', () => String) itemCode: string,
    @Arg('from', () => String, { description: 'YYYY-MM-DD: periods ending on or after this day' })
    from: string,
    @Arg('to', () => String, { description: 'YYYY-MM-DD: periods ending on or before this day' }) to: string,
  ): Promise<DeliveryPeriodType[]> {
    return new ScheduleService(context.em, context.viewer, context.calendar).schedule(itemCode, from, to);
  }

  @Query(() => [LateDeliveryType], {
    description:
      'Periods delivered late or not at all, for one unit (any unit for the city’s data authority): those the editions in force had the unit owe, including those of items it has handed on since',
  })
  async lateDeliveries(
    @Ctx() context: HubContext,
    @Arg('unitCode', () => String, { nullable: true }) unitCode?: string,
    @Arg('asOf', () => Date, { nullable: true, description: 'Default: now' }) asOf?: Date,
    @Arg('from', () => String, { nullable: true, description: 'YYYY-MM-DD; default 90 days before asOf' })
    from?: string,
  ): Promise<LateDeliveryType[]> {
    const late = await new ScheduleService(context.em, context.viewer, context.calendar).lateDeliveries(
      unitCode,
      asOf ?? new Date(),
      from,
    );
    return Promise.all(
      late.map(async (state) => ({
        ...state,
        // The unit that owed the period then, which may have handed the item on since.
        provider: (await context.loaders.unitByCode.load(state.providerCode))!,
      })),
    );
  }
}
