import { Entity, PrimaryKey, PrimaryKeyProp, Property, types } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';

/** One action a responder may be asked for under a task type. */
@ObjectType('AssistanceAction')
export class AssistanceAction {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Boolean, { description: '先税后证: the responder verifies a tax certificate before acting' })
  verification!: boolean;
}

/** 税务共管共治任务: one duty of seed 004 Annex 3, the type of an assistance request between units. */
@Entity({ tableName: 'assistance_task_type' })
@ObjectType('AssistanceTaskType', { description: '税务共管共治任务 (附件3): a kind of assistance request' })
export class AssistanceTaskType {
  [PrimaryKeyProp]?: 'code';

  @PrimaryKey({ type: 'string', length: 20 })
  @Field(() => String)
  code!: string;

  @Property({ type: types.smallint })
  @Field(() => Int, { description: 'Number in 附件3' })
  number!: number;

  @Property({ type: 'string', length: 100 })
  @Field(() => String)
  name!: string;

  @Property({ type: types.text })
  @Field(() => String)
  summary!: string;

  @Property({ type: types.array, columnType: 'text[]' })
  responderUnitCodes: string[] = [];

  @Property({ type: types.json })
  @Field(() => [AssistanceAction])
  actions: AssistanceAction[] = [];

  @Property({ type: types.smallint })
  @Field(() => Int, { description: 'Default response deadline, in working days' })
  defaultDeadlineWorkingDays = 10;

  @Property({ type: types.text })
  @Field(() => String)
  legalBasis!: string;
}
