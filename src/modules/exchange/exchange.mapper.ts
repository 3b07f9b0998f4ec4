import type { Unit } from '../unit/unit.entity';
import type { Delivery } from './delivery.entity';
import { type Queryable, type RecordReader, recordReader } from './record-layout';
import { KEY_SEPARATOR } from './row-validator';
import type { SharedRecord } from './shared-record.entity';
import type { DeliveryType, SharedRecordVersion } from './exchange.type';

/** The ledger entry as clients see it (GraphQL and the HTTP bulk door answer the same shape). */
export function deliveryView(delivery: Delivery, provider: Unit): DeliveryType {
  return {
    id: delivery.id,
    itemCode: delivery.itemCode,
    editionCode: delivery.editionCode,
    provider,
    deliveredBy: delivery.apiKeyName,
    door: delivery.door,
    mode: delivery.mode,
    status: delivery.status,
    period: delivery.period ?? null,
    idempotencyKey: delivery.idempotencyKey ?? null,
    receivedAt: delivery.receivedAt,
    completedAt: delivery.completedAt,
    rowsReceived: delivery.rowsReceived,
    rowsAccepted: delivery.rowsAccepted,
    rowsRejected: delivery.rowsRejected,
    rowsInvalid: delivery.rowsInvalid ?? null,
    rowsNew: delivery.rowsNew,
    rowsChanged: delivery.rowsChanged,
    rowsUnchanged: delivery.rowsUnchanged,
    checksum: delivery.checksum,
    rejections: delivery.rejections,
    rejectionsTruncated: delivery.rejectionsTruncated,
  };
}

/** Record versions as clients see them: each one's values under the field codes of its layout. */
export async function recordViews(db: Queryable, records: SharedRecord[]): Promise<SharedRecordVersion[]> {
  const read = await recordReader(
    db,
    records.map((record) => record.layoutId),
  );
  return records.map((record) => recordView(record, read));
}

function recordView(record: SharedRecord, read: RecordReader): SharedRecordVersion {
  return {
    businessKey: record.businessKey.split(KEY_SEPARATOR),
    subject: record.subject,
    version: record.version,
    current: !record.supersededAt,
    data: read(record.layoutId, record.data),
    validFrom: record.validFrom,
    supersededAt: record.supersededAt ?? null,
    deliveryId: record.deliveryId,
  };
}
