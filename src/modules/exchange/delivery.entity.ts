import {
  Entity,
  Enum,
  Index,
  ManyToOne,
  PrimaryKey,
  Property,
  type Ref,
  Unique,
  types,
} from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Unit } from '../unit/unit.entity';
import { DeliveryDoor, DeliveryMode, DeliveryStatus, type RejectionCode } from './exchange.enums';

/** One rejected row of a delivery: where and why, never the value. */
export interface RowRejection {
  row: number;
  field: string | null;
  code: RejectionCode;
  message: string;
}

/** 台账: one delivery of records by a provider, with what became of its rows. Written once, never updated. */
@Entity({ tableName: 'delivery' })
@Unique({ properties: ['provider', 'idempotencyKey'] })
@Index({ properties: ['itemCode', 'period'] })
@Index({ properties: ['provider', 'receivedAt'] })
export class Delivery {
  @PrimaryKey({ type: types.uuid })
  id: string = randomUUID();

  @Property({ type: 'string', length: 20 })
  itemCode!: string;

  /** The edition whose fields validated the rows. */
  @Property({ type: 'string', length: 20 })
  editionCode!: string;

  @ManyToOne(() => Unit, { ref: true, deleteRule: 'restrict' })
  provider!: Ref<Unit>;

  @Property({ type: types.uuid })
  apiKeyId!: string;

  @Property({ type: 'string', length: 100 })
  apiKeyName!: string;

  @Enum({ items: () => DeliveryDoor })
  door!: DeliveryDoor;

  @Enum({ items: () => DeliveryMode })
  mode!: DeliveryMode;

  @Property({ type: 'string', length: 200, nullable: true })
  idempotencyKey?: string;

  /** Label of the period the delivery covers (e.g. 2026-10), null for REALTIME and ON_DEMAND items. */
  @Property({ type: 'string', length: 20, nullable: true })
  period?: string;

  @Property({ type: types.datetime, columnType: 'timestamptz' })
  receivedAt!: Date;

  @Property({ type: types.datetime, columnType: 'timestamptz' })
  completedAt!: Date;

  @Enum({ items: () => DeliveryStatus })
  status!: DeliveryStatus;

  @Property({ type: types.integer })
  rowsReceived!: number;

  @Property({ type: types.integer })
  rowsAccepted!: number;

  @Property({ type: types.integer })
  rowsRejected!: number;

  /**
   * Rows that failed validation or repeated a business key. Equal to `rowsRejected`, except in a STRICT
   * delivery refused because of them, where every row is rejected. Null for deliveries recorded before
   * it was counted, when it cannot be known.
   */
  @Property({ type: types.integer, nullable: true })
  rowsInvalid?: number | null;

  @Property({ type: types.integer })
  rowsNew!: number;

  @Property({ type: types.integer })
  rowsChanged!: number;

  @Property({ type: types.integer })
  rowsUnchanged!: number;

  /** SHA-256 of the layout's field codes (a JSON array) and the rows as validated (canonical JSON lines, in order). */
  @Property({ type: 'string', length: 64 })
  checksum!: string;

  /** The problems of the first invalid rows, in row order (capped); `rowsInvalid` has the rows' total. */
  @Property({ type: types.json })
  rejections: RowRejection[] = [];

  /** True when the invalid rows have more problems than `rejections` lists. */
  @Property({ type: types.boolean, default: false })
  rejectionsTruncated = false;
}
