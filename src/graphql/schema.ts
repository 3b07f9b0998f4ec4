import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { buildSchemaSync } from 'type-graphql';
import '../errors/error-code';
import { AssistanceResolver } from '../modules/assistance/assistance.resolver';
import {
  CatalogEditionResolver,
  CatalogFieldResolver,
  CatalogItemResolver,
} from '../modules/catalog/catalog.resolver';
import { ExchangeResolver } from '../modules/exchange/exchange.resolver';
import { IdentityResolver } from '../modules/identity/identity.resolver';
import { CatalogNeedResolver } from '../modules/sharing/catalog-need.resolver';
import { LedgerResolver } from '../modules/ledger/ledger.resolver';
import { SharingResolver } from '../modules/sharing/sharing.resolver';
import { RecordFeedResolver } from '../modules/sharing/data-plane/record-feed.resolver';
import { UnitResolver } from '../modules/unit/unit.resolver';
import { readCatalogFolder } from '../modules/catalog/catalog-files';
import { planeCatalogFromFiles } from '../modules/sharing/data-plane/plane-catalog';
import { withDataPlane } from '../modules/sharing/data-plane/plane-schema';
import { permissions } from './permissions';

export const RESOLVERS = [
  CatalogItemResolver,
  CatalogFieldResolver,
  CatalogEditionResolver,
  UnitResolver,
  IdentityResolver,
  AssistanceResolver,
  ExchangeResolver,
  SharingResolver,
  CatalogNeedResolver,
  LedgerResolver,
  RecordFeedResolver,
] as const;

/** The schema as the code declares it, without permissions (for printing and for the rule-coverage test). */
export function buildBareSchema(): GraphQLSchema {
  return buildSchemaSync({ resolvers: RESOLVERS, validate: false, emitSchemaFile: false });
}

/** The schema the hub serves: the bare schema with graphql-shield applied (deny by default). */
export function buildHubSchema(): GraphQLSchema {
  return applyMiddleware(buildBareSchema(), permissions);
}

/**
 * The committed SDL: the code's schema with the data plane of the committed `catalog/` files, sorted so
 * that reordering code does not show as a change.
 */
export function printHubSchema(catalogDir: string): string {
  const catalog = planeCatalogFromFiles(readCatalogFolder(catalogDir));
  const unused = () => {
    throw new Error('the printed schema is not executed');
  };
  const schema = withDataPlane(buildBareSchema(), catalog, { shared: unused, item: unused });
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
