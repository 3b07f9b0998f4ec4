import { BigIntType, Entity, Index, PrimaryKey, Property, types } from '@mikro-orm/core';

/**
 * One version of one record of an item. A delivery with an existing business key supersedes the
 * current version (sets `supersededAt`) and adds the next; earlier versions stay as history.
 */
@Entity({ tableName: 'shared_record' })
@Index({
  name: 'shared_record_current_key',
  expression: `create unique index "shared_record_current_key" on "shared_record" ("item_code", "business_key") where "superseded_at" is null`,
})
@Index({
  name: 'shared_record_current_subject',
  expression: `create index "shared_record_current_subject" on "shared_record" ("item_code", "subject") where "superseded_at" is null`,
})
// History of one record; no index on delivery_id: each index slows every bulk delivery.
@Index({ properties: ['itemCode', 'businessKey'] })
// The record feed reads changes in commit order: (writing transaction, id) within an item.
@Index({
  name: 'shared_record_feed',
  expression: `create index "shared_record_feed" on "shared_record" ("item_code", "txid", "id")`,
})
export class SharedRecord {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 20 })
  itemCode!: string;

  /** The business-key fields' values joined by U+001F, the unit separator (never part of a value). */
  @Property({ type: types.text })
  businessKey!: string;

  /** The taxpayer: value of the item's subject field. */
  @Property({ type: types.text })
  subject!: string;

  @Property({ type: types.json })
  data!: Record<string, unknown>;

  /** MD5 of `data` as canonical JSON text, computed by PostgreSQL: equal hashes mean an unchanged row. */
  @Property({ type: 'string', length: 32 })
  contentHash!: string;

  @Property({ type: types.integer })
  version!: number;

  @Property({ type: types.uuid })
  deliveryId!: string;

  @Property({ type: types.datetime, columnType: 'timestamptz' })
  validFrom!: Date;

  @Property({ type: types.datetime, columnType: 'timestamptz', nullable: true })
  supersededAt?: Date;

  @Property({ type: types.uuid, nullable: true })
  supersededByDeliveryId?: string;

  /**
   * The writing transaction (PostgreSQL's 64-bit xid). The record feed only serves rows of transactions
   * older than every running one, so a delivery committing late can never be skipped by a reader.
   */
  @Property({ type: 'string', columnType: 'xid8', defaultRaw: 'pg_current_xact_id()' })
  txid!: string;
}
