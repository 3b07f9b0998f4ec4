import { type EntityManager, ref } from '@mikro-orm/core';
import { AssistanceTaskType } from '../assistance/assistance-task-type.entity';
import { Unit } from '../unit/unit.entity';
import { AnnexCategory } from './annex-category.entity';
import { CatalogEdition } from './catalog-edition.entity';
import { type CatalogSource, CatalogFilesInvalid, readCatalogFolder } from './catalog-files';
import { EditionStatus } from './catalog.enums';
import { createItemRows } from './catalog.mapper';

/** What one import did, for the start-up log. */
export interface ImportSummary {
  units: number;
  editionsImported: string[];
  editionsUnchanged: string[];
}

/** Marks editions imported from files, in `created_by`. */
export const IMPORTED_BY = 'catalog/';

/**
 * Loads the catalogue folder into the database in one transaction: units, annex categories and
 * assistance task types are upserted; each edition in the files is imported and published once.
 * Running it again changes nothing; a file edition that differs from its published copy is refused.
 */
export async function importCatalog(em: EntityManager, catalogDir: string): Promise<ImportSummary> {
  const source: CatalogSource = readCatalogFolder(catalogDir);
  return em.transactional(async (tx) => {
    const summary: ImportSummary = { units: source.units.length, editionsImported: [], editionsUnchanged: [] };
    await tx.upsertMany(
      Unit,
      source.units.map((unit) => ({
        code: unit.code,
        name: unit.name,
        kind: unit.kind,
        parent: unit.parent ? tx.getReference(Unit, unit.parent, { wrapped: true }) : undefined,
      })),
    );
    await tx.upsertMany(AnnexCategory, source.annexCategories);
    await tx.upsertMany(
      AssistanceTaskType,
      source.assistanceTaskTypes.map((taskType) => ({
        code: taskType.code,
        number: taskType.number,
        name: taskType.name,
        summary: taskType.summary,
        responderUnitCodes: taskType.responders,
        actions: taskType.actions.map((action) => ({ ...action, verification: action.verification ?? false })),
        defaultDeadlineWorkingDays: taskType.defaultDeadlineWorkingDays ?? 10,
        legalBasis: taskType.legalBasis,
      })),
    );

    for (const definition of source.editions) {
      const existing = await tx.findOne(CatalogEdition, { code: definition.code });
      if (existing) {
        if (existing.importChecksum !== definition.checksum) {
          throw new CatalogFilesInvalid([
            {
              path: `catalog/editions.yaml#${definition.code}`,
              message:
                `edition ${definition.code} is already published in the database and its files now differ; ` +
                'a published edition never changes: put the changes in a new edition',
            },
          ]);
        }
        summary.editionsUnchanged.push(definition.code);
        continue;
      }
      const previous = await tx.findOne(
        CatalogEdition,
        { jurisdiction: definition.jurisdiction, status: EditionStatus.PUBLISHED },
        { orderBy: { number: 'desc' } },
      );
      const edition = tx.create(CatalogEdition, {
        code: definition.code,
        jurisdiction: tx.getReference(Unit, definition.jurisdiction, { wrapped: true }),
        number: Number(definition.code.split('-').pop()),
        previous: previous ? ref(previous) : undefined,
        base: definition.base ? tx.getReference(CatalogEdition, definition.base, { wrapped: true }) : undefined,
        status: EditionStatus.DRAFT,
        title: definition.title,
        notes: definition.notes,
        createdAt: new Date(),
        importChecksum: definition.checksum,
        createdBy: IMPORTED_BY,
      });
      for (const item of definition.items) createItemRows(tx, edition, item);
      await tx.flush();
      edition.status = EditionStatus.PUBLISHED;
      edition.publishedAt = new Date(`${definition.publishedAt}T00:00:00+08:00`);
      await tx.flush();
      summary.editionsImported.push(definition.code);
    }
    return summary;
  });
}
