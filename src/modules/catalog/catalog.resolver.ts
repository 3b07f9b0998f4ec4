import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { encodeCursor, pageRequest } from '../../graphql/pagination';
import { Unit } from '../unit/unit.entity';
import { AnnexCategory } from './annex-category.entity';
import { CatalogEdition } from './catalog-edition.entity';
import { CatalogField, CatalogItem } from './catalog-item.entity';
import { CatalogItemStatus, EditionStatus } from './catalog.enums';
import { CatalogItemFilterInput, CatalogItemInput, DraftCatalogEditionInput } from './catalog.inputs';
import { describeDueRule, describeMasking } from './catalog.mapper';
import { CatalogService } from './catalog.service';
import { CatalogDiff, CatalogItemConnection, DueRule, MaskingRule } from './catalog.type';
import { EditionService } from './edition.service';
import type { PlacedItemDefinition } from './item-definition';

@Resolver(() => CatalogItem)
export class CatalogItemResolver {
  @Query(() => CatalogItemConnection, { description: 'Catalogue items, filtered and paged (Relay connection)' })
  async catalogItems(
    @Ctx() { em, viewer }: HubContext,
    @Arg('filter', () => CatalogItemFilterInput, { nullable: true }) filter?: CatalogItemFilterInput,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, default 50, at most 500' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<CatalogItemConnection> {
    const page = pageRequest(first, after);
    const { items, totalCount, offset } = await new CatalogService(em, viewer).listItems(filter ?? {}, page);
    const edges = items.map((node, index) => ({ cursor: encodeCursor(offset + index), node }));
    return {
      edges,
      nodes: items,
      totalCount,
      pageInfo: {
        hasNextPage: offset + items.length < totalCount,
        hasPreviousPage: offset > 0,
        startCursor: edges[0]?.cursor,
        endCursor: edges.at(-1)?.cursor,
      },
    };
  }

  @Query(() => CatalogItem, { nullable: true, description: 'One item by code, in the current catalogue or an edition' })
  async catalogItem(
    @Ctx() { em, viewer }: HubContext,
    @Arg('code', () => String) code: string,
    @Arg('edition', () => String, { nullable: true }) edition?: string,
  ): Promise<CatalogItem | null> {
    return new CatalogService(em, viewer).findItem(code, edition);
  }

  @FieldResolver(() => Unit, { description: '信息资源提供方 (来源单位)' })
  async provider(@Root() item: CatalogItem, @Ctx() { loaders }: HubContext): Promise<Unit> {
    return (await loaders.unitByCode.load(item.provider.code))!;
  }

  @FieldResolver(() => [CatalogField], { description: '信息项, in order' })
  async fields(@Root() item: CatalogItem, @Ctx() { loaders }: HubContext): Promise<CatalogField[]> {
    return loaders.fieldsByItemId.load(item.id);
  }

  @FieldResolver(() => String, { description: 'Code of the edition this version of the item belongs to' })
  edition(@Root() item: CatalogItem): string {
    return item.edition.code;
  }

  @FieldResolver(() => CatalogItemStatus)
  async status(@Root() item: CatalogItem, @Ctx() { loaders }: HubContext): Promise<CatalogItemStatus> {
    if (item.deprecated) return CatalogItemStatus.DEPRECATED;
    const edition = await loaders.editionByCode.load(item.edition.code);
    return edition?.status === EditionStatus.PUBLISHED ? CatalogItemStatus.PUBLISHED : CatalogItemStatus.DRAFT;
  }

  @FieldResolver(() => Date, { nullable: true, description: '发布日期 of the edition holding this version' })
  async publishedAt(@Root() item: CatalogItem, @Ctx() { loaders }: HubContext): Promise<Date | undefined> {
    return (await loaders.editionByCode.load(item.edition.code))?.publishedAt;
  }

  @FieldResolver(() => String, { description: 'The due rule in words, e.g. 每月更新，周期结束后第10个工作日内报送' })
  dueRule(@Root() item: CatalogItem): string {
    return describeDueRule(item);
  }

  @FieldResolver(() => DueRule, { nullable: true, description: 'The due rule as data; null for REALTIME and ON_DEMAND' })
  due(@Root() item: CatalogItem): DueRule | null {
    if (item.dueWorkingDays === null || item.dueWorkingDays === undefined) return null;
    return { workingDaysAfterPeriod: item.dueWorkingDays, time: item.dueTime ?? undefined };
  }

  @FieldResolver(() => String, { nullable: true, description: 'The annex category in the regulation’s words' })
  async annexCategoryTitle(@Root() item: CatalogItem, @Ctx() { loaders }: HubContext): Promise<string | undefined> {
    if (!item.annex || !item.annexCategory) return undefined;
    return loaders.annexCategoryTitle.load(`${item.annex}-${item.annexCategory}`);
  }

  @FieldResolver(() => String, { description: '开放属性: shared items are never opened to the public' })
  openAttribute(): string {
    return '不予开放';
  }
}

@Resolver(() => CatalogField)
export class CatalogFieldResolver {
  @FieldResolver(() => String, { description: 'Masking rule as one token: NONE, SHOW_FIRST_LAST(6,4), REDACT, HASH, NULLIFY, DATE_TO_YEAR' })
  masking(@Root() field: CatalogField): string {
    return describeMasking(field);
  }

