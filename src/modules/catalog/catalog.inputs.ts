import { Field, InputType, Int } from 'type-graphql';
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

@InputType('CatalogItemFilter')
export class CatalogItemFilterInput {
  @Field(() => Direction, { nullable: true })
  direction?: Direction;

  @Field(() => String, { nullable: true, description: 'Items provided by this unit' })
  providerUnitCode?: string;

  @Field(() => UpdateCycle, { nullable: true })
  updateCycle?: UpdateCycle;

  @Field(() => SharingType, { nullable: true })
  sharingType?: SharingType;

  @Field(() => Int, { nullable: true, description: '1 or 2' })
  annex?: number;

  @Field(() => Int, { nullable: true, description: 'Category number within the annex' })
  annexCategory?: number;

  @Field(() => String, {
    nullable: true,
    description: 'Edition code; default: the latest published edition of the city and of each county',
  })
  edition?: string;

  @Field(() => String, { nullable: true, description: 'Substring of names, summaries, codes or field names (Chinese or English)' })
  search?: string;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Also list deprecated items' })
  includeDeprecated?: boolean;
}

@InputType('DueRuleInput')
export class DueRuleInput {
  @Field(() => Int)
  workingDaysAfterPeriod!: number;

  @Field(() => String, { nullable: true, description: 'HH:MM' })
  time?: string;
}

@InputType('MaskingRuleInput')
export class MaskingRuleInput {
  @Field(() => MaskingRuleKind)
  rule!: MaskingRuleKind;

  @Field(() => Int, { nullable: true })
  first?: number;

  @Field(() => Int, { nullable: true })
  last?: number;
}

@InputType('CatalogFieldInput')
export class CatalogFieldInput {
  @Field(() => String, { description: 'camelCase code' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => FieldDataType)
  dataType!: FieldDataType;

  @Field(() => Int, { nullable: true })
  length?: number;

  @Field(() => Int, { nullable: true })
  scale?: number;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  required?: boolean;

  @Field(() => Sensitivity)
  sensitivity!: Sensitivity;

  @Field(() => MaskingRuleInput, { nullable: true })
  masking?: MaskingRuleInput;

  @Field(() => IdentifierKind, { nullable: true })
  identifier?: IdentifierKind;

  @Field(() => [String], { nullable: true })
  enumValues?: string[];

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  deprecated?: boolean;
}

@InputType('CatalogItemInput', { description: 'An item as a draft edition should state it' })
export class CatalogItemInput {
  @Field(() => String, { description: 'Stable code, e.g. LYG-A1-17-004' })
  code!: string;

  @Field(() => String)
  graphqlName!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  summary!: string;

  @Field(() => Direction, { nullable: true, description: 'Default: implied by the annex' })
  direction?: Direction;

  @Field(() => Int, { nullable: true })
  annex?: number;

  @Field(() => Int, { nullable: true })
  annexCategory?: number;

  @Field(() => String)
  providerUnitCode!: string;

  @Field(() => ResourceFormat)
  format!: ResourceFormat;

  @Field(() => SharingChannel)
  channel!: SharingChannel;

  @Field(() => UpdateCycle)
  updateCycle!: UpdateCycle;

  @Field(() => DueRuleInput, { nullable: true })
  due?: DueRuleInput;

  @Field(() => SharingType)
  sharingType!: SharingType;

  @Field(() => String)
  sharingConditions!: string;

  @Field(() => String)
  legalBasis!: string;

  @Field(() => SecurityGrade)
  securityGrade!: SecurityGrade;

  @Field(() => [String], { nullable: true })
  relatedItemCodes?: string[];

  @Field(() => String)
  subjectField!: string;

  @Field(() => [String])
  businessKey!: string[];

  @Field(() => [CatalogFieldInput])
  fields!: CatalogFieldInput[];
}

@InputType('DraftCatalogEditionInput')
export class DraftCatalogEditionInput {
  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  notes?: string;
}
