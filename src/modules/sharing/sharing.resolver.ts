import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { shanghaiDate } from '../calendar/working-calendar';
import type { AccessRequest, Grant } from './access-request.entity';
import { AccessRequestService } from './access-request.service';
import {
  AccessRequestFilterInput,
  GrantFilterInput,
  AccessRequestType,
  GrantedFieldInput,
  GrantType,
  RequestAccessInput,
} from './sharing.type';

async function grantView(context: HubContext, grant: Grant): Promise<GrantType> {
  return {
    id: grant.id,
    itemCode: grant.itemCode,
    consumer: (await context.loaders.unitByCode.load(grant.consumer.code))!,
    fields: grant.fields,
    purposes: grant.purposes,
    grantedAt: grant.grantedAt,
    validUntil: grant.validUntil,
    revokedAt: grant.revokedAt ?? null,
    revokedReason: grant.revokedReason ?? null,
    active: !grant.revokedAt && grant.validUntil >= shanghaiDate(new Date()),
  };
}

async function requestView(context: HubContext, request: AccessRequest): Promise<AccessRequestType> {
  const grant = request.grantId ? await context.loaders.grantById.load(request.grantId) : undefined;
  return {
    id: request.id,
    state: request.state,
    itemCode: request.itemCode,
    consumer: (await context.loaders.unitByCode.load(request.consumer.code))!,
    provider: (await context.loaders.unitByCode.load(request.provider.code))!,
    fields: request.fields,
    purposes: request.purposes,
    legalBasis: request.legalBasis,
    scenario: request.scenario,
    validUntil: request.validUntil,
    submittedAt: request.submittedAt,
    stepDueAt: request.stepDueAt ?? null,
    overdue: Boolean(request.stepDueAt && request.stepDueAt < new Date()),
    decidedAt: request.decidedAt ?? null,
    reason: request.reason ?? null,
    disputeReason: request.disputeReason ?? null,
    grant: grant ? await grantView(context, grant) : null,
  };
}

const service = (context: HubContext) =>
  new AccessRequestService(context.em, context.viewer, context.calendar, context.sharingDeadlines);

@Resolver(() => AccessRequestType)
export class SharingResolver {
  @Mutation(() => AccessRequestType, {
    description: '共享申请: ask for fields of an item, for stated purposes',
  })
  async requestAccess(
    @Ctx() context: HubContext,
    @Arg('input', () => RequestAccessInput) input: RequestAccessInput,
  ) {
    return requestView(context, await service(context).request(input));
  }

  @Mutation(() => AccessRequestType, {
    description: 'The city’s data authority’s compliance check (合规审查)',
  })
  async checkAccessRequest(
    @Ctx() context: HubContext,
    @Arg('id', () => String) id: string,
    @Arg('approve', () => Boolean) approve: boolean,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ) {
    return requestView(context, await service(context).check(id, approve, reason));
  }

  @Mutation(() => AccessRequestType, {
    description: 'The provider grants (fewer fields, masked, shorter) or rejects with a reason',
  })
  async reviewAccessRequest(
    @Ctx() context: HubContext,
    @Arg('id', () => String) id: string,
    @Arg('approve', () => Boolean) approve: boolean,
    @Arg('fields', () => [GrantedFieldInput], { nullable: true }) fields?: GrantedFieldInput[],
    @Arg('validUntil', () => String, { nullable: true }) validUntil?: string,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ) {
    return requestView(context, await service(context).review(id, approve, fields, validUntil, reason));
  }

  @Mutation(() => AccessRequestType, { description: 'The consumer disputes a rejection' })
  async disputeAccessRequest(
    @Ctx() context: HubContext,
    @Arg('id', () => String) id: string,
    @Arg('reason', () => String) reason: string,
  ) {
    return requestView(context, await service(context).dispute(id, reason));
  }

  @Mutation(() => AccessRequestType, {
    description: 'The city’s data authority rules on a dispute: grant, or close',
  })
  async ruleOnAccessRequest(
    @Ctx() context: HubContext,
    @Arg('id', () => String) id: string,
    @Arg('grant', () => Boolean) grant: boolean,
    @Arg('reason', () => String) reason: string,
    @Arg('fields', () => [GrantedFieldInput], { nullable: true }) fields?: GrantedFieldInput[],
  ) {
    return requestView(context, await service(context).rule(id, grant, reason, fields));
  }

  @Mutation(() => GrantType, { description: 'Revokes a grant with immediate effect' })
  async revokeGrant(
    @Ctx() context: HubContext,
    @Arg('id', () => String) id: string,
    @Arg('reason', () => String) reason: string,
  ) {
    return grantView(context, await service(context).revoke(id, reason));
  }

  @Query(() => [AccessRequestType], {
    description: 'Your unit’s requests and those for its items; all of them for the city’s data authority',
  })
  async accessRequests(
    @Ctx() context: HubContext,
    @Arg('filter', () => AccessRequestFilterInput, { nullable: true }) filter?: AccessRequestFilterInput,
  ) {
    const requests = await service(context).list(filter ?? {});
    return Promise.all(requests.map((request) => requestView(context, request)));
  }

  @Query(() => [GrantType], {
    description: 'Grants to your unit and for its items; all of them for the city’s data authority',
  })
  async grants(
    @Ctx() context: HubContext,
    @Arg('filter', () => GrantFilterInput, { nullable: true }) filter?: GrantFilterInput,
  ) {
    const grants = await service(context).grants(filter ?? {});
    return Promise.all(grants.map((grant) => grantView(context, grant)));
  }
}
