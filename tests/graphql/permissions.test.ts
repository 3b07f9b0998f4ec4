import { isObjectType } from 'graphql';
import { buildBareSchema } from '../../src/graphql/schema';
import { permissionRules } from '../../src/graphql/permissions';

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
