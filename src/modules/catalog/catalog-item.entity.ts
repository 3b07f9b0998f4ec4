import {
  Collection,
  Entity,
  Enum,
  Index,
  ManyToOne,
  OneToMany,
  PrimaryKey,
  Property,
  type Ref,
  Unique,
  types,
} from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Unit } from '../unit/unit.entity';
import { CatalogEdition } from './catalog-edition.entity';
import {
  Direction,
  FieldDataType,
  IdentifierKind,
  MaskingRuleKind,
  ResourceFormat,
  SecurityGrade,
  Sensitivity,
  SharingChannel,
  SharingType,
  UpdateCycle,
} from './catalog.enums';

/** 信息资源: one kind of shared information, as one edition states it. */
@Entity({ tableName: 'catalog_item' })
@Unique({ properties: ['edition', 'code'] })
@Unique({ properties: ['edition', 'graphqlName'] })
@Index({ properties: ['provider'] })
@ObjectType('CatalogItem', { description: '信息资源: one kind of tax-related information, as an edition states it' })
export class CatalogItem {
  @PrimaryKey({ type: types.integer, autoincrement: true })
  id!: number;

  @ManyToOne(() => CatalogEdition, { ref: true, deleteRule: 'cascade' })
  edition!: Ref<CatalogEdition>;

  @Property({ type: 'string', length: 20 })
  @Field(() => String, { description: '信息资源代码, stable across editions, e.g. LYG-A1-17-001' })
  code!: string;

  @Property({ type: 'string', length: 64 })
  @Field(() => String, { description: 'GraphQL-safe name used for this item’s type in the data plane' })
  graphqlName!: string;

  @Property({ type: 'string', length: 100 })
  @Field(() => String, { description: '信息资源名称' })
  name!: string;

  @Property({ type: types.text })
  @Field(() => String, { description: '信息资源摘要' })
  summary!: string;

  @Enum({ items: () => Direction })
  @Field(() => Direction)
  direction!: Direction;

  @Property({ type: types.smallint, nullable: true })
  @Field(() => Int, { nullable: true, description: '附件 number: 1 (to the tax bureau) or 2 (from it)' })
  annex?: number;

  @Property({ type: types.smallint, nullable: true })
  @Field(() => Int, { nullable: true, description: 'Category number within the annex (附件1: 1–26, 附件2: 1–18)' })
  annexCategory?: number;

  @ManyToOne(() => Unit, { ref: true, deleteRule: 'restrict' })
  provider!: Ref<Unit>;

  @Enum({ items: () => ResourceFormat })
  @Field(() => ResourceFormat, { description: '信息资源格式' })
  format!: ResourceFormat;

  @Enum({ items: () => SharingChannel })
  @Field(() => SharingChannel, { description: '共享方式 / 途径' })
  channel!: SharingChannel;

  @Enum({ items: () => UpdateCycle })
  @Field(() => UpdateCycle, { description: '更新周期' })
  updateCycle!: UpdateCycle;

  /** A period's delivery is due this many working days after the period ends (null: no schedule). */
  @Property({ type: types.smallint, nullable: true })
  dueWorkingDays?: number;

  /** Local time of day on the due day, HH:MM (null: end of day). */
  @Property({ type: 'string', length: 5, nullable: true })
  dueTime?: string;

  @Enum({ items: () => SharingType })
  @Field(() => SharingType, { description: '共享类型' })
  sharingType!: SharingType;

  @Property({ type: types.text })
  @Field(() => String, { description: '共享条件 (for NOT_SHARED: the legal basis for refusing)' })
  sharingConditions!: string;

  @Property({ type: types.text })
  @Field(() => String, { description: '依据' })
  legalBasis!: string;

  @Enum({ items: () => SecurityGrade })
  @Field(() => SecurityGrade, { description: '安全等级' })
  securityGrade!: SecurityGrade;

  @Property({ type: types.array, columnType: 'text[]' })
  @Field(() => [String], { description: '关联资源代码' })
  relatedItemCodes: string[] = [];

  @Property({ type: 'string', length: 63 })
  @Field(() => String, { description: 'Code of the field naming the taxpayer (统一社会信用代码 / 身份证号码)' })
  subjectField!: string;

  @Property({ type: types.array, columnType: 'text[]' })
  @Field(() => [String], { description: 'Codes of the fields that identify one record' })
  businessKey: string[] = [];

  @Property({ type: types.boolean })
  deprecated = false;

  @Property({ type: types.text, nullable: true })
  @Field(() => String, { nullable: true })
  deprecationReason?: string;

  /** Order of the item in listings: annex, category, code. */
  @Property({ type: types.integer })
  position!: number;

  @OneToMany(() => CatalogField, (field) => field.item, { orderBy: { position: 'asc' } })
  fieldRows = new Collection<CatalogField>(this);
}

/** 信息项: one field of an item. */
@Entity({ tableName: 'catalog_field' })
@Unique({ properties: ['item', 'code'] })
@ObjectType('CatalogField', { description: '信息项: one field of an item' })
export class CatalogField {
  @PrimaryKey({ type: types.integer, autoincrement: true })
  id!: number;

  @ManyToOne(() => CatalogItem, { ref: true, deleteRule: 'cascade' })
  item!: Ref<CatalogItem>;

  @Property({ type: types.smallint })
  @Field(() => Int, { description: 'Order within the item, from 1' })
  position!: number;

  @Property({ type: 'string', length: 63 })
  @Field(() => String, { description: 'camelCase code, the field’s name in the data plane' })
  code!: string;

  @Property({ type: 'string', length: 60 })
  @Field(() => String, { description: '信息项名称' })
  name!: string;

  @Enum({ items: () => FieldDataType })
  @Field(() => FieldDataType)
  dataType!: FieldDataType;

  @Property({ type: types.integer, nullable: true })
  @Field(() => Int, { nullable: true, description: 'Maximum length (characters, or digits for numbers)' })
  length?: number;

  @Property({ type: types.smallint, nullable: true })
  @Field(() => Int, { nullable: true, description: 'Digits after the decimal point' })
  scale?: number;

  @Property({ type: types.boolean })
  @Field(() => Boolean)
  required = false;

  @Enum({ items: () => Sensitivity })
  @Field(() => Sensitivity)
  sensitivity!: Sensitivity;

  @Enum({ items: () => MaskingRuleKind })
  maskingRule: MaskingRuleKind = MaskingRuleKind.NONE;

  @Property({ type: types.smallint, nullable: true })
  maskFirst?: number;

  @Property({ type: types.smallint, nullable: true })
  maskLast?: number;

  @Enum({ items: () => IdentifierKind, nullable: true })
  @Field(() => IdentifierKind, { nullable: true, description: 'Identifier whose check digit values must pass' })
  identifier?: IdentifierKind;

  @Property({ type: types.array, columnType: 'text[]', nullable: true })
  @Field(() => [String], { nullable: true, description: 'Allowed values (代码表), when the field is coded' })
  enumValues?: string[];

  @Property({ type: types.text, nullable: true })
  @Field(() => String, { nullable: true })
  description?: string;

  @Property({ type: types.boolean })
  @Field(() => Boolean, { description: 'Kept for old clients; not to be relied on in new ones' })
  deprecated = false;
}
