import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../graphql/page-info.type';
import { Unit } from '../unit/unit.entity';
import { CatalogItem } from '../catalog/catalog-item.entity';
import { DeliveryDoor, DeliveryMode, DeliveryStatus, PeriodStatus, RejectionCode } from './exchange.enums';

@ObjectType('RowRejection', { description: 'One rejected row: where and why (values are never echoed)' })
export class RowRejectionType {
  @Field(() => Int, { description: 'Data row number, from 1 (a CSV header is not a row)' })
  row!: number;

  @Field(() => String, { nullable: true, description: 'Field code, or null when the whole row is at fault' })
  field?: string | null;

  @Field(() => RejectionCode)
  code!: RejectionCode;

  @Field(() => String)
  message!: string;
}

@ObjectType('Delivery', { description: '台账: one delivery of records, and what became of its rows' })
export class DeliveryType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  itemCode!: string;

  @Field(() => String, { description: 'The edition whose fields validated the rows' })
  editionCode!: string;

  @Field(() => Unit)
  provider!: Unit;

  @Field(() => String, { description: 'Label of the API key that delivered' })
  deliveredBy!: string;

  @Field(() => DeliveryDoor)
  door!: DeliveryDoor;

  @Field(() => DeliveryMode)
  mode!: DeliveryMode;

  @Field(() => DeliveryStatus)
  status!: DeliveryStatus;

  @Field(() => String, {
    nullable: true,
    description: 'Period covered, e.g. 2026-10 (null for REALTIME and ON_DEMAND items)',
  })
  period?: string | null;

  @Field(() => String, { nullable: true })
  idempotencyKey?: string | null;

  @Field(() => Date)
  receivedAt!: Date;

  @Field(() => Date)
  completedAt!: Date;

  @Field(() => Int)
  rowsReceived!: number;

  @Field(() => Int, { description: 'New + changed + unchanged' })
  rowsAccepted!: number;

  @Field(() => Int, {
    description:
      'Rows not landed: the invalid ones, or every row of a STRICT delivery refused because of them',
  })
  rowsRejected!: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'Rows that failed validation or repeated a business key (null for deliveries recorded before this was counted). ' +
      'A STRICT delivery stops merging at its first invalid row, so keys repeated after it are not counted',
  })
  rowsInvalid!: number | null;

  @Field(() => Int)
  rowsNew!: number;

  @Field(() => Int, { description: 'Rows that superseded a record with a new version' })
  rowsChanged!: number;

  @Field(() => Int, { description: 'Rows equal to the current version: no new version' })
  rowsUnchanged!: number;

  @Field(() => String, {
    description:
      "SHA-256 of the item's field codes as a JSON array, then of each row (a valid row as the JSON array of its values, an invalid one as received), each followed by a line feed",
  })
  checksum!: string;

  @Field(() => [RowRejectionType], {
    description: 'The problems of the first invalid rows, in row order (at most 100)',
  })
  rejections!: RowRejectionType[];

  @Field(() => Boolean, {
    description: 'True when the invalid rows have more problems than `rejections` lists',
  })
  rejectionsTruncated!: boolean;
}

@ObjectType('DeliveryConnection')
export class DeliveryConnection {
  @Field(() => [DeliveryType])
  nodes!: DeliveryType[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@ObjectType('SharedRecordVersion', { description: 'One version of one record, as its provider delivered it' })
export class SharedRecordVersion {
  @Field(() => [String], { description: 'Values of the item’s business-key fields' })
  businessKey!: string[];

  @Field(() => String, { description: 'The taxpayer (value of the item’s subject field)' })
  subject!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => Boolean, { description: 'True for the current version' })
  current!: boolean;

  @Field(() => GraphQLJSONObject, { description: 'The record, field code → value' })
  data!: Record<string, unknown>;

  @Field(() => Date)
  validFrom!: Date;

  @Field(() => Date, { nullable: true })
  supersededAt?: Date | null;

  @Field(() => String)
  deliveryId!: string;
}

@ObjectType('SharedRecordConnection')
export class SharedRecordConnection {
  @Field(() => [SharedRecordVersion])
  nodes!: SharedRecordVersion[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType('DeliveryPeriod', {
  description: 'One expected delivery of an item, and whether it came on time',
})
export class DeliveryPeriodType {
  @Field(() => String, { description: 'e.g. 2026-10, 2026-Q3, 2026-W47, 2026-11-D2, 2026-11-20' })
  period!: string;

  @Field(() => String, { description: 'First day, YYYY-MM-DD' })
  start!: string;

  @Field(() => String, { description: 'Last day, YYYY-MM-DD' })
  end!: string;

  @Field(() => Date, {
    nullable: true,
    description:
      'null while the working-day calendar does not reach the year it falls in (status DUE_UNKNOWN, or certain without it)',
  })
  dueAt!: Date | null;

  @Field(() => PeriodStatus)
  status!: PeriodStatus;

  @Field(() => Date, {
    nullable: true,
    description: 'When the first accepted delivery for the period arrived',
  })
  deliveredAt?: Date | null;

  @Field(() => String, { nullable: true })
  deliveryId?: string | null;
}

@ObjectType('LateDelivery', { description: 'A period delivered late or not at all' })
export class LateDeliveryType extends DeliveryPeriodType {
  @Field(() => CatalogItem)
  item!: CatalogItem;

  @Field(() => Unit, {
    description: 'The unit that owed the period: the item’s provider then, which may have handed it on since',
  })
  provider!: Unit;
}
