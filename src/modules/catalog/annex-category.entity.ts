import { Entity, PrimaryKey, PrimaryKeyProp, Property, types } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';

/** A numbered category of Annex 1 or 2 of seed 004, with the regulation's own wording. */
@Entity({ tableName: 'annex_category' })
@ObjectType('AnnexCategory', { description: 'A numbered category of 附件1 / 附件2 (连政办发〔2022〕40号)' })
export class AnnexCategory {
  [PrimaryKeyProp]?: ['annex', 'number'];

  @PrimaryKey({ type: types.smallint })
  @Field(() => Int)
  annex!: number;

  @PrimaryKey({ type: types.smallint })
  @Field(() => Int)
  number!: number;

  @Property({ type: types.text })
  @Field(() => String)
  title!: string;
}
