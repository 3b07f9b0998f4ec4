/** Unit tests for the row validator: every data type, canonical values, rejections, keys and JSON. No database. */
import { FieldDataType, IdentifierKind } from '../../src/modules/catalog/catalog.enums';
import { residentId, uscc } from '../../src/modules/exchange/identifiers';
import {
  type InvalidRow,
  type ItemSpec,
  KEY_SEPARATOR,
  RowValidator,
  type ValidRow,
} from '../../src/modules/exchange/row-validator';

const VALID_USCC = uscc('91320700000000001');
const OTHER_USCC = uscc('91320700000000002');
const VALID_RESIDENT_ID = residentId('32070319800101001');

/** One field of each data type; `uscc` + `periodEnd` form the business key, `uscc` is the subject. */
const SPEC: ItemSpec = {
  itemCode: 'TEST-ALL-TYPES',
  editionCode: 'TEST-1',
  subjectField: 'uscc',
  businessKey: ['uscc', 'periodEnd'],
  fields: [
    {
      code: 'uscc',
      dataType: FieldDataType.STRING,
      length: 18,
      required: true,
      identifier: IdentifierKind.USCC,
    },
    { code: 'periodEnd', dataType: FieldDataType.DATE, required: true },
    { code: 'name', dataType: FieldDataType.STRING, length: 5, required: true },
    {
      code: 'status',
      dataType: FieldDataType.STRING,
      length: 2,
      required: false,
      enumValues: ['存续', '注销'],
    },
    {
      code: 'ownerId',
      dataType: FieldDataType.STRING,
      length: 18,
      required: false,
      identifier: IdentifierKind.RESIDENT_ID,
    },
    {
      code: 'taxpayerId',
      dataType: FieldDataType.STRING,
      required: false,
      identifier: IdentifierKind.TAXPAYER_ID,
    },
    { code: 'headcount', dataType: FieldDataType.INTEGER, length: 6, required: false },
    { code: 'capital', dataType: FieldDataType.DECIMAL, length: 10, scale: 2, required: false },
    { code: 'taxPaid', dataType: FieldDataType.MONEY, required: false },
    { code: 'ratio', dataType: FieldDataType.FLOAT, required: false },
    { code: 'approvedAt', dataType: FieldDataType.DATETIME, required: false },
    { code: 'active', dataType: FieldDataType.BOOLEAN, required: false },
  ],
};

const FIELD_CODES = SPEC.fields.map((field) => field.code);
const validator = new RowValidator(SPEC);

/** The smallest valid row: the required fields only. */
function minimalRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { uscc: VALID_USCC, periodEnd: '2026-01-05', name: '连云港企业', ...overrides };
}

/** A row with every field filled, as a CSV reader hands it over (all text). */
function fullCsvRow(): Record<string, string> {
  return {
    uscc: VALID_USCC,
    periodEnd: '2026/1/5',
    name: '连云港企业',
    status: '存续',
    ownerId: VALID_RESIDENT_ID,
    taxpayerId: OTHER_USCC,
    headcount: '42',
    capital: '1,000,000.5',
    taxPaid: '1,234.5',
    ratio: '0.25',
    approvedAt: '2026-11-05 09:30',
    active: '是',
  };
}

/** A valid row, with its record read back from the canonical JSON the hub stores (values in catalogue order). */
function expectValid(result: ValidRow | InvalidRow) {
  if (!result.ok) throw new Error(`expected a valid row, got ${JSON.stringify(result.rejections)}`);
  const { json, subject, businessKey } = result;
  const values = JSON.parse(json) as unknown[];
  const codes = result.canonical.fieldCodes;
  return {
    json,
    subject,
    businessKey,
    data: Object.fromEntries(codes.map((code, i) => [code, values[i]])),
  };
}

function expectInvalid(result: ValidRow | InvalidRow): InvalidRow {
  if (result.ok) throw new Error(`expected an invalid row, got ${result.json}`);
  return result;
}

