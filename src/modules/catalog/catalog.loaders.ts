import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { AnnexCategory } from './annex-category.entity';
import { CatalogEdition } from './catalog-edition.entity';
import { CatalogField } from './catalog-item.entity';

/** Per-request loaders for the catalogue: one SQL statement per kind, whatever the page size. */
export function createCatalogLoaders(em: EntityManager) {
  return {
    fieldsByItemId: new DataLoader<number, CatalogField[]>(async (itemIds) => {
      const rows = await em.find(CatalogField, { item: { $in: [...itemIds] } }, { orderBy: { item: 'asc', position: 'asc' } });
      const byItem = new Map<number, CatalogField[]>();
      for (const row of rows) byItem.set(row.item.id, [...(byItem.get(row.item.id) ?? []), row]);
      return itemIds.map((id) => byItem.get(id) ?? []);
    }),
    editionByCode: new DataLoader<string, CatalogEdition | undefined>(async (codes) => {
      const rows = await em.find(CatalogEdition, { code: { $in: [...codes] } });
      return codes.map((code) => rows.find((row) => row.code === code));
    }),
    annexCategoryTitle: new DataLoader<string, string | undefined>(async (keys) => {
      const rows = await em.find(AnnexCategory, {});
      return keys.map((key) => rows.find((row) => `${row.annex}-${row.number}` === key)?.title);
    }),
  };
}
