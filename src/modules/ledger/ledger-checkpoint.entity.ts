import { BigIntType, Entity, PrimaryKey, Property, types } from '@mikro-orm/core';

/**
 * The head of the access ledger's hash chain after each sealing batch. Removing the newest entries
 * leaves a chain that still links up; the checkpoints (append-only too, and also written to the hub's
 * log) say how far the chain reached, so `verifyLedger` notices the missing tail.
 */
@Entity({ tableName: 'ledger_checkpoint' })
export class LedgerCheckpoint {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: false })
  seq!: string;

  @Property({ type: 'string', length: 64 })
  entryHash!: string;

  @Property({ type: types.datetime, columnType: 'timestamptz' })
  sealedAt!: Date;
}