describe('RowValidator: accepted values and their canonical form', () => {
  it.each<[string, unknown, unknown]>([
    ['name', '连云港企业', '连云港企业'],
    ['name', 'ABCDE', 'ABCDE'],
    ['name', '𠀀𠀁𠀂𠀃𠀄', '𠀀𠀁𠀂𠀃𠀄'],
    ['status', '存续', '存续'],
    ['uscc', OTHER_USCC, OTHER_USCC],
    ['ownerId', VALID_RESIDENT_ID, VALID_RESIDENT_ID],
    ['taxpayerId', VALID_RESIDENT_ID, VALID_RESIDENT_ID],
    ['taxpayerId', OTHER_USCC, OTHER_USCC],
    ['headcount', '42', 42],
    ['headcount', 42, 42],
    ['headcount', ' 42 ', 42],
    ['headcount', '+7', 7],
    ['headcount', '007', 7],
    ['headcount', '999999', 999999],
    ['headcount', '-12', -12],
    ['capital', '12345678.9', '12345678.90'],
    ['capital', '-0.00', '0.00'],
    ['capital', '-0', '0.00'],
    ['capital', '1,234.5', '1234.50'],
    ['capital', 1234.5, '1234.50'],
    ['capital', '0012.30', '12.30'],
    ['capital', '1.2300', '1.23'],
    ['capital', '+3', '3.00'],
    ['capital', '12345678.90', '12345678.90'],
    ['capital', '0.50', '0.50'],
    ['capital', ' -7.5 ', '-7.50'],
    ['taxPaid', '1,234.5', '1234.50'],
    ['taxPaid', '0', '0.00'],
    ['taxPaid', 99.99, '99.99'],
    ['taxPaid', 123456789012.34, '123456789012.34'],
    ['taxPaid', '-5', '-5.00'],
    ['ratio', '0.25', 0.25],
    ['ratio', 1.5, 1.5],
    ['ratio', '-2', -2],
    ['ratio', ' 3.75 ', 3.75],
    ['ratio', '1e3', 1000],
    ['periodEnd', '2026-01-05', '2026-01-05'],
    ['periodEnd', '2026/1/5', '2026-01-05'],
    ['periodEnd', '20260105', '2026-01-05'],
    ['periodEnd', ' 2026-1-5 ', '2026-01-05'],
    ['periodEnd', '2024-02-29', '2024-02-29'],
    ['periodEnd', '2000-02-29', '2000-02-29'],
    ['periodEnd', '2026-12-31', '2026-12-31'],
    ['approvedAt', '2026-11-05 09:30', '2026-11-05T09:30:00+08:00'],
    ['approvedAt', '2026-11-05 09:30:15', '2026-11-05T09:30:15+08:00'],
    ['approvedAt', '2026-11-05T09:30:15Z', '2026-11-05T09:30:15+00:00'],
    ['approvedAt', '2026-11-05T09:30:00+0800', '2026-11-05T09:30:00+08:00'],
    ['approvedAt', '2026-11-05T23:59:59-05:00', '2026-11-05T23:59:59-05:00'],
    ['approvedAt', '2024-02-29T00:00:00+08:00', '2024-02-29T00:00:00+08:00'],
    ['active', '是', true],
    ['active', '否', false],
    ['active', 1, true],
    ['active', 0, false],
    ['active', true, true],
    ['active', false, false],
    ['active', '1', true],
    ['active', '0', false],
    ['active', 'TRUE', true],
    ['active', 'yes', true],
    ['active', 'N', false],
    ['active', ' false ', false],
  ])('%s: %j is stored as %j', (field, input, stored) => {
    const result = expectValid(validator.validate(minimalRow({ [field]: input }), 1));
    expect(result.data[field]).toStrictEqual(stored);
  });

  it('limits no digits of a MONEY value without a length, and drops zeros past its two decimal places', () => {
    const result = expectValid(validator.validate(minimalRow({ taxPaid: '123456789012.340000' }), 1));
    expect(result.data.taxPaid).toBe('123456789012.34');
  });

  it.each<[string, unknown]>([
    ['an absent', undefined],
    ['a null', null],
    ['an empty', ''],
  ])('stores %s optional value as null', (_label, input) => {
    for (const field of ['status', 'ownerId', 'headcount', 'capital', 'taxPaid', 'approvedAt', 'active']) {
      const result = expectValid(validator.validate(minimalRow({ [field]: input }), 1));
      expect(result.data[field]).toBeNull();
    }
  });

  it('turns a row of CSV text into typed canonical values', () => {
    const result = expectValid(validator.validate(fullCsvRow(), 3));
    expect(result.data).toStrictEqual({
      uscc: VALID_USCC,
      periodEnd: '2026-01-05',
      name: '连云港企业',
      status: '存续',
      ownerId: VALID_RESIDENT_ID,
      taxpayerId: OTHER_USCC,
      headcount: 42,
      capital: '1000000.50',
      taxPaid: '1234.50',
      ratio: 0.25,
      approvedAt: '2026-11-05T09:30:00+08:00',
      active: true,
    });
  });
});

