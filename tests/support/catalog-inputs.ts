import { type CatalogFieldInput, CatalogItemDocument, type CatalogItemInput } from '../generated/graphql';
import type { TestHub } from './test-hub';

/** A valid new item for a draft; tests override what they exercise. */
export function newItemInput(overrides: Partial<CatalogItemInput> = {}): CatalogItemInput {
  return {
    code: 'LYG-A1-26-901',
    graphqlName: 'PortVesselCallRecord',
    name: '港口船舶进出港信息',
    summary: '连云港港船舶进出港登记信息，用于船舶吨税和港口经营收入税源监控。',
    annex: 1,
    annexCategory: 26,
    providerUnitCode: 'LYG-MSA',
    format: 'DATABASE',
    channel: 'PLATFORM_API',
    updateCycle: 'MONTHLY',
    due: { workingDaysAfterPeriod: 10 },
    sharingType: 'CONDITIONAL',
    sharingConditions: '仅限税务部门履行船舶吨税征管职责时使用。',
    legalBasis: '《船舶吨税法》；连政办发〔2022〕40号附件1第二十六项。',
    securityGrade: 'GENERAL',
    subjectField: 'operatorUscc',
    businessKey: ['callNumber'],
    fields: [
      {
        code: 'callNumber',
        name: '进出港登记号',
        dataType: 'STRING',
        length: 32,
        required: true,
        sensitivity: 'INTERNAL',
      },
      {
        code: 'operatorUscc',
        name: '船舶经营人统一社会信用代码',
        dataType: 'STRING',
        length: 18,
        required: true,
        sensitivity: 'PUBLIC',
        identifier: 'USCC',
      },
      {
        code: 'vesselName',
        name: '船名',
        dataType: 'STRING',
        length: 100,
        required: true,
        sensitivity: 'PUBLIC',
      },
      {
        code: 'netTonnage',
        name: '净吨位',
        dataType: 'DECIMAL',
        length: 12,
        scale: 2,
        required: true,
        sensitivity: 'PUBLIC',
      },
      { code: 'arrivedAt', name: '进港时间', dataType: 'DATETIME', required: true, sensitivity: 'INTERNAL' },
    ],
    ...overrides,
  };
}

/** An item of the catalogue as the upsert mutation takes it, to change one thing of it in a draft. */
export async function currentItemAsInput(
  hub: TestHub,
  code: string,
  edition?: string,
): Promise<CatalogItemInput> {
  const item = (await hub.gql(CatalogItemDocument, { code, edition }, hub.keys.dataAuthority)).data!
    .catalogItem!;
  return {
    code: item.code,
    graphqlName: item.graphqlName,
    name: item.name,
    summary: item.summary,
    annex: item.annex,
    annexCategory: item.annexCategory,
    providerUnitCode: item.provider.code,
    format: item.format,
    channel: item.channel,
    updateCycle: item.updateCycle,
    due: item.due ? { workingDaysAfterPeriod: item.due.workingDaysAfterPeriod, time: item.due.time } : null,
    sharingType: item.sharingType,
    sharingConditions: item.sharingConditions,
    legalBasis: item.legalBasis,
    securityGrade: item.securityGrade,
    relatedItemCodes: item.relatedItemCodes,
    subjectField: item.subjectField,
    businessKey: item.businessKey,
    fields: item.fields.map((field): CatalogFieldInput => ({
      code: field.code,
      name: field.name,
      dataType: field.dataType,
      length: field.length,
      scale: field.scale,
      required: field.required,
      sensitivity: field.sensitivity,
      masking: { rule: field.maskingRule.rule, first: field.maskingRule.first, last: field.maskingRule.last },
      identifier: field.identifier,
      enumValues: field.enumValues,
      description: field.description,
      deprecated: field.deprecated,
    })),
  };
}
