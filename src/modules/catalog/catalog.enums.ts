import { registerEnumType } from 'type-graphql';

/** Which way an item flows (Annex 1 → TO_TAX, Annex 2 → FROM_TAX). */
export enum Direction {
  TO_TAX = 'TO_TAX',
  FROM_TAX = 'FROM_TAX',
  BETWEEN_UNITS = 'BETWEEN_UNITS',
}

/** 更新周期 / 频次. */
export enum UpdateCycle {
  REALTIME = 'REALTIME',
  DAILY = 'DAILY',
  WEEKLY = 'WEEKLY',
  TEN_DAYS = 'TEN_DAYS',
  MONTHLY = 'MONTHLY',
  QUARTERLY = 'QUARTERLY',
  HALF_YEARLY = 'HALF_YEARLY',
  YEARLY = 'YEARLY',
  ON_DEMAND = 'ON_DEMAND',
}

/** 共享类型. */
export enum SharingType {
  UNCONDITIONAL = 'UNCONDITIONAL',
  CONDITIONAL = 'CONDITIONAL',
  NOT_SHARED = 'NOT_SHARED',
}

/** 信息资源格式. */
export enum ResourceFormat {
  ELECTRONIC_FILE = 'ELECTRONIC_FILE',
  SPREADSHEET = 'SPREADSHEET',
  DATABASE = 'DATABASE',
  IMAGE = 'IMAGE',
  STREAMING = 'STREAMING',
  SELF_DESCRIBING = 'SELF_DESCRIBING',
  SERVICE_API = 'SERVICE_API',
}

/** 途径 / 共享方式. */
export enum SharingChannel {
  PLATFORM_API = 'PLATFORM_API',
  PLATFORM_DB_SYNC = 'PLATFORM_DB_SYNC',
  PLATFORM_FILE = 'PLATFORM_FILE',
  EMAIL = 'EMAIL',
  MEDIA = 'MEDIA',
}

/** 安全等级 (GB/T 43697-2024). Classified items (国家秘密, 工作秘密) have no grade: they are refused. */
export enum SecurityGrade {
  GENERAL = 'GENERAL',
  IMPORTANT = 'IMPORTANT',
  CORE = 'CORE',
}

/** A field's sensitivity: drives masking and default access. */
export enum Sensitivity {
  PUBLIC = 'PUBLIC',
  INTERNAL = 'INTERNAL',
  TRADE_SECRET = 'TRADE_SECRET',
  PERSONAL = 'PERSONAL',
  SENSITIVE_PERSONAL = 'SENSITIVE_PERSONAL',
  TAX_CONFIDENTIAL = 'TAX_CONFIDENTIAL',
}

/** 数据类型 of a field. */
export enum FieldDataType {
  STRING = 'STRING',
  DECIMAL = 'DECIMAL',
  MONEY = 'MONEY',
  INTEGER = 'INTEGER',
  FLOAT = 'FLOAT',
  DATE = 'DATE',
  DATETIME = 'DATETIME',
  BOOLEAN = 'BOOLEAN',
}

/** Masking rules, as in Apache Ranger. */
export enum MaskingRuleKind {
  NONE = 'NONE',
  SHOW_FIRST_LAST = 'SHOW_FIRST_LAST',
  REDACT = 'REDACT',
  HASH = 'HASH',
  NULLIFY = 'NULLIFY',
  DATE_TO_YEAR = 'DATE_TO_YEAR',
}

/** Identifier whose check digit a field's values must pass. */
export enum IdentifierKind {
  USCC = 'USCC',
  RESIDENT_ID = 'RESIDENT_ID',
  TAXPAYER_ID = 'TAXPAYER_ID',
}

export enum EditionStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
}

/** An item's status as seen in one edition. */
export enum CatalogItemStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  DEPRECATED = 'DEPRECATED',
}

