import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { CatalogItemInput } from '../catalog/catalog.inputs';
import { definitionOf } from '../catalog/catalog.resolver';
import { Unit } from '../unit/unit.entity';
import { type CatalogNeed, CatalogNeedState } from './catalog-need.entity';
import { CatalogNeedService } from './catalog-need.service';

@ObjectType('CatalogNeed', {
  description: '目录外需求: information no item covers, on its way into the catalogue',
})
export class CatalogNeedType {
  @Field(() => ID)
  id!: string;

  @Field(() => CatalogNeedState)
  state!: CatalogNeedState;

  @Field(() => Unit)
  requester!: Unit;

  @Field(() => Unit)
  proposedProvider!: Unit;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String)
  legalBasis!: string;

  @Field(() => Date)
  proposedAt!: Date;

  @Field(() => String, { nullable: true })
  answerReason?: string | null;

  @Field(() => Date, { nullable: true, description: 'An agreed need must be catalogued by then' })
  catalogueDueAt?: Date | null;

  @Field(() => Boolean)
  overdue!: boolean;

  @Field(() => String, { nullable: true })
  itemCode?: string | null;

  @Field(() => String, { nullable: true })
  editionCode?: string | null;
}

@InputType('ProposeCatalogNeedInput')
export class ProposeCatalogNeedInput {
  @Field(() => String)
  title!: string;

  @Field(() => String, { description: 'What information, which fields, how often' })
  description!: string;

  @Field(() => String)
  legalBasis!: string;

  @Field(() => String, { description: 'The unit asked to provide it' })
  proposedProviderUnitCode!: string;
}

async function view(context: HubContext, need: CatalogNeed): Promise<CatalogNeedType> {
  return {
    id: need.id,
    state: need.state,
    requester: (await context.loaders.unitByCode.load(need.requester.code))!,
    proposedProvider: (await context.loaders.unitByCode.load(need.proposedProvider.code))!,
    title: need.title,
    description: need.description,
    legalBasis: need.legalBasis,
    proposedAt: need.proposedAt,
    answerReason: need.answerReason ?? null,
    catalogueDueAt: need.catalogueDueAt ?? null,
    overdue: Boolean(
      need.state === CatalogNeedState.AGREED && need.catalogueDueAt && need.catalogueDueAt < new Date(),
    ),
    itemCode: need.itemCode ?? null,
    editionCode: need.editionCode ?? null,
  };
}

const service = (context: HubContext) =>
  new CatalogNeedService(context.em, context.viewer, context.calendar, context.sharingDeadlines);

@Resolver(() => CatalogNeedType)
export class CatalogNeedResolver {
  @Mutation(() => CatalogNeedType, {
    description: 'Describes information no item covers and names who could provide it',
  })
  async proposeCatalogNeed(
    @Ctx() context: HubContext,
    @Arg('input', () => ProposeCatalogNeedInput) input: ProposeCatalogNeedInput,
  ) {
    return view(context, await service(context).propose(input));
  }

  @Mutation(() => CatalogNeedType, { description: 'The proposed provider agrees, or declines with a reason' })
  async answerCatalogNeed(
    @Ctx() context: HubContext,
    @Arg('id', () => String) id: string,
    @Arg('agree', () => Boolean) agree: boolean,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ) {
    return view(context, await service(context).answer(id, agree, reason));
  }

  @Mutation(() => CatalogNeedType, {
    description: 'The city’s data authority enters an agreed need as an item of its draft edition',
  })
  async catalogueNeed(
    @Ctx() context: HubContext,
    @Arg('id', () => String) id: string,
    @Arg('edition', () => String) edition: string,
    @Arg('item', () => CatalogItemInput) item: CatalogItemInput,
  ) {
    return view(context, await service(context).catalogue(id, edition, definitionOf(item)));
  }

  @Query(() => [CatalogNeedType], {
    description:
      'Needs your unit proposed or was asked to provide; all of them for the city’s data authority',
  })
  async catalogNeeds(
    @Ctx() context: HubContext,
    @Arg('state', () => CatalogNeedState, { nullable: true }) state?: CatalogNeedState,
  ) {
    const needs = await service(context).list(state);
    return Promise.all(needs.map((need) => view(context, need)));
  }
}