describe('RowValidator: rejected values', () => {
  it.each<[string, unknown, string]>([
    ['name', undefined, 'REQUIRED'],
    ['name', null, 'REQUIRED'],
    ['name', '', 'REQUIRED'],
    ['uscc', '', 'REQUIRED'],
    ['periodEnd', null, 'REQUIRED'],
    ['name', '连云港市企业', 'LENGTH'],
    ['name', 'ABCDEF', 'LENGTH'],
    ['name', '𠀀𠀁𠀂𠀃𠀄𠀅', 'LENGTH'],
    ['name', 12345, 'TYPE'],
    ['name', true, 'TYPE'],
    ['name', `连云${KEY_SEPARATOR}港`, 'TYPE'],
    ['name', 'a\u0000b', 'TYPE'],
    ['name', 'a\u0007b', 'TYPE'],
    ['name', 'a\ud800b', 'TYPE'],
    ['capital', '1,25', 'TYPE'],
    ['capital', '5.', 'TYPE'],
    ['capital', '123456789.00', 'LENGTH'],
    ['capital', '1.2,5', 'TYPE'],
    ['capital', ',5', 'TYPE'],
    ['ratio', '0x10', 'TYPE'],
    ['ratio', '0b101', 'TYPE'],
    ['active', [1], 'TYPE'],
    ['active', ['是'], 'TYPE'],
    ['approvedAt', '2026-11-05T09:30:00+99:99', 'FORMAT'],
    ['approvedAt', '2026-11-05T09:30:00+25:00', 'FORMAT'],
    ['status', '吊销', 'ENUM'],
    ['status', '正常', 'ENUM'],
    ['uscc', `${VALID_USCC.slice(0, 17)}${VALID_USCC[17] === '0' ? '1' : '0'}`, 'IDENTIFIER'],
    ['uscc', VALID_USCC.slice(0, 17), 'IDENTIFIER'],
    ['uscc', `${VALID_USCC.slice(0, 8)}I${VALID_USCC.slice(9)}`, 'IDENTIFIER'],
    [
      'ownerId',
      `${VALID_RESIDENT_ID.slice(0, 17)}${VALID_RESIDENT_ID[17] === '0' ? '1' : '0'}`,
      'IDENTIFIER',
    ],
    ['ownerId', residentId('32070320990101001'), 'IDENTIFIER'],
    ['ownerId', OTHER_USCC, 'IDENTIFIER'],
    ['taxpayerId', 'NOT-A-TAXPAYER-ID!', 'IDENTIFIER'],
    ['taxpayerId', residentId('32070319801301001'), 'IDENTIFIER'],
    ['headcount', '4.5', 'TYPE'],
    ['headcount', 4.5, 'TYPE'],
    ['headcount', 'forty-two', 'TYPE'],
    ['headcount', '1e3', 'TYPE'],
    ['headcount', '9007199254740993', 'TYPE'],
    ['headcount', true, 'TYPE'],
    ['headcount', '1234567', 'LENGTH'],
    ['headcount', -1234567, 'LENGTH'],
    ['capital', '123456789', 'LENGTH'],
    ['capital', '123456789.5', 'LENGTH'],
    ['capital', '1.234', 'LENGTH'],
    ['capital', 'one hundred', 'TYPE'],
    ['capital', '1.2.3', 'TYPE'],
    ['capital', '1e5', 'TYPE'],
    ['capital', Number.NaN, 'TYPE'],
    ['capital', Number.POSITIVE_INFINITY, 'TYPE'],
    ['capital', true, 'TYPE'],
    ['taxPaid', '10.001', 'LENGTH'],
    ['taxPaid', '¥10.00', 'TYPE'],
    // A JSON number of 18 significant digits is rounded when parsed (to 12345678901234.568).
    ['taxPaid', JSON.parse('12345678901234.5678') as number, 'TYPE'],
    ['ratio', 'three quarters', 'TYPE'],
    ['ratio', 'Infinity', 'TYPE'],
    ['ratio', '1,5', 'TYPE'],
    ['ratio', '   ', 'TYPE'],
    ['ratio', false, 'TYPE'],
    ['periodEnd', '2026-02-30', 'FORMAT'],
    ['periodEnd', '2025-02-29', 'FORMAT'],
    ['periodEnd', '2026-13-01', 'FORMAT'],
    ['periodEnd', '1900-02-29', 'FORMAT'],
    ['periodEnd', '0001-01-01', 'FORMAT'],
    ['periodEnd', '0001/1/1', 'FORMAT'],
    ['approvedAt', '0000-06-18 10:00', 'FORMAT'],
    ['periodEnd', '2026-04-31', 'FORMAT'],
    ['periodEnd', '2026-00-10', 'FORMAT'],
    ['periodEnd', '2026-01-00', 'FORMAT'],
    ['periodEnd', '2026-1a-05', 'FORMAT'],
    ['periodEnd', '05/01/2026', 'FORMAT'],
    ['periodEnd', '2026-01-05T00:00:00', 'FORMAT'],
    ['periodEnd', 20260105, 'TYPE'],
    ['approvedAt', '2026-11-05 25:00', 'FORMAT'],
    ['approvedAt', '2026-11-05 24:00', 'FORMAT'],
    ['approvedAt', '2026-11-05 09:60', 'FORMAT'],
    ['approvedAt', '2026-11-05 09:30:60', 'FORMAT'],
    ['approvedAt', '2026-02-30 09:00', 'FORMAT'],
    ['approvedAt', '2026-11-06', 'FORMAT'],
    ['approvedAt', '2026/11/05 09:30', 'FORMAT'],
    ['approvedAt', 1793928600000, 'TYPE'],
    ['active', 'maybe', 'TYPE'],
    ['active', 2, 'TYPE'],
    ['active', {}, 'TYPE'],
  ])('%s: %j is refused with %s', (field, input, code) => {
    const result = expectInvalid(validator.validate(minimalRow({ [field]: input }), 7));
    expect(result.rejections).toStrictEqual([{ row: 7, field, code, message: expect.any(String) }]);
    const message = result.rejections[0].message;
    expect(message.length).toBeGreaterThan(0);
    if (typeof input === 'string' && input.trim() !== '') expect(message).not.toContain(input.trim());
  });

  it('counts characters, not UTF-16 units: five Chinese characters, or five outside the BMP, fit length 5', () => {
    expect('𠀀𠀁𠀂𠀃𠀄'.length).toBe(10);
    expect(validator.validate(minimalRow({ name: '𠀀𠀁𠀂𠀃𠀄' }), 1).ok).toBe(true);
    expect(validator.validate(minimalRow({ name: '连云港企业' }), 1).ok).toBe(true);
    expect(validator.validate(minimalRow({ name: '连云港市企业' }), 1).ok).toBe(false);
  });

  it('names a column that is not a field, without repeating its value', () => {
    const value = '张三-110101199003077777';
    const result = expectInvalid(validator.validate(minimalRow({ nickname: value }), 4));
    expect(result.rejections).toStrictEqual([
      { row: 4, field: 'nickname', code: 'UNKNOWN_FIELD', message: 'not a field of this item' },
    ]);
  });

  it('names a key that does not look like a field code only by its position: it may be data', () => {
    const key = '张三 320703198001020010 欠税100万';
    const result = expectInvalid(validator.validate({ ...minimalRow(), [key]: 'x' }, 5));
    const position = Object.keys({ ...minimalRow(), [key]: 'x' }).indexOf(key) + 1;
    expect(result.rejections).toStrictEqual([
      {
        row: 5,
        field: `#${position}`,
        code: 'UNKNOWN_FIELD',
        message: `key #${position} of the record is not a field of this item (its name is not repeated: it may be data)`,
      },
    ]);
    expect(JSON.stringify(result)).not.toContain('320703198001020010');
  });

  it('reports every problem of a row at once, unknown columns first, then fields in catalogue order', () => {
    const result = expectInvalid(
      validator.validate(
        { extra: 'x', periodEnd: '2026-02-30', name: '连云港市企业', headcount: 'many', active: 'perhaps' },
        12,
      ),
    );
    expect(result.rejections.map(({ row, field, code }) => [row, field, code])).toEqual([
      [12, 'extra', 'UNKNOWN_FIELD'],
      [12, 'uscc', 'REQUIRED'],
      [12, 'periodEnd', 'FORMAT'],
      [12, 'name', 'LENGTH'],
      [12, 'headcount', 'TYPE'],
      [12, 'active', 'TYPE'],
    ]);
  });

  it('never repeats an offending value in a rejection', () => {
    const offending: Record<string, unknown> = {
      uscc: `${VALID_USCC.slice(0, 17)}${VALID_USCC[17] === '0' ? '1' : '0'}`,
      periodEnd: '2026-02-31',
      name: '张三李四王五赵六',
      status: '已经吊销',
      ownerId: `${VALID_RESIDENT_ID.slice(0, 17)}${VALID_RESIDENT_ID[17] === '0' ? '1' : '0'}`,
      taxpayerId: 'SECRET-110101199003077777',
      headcount: 'SECRET-headcount',
      capital: '987654321.123',
      taxPaid: 'SECRET-money',
      ratio: 'SECRET-ratio',
      approvedAt: '2026-11-05 27:45',
      active: 'SECRET-flag',
      secretColumn: 'SECRET-value-of-an-unknown-column',
    };
    const result = expectInvalid(validator.validate(offending, 2));
    expect(result.rejections.map((rejection) => rejection.field)).toEqual(['secretColumn', ...FIELD_CODES]);
    for (const rejection of result.rejections) {
      for (const value of Object.values(offending)) expect(rejection.message).not.toContain(String(value));
      expect(rejection.message).not.toMatch(/SECRET/);
    }
  });

  it('shows the allowed values of an enumeration, which are catalogue data and not the offending value', () => {
    const result = expectInvalid(validator.validate(minimalRow({ status: '吊销' }), 1));
    expect(result.rejections[0].message).toContain('存续、注销');
    expect(result.rejections[0].message).not.toContain('吊销');
  });
});

