import { registerEnumType } from 'type-graphql';

/** 共享目的: every request and every read names one. */
export enum Purpose {
  ADMINISTRATIVE_BASIS = 'ADMINISTRATIVE_BASIS',
  WORK_REFERENCE = 'WORK_REFERENCE',
  DATA_VERIFICATION = 'DATA_VERIFICATION',
  BUSINESS_COLLABORATION = 'BUSINESS_COLLABORATION',
}

/** Where a sharing request (共享申请) stands. */
export enum AccessRequestState {
  SUBMITTED = 'SUBMITTED',
  PROVIDER_REVIEW = 'PROVIDER_REVIEW',
  GRANTED = 'GRANTED',
  REJECTED = 'REJECTED',
  DISPUTED = 'DISPUTED',
  CLOSED = 'CLOSED',
}

/** How a granted field is served. */
export enum FieldAccess {
  CLEAR = 'CLEAR',
  MASKED = 'MASKED',
}

registerEnumType(Purpose, {
  name: 'Purpose',
  valuesConfig: {
    ADMINISTRATIVE_BASIS: { description: '行政依据' },
    WORK_REFERENCE: { description: '工作参考' },
    DATA_VERIFICATION: { description: '数据校核' },
    BUSINESS_COLLABORATION: { description: '业务协同' },
  },
});
registerEnumType(AccessRequestState, {
  name: 'AccessRequestState',
  valuesConfig: {
    SUBMITTED: { description: '已提交: awaiting the data authority’s compliance check' },
    PROVIDER_REVIEW: { description: '提供方审核: a CONDITIONAL item awaits its provider' },
    GRANTED: { description: '已授权' },
    REJECTED: { description: '已驳回 (reason given); may be disputed' },
    DISPUTED: { description: '争议: awaiting the data authority’s ruling' },
    CLOSED: { description: '已关闭' },
  },
});
registerEnumType(FieldAccess, {
  name: 'FieldAccess',
  valuesConfig: { CLEAR: { description: '明文' }, MASKED: { description: '按字段脱敏规则脱敏' } },
});
