import { GraphQLJSONObject } from 'graphql-scalars';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, Info, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../../graphql/context';
import { PageInfo } from '../../../graphql/page-info.type';
import { Purpose } from '../sharing.enums';
import { readFeed } from './record-feed';
import { assertSingleRead } from './selection';

@ObjectType('RecordChange', { description: 'One new version of a record, as the grant serves it' })
export class RecordChangeType {
  @Field(() => String)
  itemCode!: string;

  @Field(() => [String], {
    nullable: true,
    description: 'The business key’s values; null unless every key field is granted in clear',
  })
  businessKey!: string[] | null;

  @Field(() => Int, { description: '1 for a new record, then 2, 3 … for each change' })
  version!: number;

  @Field(() => Date, { description: 'When the delivery carrying this version arrived' })
  validFrom!: Date;

  @Field(() => GraphQLJSONObject, { description: 'The granted fields by code, masked as granted' })
  data!: Record<string, unknown>;
}

@ObjectType('RecordFeedEdge')
export class RecordFeedEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => RecordChangeType)
  node!: RecordChangeType;
}

@ObjectType('RecordFeedConnection', {
  description: 'Changes in commit order; keep endCursor and ask again to get what has landed since',
})
export class RecordFeedConnection {
  @Field(() => [RecordFeedEdge])
  edges!: RecordFeedEdge[];

  @Field(() => [RecordChangeType])
  nodes!: RecordChangeType[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@Resolver()
export class RecordFeedResolver {
  @Query(() => RecordFeedConnection, {
    description:
      'For integrators syncing an item: every new record version in commit order, never skipping or repeating one, ' +
      'even while deliveries land. Recorded in the access ledger like any read.',
  })
  async recordFeed(
    @Ctx() context: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('itemCode', () => String) itemCode: string,
    @Arg('purpose', () => Purpose) purpose: Purpose,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('first', () => Int, { nullable: true, description: 'At most 1000; 100 by default' }) first?: number,
    @Arg('fields', () => [String], { nullable: true, description: 'By default every field granted' })
    fields?: string[],
  ): Promise<RecordFeedConnection> {
    assertSingleRead(info);
    const page = await readFeed(context, context.dataPlane.catalog, {
      itemCode,
      purpose,
      after,
      first,
      fields,
    });
    return {
      edges: page.changes.map((change) => ({ cursor: change.cursor, node: change })),
      nodes: page.changes,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: Boolean(after),
        startCursor: page.changes[0]?.cursor,
        endCursor: page.endCursor ?? undefined,
      },
    };
  }
}
