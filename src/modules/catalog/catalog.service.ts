import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../errors/app-error';
import type { PageRequest } from '../../graphql/pagination';
import { Role } from '../identity/api-key.entity';
import type { Viewer } from '../identity/viewer';
import { AnnexCategory } from './annex-category.entity';
import { type EditionItem, type ItemChange, diffItems } from './catalog-diff';
import { CatalogEdition } from './catalog-edition.entity';
import { CatalogField, CatalogItem } from './catalog-item.entity';
import { type Direction, EditionStatus, type SharingType, type UpdateCycle } from './catalog.enums';
import { itemDefinitionOf } from './catalog.mapper';

/** The filters of `catalogItems`. */
export interface CatalogItemFilter {
  direction?: Direction | null;
  providerUnitCode?: string | null;
  updateCycle?: UpdateCycle | null;
  sharingType?: SharingType | null;
  annex?: number | null;
  annexCategory?: number | null;
  edition?: string | null;
  search?: string | null;
  includeDeprecated?: boolean | null;
}

export interface CatalogDiffResult {
  from: string;
  to: string;
  items: ItemChange[];
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** Reads the catalogue as a viewer may see it: published editions for all, drafts for their editors. */
export class CatalogService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
  ) {}

  /** True when the viewer may read `edition` (published, or a draft of the viewer's own jurisdiction). */
  canSee(edition: CatalogEdition): boolean {
    if (edition.status === EditionStatus.PUBLISHED) return true;
    return this.viewer.hasRole(Role.DATA_AUTHORITY) && edition.jurisdiction.code === this.viewer.jurisdictionCode;
  }

  /** An edition the viewer may see, or NOT_FOUND (a hidden draft is not distinguishable from none). */
  async visibleEdition(code: string): Promise<CatalogEdition> {
    const edition = await this.em.findOne(CatalogEdition, { code });
    if (!edition || !this.canSee(edition)) throw AppError.notFound('Catalogue edition', code);
    return edition;
  }

  /**
   * The editions whose items make up a view: the named edition (with its base city edition when it is
   * a county supplement), or by default the latest published edition of every jurisdiction.
   */
  async editionScope(editionCode?: string | null): Promise<string[]> {
    if (editionCode) {
      const edition = await this.visibleEdition(editionCode);
      return edition.base ? [edition.base.code, edition.code] : [edition.code];
    }
    return currentEditionCodes(this.em);
  }

  async listItems(
    filter: CatalogItemFilter,
    page: PageRequest,
  ): Promise<{ items: CatalogItem[]; totalCount: number; offset: number }> {
    const scope = await this.editionScope(filter.edition);
    const where: Record<string, unknown> = { edition: { $in: scope } };
    if (!filter.includeDeprecated) where.deprecated = false;
    if (filter.direction) where.direction = filter.direction;
    if (filter.providerUnitCode) where.provider = filter.providerUnitCode;
    if (filter.updateCycle) where.updateCycle = filter.updateCycle;
    if (filter.sharingType) where.sharingType = filter.sharingType;
    if (filter.annex) where.annex = filter.annex;
    if (filter.annexCategory) where.annexCategory = filter.annexCategory;
    const search = filter.search?.trim();
    if (search) {
      if (search.length > 100) throw AppError.badInput('search is at most 100 characters');
      const pattern = likePattern(search);
      const fieldHits = await this.em.find(
        CatalogField,
        { item: { edition: { $in: scope } }, $or: [{ name: { $ilike: pattern } }, { code: { $ilike: pattern } }] },
        { fields: ['item'] },
      );
      where.$or = [
        { name: { $ilike: pattern } },
        { summary: { $ilike: pattern } },
        { code: { $ilike: pattern } },
        { graphqlName: { $ilike: pattern } },
        { id: { $in: [...new Set(fieldHits.map((field) => field.item.id))] } },
      ];
    }
    const [items, totalCount] = await this.em.findAndCount(CatalogItem, where, {
      orderBy: { position: 'asc', code: 'asc' },
      limit: page.limit,
      offset: page.offset,
    });
    return { items, totalCount, offset: page.offset };
  }

  async findItem(code: string, editionCode?: string | null): Promise<CatalogItem | null> {
    const scope = await this.editionScope(editionCode);
    return this.em.findOne(CatalogItem, { code, edition: { $in: scope } });
  }

  /** Editions the viewer may see, newest first; optionally of one jurisdiction. */
  async listEditions(jurisdiction?: string | null): Promise<CatalogEdition[]> {
    const editions = await this.em.find(
      CatalogEdition,
      jurisdiction ? { jurisdiction } : {},
      { orderBy: { jurisdiction: 'asc', number: 'desc' } },
    );
    return editions.filter((edition) => this.canSee(edition));
  }

  /** Every item (deprecated included) of the given editions, with fields, as definitions. */
  async editionItems(scope: string[]): Promise<EditionItem[]> {
    const items = await this.em.find(CatalogItem, { edition: { $in: scope } }, { populate: ['fieldRows'] });
    return items.map((item) => itemDefinitionOf(item, item.fieldRows.getItems()));
  }

  async diff(from: string, to: string): Promise<CatalogDiffResult> {
    const [before, after] = await Promise.all([this.editionScope(from), this.editionScope(to)]);
    const [beforeItems, afterItems] = [await this.editionItems(before), await this.editionItems(after)];
    return { from, to, items: diffItems(beforeItems, afterItems) };
  }

  async annexCategories(): Promise<AnnexCategory[]> {
    return this.em.find(AnnexCategory, {}, { orderBy: { annex: 'asc', number: 'asc' } });
  }
}

/** The current catalogue: the latest published edition of every jurisdiction. */
export async function currentEditionCodes(em: EntityManager): Promise<string[]> {
  const rows = await em
    .getConnection()
    .execute<{ code: string }[]>(
      `select distinct on (jurisdiction_code) code from catalog_edition
        where status = 'PUBLISHED' order by jurisdiction_code, number desc`,
    );
  return rows.map((row) => row.code);
}
