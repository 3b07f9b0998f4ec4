import { FieldDataType, MaskingRuleKind } from '../../catalog/catalog.enums';
import { Role } from '../../identity/api-key.entity';
import type { Viewer } from '../../identity/viewer';
import type { GrantedField } from '../access-request.entity';
import { combineMasking, maskValue, type MaskingRule } from '../masking';
import { FieldAccess, type Purpose } from '../sharing.enums';
import { type PlaneField, type PlaneItem, PROTECTED_SENSITIVITIES, TEXT_MASKS } from './plane-catalog';

/** A grant as the read path loads it (one query for all items of a request). */
export interface GrantRow {
  id: string;
  item_code: string;
  fields: GrantedField[];
  purposes: string[];
  valid_until: string;
  revoked_at: Date | null;
}

/** What the viewer may read of one item for one purpose; `refusal` says why not when nothing. */
export interface ItemAccess {
  item: PlaneItem;
  fields: Map<string, FieldAccess>;
  /** For each MASKED field, the rule it is served under (decided once per request, see `maskingOf`). */
  masking: Map<string, MaskingRule>;
  grantIds: string[];
  refusal: string | null;
}

/**
 * Decides what a viewer may read of an item for a purpose. A PROVIDER key of the item's provider unit
 * reads its own item in clear; anyone else needs a CONSUMER key and a grant that is neither revoked
 * nor expired and names the purpose. Grants name fields of the edition they were made under: a field
 * since removed is not served, one since added is not granted, and a field that has become sensitive
 * since a CLEAR grant is served masked.
 */
export function decideItemAccess(
  viewer: Viewer,
  item: PlaneItem,
  purpose: Purpose,
  grants: GrantRow[],
  today: string,
): ItemAccess {
  const access: ItemAccess = {
    item,
    fields: new Map(),
    masking: new Map(),
    grantIds: [],
    refusal: null,
  };
  if (viewer.unitCode === item.providerCode && viewer.hasRole(Role.PROVIDER)) {
    for (const field of item.fields) access.fields.set(field.code, FieldAccess.CLEAR);
    return access;
  }
  if (!viewer.hasRole(Role.CONSUMER)) {
    access.refusal = `a ${viewer.roles.join('/')} key reads shared records only with the CONSUMER role`;
    return access;
  }
  const ofItem = grants.filter((grant) => grant.item_code === item.code);
  const live = ofItem.filter((grant) => !grant.revoked_at && grant.valid_until >= today);
  const usable = live.filter((grant) => grant.purposes.includes(purpose));
  if (usable.length === 0) {
    access.refusal =
      live.length > 0
        ? `the grant for ${item.code} does not cover the purpose ${purpose}`
        : ofItem.some((grant) => grant.revoked_at)
          ? `the grant for ${item.code} was revoked`
          : ofItem.length > 0
            ? `the grant for ${item.code} has expired`
            : `${viewer.unitCode} holds no grant for ${item.code}`;
    return access;
  }
  const grantedMasking = new Map<string, MaskingRule>();
  for (const grant of usable) {
    access.grantIds.push(grant.id);
    for (const granted of grant.fields) {
      const field = item.fieldsByCode.get(granted.code);
      if (!field) continue;
      // A grant that does not record the sensitivity it was made under counts as made under a milder one.
      const stricter =
        PROTECTED_SENSITIVITIES.has(field.sensitivity) && granted.sensitivity !== field.sensitivity;
      const served =
        granted.access === FieldAccess.CLEAR && !stricter ? FieldAccess.CLEAR : FieldAccess.MASKED;
      // Two grants for one field: the clearer one serves.
      if (access.fields.get(field.code) === FieldAccess.CLEAR) continue;
      access.fields.set(field.code, served);
      if (served === FieldAccess.CLEAR) grantedMasking.delete(field.code);
      // Only a grant made MASKED was made under a rule; one made CLEAR is masked by today's rule alone.
      else if (granted.access === FieldAccess.MASKED && granted.masking)
        grantedMasking.set(field.code, granted.masking);
    }
  }
  for (const [code, fieldAccess] of access.fields) {
    if (fieldAccess === FieldAccess.MASKED)
      access.masking.set(code, maskingOf(item.fieldsByCode.get(code)!, grantedMasking.get(code)));
  }
  return access;
}

/**
 * The rule a MASKED field is served under: the catalogue's, combined with the one the grant was made
 * under so that a new edition never shows more (`combineMasking`). A MASKED field whose catalogue entry
 * names no rule is still masked: text redacted, other values withheld; and a field not typed as text
 * cannot carry a text mask, so it is withheld too.
 */
export function maskingOf(field: PlaneField, granted?: MaskingRule): MaskingRule {
  const served = (rule: MaskingRule): MaskingRule =>
    rule.rule !== MaskingRuleKind.NONE
      ? rule
      : { rule: field.dataType === FieldDataType.STRING ? MaskingRuleKind.REDACT : MaskingRuleKind.NULLIFY };
  let rule = served(field.masking);
  if (granted) rule = combineMasking(rule, served(granted));
  if (TEXT_MASKS.has(rule.rule) && field.scalar !== 'String') return { rule: MaskingRuleKind.NULLIFY };
  return rule;
}

/** How a served field is named in the access ledger: `ITEM.field`, with `:MASKED` when it was masked. */
export function ledgerFieldName(access: ItemAccess, field: PlaneField): string {
  const masked = access.fields.get(field.code) !== FieldAccess.CLEAR;
  return `${access.item.code}.${field.code}${masked ? ':MASKED' : ''}`;
}

/** Builds one served record: only the selected fields, each clear or masked as granted. */
export function serveRecord(
  data: Record<string, unknown>,
  selected: PlaneField[],
  access: ItemAccess,
  maskingKey: string,
): Record<string, unknown> {
  const served: Record<string, unknown> = {};
  for (const field of selected) {
    const value = data[field.code] ?? null;
    served[field.code] =
      access.fields.get(field.code) === FieldAccess.CLEAR
        ? value
        : maskValue(value, access.masking.get(field.code)!, maskingKey);
  }
  return served;
}
