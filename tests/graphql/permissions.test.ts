import { isObjectType } from 'graphql';
import { buildBareSchema } from '../../src/graphql/schema';
import { permissionRules } from '../../src/graphql/permissions';
import { readCatalogFolder } from '../../src/modules/catalog/catalog-files';
import { planeCatalogFromFiles } from '../../src/modules/sharing/data-plane/plane-catalog';
import {
  DATA_PLANE_TYPES,
  ITEM_TYPE_SUFFIXES,
  withDataPlane,
} from '../../src/modules/sharing/data-plane/plane-schema';
import { CATALOG_DIR } from '../support/test-hub';

describe('deny by default', () => {
  const schema = buildBareSchema();
  const rules = permissionRules as Record<string, Record<string, unknown> | unknown>;

  it.each(['Query', 'Mutation'])('gives every %s field an explicit rule', (root) => {
    const type = schema.getType(root);
    expect(type && isObjectType(type)).toBe(true);
    const fields = Object.keys((type as ReturnType<typeof schema.getQueryType> & object).getFields());
    expect(fields.length).toBeGreaterThan(0);
    const missing = fields.filter((field) => !(field in ((rules[root] as Record<string, unknown>) ?? {})));
    expect(missing).toEqual([]);
  });

  it('gives every other object type a rule, so no field is reachable by accident', () => {
    const objectTypes = Object.values(schema.getTypeMap()).filter(
      (type) =>
        isObjectType(type) &&
        !type.name.startsWith('__') &&
        !['Query', 'Mutation', 'Subscription'].includes(type.name),
    );
    const missing = objectTypes.map((type) => type.name).filter((name) => !(name in rules));
    expect(missing).toEqual([]);
  });

  it('names no field or type that the schema does not have (rules do not rot)', () => {
    for (const [typeName, typeRules] of Object.entries(rules)) {
      const type = schema.getType(typeName);
      expect(type).toBeDefined();
      if (typeName === 'Query' || typeName === 'Mutation') {
        const fields = Object.keys((type as ReturnType<typeof schema.getQueryType> & object).getFields());
        for (const field of Object.keys(typeRules as object)) expect(fields).toContain(field);
      }
    }
  });
});

describe('the data plane', () => {
  it('adds only Query.shared and its own types, which the read path authorizes field by field', () => {
    const catalog = planeCatalogFromFiles(readCatalogFolder(CATALOG_DIR));
    const bare = buildBareSchema();
    const served = withDataPlane(bare, catalog, { shared: () => null, item: () => null });
    const added = Object.keys(served.getQueryType()!.getFields()).filter(
      (field) => !(field in bare.getQueryType()!.getFields()),
    );
    expect(added).toEqual(['shared']);
    const planeTypes = new Set([
      ...DATA_PLANE_TYPES,
      ...catalog.items.flatMap((item) => [
        item.graphqlName,
        ...ITEM_TYPE_SUFFIXES.map((suffix) => `${item.graphqlName}${suffix}`),
      ]),
    ]);
    const newTypes = Object.keys(served.getTypeMap()).filter((name) => !bare.getType(name));
    expect(newTypes.filter((name) => !planeTypes.has(name))).toEqual([]);
    expect(newTypes.length).toBeGreaterThan(catalog.items.length);
  });
});
