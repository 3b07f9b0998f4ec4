import { MaskingRuleKind } from '../../src/modules/catalog/catalog.enums';
import { maskValue, stricterMasking } from '../../src/modules/sharing/masking';

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

describe('stricterMasking', () => {
  const show = (first: number, last: number) => ({ rule: MaskingRuleKind.SHOW_FIRST_LAST, first, last });
  it.each([
    [show(6, 4), show(14, 2), show(6, 4)],
    [show(14, 2), show(6, 4), show(6, 4)],
    [show(1, 0), { rule: MaskingRuleKind.HASH }, { rule: MaskingRuleKind.HASH }],
    [{ rule: MaskingRuleKind.REDACT }, { rule: MaskingRuleKind.HASH }, { rule: MaskingRuleKind.REDACT }],
    [
      { rule: MaskingRuleKind.NONE },
      { rule: MaskingRuleKind.DATE_TO_YEAR },
      { rule: MaskingRuleKind.DATE_TO_YEAR },
    ],
    [{ rule: MaskingRuleKind.REDACT }, { rule: MaskingRuleKind.NULLIFY }, { rule: MaskingRuleKind.NULLIFY }],
    [show(6, 4), undefined, show(6, 4)],
  ])('of %j and %j is %j', (today, granted, expected) => {
    expect(stricterMasking(today, granted)).toEqual(expected);
  });
});
