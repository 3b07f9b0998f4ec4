import { type EntityManager, ref } from '@mikro-orm/core';
import { Unit } from '../unit/unit.entity';
import type { CatalogEdition } from './catalog-edition.entity';
import { CatalogField, CatalogItem } from './catalog-item.entity';
import { Direction, MaskingRuleKind, type SecurityGrade, UPDATE_CYCLE_LABEL, UpdateCycle } from './catalog.enums';
import type { FieldDefinition, PlacedItemDefinition } from './item-definition';

/** Sort key that keeps listings in annex, category, code order. */
export function itemPosition(item: Pick<PlacedItemDefinition, 'annex' | 'annexCategory' | 'code'>): number {
  const serial = Number(/(\d+)$/.exec(item.code)?.[1] ?? 0);
  return (item.annex ?? 9) * 1_000_000 + (item.annexCategory ?? 99) * 1_000 + Math.min(serial, 999);
}

/** Creates the rows for one item definition in `edition` (not flushed). */
export function createItemRows(em: EntityManager, edition: CatalogEdition, definition: PlacedItemDefinition): CatalogItem {
  const item = em.create(CatalogItem, {
    edition: ref(edition),
    code: definition.code,
    graphqlName: definition.graphqlName,
    name: definition.name,
    summary: definition.summary,
    direction: definition.direction ?? Direction.BETWEEN_UNITS,
    annex: definition.annex,
    annexCategory: definition.annexCategory,
    provider: em.getReference(Unit, definition.provider, { wrapped: true }),
    format: definition.format,
    channel: definition.channel,
    updateCycle: definition.updateCycle,
    dueWorkingDays: definition.due?.workingDaysAfterPeriod,
    dueTime: definition.due?.time,
    sharingType: definition.sharingType,
    sharingConditions: definition.sharingConditions,
    legalBasis: definition.legalBasis,
    securityGrade: definition.securityGrade as SecurityGrade,
    relatedItemCodes: definition.relatedItems ?? [],
    subjectField: definition.subjectField,
    businessKey: definition.businessKey,
    deprecated: false,
    position: itemPosition(definition),
  });
  definition.fields.forEach((field, index) => {
    em.create(CatalogField, {
      item: ref(item),
      position: index + 1,
      code: field.code,
      name: field.name,
      dataType: field.dataType,
      length: field.length,
      scale: field.scale,
      required: field.required ?? false,
      sensitivity: field.sensitivity,
      maskingRule: field.masking?.rule ?? MaskingRuleKind.NONE,
      maskFirst: field.masking?.first,
      maskLast: field.masking?.last,
      identifier: field.identifier,
      enumValues: field.enumValues,
      description: field.description,
      deprecated: field.deprecated ?? false,
    });
  });
  return item;
}

/** Reads a field row back into its definition (undefined members left out, so comparisons are exact). */
export function fieldDefinitionOf(field: CatalogField): FieldDefinition {
  const definition: FieldDefinition = {
    code: field.code,
    name: field.name,
    dataType: field.dataType,
    required: field.required,
    sensitivity: field.sensitivity,
    deprecated: field.deprecated,
  };
  if (field.length !== null && field.length !== undefined) definition.length = field.length;
  if (field.scale !== null && field.scale !== undefined) definition.scale = field.scale;
  if (field.maskingRule !== MaskingRuleKind.NONE) {
    definition.masking = { rule: field.maskingRule };
    if (field.maskFirst !== null && field.maskFirst !== undefined) definition.masking.first = field.maskFirst;
    if (field.maskLast !== null && field.maskLast !== undefined) definition.masking.last = field.maskLast;
  }
  if (field.identifier) definition.identifier = field.identifier;
  if (field.enumValues) definition.enumValues = field.enumValues;
  if (field.description) definition.description = field.description;
  return definition;
}

/** Reads an item and its field rows back into a definition. */
export function itemDefinitionOf(item: CatalogItem, fields: CatalogField[]): PlacedItemDefinition & { deprecated: boolean } {
  const definition: PlacedItemDefinition & { deprecated: boolean } = {
    code: item.code,
    graphqlName: item.graphqlName,
    name: item.name,
    summary: item.summary,
    direction: item.direction,
    provider: item.provider.code,
    format: item.format,
    channel: item.channel,
    updateCycle: item.updateCycle,
    sharingType: item.sharingType,
    sharingConditions: item.sharingConditions,
    legalBasis: item.legalBasis,
    securityGrade: item.securityGrade,
    relatedItems: item.relatedItemCodes,
    subjectField: item.subjectField,
    businessKey: item.businessKey,
    fields: [...fields].sort((a, b) => a.position - b.position).map(fieldDefinitionOf),
    deprecated: item.deprecated,
  };
  if (item.annex !== null && item.annex !== undefined) definition.annex = item.annex;
  if (item.annexCategory !== null && item.annexCategory !== undefined) definition.annexCategory = item.annexCategory;
  if (item.dueWorkingDays !== null && item.dueWorkingDays !== undefined) {
    definition.due = { workingDaysAfterPeriod: item.dueWorkingDays };
    if (item.dueTime) definition.due.time = item.dueTime;
  }
  return definition;
}

/** The due rule in words, as the catalogue publishes it (e.g. 每月更新，周期结束后第10个工作日内报送). */
export function describeDueRule(item: Pick<CatalogItem, 'updateCycle' | 'dueWorkingDays' | 'dueTime'>): string {
  const cycle = UPDATE_CYCLE_LABEL[item.updateCycle];
  if (item.updateCycle === UpdateCycle.REALTIME) return '实时共享，无报送期限';
  if (item.updateCycle === UpdateCycle.ON_DEMAND) return '按需提供，无报送期限';
  if (item.dueWorkingDays === null || item.dueWorkingDays === undefined) return `${cycle}更新，未规定报送期限`;
  const day = item.dueWorkingDays === 0 ? '周期结束当日' : `周期结束后第${item.dueWorkingDays}个工作日`;
  return `${cycle}更新，${day}${item.dueTime ? ` ${item.dueTime} 前` : '内'}报送`;
}

/** A masking rule as one token, e.g. SHOW_FIRST_LAST(6,4) or REDACT. */
export function describeMasking(field: Pick<CatalogField, 'maskingRule' | 'maskFirst' | 'maskLast'>): string {
  if (field.maskingRule !== MaskingRuleKind.SHOW_FIRST_LAST) return field.maskingRule;
  return `SHOW_FIRST_LAST(${field.maskFirst ?? 0},${field.maskLast ?? 0})`;
}
