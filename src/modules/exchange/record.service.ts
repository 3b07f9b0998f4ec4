import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../errors/app-error';
import { CatalogService } from '../catalog/catalog.service';
import type { Viewer } from '../identity/viewer';
import { KEY_SEPARATOR } from './row-validator';
import { SharedRecord } from './shared-record.entity';

const MAX_XID8 = 2n ** 64n - 1n;
const MAX_BIGINT = 2n ** 63n - 1n;

export interface RecordFilter {
  subject?: string | null;
  businessKey?: string[] | null;
  updatedSince?: Date | null;
  includeHistory?: boolean | null;
}

/** Records as their provider delivered them: read back by the provider only (consumers come with grants). */
export class RecordService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
  ) {}

  private async assertProvider(itemCode: string): Promise<void> {
    const item = await new CatalogService(this.em, this.viewer).findItem(itemCode);
    if (!item) throw AppError.notFound('Catalogue item', itemCode);
    if (item.provider.code !== this.viewer.unitCode) {
      throw AppError.forbidden(`Only the provider of ${itemCode} reads its delivered records here`);
    }
  }

  /**
   * Current versions (or every version) in the order they landed (the feed's order), paged by a cursor
   * of (transaction, id): a new delivery never shifts a page.
   */
  async list(itemCode: string, filter: RecordFilter, first: number, after?: string | null) {
    await this.assertProvider(itemCode);
    const where: Record<string, unknown> = { itemCode };
    if (!filter.includeHistory) where.supersededAt = null;
    if (filter.subject) where.subject = filter.subject;
    if (filter.businessKey) where.businessKey = filter.businessKey.join(KEY_SEPARATOR);
    if (filter.updatedSince) where.validFrom = { $gte: filter.updatedSince };
    const query = this.em.createQueryBuilder(SharedRecord).where(where);
    if (after) {
      const position = /^(\d{1,20})\.(\d{1,19})$/.exec(after);
      // xid8 and bigint bounds: a number beyond them is no cursor this API returned.
      if (!position || BigInt(position[1]) > MAX_XID8 || BigInt(position[2]) > MAX_BIGINT)
        throw AppError.badInput('after is not a cursor this API returned', [
          { path: 'after', message: 'unknown cursor' },
        ]);
      query.andWhere('(txid, id) > (?::xid8, ?::bigint)', [position[1], position[2]]);
    }
    const rows = await query
      .orderBy({ txid: 'asc', id: 'asc' })
      .limit(first + 1)
      .getResult();
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  /** Every version of one record, oldest first. */
  async history(itemCode: string, businessKey: string[]) {
    await this.assertProvider(itemCode);
    return this.em.find(
      SharedRecord,
      { itemCode, businessKey: businessKey.join(KEY_SEPARATOR) },
      { orderBy: { version: 'asc' } },
    );
  }
}

/** The cursor of a record in `list`'s order. */
export function recordCursor(record: SharedRecord): string {
  return `${record.txid}.${record.id}`;
}
