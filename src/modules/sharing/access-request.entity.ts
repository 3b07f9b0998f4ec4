import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Ref, types } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { Sensitivity } from '../catalog/catalog.enums';
import type { MaskingRule } from './masking';
import { Unit } from '../unit/unit.entity';
import { AccessRequestState, FieldAccess, Purpose } from './sharing.enums';

/** One granted field and how it is served. */
export interface GrantedField {
  code: string;
  access: FieldAccess;
  /** The field's sensitivity when granted: a later, stricter sensitivity turns CLEAR into MASKED. */
  sensitivity?: Sensitivity;
  /** The field's masking rule when granted: a later, milder rule does not loosen a MASKED grant. */
  masking?: MaskingRule;
}

/** 共享申请: a consumer unit asks for fields of an item, for stated purposes, until a date. */
@Entity({ tableName: 'access_request' })
@Index({ properties: ['consumer', 'state'] })
@Index({ properties: ['itemCode', 'state'] })
export class AccessRequest {
  @PrimaryKey({ type: types.uuid })
  id: string = randomUUID();

  @ManyToOne(() => Unit, { ref: true, deleteRule: 'restrict' })
  consumer!: Ref<Unit>;

  @Property({ type: 'string', length: 20 })
  itemCode!: string;

  /** The provider when the request was made (the item's provider reviews it). */
  @ManyToOne(() => Unit, { ref: true, deleteRule: 'restrict' })
  provider!: Ref<Unit>;

  @Property({ type: types.array, columnType: 'text[]' })
  fields: string[] = [];

  @Enum({ items: () => Purpose, array: true })
  purposes: Purpose[] = [];

  @Property({ type: types.text })
  legalBasis!: string;

  @Property({ type: types.text })
  scenario!: string;

  /** Last day the consumer needs the data (local date). */
  @Property({ type: 'string', length: 10 })
  validUntil!: string;

  @Enum({ items: () => AccessRequestState })
  state: AccessRequestState = AccessRequestState.SUBMITTED;

  @Property({ type: types.uuid })
  submittedByKey!: string;

  @Property({ type: types.datetime, columnType: 'timestamptz' })
  submittedAt: Date = new Date();

  /** When the current step (compliance check, provider review, ruling) is due. */
  @Property({ type: types.datetime, columnType: 'timestamptz', nullable: true })
  stepDueAt?: Date;

  @Property({ type: types.datetime, columnType: 'timestamptz', nullable: true })
  decidedAt?: Date;

  /** Why it was rejected, disputed, ruled on or closed: the latest reason given. */
  @Property({ type: types.text, nullable: true })
  reason?: string;

  @Property({ type: types.text, nullable: true })
  disputeReason?: string;

  @Property({ type: types.uuid, nullable: true })
  grantId?: string;
}

/** 授权: consumer unit × item × fields (CLEAR or MASKED) × purposes × validity. */
@Entity({ tableName: 'access_grant' })
@Index({ properties: ['consumer', 'itemCode'] })
export class Grant {
  @PrimaryKey({ type: types.uuid })
  id: string = randomUUID();

  @Property({ type: types.uuid })
  requestId!: string;

  @ManyToOne(() => Unit, { ref: true, deleteRule: 'restrict' })
  consumer!: Ref<Unit>;

  @Property({ type: 'string', length: 20 })
  itemCode!: string;

  @Property({ type: types.json })
  fields: GrantedField[] = [];

  @Enum({ items: () => Purpose, array: true })
  purposes: Purpose[] = [];

  @Property({ type: types.datetime, columnType: 'timestamptz' })
  grantedAt: Date = new Date();

  @Property({ type: 'string', length: 10 })
  validUntil!: string;

  @Property({ type: types.datetime, columnType: 'timestamptz', nullable: true })
  revokedAt?: Date;

  @Property({ type: types.text, nullable: true })
  revokedReason?: string;
}
