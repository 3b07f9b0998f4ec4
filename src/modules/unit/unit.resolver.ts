import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { Unit } from './unit.entity';

@Resolver(() => Unit)
export class UnitResolver {
  @Query(() => [Unit], { description: 'Every unit taking part in sharing, by code' })
  async units(@Ctx() { em }: HubContext): Promise<Unit[]> {
    return em.find(Unit, {}, { orderBy: { code: 'asc' } });
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'The unit this one belongs to' })
  async parent(@Root() unit: Unit, @Ctx() { loaders }: HubContext): Promise<Unit | undefined> {
    return unit.parent ? loaders.unitByCode.load(unit.parent.code) : undefined;
  }
}
