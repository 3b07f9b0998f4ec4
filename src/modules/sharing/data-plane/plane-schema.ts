import {
  type GraphQLFieldConfigMap,
  type GraphQLFieldResolver,
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLOutputType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  Kind,
  assertEnumType,
  assertObjectType,
  assertScalarType,
} from 'graphql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { MaskingRuleKind } from '../../catalog/catalog.enums';
import type { PlaneCatalog, PlaneField, PlaneItem, PlaneScalar } from './plane-catalog';

/** Exact decimals (amounts of money) travel as text: a JSON number would round them. */
export const GraphQLDecimal = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number written as text, e.g. "1234.50" (amounts in yuan keep their cents)',
  serialize: (value) => String(value),
  parseValue: (value) => {
    if (typeof value !== 'string' || !/^[+-]?\d+(\.\d+)?$/.test(value))
      throw new TypeError('Decimal must be text such as "1234.50"');
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !/^[+-]?\d+(\.\d+)?$/.test(ast.value))
      throw new TypeError('Decimal must be text such as "1234.50"');
    return ast.value;
  },
});

const LOCAL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const checkLocalDate = (value: unknown): string => {
  if (typeof value !== 'string' || !LOCAL_DATE.test(value))
    throw new TypeError('LocalDate must be YYYY-MM-DD');
  return value;
};

/** A calendar date without time zone. Stored dates are already canonical, so serializing only checks the form. */
export const GraphQLLocalDate = new GraphQLScalarType({
  name: 'LocalDate',
  description: 'A calendar date, YYYY-MM-DD (Asia/Shanghai where it matters)',
  serialize: checkLocalDate,
  parseValue: checkLocalDate,
  parseLiteral: (ast) => checkLocalDate(ast.kind === Kind.STRING ? ast.value : null),
});

const SCALARS: Record<PlaneScalar, GraphQLScalarType> = {
  String: GraphQLString,
  SafeInt: GraphQLSafeInt,
  Float: GraphQLFloat,
  Boolean: GraphQLBoolean,
  Decimal: GraphQLDecimal,
  LocalDate: GraphQLLocalDate,
};

/** Names the data plane adds for every item; a catalogue item may not take them (see `reservedGraphqlNames`). */
export const ITEM_TYPE_SUFFIXES = ['Connection', 'Edge', 'Version'] as const;
/** Types the data plane adds once. */
export const DATA_PLANE_TYPES = ['SharedData', 'SharedRecordWhere', 'Decimal', 'SafeInt', 'LocalDate'];

/** The resolvers the schema needs from the read path: `Query.shared` and each item field below it. */
export interface DataPlaneResolvers {
  shared: GraphQLFieldResolver<unknown, unknown>;
  item: GraphQLFieldResolver<unknown, unknown>;
}

function describeField(field: PlaneField): string {
  const masked =
    field.masking.rule === MaskingRuleKind.NONE
      ? ''
      : ` · masked by ${field.masking.rule}${field.masking.rule === MaskingRuleKind.SHOW_FIRST_LAST ? `(${field.masking.first ?? 0},${field.masking.last ?? 0})` : ''} when granted MASKED`;
  return `${field.name} · ${field.sensitivity}${masked}${field.description ? `\n\n${field.description}` : ''}`;
}

function describeItem(item: PlaneItem): string {
  return (
    `${item.name}（${item.code}）\n\n${item.summary}\n\nProvider: ${item.providerCode} · ${item.sharingType}` +
    ` · subject field: ${item.subjectField} · business key: ${item.businessKey.join(', ')}`
  );
}

