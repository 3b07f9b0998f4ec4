import { registerEnumType } from 'type-graphql';

/** How a delivery treats invalid rows. */
export enum DeliveryMode {
  /** One invalid row rejects the whole delivery. */
  STRICT = 'STRICT',
  /** Valid rows land; invalid rows are reported. */
  PARTIAL = 'PARTIAL',
}

/** Which door a delivery came through. */
export enum DeliveryDoor {
  GRAPHQL = 'GRAPHQL',
  HTTP = 'HTTP',
  CLI = 'CLI',
}

export enum DeliveryStatus {
  /** Every row landed (new, changed or unchanged). */
  ACCEPTED = 'ACCEPTED',
  /** Some rows landed, some were rejected (PARTIAL mode). */
  PARTIALLY_ACCEPTED = 'PARTIALLY_ACCEPTED',
  /** Nothing landed. */
  REJECTED = 'REJECTED',
}

/** Timeliness of one expected delivery period. */
export enum PeriodStatus {
  ON_TIME = 'ON_TIME',
  LATE = 'LATE',
  MISSING = 'MISSING',
  PENDING = 'PENDING',
  DUE_UNKNOWN = 'DUE_UNKNOWN',
  NOT_EXPECTED = 'NOT_EXPECTED',
}

/** Why a row was rejected (the report's `code`). */
export enum RejectionCode {
  REQUIRED = 'REQUIRED',
  TYPE = 'TYPE',
  LENGTH = 'LENGTH',
  ENUM = 'ENUM',
  FORMAT = 'FORMAT',
  IDENTIFIER = 'IDENTIFIER',
  UNKNOWN_FIELD = 'UNKNOWN_FIELD',
  DUPLICATE_KEY = 'DUPLICATE_KEY',
}

registerEnumType(RejectionCode, {
  name: 'RejectionCode',
  valuesConfig: {
    REQUIRED: { description: 'A required field is missing or empty' },
    TYPE: { description: 'Not a value of the field’s data type' },
    LENGTH: { description: 'Too long, or too many digits' },
    ENUM: { description: 'Not one of the field’s allowed values' },
    FORMAT: { description: 'A date or date-time that does not exist or is not written as expected' },
    IDENTIFIER: {
      description: 'A 统一社会信用代码, 纳税人识别号 or 身份证号码 whose form or check digit is wrong',
    },
    UNKNOWN_FIELD: { description: 'A column or key the item does not have' },
    DUPLICATE_KEY: { description: 'The business key of an earlier row of the same delivery' },
  },
});

registerEnumType(DeliveryMode, {
  name: 'DeliveryMode',
  valuesConfig: {
    STRICT: { description: 'One invalid row rejects the whole delivery' },
    PARTIAL: { description: 'Valid rows land; invalid rows are reported' },
  },
});
registerEnumType(DeliveryDoor, { name: 'DeliveryDoor' });
registerEnumType(DeliveryStatus, { name: 'DeliveryStatus' });
registerEnumType(PeriodStatus, {
  name: 'PeriodStatus',
  valuesConfig: {
    ON_TIME: { description: '按时: delivered by the due time' },
    LATE: { description: '迟报: delivered after the due time' },
    MISSING: { description: '未报: due time passed, nothing delivered' },
    PENDING: { description: '待报: not yet due, nothing delivered yet' },
    DUE_UNKNOWN: {
      description:
        'Due in a year the working-day calendar does not reach yet (catalog/calendar/<year>.yaml, from the official notice, is still to be added), and neither on time nor pending for certain',
    },
    NOT_EXPECTED: {
      description:
        'Not owed by the current provider: no edition in force when it fell due, published by the period’s end, held the item with that provider and update cycle (shown with any delivery it had; never late or missing)',
    },
  },
});
