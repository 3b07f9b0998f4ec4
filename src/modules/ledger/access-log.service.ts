import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../errors/app-error';
import type { PageRequest } from '../../graphql/pagination';
import { CatalogService } from '../catalog/catalog.service';
import { Role } from '../identity/api-key.entity';
import type { Viewer } from '../identity/viewer';
import { AccessLogEntry } from './access-log.entity';

export interface AccessLogFilter {
  itemCode?: string | null;
  unitCode?: string | null;
  subject?: string | null;
  purpose?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** Reads the access ledger: an auditor sees everything, a provider reads of its items, a consumer its own reads. */
export class AccessLogService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
  ) {}

  async list(filter: AccessLogFilter, page: PageRequest) {
    const conditions: Record<string, unknown>[] = [];
    if (!this.viewer.hasRole(Role.AUDITOR)) {
      const { items } = await new CatalogService(this.em, this.viewer).listItems(
        { providerUnitCode: this.viewer.unitCode, includeDeprecated: true },
        { limit: 500, offset: 0 },
      );
      const visible: Record<string, unknown>[] = [{ unitCode: this.viewer.unitCode }];
      if (items.length > 0) visible.push({ itemCodes: { $overlap: items.map((item) => item.code) } });
      conditions.push({ $or: visible });
    }
    if (filter.itemCode) conditions.push({ itemCodes: { $overlap: [filter.itemCode] } });
    if (filter.unitCode) conditions.push({ unitCode: filter.unitCode });
    if (filter.subject) conditions.push({ subjects: { $overlap: [filter.subject] } });
    if (filter.purpose) conditions.push({ purpose: filter.purpose });
    if (filter.from) conditions.push({ occurredAt: { $gte: filter.from } });
    if (filter.to) conditions.push({ occurredAt: { $lt: filter.to } });
    if (filter.from && filter.to && filter.from > filter.to) throw AppError.badInput('from is after to');
    const [entries, totalCount] = await this.em.findAndCount(
      AccessLogEntry,
      conditions.length ? { $and: conditions } : {},
      {
        orderBy: { id: 'desc' },
        limit: page.limit,
        offset: page.offset,
      },
    );
    return { entries, totalCount };
  }
}
