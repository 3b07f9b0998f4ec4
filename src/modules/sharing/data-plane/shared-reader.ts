import {
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  assertObjectType,
  getNamedType,
} from 'graphql';
import { collectFields, collectSubfields } from 'graphql/execution/collectFields';
import { getArgumentValues } from 'graphql/execution/values';
import type { Pool } from 'pg';
import { AppError, type Problem } from '../../../errors/app-error';
import { ErrorCode } from '../../../errors/error-code';
import { shanghaiDate } from '../../calendar/working-calendar';
import { KEY_SEPARATOR } from '../../exchange/row-validator';
import type { Viewer } from '../../identity/viewer';
import { AccessOutcome } from '../../ledger/access-log.entity';
import type { LedgerWriter } from '../../ledger/ledger.service';
import { FieldAccess, type Purpose } from '../sharing.enums';
import type { CursorSealer } from './cursor-sealer';
import {
  decideItemAccess,
  type GrantRow,
  type ItemAccess,
  ledgerFieldName,
  serveRecord,
} from './access-policy';
import type { PlaneCatalog, PlaneField, PlaneItem } from './plane-catalog';

/** What the read path needs besides the request: its pool, the masking key and the ledger's limits. */
export interface DataPlaneRuntime {
  pool: Pool;
  maskingKey: string;
  /** Reads are refused while the oldest unsealed ledger entry is older than this. */
  maxLedgerLagSeconds: number;
  /** Encrypts cursors: they name records by business key. */
  cursors: CursorSealer;
  /** Writes access-ledger entries; null only in the read benchmark, to measure what the ledger costs. */
  ledger: LedgerWriter | null;
}

/** Who is reading, for which request. */
export interface ReadContext {
  viewer: Viewer;
  requestId: string;
  dataPlane: DataPlaneRuntime;
}

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

function openCursor(cursors: CursorSealer, cursor: string): string {
  const businessKey = cursors.open(cursor);
  if (businessKey === null)
    throw AppError.badInput('after is not a cursor this API returned', [
      { path: 'after', message: 'unknown cursor' },
    ]);
  return businessKey;
}

