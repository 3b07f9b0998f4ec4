import { allow } from 'graphql-shield';
import { isAuthenticated, isDataAuthority } from '../../graphql/rules';

/** Anyone with a key reads the published catalogue; only a data authority edits (its own jurisdiction: see EditionService). */
export const catalogPermissions = {
  Query: {
    catalogItems: isAuthenticated,
    catalogItem: isAuthenticated,
    catalogEditions: isAuthenticated,
    catalogEdition: isAuthenticated,
    catalogDiff: isAuthenticated,
    annexCategories: isAuthenticated,
  },
  Mutation: {
    draftCatalogEdition: isDataAuthority,
    upsertCatalogItem: isDataAuthority,
    deprecateCatalogItem: isDataAuthority,
    removeCatalogItem: isDataAuthority,
    publishCatalogEdition: isDataAuthority,
    discardCatalogEdition: isDataAuthority,
  },
  // Catalogue metadata is not shared data: once a root field allowed the read, every field may be seen.
  CatalogItem: allow,
  CatalogItemConnection: allow,
  CatalogItemEdge: allow,
  CatalogField: allow,
  CatalogEdition: allow,
  CatalogDiff: allow,
  CatalogItemChange: allow,
  CatalogFieldChange: allow,
  AttributeChange: allow,
  AnnexCategory: allow,
  DueRule: allow,
  MaskingRule: allow,
  PageInfo: allow,
};