/** The types of one item: the record, its version, its edge and its connection. */
function itemTypes(item: PlaneItem, base: { pageInfo: GraphQLObjectType; dateTime: GraphQLScalarType }) {
  const node = new GraphQLObjectType({
    name: item.graphqlName,
    description: describeItem(item),
    fields: () =>
      Object.fromEntries(
        item.fields.map((field) => [
          field.code,
          {
            type: SCALARS[field.scalar],
            description: describeField(field),
            deprecationReason: field.deprecated ? 'Deprecated in the current catalogue' : undefined,
          },
        ]),
      ),
  });
  const version = new GraphQLObjectType({
    name: `${item.graphqlName}Version`,
    description: `One version of a ${item.graphqlName} record, oldest first`,
    fields: {
      version: { type: new GraphQLNonNull(GraphQLInt) },
      validFrom: { type: new GraphQLNonNull(base.dateTime), description: 'When this version was delivered' },
      validTo: { type: base.dateTime, description: 'When a later version replaced it (null: still current)' },
      node: { type: new GraphQLNonNull(node) },
    },
  });
  const edge = new GraphQLObjectType({
    name: `${item.graphqlName}Edge`,
    fields: {
      cursor: { type: new GraphQLNonNull(GraphQLString) },
      node: { type: new GraphQLNonNull(node) },
      version: { type: new GraphQLNonNull(GraphQLInt), description: 'How many versions the record has had' },
      updatedAt: {
        type: new GraphQLNonNull(base.dateTime),
        description: 'When the current version was delivered',
      },
      history: {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(version))),
        description: 'Every version of this record, oldest first, served under the same grant',
      },
    },
  });
  const connection = new GraphQLObjectType({
    name: `${item.graphqlName}Connection`,
    fields: {
      nodes: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(node))) },
      edges: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(edge))) },
      pageInfo: { type: new GraphQLNonNull(base.pageInfo) },
      totalCount: { type: new GraphQLNonNull(GraphQLInt), description: 'Records matching `where`' },
    },
  });
  return connection;
}

/**
 * The static schema with the data plane added: `Query.shared(purpose)` returning `SharedData`, which
 * has one field per published item returning that item's own connection type. Built again whenever
 * the published catalogue changes. Authorization is done once per request in `shared` (field-level,
 * before any record is read), so these types carry no per-field middleware.
 */
export function withDataPlane(
  base: GraphQLSchema,
  catalog: PlaneCatalog,
  resolvers: DataPlaneResolvers,
): GraphQLSchema {
  const config = base.toConfig();
  const pageInfo = assertObjectType(base.getType('PageInfo'));
  const dateTime = assertScalarType(base.getType('DateTimeISO'));
  const purpose = assertEnumType(base.getType('Purpose'));
  const where = new GraphQLInputObjectType({
    name: 'SharedRecordWhere',
    description: 'Which current records to return; all given conditions must hold',
    fields: {
      subject: { type: GraphQLString, description: 'The taxpayer: a 统一社会信用代码 or 身份证号' },
      businessKey: {
        type: new GraphQLList(new GraphQLNonNull(GraphQLString)),
        description: 'The values of the item’s business-key fields, in the order the catalogue lists them',
      },
      updatedSince: {
        type: dateTime,
        description: 'Only records whose current version arrived at or after this',
      },
    },
  });
  const itemFields: GraphQLFieldConfigMap<unknown, unknown> = {
    purpose: { type: new GraphQLNonNull(purpose), description: 'The purpose these reads are recorded under' },
  };
  for (const item of catalog.items) {
    itemFields[item.fieldName] = {
      type: new GraphQLNonNull(itemTypes(item, { pageInfo, dateTime }) as GraphQLOutputType),
      description: `${item.name}（${item.code}）`,
      deprecationReason: item.deprecated ? 'Deprecated in the current catalogue' : undefined,
      args: {
        where: { type: where },
        first: { type: GraphQLInt, defaultValue: 50, description: 'At most 500' },
        after: { type: GraphQLString },
      },
      resolve: resolvers.item,
    };
  }
  const sharedData = new GraphQLObjectType({
    name: 'SharedData',
    description:
      'The published catalogue’s items, one field each. Every field selected must be covered by a grant for ' +
      'the purpose (or be of an item the viewer’s unit provides); otherwise the whole request is refused ' +
      'with FORBIDDEN and extensions.fields. Every request is recorded in the access ledger.',
    fields: itemFields,
  });
  const queryConfig = assertObjectType(base.getQueryType()).toConfig();
  const query = new GraphQLObjectType({
    ...queryConfig,
    fields: {
      ...queryConfig.fields,
      shared: {
        type: new GraphQLNonNull(sharedData),
        description: 'Reads shared records for a stated purpose (行政依据、工作参考、数据校核、业务协同)',
        args: { purpose: { type: new GraphQLNonNull(purpose) } },
        resolve: resolvers.shared,
      },
    },
  });
  return new GraphQLSchema({
    ...config,
    query,
    types: config.types.filter((type) => type.name !== query.name),
  });
}
