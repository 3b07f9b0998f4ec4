import { Arg, Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { offsetPageInfo, pageRequest } from '../../graphql/pagination';
import { AccessLogService } from './access-log.service';
import { AccessLogConnection, AccessLogFilterInput } from './access-log.type';
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

  @Query(() => AccessLogConnection, {
    description:
      'Who read what: auditors everything, providers reads of their items, consumers their own reads',
  })
  async accessLog(
    @Ctx() { em, viewer }: HubContext,
    @Arg('filter', () => AccessLogFilterInput, { nullable: true }) filter?: AccessLogFilterInput,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<AccessLogConnection> {
    const page = pageRequest(first, after);
    const { entries, totalCount } = await new AccessLogService(em, viewer).list(filter ?? {}, page);
    const nodes = entries.map((entry) => ({
      id: entry.id,
      occurredAt: entry.occurredAt,
      requestId: entry.requestId,
      unitCode: entry.unitCode,
      grantIds: entry.grantIds,
      purpose: entry.purpose ?? null,
      itemCodes: entry.itemCodes,
      fields: entry.fields,
      recordCount: entry.recordCount,
      subjects: entry.subjects ?? null,
      subjectsDigest: entry.subjectsDigest ?? null,
      outcome: entry.outcome,
      reason: entry.reason ?? null,
      seq: entry.seq ?? null,
    }));
    return {
      nodes,
      totalCount,
      pageInfo: offsetPageInfo(page.offset, nodes.length, totalCount),
    };
  }
}