describe('RowValidator: one stored form per value, however it was written', () => {
  it.each<[string[]]>([
    [['0999-01-05', '0999/1/5', '09990105']],
    [['1000-01-05', '1000/1/5', '10000105']],
    [['2026-11-05', '2026/11/5', '20261105', ' 2026-11-05 ']],
  ])('stores %j alike', (forms) => {
    const stored = forms.map(
      (form) => expectValid(validator.validate(minimalRow({ periodEnd: form }), 1)).data.periodEnd,
    );
    expect(new Set(stored).size).toBe(1);
  });
});

describe('RowValidator: a decimal without a scale', () => {
  const amounts = new RowValidator({
    itemCode: 'T-2',
    editionCode: 'E',
    subjectField: 'id',
    businessKey: ['id'],
    fields: [
      { code: 'id', dataType: FieldDataType.STRING, required: true },
      { code: 'amount', dataType: FieldDataType.DECIMAL, length: 6, required: false },
      { code: 'rate', dataType: FieldDataType.DECIMAL, required: false },
    ],
  });
  it.each<[string, string]>([
    ['1.5', '1.5'],
    ['1.50', '1.5'],
    ['100', '100'],
    ['12.345', '12.345'],
    ['0.10', '0.1'],
    ['007', '7'],
    ['0', '0'],
    ['123456', '123456'],
  ])('stores %j as %j', (input, stored) => {
    expect(expectValid(amounts.validate({ id: 'a', amount: input }, 1)).data.amount).toBe(stored);
  });
  it.each([['1234567'], ['1234.567']])('refuses %j: more than 6 digits', (input) => {
    expect(expectInvalid(amounts.validate({ id: 'a', amount: input }, 1)).rejections).toEqual([
      { row: 1, field: 'amount', code: 'LENGTH', message: 'more than 6 digits' },
    ]);
  });
  // Sign and leading zeros are not significant: 13 digits here, exact as parsed.
  it.each<[number, string]>([
    [-0.000001234567890123, '-0.000001234567890123'],
    [999999999999999, '999999999999999'],
    [-123456789.012345, '-123456789.012345'],
    // Below 10^-6 String() writes an exponent (1.234e-7): the decimal is still the number sent.
    [0.0000001234, '0.0000001234'],
    [-0.0000001, '-0.0000001'],
    [1.5e-20, '0.000000000000000000015'],
  ])('takes the JSON number %d of at most 15 significant digits as %j', (input, stored) => {
    expect(expectValid(amounts.validate({ id: 'a', rate: input }, 1)).data.rate).toBe(stored);
  });
  it.each([
    ['12345678901234.5678'],
    // The double nearest to 10000000000000001: its trailing zeros stand for digits lost in parsing.
    ['10000000000000001'],
    ['-0.0000012345678901234567'],
    // 10^21 and above String() writes with an exponent; its 22 digits are more than a double keeps.
    ['1e21'],
  ])('refuses the JSON number %s: it may have lost digits when parsed', (input) => {
    expect(
      expectInvalid(amounts.validate({ id: 'a', rate: JSON.parse(input) as number }, 1)).rejections,
    ).toEqual([{ row: 1, field: 'rate', code: 'TYPE', message: expect.stringMatching(/15 significant/) }]);
  });
});

