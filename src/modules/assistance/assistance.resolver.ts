import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { Unit } from '../unit/unit.entity';
import { AssistanceTaskType } from './assistance-task-type.entity';

@Resolver(() => AssistanceTaskType)
export class AssistanceResolver {
  @Query(() => [AssistanceTaskType], { description: 'The co-governance duties of 附件3, in order' })
  async assistanceTaskTypes(@Ctx() { em }: HubContext): Promise<AssistanceTaskType[]> {
    return em.find(AssistanceTaskType, {}, { orderBy: { number: 'asc' } });
  }

  @FieldResolver(() => [Unit], { description: 'Units that answer requests of this type' })
  async responders(@Root() taskType: AssistanceTaskType, @Ctx() { loaders }: HubContext): Promise<Unit[]> {
    const units = await loaders.unitByCode.loadMany(taskType.responderUnitCodes);
    return units.filter((unit): unit is Unit => unit instanceof Unit);
  }
}
