import type { EntityManager } from '@mikro-orm/postgresql';
import { isUuid } from '../../input-checks';
import { AppError } from '../../errors/app-error';
import type { PageRequest } from '../../graphql/pagination';
import type { Viewer } from '../identity/viewer';
import { Delivery } from './delivery.entity';
import type { DeliveryStatus } from './exchange.enums';

export interface DeliveryFilter {
  itemCode?: string | null;
  providerUnitCode?: string | null;
  status?: DeliveryStatus | null;
  receivedFrom?: Date | null;
  receivedTo?: Date | null;
}

/** Reads the delivery ledger: the city's data authority sees every unit's deliveries, a unit its own. */
export class DeliveryLedgerService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
  ) {}

  private get seesAll(): boolean {
    return this.viewer.overseesCity;
  }

  async list(filter: DeliveryFilter, page: PageRequest) {
    if (filter.providerUnitCode && filter.providerUnitCode !== this.viewer.unitCode && !this.seesAll) {
      throw AppError.forbidden('A unit sees only its own deliveries');
    }
    const where: Record<string, unknown> = {};
    const provider = filter.providerUnitCode ?? (this.seesAll ? undefined : this.viewer.unitCode);
    if (provider) where.provider = provider;
    if (filter.itemCode) where.itemCode = filter.itemCode;
    if (filter.status) where.status = filter.status;
    if (filter.receivedFrom || filter.receivedTo) {
      where.receivedAt = {
        ...(filter.receivedFrom ? { $gte: filter.receivedFrom } : {}),
        ...(filter.receivedTo ? { $lt: filter.receivedTo } : {}),
      };
    }
    const [deliveries, totalCount] = await this.em.findAndCount(Delivery, where, {
      orderBy: { receivedAt: 'desc', id: 'asc' },
      limit: page.limit,
      offset: page.offset,
    });
    return { deliveries, totalCount };
  }

  /** One delivery, or null when it does not exist or is another unit's. */
  async find(id: string): Promise<Delivery | null> {
    if (!isUuid(id)) return null;
    const delivery = await this.em.findOne(Delivery, { id });
    if (!delivery || (!this.seesAll && delivery.provider.code !== this.viewer.unitCode)) return null;
    return delivery;
  }
}
