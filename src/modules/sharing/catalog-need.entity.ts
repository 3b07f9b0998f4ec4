import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref, types } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { registerEnumType } from 'type-graphql';
import { Unit } from '../unit/unit.entity';

/** Where an out-of-catalogue need stands. */
export enum CatalogNeedState {
  /** Described by a unit, awaiting the would-be provider. */
  PROPOSED = 'PROPOSED',
  AGREED = 'AGREED',
  DECLINED = 'DECLINED',
  /** Entered as an item in a draft edition. */
  CATALOGUED = 'CATALOGUED',
}

registerEnumType(CatalogNeedState, {
  name: 'CatalogNeedState',
  valuesConfig: {
    PROPOSED: { description: '已提出: awaiting the would-be provider' },
    AGREED: { description: '已同意: to be catalogued within the deadline' },
    DECLINED: { description: '不同意 (reason given)' },
    CATALOGUED: { description: '已纳入目录 (as a draft item)' },
  },
});

/** 目录外需求: information no item covers, negotiated with a would-be provider, then catalogued. */
@Entity({ tableName: 'catalog_need' })
export class CatalogNeed {
  @PrimaryKey({ type: types.uuid })
  id: string = randomUUID();

  @ManyToOne(() => Unit, { ref: true, deleteRule: 'restrict' })
  requester!: Ref<Unit>;

  @ManyToOne(() => Unit, { ref: true, deleteRule: 'restrict' })
  proposedProvider!: Ref<Unit>;

  @Property({ type: 'string', length: 100 })
  title!: string;

  /** What information, which fields, how often: in the requester's words. */
  @Property({ type: types.text })
  description!: string;

  @Property({ type: types.text })
  legalBasis!: string;

  @Enum({ items: () => CatalogNeedState })
  state: CatalogNeedState = CatalogNeedState.PROPOSED;

  @Property({ type: types.datetime, columnType: 'timestamptz' })
  proposedAt: Date = new Date();

  @Property({ type: types.datetime, columnType: 'timestamptz', nullable: true })
  answeredAt?: Date;

  @Property({ type: types.text, nullable: true })
  answerReason?: string;

  /** After agreement, the need must enter the catalogue by then (15 working days by default). */
  @Property({ type: types.datetime, columnType: 'timestamptz', nullable: true })
  catalogueDueAt?: Date;

  @Property({ type: 'string', length: 20, nullable: true })
  itemCode?: string;

  @Property({ type: 'string', length: 20, nullable: true })
  editionCode?: string;
}
