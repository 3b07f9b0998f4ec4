import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../graphql/page-info.type';
import { Purpose } from '../sharing/sharing.enums';
import { AccessOutcome } from './access-log.entity';

@ObjectType('AccessLogEntry', { description: '访问台账: one data-plane request, allowed or refused' })
export class AccessLogEntryType {
  @Field(() => String)
  id!: string;

  @Field(() => Date)
  occurredAt!: Date;

  @Field(() => String)
  requestId!: string;

  @Field(() => String, { description: 'The unit that read' })
  unitCode!: string;

  @Field(() => [String], {
    description: 'The grants the read was served under (none when a provider read its own items)',
  })
  grantIds!: string[];

  @Field(() => String, { nullable: true })
  purpose?: string | null;

  @Field(() => [String])
  itemCodes!: string[];

  @Field(() => [String])
  fields!: string[];

  @Field(() => Int)
  recordCount!: number;

  @Field(() => [String], { nullable: true, description: 'The subjects returned, when few enough to list' })
  subjects?: string[] | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 over the subjects, when too many to list' })
  subjectsDigest?: string | null;

  @Field(() => AccessOutcome)
  outcome!: AccessOutcome;

  @Field(() => String, { nullable: true })
  reason?: string | null;

  @Field(() => String, { nullable: true, description: 'Position in the hash chain, once sealed' })
  seq?: string | null;
}

@ObjectType('AccessLogConnection')
export class AccessLogConnection {
  @Field(() => [AccessLogEntryType])
  nodes!: AccessLogEntryType[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@InputType('AccessLogFilter')
export class AccessLogFilterInput {
  @Field(() => String, { nullable: true })
  itemCode?: string;

  @Field(() => String, { nullable: true })
  unitCode?: string;

  @Field(() => String, {
    nullable: true,
    description: 'A taxpayer: reads that returned this subject (listed subjects only)',
  })
  subject?: string;

  @Field(() => Purpose, { nullable: true })
  purpose?: Purpose;

  @Field(() => Date, { nullable: true })
  from?: Date;

  @Field(() => Date, { nullable: true })
  to?: Date;
}
