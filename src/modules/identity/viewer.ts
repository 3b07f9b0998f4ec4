import { Field, ObjectType } from 'type-graphql';
import { Unit } from '../unit/unit.entity';
import { Role } from './api-key.entity';

/** Who is asking: the API key, the unit it acts for, its roles and the jurisdiction it belongs to. */
export class Viewer {
  constructor(
    readonly keyId: string,
    readonly keyName: string,
    readonly unitCode: string,
    readonly roles: Role[],
    /** The city or county government whose catalogue the unit falls under. */
    readonly jurisdictionCode: string,
    /** Whether that jurisdiction is the city, not a county within it. */
    readonly cityWide: boolean,
  ) {}

  hasRole(role: Role): boolean {
    return this.roles.includes(role);
  }

  /**
   * The city's data authority, which oversees every unit: the whole delivery ledger and schedules,
   * every access request and grant. A county's data authority keeps its county supplement of the
   * catalogue, and otherwise sees what any unit sees.
   */
  get overseesCity(): boolean {
    return this.cityWide && this.hasRole(Role.DATA_AUTHORITY);
  }
}

@ObjectType('Viewer', { description: 'The API key making the request' })
export class ViewerType {
  @Field(() => String, { description: 'The key’s label' })
  keyName!: string;

  @Field(() => Unit, { description: 'The unit the key acts for' })
  unit!: Unit;

  @Field(() => [Role])
  roles!: Role[];

  @Field(() => Unit, { description: 'The city or county whose catalogue this unit falls under' })
  jurisdiction!: Unit;
}
