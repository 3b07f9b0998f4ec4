import { BigIntType, Entity, Enum, Index, PrimaryKey, Property, types } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';

export enum AccessOutcome {
  ALLOWED = 'ALLOWED',
  DENIED = 'DENIED',
}

registerEnumType(AccessOutcome, { name: 'AccessOutcome' });

/**
 * 访问台账: one entry per data-plane request, written before data leaves the hub. Append-only (a trigger
 * refuses updates and deletes except the one-time sealing), and sealed into a hash chain by `seq`.
 */
@Entity({ tableName: 'access_log' })
@Index({ properties: ['unitCode', 'occurredAt'] })
// The sealer and the lag check look for the oldest unsealed entries.
@Index({
  name: 'access_log_unsealed',
  expression: `create index "access_log_unsealed" on "access_log" ("id") where "seq" is null`,
})
export class AccessLogEntry {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: types.datetime, columnType: 'timestamptz' })
  occurredAt: Date = new Date();

  @Property({ type: types.uuid })
  requestId!: string;

  @Property({ type: types.uuid })
  apiKeyId!: string;

  @Property({ type: 'string', length: 40 })
  unitCode!: string;

  /** The grants the request was served under (none for a provider reading its own items). */
  @Property({ type: types.array, columnType: 'uuid[]' })
  grantIds: string[] = [];

  @Property({ type: 'string', length: 40, nullable: true })
  purpose?: string;

  @Property({ type: types.array, columnType: 'text[]' })
  itemCodes: string[] = [];

  @Property({ type: types.array, columnType: 'text[]' })
  fields: string[] = [];

  @Property({ type: types.integer })
  recordCount = 0;

  /** SHA-256 over the subjects returned, when there were too many to list. */
  @Property({ type: 'string', length: 64, nullable: true })
  subjectsDigest?: string;

  @Property({ type: types.array, columnType: 'text[]', nullable: true })
  subjects?: string[];

  @Enum({ items: () => AccessOutcome })
  outcome!: AccessOutcome;

  @Property({ type: types.text, nullable: true })
  reason?: string;

  /** Position in the hash chain, set once by the sealer. */
  @Property({ type: new BigIntType('string'), nullable: true, unique: true })
  seq?: string;

  @Property({ type: 'string', length: 64, nullable: true })
  prevHash?: string;

  @Property({ type: 'string', length: 64, nullable: true })
  entryHash?: string;

  @Property({ type: types.datetime, columnType: 'timestamptz', nullable: true })
  sealedAt?: Date;
}
