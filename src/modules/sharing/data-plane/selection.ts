import {
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  assertObjectType,
  getNamedType,
} from 'graphql';
import { collectFields, collectSubfields } from 'graphql/execution/collectFields';
import { getArgumentValues } from 'graphql/execution/values';
import { AppError, type Problem } from '../../../errors/app-error';
import { KEY_SEPARATOR } from '../../exchange/row-validator';
import type { CursorSealer } from './cursor-sealer';
import type { PlaneCatalog, PlaneField, PlaneItem } from './plane-catalog';

export const MAX_PAGE = 500;
/** Item fields one request may select, and records (the sum of their `first`) it may ask for. */
export const MAX_ITEM_SELECTIONS = 20;
export const MAX_RECORDS_PER_REQUEST = 2000;
/** Versions of one record `history` serves: the newest. */
export const MAX_HISTORY = 100;

/** One item field selected under `shared`, with its arguments and every item field selected beneath it. */
export interface ItemRequest {
  responseKey: string;
  item: PlaneItem;
  /** The item and filters, as cursors carry them. */
  scope: string;
  subject: string | null;
  businessKey: string | null;
  updatedSince: Date | null;
  first: number;
  after: string | null;
  fields: PlaneField[];
  /** The subject or business-key fields a `where` filters on. */
  filterFields: PlaneField[];
  totalCount: boolean;
  /** Edges are built (cursor, version, time, history) only when selected: a plain list needs none of it. */
  edges: boolean;
  history: boolean;
}

function subfields(info: GraphQLResolveInfo, type: GraphQLObjectType, nodes: readonly FieldNode[]) {
  return collectSubfields(info.schema, info.fragments, info.variableValues, type, nodes);
}

/** Field codes selected on an item's record type, through fragments, aliases and @include/@skip. */
function collectRecordFields(
  info: GraphQLResolveInfo,
  type: GraphQLObjectType,
  nodes: readonly FieldNode[],
  into: Set<string>,
): void {
  for (const fieldNodes of subfields(info, type, nodes).values()) {
    const name = fieldNodes[0].name.value;
    if (name !== '__typename') into.add(name);
  }
}

function fieldType(parent: GraphQLObjectType, name: string): GraphQLObjectType {
  return assertObjectType(getNamedType(parent.getFields()[name].type));
}

/** A cursor is valid only for the item and filters it was handed out for. */
function cursorScope(
  itemCode: string,
  subject: string | null,
  businessKey: string | null,
  since: Date | null,
) {
  return JSON.stringify([itemCode, subject, businessKey, since?.toISOString() ?? null]);
}

/** Seals a position (a record's business key) together with the query it belongs to. */
export function sealCursor(cursors: CursorSealer, request: ItemRequest, businessKey: string): string {
  return cursors.seal(JSON.stringify([request.scope, businessKey]));
}

function openCursor(cursors: CursorSealer, cursor: string, scope: string): string {
  const text = cursors.open(cursor);
  const problem = (message: string) =>
    AppError.badInput(message, [{ path: 'after', message: 'unknown cursor' }]);
  if (text === null) throw problem('after is not a cursor this API returned');
  let position: unknown;
  try {
    position = JSON.parse(text);
  } catch {
    position = null;
  }
  if (!Array.isArray(position) || typeof position[0] !== 'string' || typeof position[1] !== 'string')
    throw problem('after is a cursor of an earlier version of the hub: start again without it');
  const [cursorScopeText, businessKey] = position as [string, string];
  if (cursorScopeText !== scope)
    throw problem('after is a cursor of another query: page on with the item and filters it came from');
  return businessKey;
}

/** The root fields that read shared records. */
export const DATA_PLANE_ROOT_FIELDS = new Set(['shared', 'recordFeed']);

/**
 * One data-plane read per request, so that one request is one ledger entry and a refusal refuses it
 * all: two `shared` fields (aliased), or `shared` with `recordFeed`, are refused before anything is read.
 */
