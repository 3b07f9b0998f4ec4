import { ChangeKind, diffItems, type EditionItem } from '../../src/modules/catalog/catalog-diff';
import { describeDueRule } from '../../src/modules/catalog/catalog.mapper';
import { FieldDataType, ResourceFormat, Sensitivity, SharingChannel, SharingType, UpdateCycle } from '../../src/modules/catalog/catalog.enums';

function item(overrides: Partial<EditionItem> = {}): EditionItem {
  return {
    code: 'LYG-A1-01-001',
    graphqlName: 'Thing',
    name: '事项',
    summary: '摘要摘要',
    provider: 'LYG-DRC',
    format: ResourceFormat.DATABASE,
    channel: SharingChannel.PLATFORM_API,
    updateCycle: UpdateCycle.MONTHLY,
    sharingType: SharingType.CONDITIONAL,
    sharingConditions: '条件',
    legalBasis: '依据',
    securityGrade: 'GENERAL',
    subjectField: 'uscc',
    businessKey: ['uscc'],
    fields: [
      { code: 'uscc', name: '统一社会信用代码', dataType: FieldDataType.STRING, length: 18, required: true, sensitivity: Sensitivity.PUBLIC },
      { code: 'amount', name: '金额', dataType: FieldDataType.MONEY, length: 18, scale: 2, sensitivity: Sensitivity.TRADE_SECRET },
    ],
    deprecated: false,
    ...overrides,
  };
}

describe('diffItems', () => {
  it('finds nothing between equal editions', () => {
    expect(diffItems([item()], [item()])).toEqual([]);
  });

  it('reports added, removed, deprecated and reinstated items', () => {
    const changes = diffItems(
      [item({ code: 'A-1' }), item({ code: 'A-2' }), item({ code: 'A-4', deprecated: true })],
      [item({ code: 'A-2', deprecated: true }), item({ code: 'A-3' }), item({ code: 'A-4' })],
    );
    expect(changes.map((change) => [change.code, change.change])).toEqual([
      ['A-1', ChangeKind.REMOVED],
      ['A-2', ChangeKind.DEPRECATED],
      ['A-3', ChangeKind.ADDED],
      ['A-4', ChangeKind.REINSTATED],
    ]);
  });

  it('reports attribute and field changes, including a moved field', () => {
    const before = item();
    const after = item({
      sharingType: SharingType.UNCONDITIONAL,
      fields: [{ ...before.fields[1], sensitivity: Sensitivity.INTERNAL }, before.fields[0]],
    });
    const [change] = diffItems([before], [after]);
    expect(change.attributes).toEqual([{ attribute: 'sharingType', before: 'CONDITIONAL', after: 'UNCONDITIONAL' }]);
    expect(change.fields).toEqual([
      {
        code: 'amount',
        name: '金额',
        change: ChangeKind.CHANGED,
        attributes: [
          { attribute: 'sensitivity', before: 'TRADE_SECRET', after: 'INTERNAL' },
          { attribute: 'position', before: '2', after: '1' },
        ],
      },
      { code: 'uscc', name: '统一社会信用代码', change: ChangeKind.CHANGED, attributes: [{ attribute: 'position', before: '1', after: '2' }] },
    ]);
  });
});

describe('describeDueRule', () => {
  it.each([
    [UpdateCycle.MONTHLY, 10, undefined, '每月更新，周期结束后第10个工作日内报送'],
    [UpdateCycle.DAILY, 1, '09:00', '每日更新，周期结束后第1个工作日 09:00 前报送'],
    [UpdateCycle.QUARTERLY, 0, undefined, '每季度更新，周期结束当日内报送'],
    [UpdateCycle.YEARLY, undefined, undefined, '每年更新，未规定报送期限'],
    [UpdateCycle.REALTIME, undefined, undefined, '实时共享，无报送期限'],
    [UpdateCycle.ON_DEMAND, undefined, undefined, '按需提供，无报送期限'],
  ])('%s, %s working days, %s → %s', (updateCycle, dueWorkingDays, dueTime, text) => {
    expect(describeDueRule({ updateCycle, dueWorkingDays, dueTime })).toBe(text);
  });
});
