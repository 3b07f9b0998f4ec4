import { DATA_PLANE_TYPES, ITEM_TYPE_SUFFIXES } from './plane-schema';

let staticNames: Set<string> | undefined;

/** Every type name of the hub's own schema (built once, on first use). */
function hubTypeNames(): Set<string> {
  if (!staticNames) {
    // Loaded lazily: the schema module imports the catalogue module that calls this.
    const schemaModule = '../../../graphql/schema';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildBareSchema } = require(schemaModule) as typeof import('../../../graphql/schema');
    staticNames = new Set([...Object.keys(buildBareSchema().getTypeMap()), ...DATA_PLANE_TYPES]);
  }
  return staticNames;
}

/**
 * Why an item may not take `graphqlName`, or null. An item becomes a type of that name plus its
 * Connection, Edge and Version types: none may be a type the hub already has, nor another item's.
 */
export function graphqlNameProblem(graphqlName: string, otherItemNames: Iterable<string>): string | null {
  const taken = hubTypeNames();
  const generated = [graphqlName, ...ITEM_TYPE_SUFFIXES.map((suffix) => `${graphqlName}${suffix}`)];
  const clash = generated.find((name) => taken.has(name));
  if (clash) return `${graphqlName} would define the type ${clash}, which the hub's schema already has`;
  for (const other of otherItemNames) {
    if (other === graphqlName) continue;
    const otherGenerated = [other, ...ITEM_TYPE_SUFFIXES.map((suffix) => `${other}${suffix}`)];
    const overlap = generated.find((name) => otherGenerated.includes(name));
    if (overlap) return `${graphqlName} and ${other} would both define the type ${overlap}`;
  }
  return null;
}