export function assertSingleRead(info: GraphQLResolveInfo): void {
  const roots = collectFields(
    info.schema,
    info.fragments,
    info.variableValues,
    info.parentType,
    info.operation.selectionSet,
  );
  const reads = [...roots.values()].filter((nodes) => DATA_PLANE_ROOT_FIELDS.has(nodes[0].name.value));
  if (reads.length > 1)
    throw AppError.badInput('Ask for shared data once per request: one shared or recordFeed field', [
      { path: 'query', message: `${reads.length} data-plane fields selected` },
    ]);
}

/** Reads the selection under one `shared` field: which items, with which arguments, selecting which fields. */
export function analyseSelection(
  info: GraphQLResolveInfo,
  catalog: PlaneCatalog,
  cursors: CursorSealer,
): ItemRequest[] {
  const sharedType = assertObjectType(getNamedType(info.returnType));
  const requests: ItemRequest[] = [];
  const problems: Problem[] = [];
  for (const [responseKey, nodes] of subfields(info, sharedType, info.fieldNodes)) {
    const item = catalog.byFieldName.get(nodes[0].name.value);
    if (!item) continue; // purpose, __typename
    const definition = sharedType.getFields()[item.fieldName];
    const args = getArgumentValues(definition, nodes[0], info.variableValues) as {
      where?: { subject?: string | null; businessKey?: string[] | null; updatedSince?: Date | null } | null;
      first?: number | null;
      after?: string | null;
    };
    const first = args.first ?? 50;
    if (first < 1 || first > MAX_PAGE)
      problems.push({ path: `${responseKey}.first`, message: `must be from 1 to ${MAX_PAGE}` });
    const key = args.where?.businessKey;
    if (key && key.length !== item.businessKey.length)
      problems.push({
        path: `${responseKey}.where.businessKey`,
        message: `${item.graphqlName} is keyed by ${item.businessKey.length} value(s): ${item.businessKey.join(', ')}`,
      });
    const selected = new Set<string>();
    let totalCount = false;
    let edges = false;
    let history = false;
    const connection = fieldType(sharedType, item.fieldName);
    const recordType = assertObjectType(info.schema.getType(item.graphqlName));
    for (const fieldNodes of subfields(info, connection, nodes).values()) {
      const name = fieldNodes[0].name.value;
      if (name === 'totalCount') totalCount = true;
      if (name === 'nodes') collectRecordFields(info, recordType, fieldNodes, selected);
      if (name !== 'edges') continue;
      edges = true;
      const edge = fieldType(connection, 'edges');
      for (const edgeNodes of subfields(info, edge, fieldNodes).values()) {
        const edgeField = edgeNodes[0].name.value;
        if (edgeField === 'node') collectRecordFields(info, recordType, edgeNodes, selected);
        if (edgeField !== 'history') continue;
        history = true;
        const version = fieldType(edge, 'history');
        for (const versionNodes of subfields(info, version, edgeNodes).values()) {
          if (versionNodes[0].name.value === 'node')
            collectRecordFields(info, recordType, versionNodes, selected);
        }
      }
    }
    const subject = args.where?.subject ?? null;
    const businessKey = key ? key.join(KEY_SEPARATOR) : null;
    const updatedSince = args.where?.updatedSince ?? null;
    const scope = cursorScope(item.code, subject, businessKey, updatedSince);
    requests.push({
      responseKey,
      item,
      scope,
      subject,
      businessKey,
      updatedSince,
      first,
      after: args.after ? openCursor(cursors, args.after, scope) : null,
      fields: item.fields.filter((field) => selected.has(field.code)),
      filterFields: [
        ...(args.where?.subject ? [item.subjectField] : []),
        ...(key ? item.businessKey : []),
      ].flatMap((code) => item.fieldsByCode.get(code) ?? []),
      totalCount,
      edges,
      history,
    });
  }
  if (requests.length > MAX_ITEM_SELECTIONS)
    problems.push({ path: 'shared', message: `at most ${MAX_ITEM_SELECTIONS} item fields per request` });
  const asked = requests.reduce((sum, request) => sum + request.first, 0);
  if (asked > MAX_RECORDS_PER_REQUEST)
    problems.push({
      path: 'shared',
      message: `at most ${MAX_RECORDS_PER_REQUEST} records per request (the item fields ask for ${asked})`,
    });
  if (problems.length > 0) throw AppError.badInput('The shared-data arguments are invalid', problems);
  return requests;
}