registerEnumType(Direction, {
  name: 'Direction',
  valuesConfig: {
    TO_TAX: { description: '部门向税务部门提供 (附件1)' },
    FROM_TAX: { description: '税务部门向部门提供 (附件2)' },
    BETWEEN_UNITS: { description: '部门之间' },
  },
});
registerEnumType(UpdateCycle, {
  name: 'UpdateCycle',
  description: '更新周期',
  valuesConfig: {
    REALTIME: { description: '实时' },
    DAILY: { description: '每日' },
    WEEKLY: { description: '每周' },
    TEN_DAYS: { description: '每旬' },
    MONTHLY: { description: '每月' },
    QUARTERLY: { description: '每季度' },
    HALF_YEARLY: { description: '每半年' },
    YEARLY: { description: '每年' },
    ON_DEMAND: { description: '按需' },
  },
});
registerEnumType(SharingType, {
  name: 'SharingType',
  description: '共享类型',
  valuesConfig: {
    UNCONDITIONAL: { description: '无条件共享' },
    CONDITIONAL: { description: '有条件共享' },
    NOT_SHARED: { description: '不予共享' },
  },
});
registerEnumType(ResourceFormat, {
  name: 'ResourceFormat',
  description: '信息资源格式',
  valuesConfig: {
    ELECTRONIC_FILE: { description: '电子文件' },
    SPREADSHEET: { description: '电子表格' },
    DATABASE: { description: '数据库' },
    IMAGE: { description: '图形图像' },
    STREAMING: { description: '流媒体' },
    SELF_DESCRIBING: { description: '自描述格式' },
    SERVICE_API: { description: '服务接口' },
  },
});
registerEnumType(SharingChannel, {
  name: 'SharingChannel',
  description: '共享方式 / 途径',
  valuesConfig: {
    PLATFORM_API: { description: '共享平台·接口' },
    PLATFORM_DB_SYNC: { description: '共享平台·库表同步' },
    PLATFORM_FILE: { description: '共享平台·文件' },
    EMAIL: { description: '邮件' },
    MEDIA: { description: '介质' },
  },
});
registerEnumType(SecurityGrade, {
  name: 'SecurityGrade',
  description: '安全等级 (GB/T 43697-2024)',
  valuesConfig: { GENERAL: { description: '一般' }, IMPORTANT: { description: '重要' }, CORE: { description: '核心' } },
});
registerEnumType(Sensitivity, {
  name: 'Sensitivity',
  description: 'A field’s sensitivity (敏感级别)',
  valuesConfig: {
    PUBLIC: { description: '公开' },
    INTERNAL: { description: '一般' },
    TRADE_SECRET: { description: '商业秘密' },
    PERSONAL: { description: '个人信息' },
    SENSITIVE_PERSONAL: { description: '敏感个人信息' },
    TAX_CONFIDENTIAL: { description: '涉税保密信息' },
  },
});
registerEnumType(FieldDataType, {
  name: 'FieldDataType',
  description: '数据类型',
  valuesConfig: {
    STRING: { description: '字符' },
    DECIMAL: { description: '数值' },
    MONEY: { description: '货币' },
    INTEGER: { description: '整型' },
    FLOAT: { description: '浮点' },
    DATE: { description: '日期' },
    DATETIME: { description: '日期时间' },
    BOOLEAN: { description: '逻辑' },
  },
});
registerEnumType(MaskingRuleKind, {
  name: 'MaskingRuleKind',
  description: '脱敏规则',
  valuesConfig: {
    NONE: { description: '不脱敏' },
    SHOW_FIRST_LAST: { description: '保留前 first 位、后 last 位' },
    REDACT: { description: '全部遮盖' },
    HASH: { description: '哈希' },
    NULLIFY: { description: '置空' },
    DATE_TO_YEAR: { description: '日期仅保留年份' },
  },
});
registerEnumType(IdentifierKind, {
  name: 'IdentifierKind',
  valuesConfig: {
    USCC: { description: '统一社会信用代码 (GB 32100-2015)' },
    RESIDENT_ID: { description: '居民身份证号码 (GB 11643-1999)' },
    TAXPAYER_ID: { description: '统一社会信用代码或身份证号码' },
  },
});
registerEnumType(EditionStatus, { name: 'EditionStatus' });
registerEnumType(CatalogItemStatus, { name: 'CatalogItemStatus' });

/** Chinese labels used when the hub renders text such as a due rule. */
export const UPDATE_CYCLE_LABEL: Record<UpdateCycle, string> = {
  REALTIME: '实时',
  DAILY: '每日',
  WEEKLY: '每周',
  TEN_DAYS: '每旬',
  MONTHLY: '每月',
  QUARTERLY: '每季度',
  HALF_YEARLY: '每半年',
  YEARLY: '每年',
  ON_DEMAND: '按需',
};