const DATA_PLANE_ROOT_FIELDS = new Set(['shared', 'recordFeed']);

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
    requests.push({
      responseKey,
      item,
      subject: args.where?.subject ?? null,
      businessKey: key ? key.join(KEY_SEPARATOR) : null,
      updatedSince: args.where?.updatedSince ?? null,
      first,
      after: args.after ? openCursor(cursors, args.after) : null,
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

interface GateRow {
  lag_seconds: number | null;
  id: string | null;
  item_code: string;
  fields: GrantRow['fields'];
  purposes: string[];
  valid_until: string;
  revoked_at: Date | null;
}

/**
 * One statement for the whole authorization: the viewer's grants for every item asked for, and how far
 * behind the ledger's sealer is (reads fail closed when it lags).
 */
const GATE_SQL = `
  select lag.seconds as lag_seconds, g.id, g.item_code, g.fields, g.purposes, g.valid_until, g.revoked_at
    from (select extract(epoch from clock_timestamp() - min(occurred_at))::float8 as seconds
            from (select occurred_at from access_log where seq is null order by id limit 1) oldest) lag
    left join access_grant g on g.consumer_code = $1 and g.item_code = any($2::text[])`;

/** Authorizes a read of `items` for `purpose`: returns each item's access, or refuses (and records the refusal). */
export async function authorizeRead(
  context: ReadContext,
  purpose: Purpose,
  items: PlaneItem[],
  selected: {
    item: PlaneItem;
    fieldName: string;
    fields: PlaneField[];
    /** Fields filtered on: these must be granted in clear, or the filter would reveal them. */
    filterFields?: PlaneField[];
  }[],
): Promise<Map<string, ItemAccess>> {
  const { viewer, dataPlane } = context;
  const codes = [...new Set(items.map((item) => item.code))];
  const { rows } = await dataPlane.pool.query<GateRow>({
    name: 'hub-data-gate',
    text: GATE_SQL,
    values: [viewer.unitCode, codes],
  });
  const grants = rows.filter((row): row is GateRow & { id: string } => row.id !== null);
  const today = shanghaiDate(new Date());
  const access = new Map(
    items.map((item) => [item.code, decideItemAccess(viewer, item, purpose, grants, today)] as const),
  );
  const refuse = async (error: AppError, fields: string[]) => {
    await dataPlane.ledger?.write({
      requestId: context.requestId,
      apiKeyId: viewer.keyId,
      unitCode: viewer.unitCode,
      grantIds: [...new Set([...access.values()].flatMap((entry) => entry.grantIds))],
      purpose,
      itemCodes: codes,
      fields,
      recordCount: 0,
      subjects: [],
      outcome: AccessOutcome.DENIED,
      reason: error.message,
    });
    throw error;
  };
  const lag = rows[0]?.lag_seconds ?? null;
  if (dataPlane.ledger && lag !== null && lag > dataPlane.maxLedgerLagSeconds) {
    await refuse(
      new AppError(
        ErrorCode.LEDGER_UNAVAILABLE,
        `The access ledger is ${Math.round(lag)} s behind (limit ${dataPlane.maxLedgerLagSeconds} s); data reads are refused until it catches up`,
      ),
      [],
    );
  }
  const denied: string[] = [];
  const reasons = new Set<string>();
  for (const { item, fieldName, fields, filterFields = [] } of selected) {
    const itemAccess = access.get(item.code)!;
    if (itemAccess.refusal) {
      reasons.add(itemAccess.refusal);
      denied.push(...fields.map((field) => `${fieldName}.${field.code}`));
      continue;
    }
    for (const field of fields) {
      if (!itemAccess.fields.has(field.code)) denied.push(`${fieldName}.${field.code}`);
    }
    for (const field of filterFields) {
      if (itemAccess.fields.get(field.code) !== FieldAccess.CLEAR) {
        denied.push(`${fieldName}.${field.code}`);
        reasons.add(`filtering on ${fieldName}.${field.code} needs that field granted in clear`);
      }
    }
  }
  if (denied.length > 0 || reasons.size > 0) {
    const uncovered = [...new Set(denied)];
    const message =
      reasons.size > 0
        ? `Refused: ${[...reasons].join('; ')}`
        : `Refused: the grant does not cover ${uncovered.length} selected field(s): ${uncovered.join(', ')}`;
    await refuse(new AppError(ErrorCode.FORBIDDEN, message, [], { fields: uncovered }), uncovered);
  }
  return access;
}

interface RecordRow {
  business_key: string;
  subject: string;
  data: Record<string, unknown>;
  version: number;
  valid_from: Date;
  superseded_at?: Date | null;
}

/** Current records of one item matching the request's filters: the page, and the total when asked. */
async function readItem(pool: Pool, request: ItemRequest) {
  const filters = ['item_code = $1', 'superseded_at is null'];
  const params: unknown[] = [request.item.code];
  // The statement's text depends only on which filters are present: named, it is planned once per connection.
  let shape = '';
  const add = (clause: string, value: unknown, letter: string) => {
    params.push(value);
    filters.push(clause.replace('?', `$${params.length}`));
    shape += letter;
  };
  if (request.subject !== null) add('subject = ?', request.subject, 's');
  if (request.businessKey !== null) add('business_key = ?', request.businessKey, 'k');
  if (request.updatedSince !== null) add('valid_from >= ?', request.updatedSince, 'u');
  const countParams = [...params];
  const countFilters = [...filters];
  const countShape = shape;
  if (request.after !== null) add('business_key > ?', request.after, 'a');
  params.push(request.first + 1);
  const columns = request.edges
    ? 'business_key, subject, data, version, valid_from'
    : 'business_key, subject, data';
  const [page, count] = await Promise.all([
    pool.query<RecordRow>({
      name: `hub-page-${shape}${request.edges ? 'e' : ''}`,
      text: `select ${columns} from shared_record where ${filters.join(' and ')}
              order by business_key limit $${params.length}`,
      values: params,
    }),
    request.totalCount
      ? pool.query<{ count: number }>({
          name: `hub-count-${countShape}`,
          text: `select count(*)::int as count from shared_record where ${countFilters.join(' and ')}`,
          values: countParams,
        })
      : undefined,
  ]);
  const rows = page.rows.slice(0, request.first);
  const history = new Map<string, RecordRow[]>();
  if (request.history && rows.length > 0) {
    const versions = await pool.query<RecordRow>({
      name: 'hub-history',
      text: `select business_key, subject, data, version, valid_from, superseded_at from (
               select r.*, row_number() over (partition by business_key order by version desc) as newest
                 from shared_record r where item_code = $1 and business_key = any($2::text[])) versions
              where newest <= $3 order by business_key, version`,
      values: [request.item.code, rows.map((row) => row.business_key), MAX_HISTORY],
    });
    for (const version of versions.rows) {
      const list = history.get(version.business_key);
      if (list) list.push(version);
      else history.set(version.business_key, [version]);
    }
  }
  return {
    rows,
    hasNextPage: page.rows.length > request.first,
    totalCount: count?.rows[0].count ?? 0,
    history,
  };
}

/** The value `SharedData` holds: each selected item's connection under its response key. */
export interface SharedDataValue {
  purpose: Purpose;
  results: Map<string, unknown>;
}

/**
 * Serves one `shared` selection: authorizes every selected field first, then reads each item with a
 * constant number of statements, masks what is granted MASKED, and writes one ledger entry before
 * returning (so the entry is committed before any data leaves).
 */
export async function readShared(
  context: ReadContext,
  purpose: Purpose,
  info: GraphQLResolveInfo,
  catalog: PlaneCatalog,
): Promise<SharedDataValue> {
  assertSingleRead(info);
  const requests = analyseSelection(info, catalog, context.dataPlane.cursors);
  const access = await authorizeRead(
    context,
    purpose,
    requests.map((request) => request.item),
    requests.map((request) => ({
      item: request.item,
      fieldName: request.item.fieldName,
      fields: request.fields,
      filterFields: request.filterFields,
    })),
  );
  const { maskingKey, pool, cursors } = context.dataPlane;
  // One item after another: a request naming many items must not take every connection of the pool.
  const read: Awaited<ReturnType<typeof readItem>>[] = [];
  for (const request of requests) read.push(await readItem(pool, request));
  const results = new Map<string, unknown>();
  const subjects = new Set<string>();
  const fields = new Set<string>();
  let recordCount = 0;
  requests.forEach((request, index) => {
    const { rows, hasNextPage, totalCount, history } = read[index];
    const itemAccess = access.get(request.item.code)!;
    const serve = (row: RecordRow) => serveRecord(row.data, request.fields, itemAccess, maskingKey);
    const nodes = rows.map(serve);
    for (const row of rows) subjects.add(row.subject);
    // The taxpayer asked about is recorded even when nothing was found.
    if (request.subject !== null) subjects.add(request.subject);
    recordCount += rows.length;
    let edges: unknown[] = [];
    if (request.edges) {
      edges = rows.map((row, position) => {
        const versions = (history.get(row.business_key) ?? []).map((version) => {
          subjects.add(version.subject);
          return {
            version: version.version,
            validFrom: version.valid_from,
            validTo: version.superseded_at ?? null,
            node: serve(version),
          };
        });
        recordCount += versions.length;
        return {
          cursor: cursors.seal(row.business_key),
          node: nodes[position],
          version: row.version,
          updatedAt: row.valid_from,
          history: versions,
        };
      });
    }
    for (const field of request.fields) fields.add(ledgerFieldName(itemAccess, field));
    results.set(request.responseKey, {
      nodes,
      edges,
      totalCount,
      pageInfo: {
        hasNextPage,
        hasPreviousPage: request.after !== null,
        startCursor: rows.length > 0 ? cursors.seal(rows[0].business_key) : null,
        endCursor: rows.length > 0 ? cursors.seal(rows[rows.length - 1].business_key) : null,
      },
    });
  });
  await context.dataPlane.ledger?.write({
    requestId: context.requestId,
    apiKeyId: context.viewer.keyId,
    unitCode: context.viewer.unitCode,
    grantIds: [...new Set([...access.values()].flatMap((entry) => entry.grantIds))],
    purpose,
    itemCodes: [...new Set(requests.map((request) => request.item.code))],
    fields: [...fields],
    recordCount,
    subjects: [...subjects],
    outcome: AccessOutcome.ALLOWED,
  });
  return { purpose, results };
}

/** The resolver of each item field of `SharedData`: the connection `shared` prepared under this response key. */
export function resolveItemField(source: SharedDataValue, info: GraphQLResolveInfo): unknown {
  return source.results.get(info.fieldNodes[0].alias?.value ?? info.fieldName);
}
