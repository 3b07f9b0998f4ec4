import type { GraphQLResolveInfo } from 'graphql';
import type { Pool } from 'pg';
import { AccessOutcome } from '../../ledger/access-log.entity';
import { recordReader } from '../../exchange/record-layout';
import type { Purpose } from '../sharing.enums';
import { ledgerFieldName, serveRecord } from './access-policy';
import { authorizeRead, grantIdsOf, type ReadContext, recordRead } from './authorize';
import type { PlaneCatalog } from './plane-catalog';
import { analyseSelection, assertSingleRead, type ItemRequest, MAX_HISTORY, sealCursor } from './selection';

interface RecordRow {
  business_key: string;
  subject: string;
  /** The values, in the order of the layout's fields. */
  data: unknown[];
  layout_id: string;
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
    ? 'business_key, subject, data, layout_id::text as layout_id, version, valid_from'
    : 'business_key, subject, data, layout_id::text as layout_id';
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
      text: `select business_key, subject, data, layout_id::text as layout_id, version, valid_from, superseded_at from (
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
  const dataOf = await recordReader(pool, [
    ...rows.map((row) => row.layout_id),
    ...[...history.values()].flat().map((row) => row.layout_id),
  ]);
  return {
    rows,
    dataOf,
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
  const access = await authorizeRead(context, purpose, requests);
  const { maskingKey, pool, cursors } = context.dataPlane;
  // One item after another: a request naming many items must not take every connection of the pool.
  const read: Awaited<ReturnType<typeof readItem>>[] = [];
  for (const request of requests) read.push(await readItem(pool, request));
  const results = new Map<string, unknown>();
  const subjects = new Set<string>();
  const fields = new Set<string>();
  let recordCount = 0;
  requests.forEach((request, index) => {
    const { rows, dataOf, hasNextPage, totalCount, history } = read[index];
    const itemAccess = access.get(request.item.code)!;
    const serve = (row: RecordRow) =>
      serveRecord(dataOf(row.layout_id, row.data), request.fields, itemAccess, maskingKey);
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
          cursor: sealCursor(cursors, request, row.business_key),
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
        startCursor: rows.length > 0 ? sealCursor(cursors, request, rows[0].business_key) : null,
        endCursor: rows.length > 0 ? sealCursor(cursors, request, rows[rows.length - 1].business_key) : null,
      },
    });
  });
  await recordRead(context, purpose, {
    grantIds: grantIdsOf(access.values()),
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
