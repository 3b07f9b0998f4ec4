import { Ctx, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { ViewerType } from './viewer';

@Resolver(() => ViewerType)
export class IdentityResolver {
  @Query(() => ViewerType, { description: 'Who am I: the key, its unit, roles and jurisdiction' })
  async viewer(@Ctx() { viewer, loaders }: HubContext): Promise<ViewerType> {
    const [unit, jurisdiction] = await Promise.all([
      loaders.unitByCode.load(viewer.unitCode),
      loaders.unitByCode.load(viewer.jurisdictionCode),
    ]);
    return { keyName: viewer.keyName, roles: viewer.roles, unit: unit!, jurisdiction: jurisdiction! };
  }
}
