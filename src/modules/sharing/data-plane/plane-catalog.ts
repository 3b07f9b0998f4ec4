import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FieldDataType, MaskingRuleKind, Sensitivity, type SharingType } from '../../catalog/catalog.enums';
import type { CatalogSource } from '../../catalog/catalog-files';
import { itemDefinitionOf } from '../../catalog/catalog.mapper';
import { CatalogItem } from '../../catalog/catalog-item.entity';
import { currentEditionCodes } from '../../catalog/catalog.service';
import type { ItemDefinition } from '../../catalog/item-definition';
import type { MaskingRule } from '../masking';

/** The GraphQL type a field is served as. */
export type PlaneScalar = 'String' | 'SafeInt' | 'Float' | 'Boolean' | 'Decimal' | 'LocalDate';

/** One field of a published item, as the data plane serves it. */
export interface PlaneField {
  code: string;
  name: string;
  dataType: FieldDataType;
  sensitivity: Sensitivity;
  masking: MaskingRule;
  description?: string;
  deprecated: boolean;
  scalar: PlaneScalar;
}

/** One published item, as the data plane serves it: its own GraphQL type and a field of `SharedData`. */
export interface PlaneItem {
  code: string;
  graphqlName: string;
  /** The field of `SharedData`: graphqlName with a lower-case first letter. */
  fieldName: string;
  name: string;
  summary: string;
  providerCode: string;
  sharingType: SharingType;
  deprecated: boolean;
  subjectField: string;
  businessKey: string[];
  fields: PlaneField[];
  fieldsByCode: Map<string, PlaneField>;
}

/** The published catalogue the live schema is built from; `version` changes whenever any item does. */
export interface PlaneCatalog {
  items: PlaneItem[];
  byCode: Map<string, PlaneItem>;
  byFieldName: Map<string, PlaneItem>;
  version: string;
}

/** Masks that turn a value into text (a year, asterisks, a hash) make a non-text field text. */
export const TEXT_MASKS = new Set([
  MaskingRuleKind.REDACT,
  MaskingRuleKind.SHOW_FIRST_LAST,
  MaskingRuleKind.HASH,
  MaskingRuleKind.DATE_TO_YEAR,
]);

const NATIVE_SCALAR: Record<FieldDataType, PlaneScalar> = {
  [FieldDataType.STRING]: 'String',
  [FieldDataType.INTEGER]: 'SafeInt',
  [FieldDataType.FLOAT]: 'Float',
  [FieldDataType.BOOLEAN]: 'Boolean',
  [FieldDataType.DECIMAL]: 'Decimal',
  [FieldDataType.MONEY]: 'Decimal',
  [FieldDataType.DATE]: 'LocalDate',
  // Stored with the offset the provider sent; a DateTime scalar would rewrite it to UTC.
  [FieldDataType.DATETIME]: 'String',
};

export function scalarOf(field: {
  dataType: FieldDataType;
  masking?: { rule: MaskingRuleKind };
}): PlaneScalar {
  if (field.masking && TEXT_MASKS.has(field.masking.rule)) return 'String';
  return NATIVE_SCALAR[field.dataType];
}

export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function planeItemOf(definition: ItemDefinition & { deprecated?: boolean }): PlaneItem {
  const fields = definition.fields.map((field): PlaneField => ({
    code: field.code,
    name: field.name,
    dataType: field.dataType,
    sensitivity: field.sensitivity,
    masking: field.masking ?? { rule: MaskingRuleKind.NONE },
    description: field.description,
    deprecated: field.deprecated ?? false,
    scalar: scalarOf(field),
  }));
  return {
    code: definition.code,
    graphqlName: definition.graphqlName,
    fieldName: lowerFirst(definition.graphqlName),
    name: definition.name,
    summary: definition.summary,
    providerCode: definition.provider,
    sharingType: definition.sharingType,
    deprecated: definition.deprecated ?? false,
    subjectField: definition.subjectField,
    businessKey: definition.businessKey,
    fields,
    fieldsByCode: new Map(fields.map((field) => [field.code, field])),
  };
}

export function planeCatalogOf(definitions: (ItemDefinition & { deprecated?: boolean })[]): PlaneCatalog {
  const items = definitions.map(planeItemOf).sort((a, b) => a.fieldName.localeCompare(b.fieldName));
  const version = createHash('sha256')
    .update(JSON.stringify(items.map((item) => ({ ...item, fieldsByCode: undefined }))))
    .digest('hex');
  return {
    items,
    byCode: new Map(items.map((item) => [item.code, item])),
    byFieldName: new Map(items.map((item) => [item.fieldName, item])),
    version,
  };
}

/** The items of the latest published edition of every jurisdiction, as the database holds them. */
export async function loadPlaneCatalog(em: EntityManager): Promise<PlaneCatalog> {
  const scope = await currentEditionCodes(em);
  const items = await em.find(CatalogItem, { edition: { $in: scope } }, { populate: ['fieldRows'] });
  return planeCatalogOf(items.map((item) => itemDefinitionOf(item, item.fieldRows.getItems())));
}

/** The same, from the committed `catalog/` files: the last edition of every jurisdiction (for the SDL). */
export function planeCatalogFromFiles(source: CatalogSource): PlaneCatalog {
  const latest = new Map<string, CatalogSource['editions'][number]>();
  for (const edition of source.editions) latest.set(edition.jurisdiction, edition);
  return planeCatalogOf([...latest.values()].flatMap((edition) => edition.items));
}

/** Sensitivities a provider marks as needing protection: a grant made before such a change serves them masked. */
export const PROTECTED_SENSITIVITIES = new Set<Sensitivity>([
  Sensitivity.TRADE_SECRET,
  Sensitivity.PERSONAL,
  Sensitivity.SENSITIVE_PERSONAL,
  Sensitivity.TAX_CONFIDENTIAL,
]);
