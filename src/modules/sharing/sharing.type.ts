import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Unit } from '../unit/unit.entity';
import { AccessRequestState, FieldAccess, Purpose } from './sharing.enums';

@ObjectType('GrantedField')
export class GrantedFieldType {
  @Field(() => String)
  code!: string;

  @Field(() => FieldAccess)
  access!: FieldAccess;
}

@ObjectType('Grant', { description: '授权: consumer × item × fields × purposes × validity' })
export class GrantType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  itemCode!: string;

  @Field(() => Unit)
  consumer!: Unit;

  @Field(() => [GrantedFieldType])
  fields!: GrantedFieldType[];

  @Field(() => [Purpose])
  purposes!: Purpose[];

  @Field(() => Date)
  grantedAt!: Date;

  @Field(() => String, { description: 'Last day of validity (YYYY-MM-DD)' })
  validUntil!: string;

  @Field(() => Date, { nullable: true })
  revokedAt?: Date | null;

  @Field(() => String, { nullable: true })
  revokedReason?: string | null;

  @Field(() => Boolean, { description: 'Neither revoked nor expired' })
  active!: boolean;
}

@ObjectType('AccessRequest', { description: '共享申请' })
export class AccessRequestType {
  @Field(() => ID)
  id!: string;

  @Field(() => AccessRequestState)
  state!: AccessRequestState;

  @Field(() => String)
  itemCode!: string;

  @Field(() => Unit)
  consumer!: Unit;

  @Field(() => Unit)
  provider!: Unit;

  @Field(() => [String], { description: 'Field codes asked for' })
  fields!: string[];

  @Field(() => [Purpose])
  purposes!: Purpose[];

  @Field(() => String)
  legalBasis!: string;

  @Field(() => String, { description: '应用场景' })
  scenario!: string;

  @Field(() => String)
  validUntil!: string;

  @Field(() => Date)
  submittedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the current step (check, review, ruling) is due' })
  stepDueAt?: Date | null;

  @Field(() => Boolean, { description: 'The current step is past its due time' })
  overdue!: boolean;

  @Field(() => Date, { nullable: true })
  decidedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'The latest reason given (rejection, ruling, …)' })
  reason?: string | null;

  @Field(() => String, { nullable: true })
  disputeReason?: string | null;

  @Field(() => GrantType, { nullable: true })
  grant?: GrantType | null;
}

@InputType('GrantedFieldInput')
export class GrantedFieldInput {
  @Field(() => String)
  code!: string;

  @Field(() => FieldAccess)
  access!: FieldAccess;
}

@InputType('RequestAccessInput')
export class RequestAccessInput {
  @Field(() => String)
  itemCode!: string;

  @Field(() => [String])
  fields!: string[];

  @Field(() => [Purpose])
  purposes!: Purpose[];

  @Field(() => String, { description: '依据' })
  legalBasis!: string;

  @Field(() => String, { description: '应用场景' })
  scenario!: string;

  @Field(() => String, { description: 'Last day the data is needed (YYYY-MM-DD)' })
  validUntil!: string;
}

@InputType('AccessRequestFilter')
export class AccessRequestFilterInput {
  @Field(() => AccessRequestState, { nullable: true })
  state?: AccessRequestState;

  @Field(() => String, { nullable: true })
  itemCode?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only requests whose current step is overdue' })
  overdue?: boolean;
}

@InputType('GrantFilter')
export class GrantFilterInput {
  @Field(() => String, { nullable: true })
  itemCode?: string;

  @Field(() => String, { nullable: true, description: 'The consumer unit holding the grant' })
  consumerUnitCode?: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only grants in force (not revoked, not expired); false: only ended ones',
  })
  active?: boolean;
}
