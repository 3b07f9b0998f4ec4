import { ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { graphqlNameProblem } from '../sharing/data-plane/reserved-names';
import { AppError } from '../../errors/app-error';
import { ErrorCode } from '../../errors/error-code';
import { Role } from '../identity/api-key.entity';
import type { Viewer } from '../identity/viewer';
import { Unit, UnitKind } from '../unit/unit.entity';
import { diffItems } from './catalog-diff';
import { CatalogEdition } from './catalog-edition.entity';
import { CatalogItem } from './catalog-item.entity';
import { EditionStatus } from './catalog.enums';
import { createItemRows, itemDefinitionOf } from './catalog.mapper';
import { CatalogService } from './catalog.service';
import { directionForAnnex, type PlacedItemDefinition, validateItemRules, validateItemShape } from './item-definition';

/** Drops null and undefined members (GraphQL inputs carry nulls the JSON Schema does not allow). */
function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNulls) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, member]) => member !== null && member !== undefined)
        .map(([key, member]) => [key, withoutNulls(member)]),
    ) as T;
  }
  return value;
}

/**
 * Drafting and publishing catalogue editions. Only a data authority edits, and only the catalogue of
 * its own jurisdiction: the city's data authority the city editions, a county's its supplement.
 */
export class EditionService {
  private readonly catalog: CatalogService;

  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
  ) {
    this.catalog = new CatalogService(em, viewer);
  }

  private assertEditor(): void {
    if (!this.viewer.hasRole(Role.DATA_AUTHORITY)) throw AppError.forbidden('Only a data authority edits the catalogue');
  }

  /** The draft edition `code`, which the viewer must be allowed to edit. */
  private async editableDraft(code: string): Promise<CatalogEdition> {
    this.assertEditor();
    const edition = await this.em.findOne(CatalogEdition, { code });
    if (!edition || !this.catalog.canSee(edition)) {
      if (edition && edition.status === EditionStatus.DRAFT) {
        throw AppError.forbidden(`Edition ${code} belongs to ${edition.jurisdiction.code}; a data authority edits only its own catalogue`);
      }
      throw AppError.notFound('Catalogue edition', code);
    }
    if (edition.jurisdiction.code !== this.viewer.jurisdictionCode) {
      throw AppError.forbidden(`Edition ${code} belongs to ${edition.jurisdiction.code}; a data authority edits only its own catalogue`);
    }
    if (edition.status !== EditionStatus.DRAFT) {
      throw new AppError(
        ErrorCode.EDITION_NOT_DRAFT,
        `Edition ${code} is published and cannot be changed; draft a new edition to change the catalogue`,
      );
    }
    return edition;
  }

  /** Opens the next edition of the viewer's jurisdiction, starting as a copy of the latest published one. */
  async draft(input: { title: string; notes?: string | null }): Promise<CatalogEdition> {
    this.assertEditor();
    const title = input.title.trim();
    if (title.length < 2 || title.length > 200) throw AppError.badInput('title must be 2 to 200 characters', [{ path: 'title', message: 'length' }]);
    const jurisdiction = await this.em.findOneOrFail(Unit, { code: this.viewer.jurisdictionCode });
    const isCounty = jurisdiction.kind === UnitKind.COUNTY_GOVERNMENT;
    const open = await this.em.findOne(CatalogEdition, { jurisdiction, status: EditionStatus.DRAFT });
    if (open) throw AppError.conflict(`Edition ${open.code} is already being drafted for ${jurisdiction.code}; publish or discard it first`);
    const previous = await this.em.findOne(
      CatalogEdition,
      { jurisdiction, status: EditionStatus.PUBLISHED },
      { orderBy: { number: 'desc' } },
    );
    let base: CatalogEdition | null = null;
    if (isCounty) {
      const cityCode = jurisdiction.parent?.code;
      base = cityCode
        ? await this.em.findOne(CatalogEdition, { jurisdiction: cityCode, status: EditionStatus.PUBLISHED }, { orderBy: { number: 'desc' } })
        : null;
      if (!base) throw AppError.conflict('The city has no published edition for a county supplement to build on');
    }
    const last = await this.em.findOne(CatalogEdition, { jurisdiction }, { orderBy: { number: 'desc' } });
    const number = (last?.number ?? 0) + 1;
    const edition = this.em.create(CatalogEdition, {
      code: `${jurisdiction.code}-${number}`,
      jurisdiction,
      number,
      previous: previous ? ref(previous) : undefined,
      base: base ? ref(base) : undefined,
      status: EditionStatus.DRAFT,
      title,
      notes: input.notes ?? undefined,
      createdAt: new Date(),
      createdBy: this.viewer.keyId,
    });
    if (previous) {
      const items = await this.em.find(CatalogItem, { edition: previous.code }, { populate: ['fieldRows'] });
      for (const item of items) {
        const copy = createItemRows(this.em, edition, itemDefinitionOf(item, item.fieldRows.getItems()));
        copy.deprecated = item.deprecated;
        copy.deprecationReason = item.deprecationReason;
      }
    }
    await this.em.flush();
    return edition;
  }

  /** Adds an item to a draft, or replaces the item with the same code. */
  async upsertItem(editionCode: string, input: PlacedItemDefinition): Promise<CatalogItem> {
    const edition = await this.editableDraft(editionCode);
    const definition = withoutNulls({ ...input });
    if (definition.annex !== undefined && definition.direction === undefined) {
      definition.direction = directionForAnnex(definition.annex);
    }
    const { annex, annexCategory, ...itemOnly } = definition;
    const problems = [...validateItemShape(itemOnly), ...validateItemRules(definition)];
    if (annex !== undefined && ![1, 2].includes(annex)) problems.push({ path: '/annex', message: 'must be 1 or 2' });
    if (annexCategory !== undefined && (annexCategory < 1 || annexCategory > (annex === 2 ? 18 : 26))) {
      problems.push({ path: '/annexCategory', message: `must be within annex ${annex ?? '?'}'s categories` });
    }
    const prefix = `${edition.jurisdiction.code}-`;
    if (!definition.code.startsWith(prefix)) {
      problems.push({ path: '/code', message: `items of ${edition.jurisdiction.code}'s catalogue have codes starting with ${prefix}` });
    }
    if (!(await this.em.findOne(Unit, { code: definition.provider }))) {
      problems.push({ path: '/provider', message: `unknown unit ${definition.provider}` });
    }
    // Names must be unique in what readers see at once: a city edition with every county supplement.
    const scope = edition.base ? [edition.base.code, edition.code] : [edition.code, ...(await this.currentSupplements())];
    const sameName = await this.em.findOne(CatalogItem, {
      edition: { $in: scope },
      graphqlName: definition.graphqlName,
      code: { $ne: definition.code },
    });
    if (sameName) problems.push({ path: '/graphqlName', message: `${definition.graphqlName} is already the name of item ${sameName.code}` });
    const names = await this.em.find(CatalogItem, { edition: { $in: scope }, code: { $ne: definition.code } }, { fields: ['graphqlName'] });
    const clash = graphqlNameProblem(definition.graphqlName, names.map((item) => item.graphqlName));
    if (clash) problems.push({ path: '/graphqlName', message: clash });
    const known = await this.em.find(CatalogItem, { edition: { $in: scope }, code: { $in: definition.relatedItems ?? [] } });
    for (const related of definition.relatedItems ?? []) {
      if (!known.some((item) => item.code === related)) problems.push({ path: '/relatedItems', message: `item ${related} does not exist` });
    }
    if (problems.length > 0) throw AppError.badInput(`Item ${definition.code} is invalid; the draft is unchanged`, problems);

    const existing = await this.em.findOne(CatalogItem, { edition, code: definition.code });
    if (existing) {
      this.em.remove(existing);
      await this.em.flush();
    }
    const item = createItemRows(this.em, edition, { ...definition, annex, annexCategory });
    await this.em.flush();
    return item;
  }

  /** Codes of the latest published edition of each county supplement. */
  private async currentSupplements(): Promise<string[]> {
    const rows = await this.em.getConnection().execute<{ code: string }[]>(
      `select distinct on (jurisdiction_code) code from catalog_edition
        where status = 'PUBLISHED' and base_code is not null order by jurisdiction_code, number desc`,
    );
    return rows.map((row) => row.code);
  }

  /** Marks an item deprecated in a draft: it stays listed (with its reason) but is no longer current. */
  async deprecateItem(editionCode: string, code: string, reason: string): Promise<CatalogItem> {
    const edition = await this.editableDraft(editionCode);
    if (reason.trim().length < 2) throw AppError.badInput('give a reason for the deprecation', [{ path: 'reason', message: 'required' }]);
    const item = await this.em.findOne(CatalogItem, { edition, code });
    if (!item) throw AppError.notFound(`Item in edition ${editionCode}`, code);
    item.deprecated = true;
    item.deprecationReason = reason.trim();
    await this.em.flush();
    return item;
  }

  /** Takes an item added in this draft out again; items of earlier editions are deprecated instead. */
  async removeItem(editionCode: string, code: string): Promise<boolean> {
    const edition = await this.editableDraft(editionCode);
    const item = await this.em.findOne(CatalogItem, { edition, code });
    if (!item) throw AppError.notFound(`Item in edition ${editionCode}`, code);
    if (edition.previous && (await this.em.count(CatalogItem, { edition: edition.previous.code, code })) > 0) {
      throw AppError.conflict(`Item ${code} is in the published edition ${edition.previous.code}; deprecate it instead of removing it`);
    }
    this.em.remove(item);
    await this.em.flush();
    return true;
  }

  /** Publishes a draft; it then never changes. A draft that changes nothing is refused. */
  async publish(editionCode: string): Promise<CatalogEdition> {
    const edition = await this.editableDraft(editionCode);
    const after = await this.catalog.editionItems([edition.code]);
    const before = edition.previous ? await this.catalog.editionItems([edition.previous.code]) : [];
    if (diffItems(before, after).length === 0) {
      throw new AppError(
        ErrorCode.EMPTY_EDITION,
        `Edition ${editionCode} changes nothing since ${edition.previous?.code ?? 'the start'}; there is nothing to publish`,
      );
    }
    edition.status = EditionStatus.PUBLISHED;
    edition.publishedAt = new Date();
    await this.em.flush();
    return edition;
  }

  /** Throws a draft away. */
  async discard(editionCode: string): Promise<boolean> {
    const edition = await this.editableDraft(editionCode);
    await this.em.nativeDelete(CatalogItem, { edition });
    this.em.remove(edition);
    await this.em.flush();
    return true;
  }
}
