import type { Pool } from 'pg';
import { AppError } from '../../../errors/app-error';
import { ErrorCode } from '../../../errors/error-code';
import { shanghaiDate } from '../../calendar/working-calendar';
import type { Viewer } from '../../identity/viewer';
import { AccessOutcome } from '../../ledger/access-log.entity';
import type { AccessRecord, LedgerWriter } from '../../ledger/ledger.service';
import { FieldAccess, type Purpose } from '../sharing.enums';
import { decideItemAccess, type GrantRow, type ItemAccess } from './access-policy';
import type { CursorSealer } from './cursor-sealer';
import type { PlaneField, PlaneItem } from './plane-catalog';

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

/** What one read leaves in the access ledger, besides who read and under which request. */
export type ReadRecord = Omit<AccessRecord, 'requestId' | 'apiKeyId' | 'unitCode' | 'purpose'>;

/** Writes the access-ledger entry of a read (or a refusal); resolves once it is committed. */
export async function recordRead(context: ReadContext, purpose: Purpose, entry: ReadRecord): Promise<void> {
  await context.dataPlane.ledger?.write({
    requestId: context.requestId,
    apiKeyId: context.viewer.keyId,
    unitCode: context.viewer.unitCode,
    purpose,
    ...entry,
  });
}

/** The grants a read was served under, each once. */
export function grantIdsOf(access: Iterable<ItemAccess>): string[] {
  return [...new Set([...access].flatMap((entry) => entry.grantIds))];
}

/** One item a read selects fields of. */
export interface SelectedItem {
  item: PlaneItem;
  fields: PlaneField[];
  /** Fields filtered on: these must be granted in clear, or the filter would reveal them. */
  filterFields?: PlaneField[];
}

/** Authorizes a read for `purpose`: returns each item's access, or refuses (and records the refusal). */
export async function authorizeRead(
  context: ReadContext,
  purpose: Purpose,
  selected: SelectedItem[],
): Promise<Map<string, ItemAccess>> {
  const { viewer, dataPlane } = context;
  const items = [...new Map(selected.map(({ item }) => [item.code, item])).values()];
  const codes = items.map((item) => item.code);
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
    await recordRead(context, purpose, {
      grantIds: grantIdsOf(access.values()),
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
  for (const { item, fields, filterFields = [] } of selected) {
    const { fieldName } = item;
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
