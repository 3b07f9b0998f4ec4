import { Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { verifyLedger } from './ledger.service';

@ObjectType('LedgerVerification', { description: 'The access ledger’s hash chain, recomputed' })
export class LedgerVerificationType {
  @Field(() => Boolean, { description: 'No sealed entry was changed, removed or moved' })
  ok!: boolean;

  @Field(() => Int)
  checkedEntries!: number;

  @Field(() => String, { nullable: true, description: 'Sequence number where the chain first breaks' })
  firstBrokenEntry?: string | null;

  @Field(() => Int, { description: 'Entries not sealed yet (the sealer runs every second)' })
  unsealedEntries!: number;
}

@Resolver(() => LedgerVerificationType)
export class LedgerResolver {
  @Query(() => LedgerVerificationType, {
    description: 'Auditors: verify that the access ledger has not been altered',
  })
  async verifyLedger(@Ctx() { pool }: HubContext): Promise<LedgerVerificationType> {
    return verifyLedger(pool);
  }
}
