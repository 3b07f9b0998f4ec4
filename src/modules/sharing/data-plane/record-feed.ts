import { AppError } from '../../../errors/app-error';
import { recordReader } from '../../exchange/record-layout';
import { KEY_SEPARATOR } from '../../exchange/row-validator';
import { AccessOutcome } from '../../ledger/access-log.entity';
import { FieldAccess, type Purpose } from '../sharing.enums';
import { ledgerFieldName, serveRecord } from './access-policy';
import type { CursorSealer } from './cursor-sealer';
import type { PlaneCatalog } from './plane-catalog';
import { authorizeRead, type ReadContext, recordRead } from './authorize';

export const MAX_FEED_PAGE = 1000;

export interface FeedRequest {
  itemCode: string;
  purpose: Purpose;
  after?: string | null;
  first?: number | null;
  /** Fields wanted; by default every field the viewer may read. */
  fields?: string[] | null;
}

export interface FeedChange {
  cursor: string;
  itemCode: string;
  /** The business key's values, when every key field is served in clear. */
  businessKey: string[] | null;
  version: number;
  validFrom: Date;
  data: Record<string, unknown>;
}

interface FeedRow {
  id: string;
  txid: string;
  business_key: string;
  subject: string;
  /** The values, in the order of the layout's fields. */
  data: unknown[];
  layout_id: string;
  version: number;
  valid_from: Date;
}

/**
 * A position in the feed: the writing transaction and the row within it, sealed like the typed plane's
 * cursors (they would otherwise show which records arrived together) and bound to the item.
 */
function encodeFeedCursor(cursors: CursorSealer, itemCode: string, row: FeedRow): string {
  return cursors.seal(JSON.stringify([itemCode, row.txid, row.id]));
}

function decodeFeedCursor(
  cursors: CursorSealer,
  itemCode: string,
  cursor: string,
): { txid: string; id: string } {
  const text = cursors.open(cursor);
  let position: unknown = null;
  try {
    position = text === null ? null : JSON.parse(text);
  } catch {
    // not one of ours: refused below
  }
  if (
    Array.isArray(position) &&
    position[0] === itemCode &&
    typeof position[1] === 'string' &&
    /^\d{1,20}$/.test(position[1]) &&
    typeof position[2] === 'string' &&
    /^\d{1,19}$/.test(position[2])
  )
    return { txid: position[1], id: position[2] };
  throw AppError.badInput(`after is not a cursor this API returned for ${itemCode}`, [
    { path: 'after', message: 'unknown cursor' },
  ]);
}

/**
 * The record feed: every new version of an item's records, in the order their deliveries committed.
 * Only rows of transactions older than every transaction still running are served, so a delivery that
 * commits late can never land behind a cursor already handed out: the feed never skips nor repeats.
 */
export async function readFeed(context: ReadContext, catalog: PlaneCatalog, request: FeedRequest) {
  const item = catalog.byCode.get(request.itemCode);
  if (!item) throw AppError.notFound('Catalogue item', request.itemCode);
  const first = request.first ?? 100;
  if (first < 1 || first > MAX_FEED_PAGE)
    throw AppError.badInput(`first must be from 1 to ${MAX_FEED_PAGE}`, [
      { path: 'first', message: 'out of range' },
    ]);
  const unknown = (request.fields ?? []).filter((code) => !item.fieldsByCode.has(code));
  if (unknown.length > 0)
    throw AppError.badInput(`${item.code} has no field(s) ${unknown.join(', ')}`, [
      { path: 'fields', message: `unknown: ${unknown.join(', ')}` },
    ]);
  const { pool, maskingKey, cursors } = context.dataPlane;
  const position = request.after ? decodeFeedCursor(cursors, item.code, request.after) : null;
  const asked = request.fields ? item.fields.filter((field) => request.fields!.includes(field.code)) : [];
  const access = (await authorizeRead(context, request.purpose, [{ item, fields: asked }])).get(item.code)!;
  const fields = request.fields ? asked : item.fields.filter((field) => access.fields.has(field.code));
  const params: unknown[] = [item.code, first + 1];
  let after = '';
  if (position) {
    params.push(position.txid, position.id);
    after = 'and (txid, id) > ($3::xid8, $4::bigint)';
  }
  const { rows } = await pool.query<FeedRow>(
    `select id, txid::text as txid, business_key, subject, data, layout_id::text as layout_id, version, valid_from
       from shared_record
      where item_code = $1 and txid < pg_snapshot_xmin(pg_current_snapshot()) ${after}
      order by txid, id limit $2`,
    params,
  );
  const page = rows.slice(0, first);
  const read = await recordReader(
    pool,
    page.map((row) => row.layout_id),
  );
  const keyInClear = item.businessKey.every((code) => access.fields.get(code) === FieldAccess.CLEAR);
  const changes: FeedChange[] = page.map((row) => ({
    cursor: encodeFeedCursor(cursors, item.code, row),
    itemCode: item.code,
    businessKey: keyInClear ? row.business_key.split(KEY_SEPARATOR) : null,
    version: row.version,
    validFrom: row.valid_from,
    data: serveRecord(read(row.layout_id, row.data), fields, access, maskingKey),
  }));
  await recordRead(context, request.purpose, {
    grantIds: access.grantIds,
    itemCodes: [item.code],
    fields: fields.map((field) => ledgerFieldName(access, field)),
    recordCount: page.length,
    subjects: [...new Set(page.map((row) => row.subject))],
    outcome: AccessOutcome.ALLOWED,
  });
  return {
    changes,
    hasNextPage: rows.length > first,
    // Where to resume even when this page is empty: the caller's own position.
    endCursor: changes.at(-1)?.cursor ?? request.after ?? null,
  };
}