describe('RowValidator: subject, business key and canonical JSON', () => {
  it('takes the subject from the subject field and joins the business key with U+001F', () => {
    expect(KEY_SEPARATOR).toBe('\u001f');
    const result = expectValid(validator.validate(fullCsvRow(), 1));
    expect(result.subject).toBe(VALID_USCC);
    expect(result.businessKey).toBe(`${VALID_USCC}\u001f2026-01-05`);
  });

  it('builds the business key from canonical values, so spellings of one date give one key', () => {
    const keys = ['2026-01-05', '2026/1/5', '20260105'].map(
      (periodEnd) => expectValid(validator.validate(minimalRow({ periodEnd }), 1)).businessKey,
    );
    expect(new Set(keys)).toEqual(new Set([`${VALID_USCC}${KEY_SEPARATOR}2026-01-05`]));
  });

  it('writes JSON with the value of every field in catalogue order and null for a missing optional field', () => {
    const result = expectValid(
      validator.validate({ name: '连云港企业', periodEnd: '20260105', uscc: VALID_USCC }, 1),
    );
    const data: Record<string, unknown> = {
      uscc: VALID_USCC,
      periodEnd: '2026-01-05',
      name: '连云港企业',
      status: null,
      ownerId: null,
      taxpayerId: null,
      headcount: null,
      capital: null,
      taxPaid: null,
      ratio: null,
      approvedAt: null,
      active: null,
    };
    expect(Object.keys(data)).toEqual(FIELD_CODES);
    expect(result.json).toBe(JSON.stringify(Object.values(data)));
  });

  it('gives two equal records the same JSON whatever order their keys came in', () => {
    const forwards = fullCsvRow();
    const backwards = Object.fromEntries(Object.entries(forwards).reverse());
    expect(Object.keys(backwards)).not.toEqual(Object.keys(forwards));
    const first = expectValid(validator.validate(forwards, 1));
    const second = expectValid(validator.validate(backwards, 2));
    expect(second.json).toBe(first.json);
    expect(second.businessKey).toBe(first.businessKey);
  });

  it('gives the same JSON for the same record sent as CSV text and as typed NDJSON values', () => {
    const fromCsv = expectValid(validator.validate(fullCsvRow(), 1));
    const fromNdjson = expectValid(
      validator.validate(
        {
          active: true,
          approvedAt: '2026-11-05T09:30:00+08:00',
          ratio: 0.25,
          taxPaid: 1234.5,
          capital: '1000000.50',
          headcount: 42,
          taxpayerId: OTHER_USCC,
          ownerId: VALID_RESIDENT_ID,
          status: '存续',
          name: '连云港企业',
          periodEnd: '2026-01-05',
          uscc: VALID_USCC,
        },
        1,
      ),
    );
    expect(fromNdjson.json).toBe(fromCsv.json);
  });

  it('gives different records different JSON', () => {
    const first = expectValid(validator.validate(minimalRow(), 1));
    const second = expectValid(validator.validate(minimalRow({ headcount: 1 }), 1));
    expect(second.json).not.toBe(first.json);
    expect(second.businessKey).toBe(first.businessKey);
  });
});

describe('RowValidator.unknownColumns', () => {
  it('lists the header columns that are not fields of the item, in header order', () => {
    expect(validator.unknownColumns(['uscc', 'nickname', 'periodEnd', 'USCC', 'name ', 'active'])).toEqual([
      'nickname',
      'USCC',
      'name ',
    ]);
  });

  it('finds nothing to object to in a header of known columns, in any order', () => {
    expect(validator.unknownColumns([...FIELD_CODES].reverse())).toEqual([]);
    expect(validator.unknownColumns([])).toEqual([]);
  });
});
