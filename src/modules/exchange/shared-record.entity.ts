import { BigIntType, Entity, Index, PrimaryKey, PrimaryKeyProp, Property, types } from '@mikro-orm/core';

/**
 * One version of one record of an item, keyed by item, business key and version. A delivery with an
 * existing business key supersedes the current version (sets `supersededAt`) and adds the next one;
 * earlier versions stay as history. Three indexes in all, as each one slows every bulk delivery: the
 * key (history, current version, one row per version), current records by subject, and the feed.
 */
@Entity({ tableName: 'shared_record' })
@Index({
  name: 'shared_record_current_subject',
  expression: `create index "shared_record_current_subject" on "shared_record" ("item_code", "subject") where "superseded_at" is null`,
})
// The record feed reads changes in commit order: (writing transaction, id) within an item.
@Index({
  name: 'shared_record_feed',
  expression: `create index "shared_record_feed" on "shared_record" ("item_code", "txid", "id")`,
})
export class SharedRecord {
  [PrimaryKeyProp]?: ['itemCode', 'businessKey', 'version'];

  /** Order of arrival, the feed's tie-break within one transaction; not a key. */
  @Property({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @PrimaryKey({ type: 'string', length: 20 })
  itemCode!: string;

  /** The business-key fields' values joined by U+001F, the unit separator (never part of a value). */
  @PrimaryKey({ type: types.text })
  businessKey!: string;

  /** The taxpayer: value of the item's subject field. */
  @Property({ type: types.text })
  subject!: string;

  /**
   * The record's values as a JSON array, in the order of its layout's fields (`layoutId`): the canonical
   * text the hub validated. Stored as `json`, not `jsonb`: PostgreSQL never looks inside it, and parsing
   * it into jsonb on every write cost bulk deliveries a third of their speed.
   */
  @Property({ type: types.json, columnType: 'json' })
  data!: unknown[];

  /** The layout `data` is in: the item's field codes when the version was written (see record-layout.ts). */
  @Property({ type: new BigIntType('string') })
  layoutId!: string;

  /**
   * MD5 of `data`'s canonical JSON text: equal hashes (in the same layout) mean an unchanged row. Null on a version written
   * as a new record: the hub hashes a row only when it has a version to compare with, and compares
   * with `md5(data)` where the hash is null.
   */
  @Property({ type: 'string', length: 32, nullable: true })
  contentHash?: string | null;

  @PrimaryKey({ type: types.integer })
  version!: number;

  @Property({ type: types.uuid })
  deliveryId!: string;

  /** When the delivery that wrote it began (its transaction's start, which also supersedes the version before). */
  @Property({ type: types.datetime, columnType: 'timestamptz', defaultRaw: 'now()' })
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

/**
 * The field codes of records stored in one order: a record's `data` holds its values in the order of
 * its layout's `fields`. Never changed or deleted (records refer to it); its id is a hash of the fields.
 */
@Entity({ tableName: 'record_layout' })
export class RecordLayout {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: false })
  id!: string;

  @Property({ type: types.array, columnType: 'text[]' })
  fields!: string[];
}
