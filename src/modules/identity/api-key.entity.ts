import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref, types } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { registerEnumType } from 'type-graphql';
import { Unit } from '../unit/unit.entity';

/** What an API key may do; a key carries one or more. */
export enum Role {
  DATA_AUTHORITY = 'DATA_AUTHORITY',
  PROVIDER = 'PROVIDER',
  CONSUMER = 'CONSUMER',
  AUDITOR = 'AUDITOR',
}

registerEnumType(Role, {
  name: 'Role',
  valuesConfig: {
    DATA_AUTHORITY: { description: 'Keeps and publishes the catalogue (of its city or county)' },
    PROVIDER: { description: 'Delivers records for the items its unit provides' },
    CONSUMER: { description: 'Requests and reads shared information' },
    AUDITOR: { description: 'Reads the ledgers and verifies them' },
  },
});

/** An API key: a secret held by one application or person acting for one unit. Only its hash is kept. */
@Entity({ tableName: 'api_key' })
export class ApiKey {
  @PrimaryKey({ type: types.uuid })
  id: string = randomUUID();

  @Property({ type: 'string', length: 100 })
  name!: string;

  @ManyToOne(() => Unit, { ref: true, deleteRule: 'restrict' })
  unit!: Ref<Unit>;

  @Enum({ items: () => Role, array: true })
  roles: Role[] = [];

  /** SHA-256 of the key: keys are 256-bit random, so a fast hash is enough and lookups stay O(1). */
  @Property({ type: 'string', length: 64, unique: true })
  keyHash!: string;

  @Property({ type: types.datetime, columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: types.datetime, columnType: 'timestamptz', nullable: true })
  revokedAt?: Date;
}
