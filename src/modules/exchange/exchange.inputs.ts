import { Field, InputType } from 'type-graphql';
import { DeliveryStatus } from './exchange.enums';

@InputType('DeliveryFilter')
export class DeliveryFilterInput {
  @Field(() => String, { nullable: true })
  itemCode?: string;

  @Field(() => String, { nullable: true, description: 'Only the data authority may name another unit' })
  providerUnitCode?: string;

  @Field(() => DeliveryStatus, { nullable: true })
  status?: DeliveryStatus;

  @Field(() => Date, { nullable: true })
  receivedFrom?: Date;

  @Field(() => Date, { nullable: true })
  receivedTo?: Date;
}

@InputType('RecordFilter')
export class RecordFilterInput {
  @Field(() => String, { nullable: true, description: 'The taxpayer: 统一社会信用代码 or 身份证号码' })
  subject?: string;

  @Field(() => [String], { nullable: true, description: 'Values of the business-key fields, in order' })
  businessKey?: string[];

  @Field(() => Date, { nullable: true, description: 'Versions that became valid at or after this instant' })
  updatedSince?: Date;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Also superseded versions' })
  includeHistory?: boolean;
}
