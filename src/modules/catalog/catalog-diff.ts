import type { FieldDefinition, PlacedItemDefinition } from './item-definition';

export enum ChangeKind {
  ADDED = 'ADDED',
  REMOVED = 'REMOVED',
  CHANGED = 'CHANGED',
  DEPRECATED = 'DEPRECATED',
  REINSTATED = 'REINSTATED',
}

export interface AttributeChange {
  attribute: string;
  before: string | null;
  after: string | null;
}

export interface FieldChange {
  code: string;
  name: string;
  change: ChangeKind;
  attributes: AttributeChange[];
}

export interface ItemChange {
  code: string;
  name: string;
  change: ChangeKind;
  attributes: AttributeChange[];
  fields: FieldChange[];
}

/** An item definition with its deprecation flag, as an edition holds it. */
export type EditionItem = PlacedItemDefinition & { deprecated: boolean };

function show(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function compareAttributes<T extends object>(before: T, after: T, skip: ReadonlySet<string>): AttributeChange[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((name) => !skip.has(name)).sort();
  const changes: AttributeChange[] = [];
  for (const attribute of names) {
    const was = show((before as Record<string, unknown>)[attribute]);
    const is = show((after as Record<string, unknown>)[attribute]);
    if (was !== is) changes.push({ attribute, before: was, after: is });
  }
  return changes;
}

const ITEM_SKIP = new Set(['fields', 'deprecated']);
const FIELD_SKIP = new Set<string>();

function diffFields(before: FieldDefinition[], after: FieldDefinition[]): FieldChange[] {
  const was = new Map(before.map((field) => [field.code, field]));
  const is = new Map(after.map((field) => [field.code, field]));
  const changes: FieldChange[] = [];
  // Positions matter to clients that read fields in order, so a move counts as a change.
  const positionOf = (list: FieldDefinition[], code: string) => list.findIndex((field) => field.code === code) + 1;
  for (const field of after) {
    const old = was.get(field.code);
    if (!old) {
      changes.push({ code: field.code, name: field.name, change: ChangeKind.ADDED, attributes: [] });
      continue;
    }
    const attributes = compareAttributes(old, field, FIELD_SKIP);
    const from = positionOf(before, field.code);
    const to = positionOf(after, field.code);
    if (from !== to) attributes.push({ attribute: 'position', before: String(from), after: String(to) });
    if (attributes.length > 0) changes.push({ code: field.code, name: field.name, change: ChangeKind.CHANGED, attributes });
  }
  for (const field of before) {
    if (!is.has(field.code)) changes.push({ code: field.code, name: field.name, change: ChangeKind.REMOVED, attributes: [] });
  }
  return changes;
}

/** What changed from one set of items to another, item by item and field by field, ordered by code. */
export function diffItems(before: EditionItem[], after: EditionItem[]): ItemChange[] {
  const was = new Map(before.map((item) => [item.code, item]));
  const is = new Map(after.map((item) => [item.code, item]));
  const changes: ItemChange[] = [];
  for (const item of after) {
    const old = was.get(item.code);
    if (!old) {
      changes.push({ code: item.code, name: item.name, change: ChangeKind.ADDED, attributes: [], fields: [] });
      continue;
    }
    const attributes = compareAttributes(old, item, ITEM_SKIP);
    const fields = diffFields(old.fields, item.fields);
    let change = ChangeKind.CHANGED;
    if (!old.deprecated && item.deprecated) change = ChangeKind.DEPRECATED;
    else if (old.deprecated && !item.deprecated) change = ChangeKind.REINSTATED;
    else if (attributes.length === 0 && fields.length === 0) continue;
    changes.push({ code: item.code, name: item.name, change, attributes, fields });
  }
  for (const item of before) {
    if (!is.has(item.code)) changes.push({ code: item.code, name: item.name, change: ChangeKind.REMOVED, attributes: [], fields: [] });
  }
  return changes.sort((a, b) => a.code.localeCompare(b.code));
}
