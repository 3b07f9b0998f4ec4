import { Entity, PrimaryKey, Property, types } from '@mikro-orm/core';

/** Values every hub process on one database must agree on (e.g. the masking key), created once. */
@Entity({ tableName: 'hub_setting' })
export class HubSetting {
  @PrimaryKey({ type: 'string', length: 40 })
  name!: string;

  @Property({ type: types.text })
  value!: string;
}