  @FieldResolver(() => MaskingRule)
  maskingRule(@Root() field: CatalogField): MaskingRule {
    return { rule: field.maskingRule, first: field.maskFirst ?? undefined, last: field.maskLast ?? undefined };
  }
}

/** Turns the GraphQL input into the definition shape the catalogue files use. */
export function definitionOf(input: CatalogItemInput): PlacedItemDefinition {
  const { providerUnitCode, relatedItemCodes, ...rest } = input;
  return { ...rest, provider: providerUnitCode, relatedItems: relatedItemCodes };
}

@Resolver(() => CatalogEdition)
export class CatalogEditionResolver {
  @Query(() => [CatalogEdition], { description: 'Editions, newest first; drafts only for their editors' })
  async catalogEditions(
    @Ctx() { em, viewer }: HubContext,
    @Arg('jurisdiction', () => String, { nullable: true }) jurisdiction?: string,
  ): Promise<CatalogEdition[]> {
    return new CatalogService(em, viewer).listEditions(jurisdiction);
  }

  @Query(() => CatalogEdition, { nullable: true })
  async catalogEdition(@Ctx() { em, viewer }: HubContext, @Arg('code', () => String) code: string): Promise<CatalogEdition | null> {
    const service = new CatalogService(em, viewer);
    const edition = await em.findOne(CatalogEdition, { code });
    return edition && service.canSee(edition) ? edition : null;
  }

  @Query(() => CatalogDiff, { description: 'What changed from one edition to another' })
  async catalogDiff(
    @Ctx() { em, viewer }: HubContext,
    @Arg('from', () => String) from: string,
    @Arg('to', () => String) to: string,
  ): Promise<CatalogDiff> {
    return new CatalogService(em, viewer).diff(from, to);
  }

  @Query(() => [AnnexCategory], { description: 'The categories of 附件1 and 附件2' })
  async annexCategories(@Ctx() { em, viewer }: HubContext): Promise<AnnexCategory[]> {
    return new CatalogService(em, viewer).annexCategories();
  }

  @Mutation(() => CatalogEdition, { description: 'Opens the next edition of the viewer’s catalogue as a draft' })
  async draftCatalogEdition(
    @Ctx() { em, viewer }: HubContext,
    @Arg('input', () => DraftCatalogEditionInput) input: DraftCatalogEditionInput,
  ): Promise<CatalogEdition> {
    return new EditionService(em, viewer).draft(input);
  }

  @Mutation(() => CatalogItem, { description: 'Adds an item to a draft, or replaces the one with the same code' })
  async upsertCatalogItem(
    @Ctx() { em, viewer }: HubContext,
    @Arg('edition', () => String) edition: string,
    @Arg('item', () => CatalogItemInput) item: CatalogItemInput,
  ): Promise<CatalogItem> {
    return new EditionService(em, viewer).upsertItem(edition, definitionOf(item));
  }

  @Mutation(() => CatalogItem, { description: 'Marks an item deprecated in a draft' })
  async deprecateCatalogItem(
    @Ctx() { em, viewer }: HubContext,
    @Arg('edition', () => String) edition: string,
    @Arg('code', () => String) code: string,
    @Arg('reason', () => String) reason: string,
  ): Promise<CatalogItem> {
    return new EditionService(em, viewer).deprecateItem(edition, code, reason);
  }

  @Mutation(() => Boolean, { description: 'Takes an item added in this draft out again' })
  async removeCatalogItem(
    @Ctx() { em, viewer }: HubContext,
    @Arg('edition', () => String) edition: string,
    @Arg('code', () => String) code: string,
  ): Promise<boolean> {
    return new EditionService(em, viewer).removeItem(edition, code);
  }

  @Mutation(() => CatalogEdition, {
    description: 'Publishes a draft; it never changes afterwards. The data plane serves its items at once, on every hub process',
  })
  async publishCatalogEdition(@Ctx() { em, viewer, dataPlane }: HubContext, @Arg('code', () => String) code: string): Promise<CatalogEdition> {
    const edition = await new EditionService(em, viewer).publish(code);
    // Other processes hear of it by NOTIFY; this one answers only once its own schema is new.
    await dataPlane.refresh();
    return edition;
  }

  @Mutation(() => Boolean, { description: 'Throws a draft away' })
  async discardCatalogEdition(@Ctx() { em, viewer }: HubContext, @Arg('code', () => String) code: string): Promise<boolean> {
    return new EditionService(em, viewer).discard(code);
  }

  @FieldResolver(() => Unit, { description: 'The city or county whose catalogue this is' })
  async jurisdiction(@Root() edition: CatalogEdition, @Ctx() { loaders }: HubContext): Promise<Unit> {
    return (await loaders.unitByCode.load(edition.jurisdiction.code))!;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The edition this one was drafted from' })
  previous(@Root() edition: CatalogEdition): string | undefined {
    return edition.previous?.code;
  }

  @FieldResolver(() => String, { nullable: true, description: 'For a county supplement: the city edition it layers on' })
  base(@Root() edition: CatalogEdition): string | undefined {
    return edition.base?.code;
  }

  @FieldResolver(() => Boolean)
  isSupplement(@Root() edition: CatalogEdition): boolean {
    return Boolean(edition.base);
  }
}
