import type { EntityManager } from '@mikro-orm/postgresql';
import { createCatalogLoaders } from '../modules/catalog/catalog.loaders';
import { createSharingLoaders } from '../modules/sharing/sharing.loaders';
import { createUnitLoaders } from '../modules/unit/unit.loaders';

/** All DataLoaders of one request; never shared between requests, so no rows leak between viewers. */
export function createLoaders(em: EntityManager) {
  return { ...createUnitLoaders(em), ...createCatalogLoaders(em), ...createSharingLoaders(em) };
}

export type Loaders = ReturnType<typeof createLoaders>;
