import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../../graphql/page-info.type';
import { ChangeKind } from './catalog-diff';
import { CatalogItem } from './catalog-item.entity';
import { MaskingRuleKind } from './catalog.enums';

registerEnumType(ChangeKind, { name: 'ChangeKind' });

@ObjectType('DueRule', { description: 'When a period’s delivery is due' })
export class DueRule {
  @Field(() => Int, { description: 'Working days after the period ends' })
  workingDaysAfterPeriod!: number;

  @Field(() => String, { nullable: true, description: 'Local time (HH:MM) on that day; null means end of day' })
  time?: string;
}

@ObjectType('MaskingRule', { description: '脱敏规则 applied when a field is granted MASKED' })
export class MaskingRule {
  @Field(() => MaskingRuleKind)
  rule!: MaskingRuleKind;

  @Field(() => Int, { nullable: true })
  first?: number;

  @Field(() => Int, { nullable: true })
  last?: number;
}

@ObjectType('CatalogItemEdge')
export class CatalogItemEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => CatalogItem)
  node!: CatalogItem;
}

@ObjectType('CatalogItemConnection')
export class CatalogItemConnection {
  @Field(() => [CatalogItemEdge])
  edges!: CatalogItemEdge[];

  @Field(() => [CatalogItem], { description: 'The nodes of `edges`, for clients that need no cursors' })
  nodes!: CatalogItem[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@ObjectType('AttributeChange')
export class AttributeChange {
  @Field(() => String)
  attribute!: string;

  @Field(() => String, { nullable: true, description: 'The value before, as text (JSON for lists and objects)' })
  before?: string | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@ObjectType('CatalogFieldChange')
export class CatalogFieldChange {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => ChangeKind)
  change!: ChangeKind;

  @Field(() => [AttributeChange])
  attributes!: AttributeChange[];
}

@ObjectType('CatalogItemChange')
export class CatalogItemChange {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => ChangeKind)
  change!: ChangeKind;

  @Field(() => [AttributeChange])
  attributes!: AttributeChange[];

  @Field(() => [CatalogFieldChange])
  fields!: CatalogFieldChange[];
}

@ObjectType('CatalogDiff', { description: 'What changed between two editions, item by item and field by field' })
export class CatalogDiff {
  @Field(() => String)
  from!: string;

  @Field(() => String)
  to!: string;

  @Field(() => [CatalogItemChange])
  items!: CatalogItemChange[];
}
