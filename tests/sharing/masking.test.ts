import { FieldDataType, MaskingRuleKind, Sensitivity } from '../../src/modules/catalog/catalog.enums';
import { maskingOf } from '../../src/modules/sharing/data-plane/access-policy';
import { type PlaneField, scalarOf } from '../../src/modules/sharing/data-plane/plane-catalog';
import { combineMasking, type MaskingRule, maskValue } from '../../src/modules/sharing/masking';

const KEY = 'test-masking-key';

describe('maskValue', () => {
  it.each([
    [
      'an ID number, first 6 / last 4',
      '11010519491231002X',
      { rule: MaskingRuleKind.SHOW_FIRST_LAST, first: 6, last: 4 },
      '110105********002X',
    ],
    [
      'a Chinese name, first 1',
      '欧阳娜娜',
      { rule: MaskingRuleKind.SHOW_FIRST_LAST, first: 1, last: 0 },
      '欧***',
    ],
    [
      'a phone, first 3 / last 4',
      '13812345678',
      { rule: MaskingRuleKind.SHOW_FIRST_LAST, first: 3, last: 4 },
      '138****5678',
    ],
    [
      'a bank account, last 4',
      '6222020202020202',
      { rule: MaskingRuleKind.SHOW_FIRST_LAST, first: 0, last: 4 },
      '************0202',
    ],
    [
      'a value too short to show anything',
      '张三',
      { rule: MaskingRuleKind.SHOW_FIRST_LAST, first: 1, last: 1 },
      '**',
    ],
    [
      'a rare character outside the BMP',
      '𠀀𠀁𠀂',
      { rule: MaskingRuleKind.SHOW_FIRST_LAST, first: 1, last: 0 },
      '𠀀**',
    ],
    ['a redacted diagnosis', '慢性胃炎', { rule: MaskingRuleKind.REDACT }, '****'],
    ['a date reduced to its year', '1980-05-17', { rule: MaskingRuleKind.DATE_TO_YEAR }, '1980'],
    [
      'a date-time reduced to its year',
      '2026-11-05T09:30:00+08:00',
      { rule: MaskingRuleKind.DATE_TO_YEAR },
      '2026',
    ],
    ['a nullified amount', '12345.67', { rule: MaskingRuleKind.NULLIFY }, null],
    ['a value with no rule', '江苏省连云港市', { rule: MaskingRuleKind.NONE }, '江苏省连云港市'],
  ])('masks %s', (_label, value, rule, masked) => {
    expect(maskValue(value, rule, KEY)).toBe(masked);
  });

  it('hashes with the hub’s key: stable for one key, different across keys, never the value', () => {
    const rule = { rule: MaskingRuleKind.HASH };
    const once = maskValue('11010519491231002X', rule, KEY);
    expect(once).toMatch(/^[0-9a-f]{64}$/);
    expect(maskValue('11010519491231002X', rule, KEY)).toBe(once);
    expect(maskValue('11010519491231002X', rule, 'another-key')).not.toBe(once);
  });

  it('leaves missing values missing', () => {
    expect(maskValue(null, { rule: MaskingRuleKind.REDACT }, KEY)).toBeNull();
    expect(maskValue(undefined, { rule: MaskingRuleKind.HASH }, KEY)).toBeUndefined();
  });
});

describe('combineMasking', () => {
  const show = (first: number, last: number) => ({ rule: MaskingRuleKind.SHOW_FIRST_LAST, first, last });
  const only = (rule: MaskingRuleKind) => ({ rule });
  it.each([
    ['two first/last rules keep the fewer characters at each end', show(6, 4), show(14, 2), show(6, 2)],
    [
      'one rule twice is that rule',
      only(MaskingRuleKind.HASH),
      only(MaskingRuleKind.HASH),
      only(MaskingRuleKind.HASH),
    ],
    ['redaction covers first/last', show(1, 0), only(MaskingRuleKind.REDACT), only(MaskingRuleKind.REDACT)],
    [
      'redaction covers the year',
      only(MaskingRuleKind.DATE_TO_YEAR),
      only(MaskingRuleKind.REDACT),
      only(MaskingRuleKind.REDACT),
    ],
    ['nulling covers everything', only(MaskingRuleKind.NULLIFY), show(0, 0), only(MaskingRuleKind.NULLIFY)],
    [
      'a hash and a redaction reveal different things',
      only(MaskingRuleKind.HASH),
      only(MaskingRuleKind.REDACT),
      only(MaskingRuleKind.NULLIFY),
    ],
    [
      'a year and first/last reveal different things',
      only(MaskingRuleKind.DATE_TO_YEAR),
      show(2, 0),
      only(MaskingRuleKind.NULLIFY),
    ],
  ])('%s', (_case, a, b, expected) => {
    expect(combineMasking(a, b)).toEqual(expected);
    expect(combineMasking(b, a)).toEqual(expected);
  });
});

describe('maskingOf: the rule a MASKED field is served under', () => {
  const field = (dataType: FieldDataType, masking: MaskingRule): PlaneField => ({
    code: 'f',
    name: '字段',
    dataType,
    sensitivity: Sensitivity.PERSONAL,
    masking,
    deprecated: false,
    scalar: scalarOf({ dataType, masking }),
  });
  const none = { rule: MaskingRuleKind.NONE };
  it.each([
    ['text with no rule is redacted', field(FieldDataType.STRING, none), undefined, MaskingRuleKind.REDACT],
    [
      'other values with no rule are withheld',
      field(FieldDataType.MONEY, none),
      undefined,
      MaskingRuleKind.NULLIFY,
    ],
    [
      'a rule added after a grant made under none does not loosen it',
      field(FieldDataType.STRING, { rule: MaskingRuleKind.SHOW_FIRST_LAST, first: 3, last: 4 }),
      none,
      MaskingRuleKind.REDACT,
    ],
    [
      'a date granted as its year, whose rule was since dropped, is withheld rather than shown whole',
      field(FieldDataType.DATE, none),
      { rule: MaskingRuleKind.DATE_TO_YEAR },
      MaskingRuleKind.NULLIFY,
    ],
  ])('%s', (_case, planeField, granted, expected) => {
    expect(maskingOf(planeField, granted).rule).toBe(expected);
  });
});
