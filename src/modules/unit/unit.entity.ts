import { Entity, Enum, ManyToOne, PrimaryKey, PrimaryKeyProp, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** What kind of body a unit is; decides nothing by itself, roles on API keys do. */
export enum UnitKind {
  GOVERNMENT = 'GOVERNMENT',
  COUNTY_GOVERNMENT = 'COUNTY_GOVERNMENT',
  DATA_AUTHORITY = 'DATA_AUTHORITY',
  TAX_AUTHORITY = 'TAX_AUTHORITY',
  DEPARTMENT = 'DEPARTMENT',
  JUDICIAL = 'JUDICIAL',
  VERTICAL_AGENCY = 'VERTICAL_AGENCY',
  PUBLIC_UTILITY = 'PUBLIC_UTILITY',
  SOCIAL_ORGANIZATION = 'SOCIAL_ORGANIZATION',
  FINANCIAL_INSTITUTION = 'FINANCIAL_INSTITUTION',
}

registerEnumType(UnitKind, {
  name: 'UnitKind',
  description: 'Kind of unit (单位类型)',
  valuesConfig: {
    GOVERNMENT: { description: '市政府' },
    COUNTY_GOVERNMENT: { description: '县（区）政府; may supplement the city catalogue' },
    DATA_AUTHORITY: { description: '公共数据主管部门 / 大数据中心' },
    TAX_AUTHORITY: { description: '税务部门' },
    DEPARTMENT: { description: '政府部门' },
    JUDICIAL: { description: '法院、检察院' },
    VERTICAL_AGENCY: { description: '垂直管理部门 (海关、海事、人行 …)' },
    PUBLIC_UTILITY: { description: '供电、供水等公用事业单位' },
    SOCIAL_ORGANIZATION: { description: '行业协会等社会组织' },
    FINANCIAL_INSTITUTION: { description: '银行等金融机构' },
  },
});

/** 单位: a department, agency or organisation that provides or consumes shared information. */
@Entity({ tableName: 'unit' })
@ObjectType('Unit', { description: '单位: a body that provides or consumes shared information' })
export class Unit {
  [PrimaryKeyProp]?: 'code';

  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => String, { description: 'Stable unit code, e.g. LYG-AMR' })
  code!: string;

  @Property({ type: 'string', length: 100 })
  @Field(() => String, { description: 'Chinese name (单位名称)' })
  name!: string;

  @Enum({ items: () => UnitKind, nativeEnumName: undefined })
  @Field(() => UnitKind)
  kind!: UnitKind;

  @ManyToOne(() => Unit, { nullable: true, ref: true, deleteRule: 'restrict' })
  parent?: Ref<Unit>;
}
