import Ajv, { type ErrorObject } from 'ajv';
import itemFileSchema from '../../../catalog/schema/item-file.schema.json';
import type { Problem } from '../../errors/app-error';
import {
  Direction,
  type FieldDataType,
  type IdentifierKind,
  type MaskingRuleKind,
  type ResourceFormat,
  SecurityGrade,
  type Sensitivity,
  type SharingChannel,
  type SharingType,
  type UpdateCycle,
} from './catalog.enums';

/** One field as the catalogue files and the upsert mutation state it. */
export interface FieldDefinition {
  code: string;
  name: string;
  dataType: FieldDataType;
  length?: number;
  scale?: number;
  required?: boolean;
  sensitivity: Sensitivity;
  masking?: { rule: MaskingRuleKind; first?: number; last?: number };
  identifier?: IdentifierKind;
  enumValues?: string[];
  description?: string;
  deprecated?: boolean;
}

/** One item as the catalogue files and the upsert mutation state it (the JSON Schema's `item`). */
export interface ItemDefinition {
  code: string;
  graphqlName: string;
  name: string;
  summary: string;
  direction?: Direction;
  provider: string;
  format: ResourceFormat;
  channel: SharingChannel;
  updateCycle: UpdateCycle;
  due?: { workingDaysAfterPeriod: number; time?: string };
  sharingType: SharingType;
  sharingConditions: string;
  legalBasis: string;
  securityGrade: string;
  relatedItems?: string[];
  subjectField: string;
  businessKey: string[];
  fields: FieldDefinition[];
}

/** An item with where it sits in the annexes. */
export interface PlacedItemDefinition extends ItemDefinition {
  annex?: number;
  annexCategory?: number;
}

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
ajv.addSchema(itemFileSchema);
const validateItemSchema = ajv.compile({ $ref: 'https://hub.invalid/catalog/item-file.schema.json#/definitions/item' });
const validateItemFileSchema = ajv.getSchema('https://hub.invalid/catalog/item-file.schema.json')!;

/** Turns Ajv's errors into problems with JSON-pointer-like paths under `prefix`. */
export function schemaProblems(errors: ErrorObject[] | null | undefined, prefix = ''): Problem[] {
  return (errors ?? []).map((error) => {
    const where = `${prefix}${error.instancePath}` || '/';
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'enum') message += `: ${(error.params.allowedValues as unknown[]).join(', ')}`;
    if (error.keyword === 'additionalProperties') message += `: "${String(error.params.additionalProperty)}"`;
    return { path: where, message };
  });
}

/** Checks a whole item file against the JSON Schema. */
export function validateItemFileShape(document: unknown): Problem[] {
  return validateItemFileSchema(document) ? [] : schemaProblems(validateItemFileSchema.errors);
}

/** Checks one item against the JSON Schema's item definition. */
export function validateItemShape(item: unknown, prefix = ''): Problem[] {
  return validateItemSchema(item) ? [] : schemaProblems(validateItemSchema.errors, prefix);
}

const CLASSIFIED_MARKINGS = ['STATE_SECRET', 'WORK_SECRET', '国家秘密', '工作秘密', '绝密', '机密', '秘密'];
const PERSONAL_SENSITIVITIES = new Set(['PERSONAL', 'SENSITIVE_PERSONAL']);

/** Direction implied by an annex: Annex 1 flows to the tax bureau, Annex 2 from it. */
export function directionForAnnex(annex: number | undefined): Direction | undefined {
  if (annex === 1) return Direction.TO_TAX;
  if (annex === 2) return Direction.FROM_TAX;
  return undefined;
}

/**
 * The rules the JSON Schema cannot say: references between fields, classified items, masking of
 * sensitive personal data, and the code's agreement with its annex and category.
 */
export function validateItemRules(item: PlacedItemDefinition, prefix = ''): Problem[] {
  const problems: Problem[] = [];
  const at = (path: string, message: string) => problems.push({ path: `${prefix}${path}`, message });

  if (CLASSIFIED_MARKINGS.includes(item.securityGrade)) {
    at(
      '/securityGrade',
      `item ${item.code} is marked ${item.securityGrade}: classified information (国家秘密、工作秘密) is not shared through the hub (连政办发〔2022〕40号附件1第四项 “涉密信息除外”)`,
    );
  } else if (!Object.values(SecurityGrade).includes(item.securityGrade as SecurityGrade)) {
    at('/securityGrade', `must be one of ${Object.values(SecurityGrade).join(', ')}`);
  }

  if (item.annex !== undefined && item.annexCategory !== undefined) {
    const expected = `-A${item.annex}-${String(item.annexCategory).padStart(2, '0')}-`;
    if (!item.code.includes(expected)) at('/code', `must contain "${expected}" to match annex ${item.annex} category ${item.annexCategory}`);
    const implied = directionForAnnex(item.annex);
    if (item.direction && implied && item.direction !== implied) {
      at('/direction', `annex ${item.annex} items are ${implied}, not ${item.direction}`);
    }
  }

  const seen = new Set<string>();
  item.fields.forEach((field, index) => {
    const fieldPath = `/fields/${index}`;
    if (seen.has(field.code)) at(`${fieldPath}/code`, `duplicate field code "${field.code}"`);
    seen.add(field.code);
    if (field.dataType === 'STRING' && field.length === undefined) at(`${fieldPath}/length`, 'a STRING field needs a length');
    if (field.scale !== undefined && !['DECIMAL', 'MONEY'].includes(field.dataType)) {
      at(`${fieldPath}/scale`, 'only DECIMAL and MONEY fields have a scale');
    }
    const rule = field.masking?.rule ?? 'NONE';
    if (field.sensitivity === 'SENSITIVE_PERSONAL' && rule === 'NONE') {
      at(`${fieldPath}/masking`, 'a SENSITIVE_PERSONAL field needs a masking rule');
    }
    if (rule === 'SHOW_FIRST_LAST' && field.masking?.first === undefined && field.masking?.last === undefined) {
      at(`${fieldPath}/masking`, 'SHOW_FIRST_LAST needs first and/or last');
    }
    if (rule === 'DATE_TO_YEAR' && !['DATE', 'DATETIME'].includes(field.dataType)) {
      at(`${fieldPath}/masking`, 'DATE_TO_YEAR applies to DATE and DATETIME fields only');
    }
    if (field.identifier === 'RESIDENT_ID' && !PERSONAL_SENSITIVITIES.has(field.sensitivity)) {
      at(`${fieldPath}/sensitivity`, 'an ID-number field is PERSONAL or SENSITIVE_PERSONAL');
    }
    if (field.identifier && field.dataType !== 'STRING') at(`${fieldPath}/identifier`, 'identifiers are STRING fields');
    if (field.enumValues && field.dataType !== 'STRING') at(`${fieldPath}/enumValues`, 'only STRING fields are coded');
  });

  const subject = item.fields.find((field) => field.code === item.subjectField);
  if (!subject) at('/subjectField', `"${item.subjectField}" is not one of the item's fields`);
  else if (!subject.required) at('/subjectField', `the subject field "${item.subjectField}" must be required`);
  item.businessKey.forEach((code, index) => {
    const field = item.fields.find((candidate) => candidate.code === code);
    if (!field) at(`/businessKey/${index}`, `"${code}" is not one of the item's fields`);
    else if (!field.required) at(`/businessKey/${index}`, `business-key field "${code}" must be required`);
  });
  if ((item.relatedItems ?? []).includes(item.code)) at('/relatedItems', 'an item is not related to itself');
  return problems;
}
