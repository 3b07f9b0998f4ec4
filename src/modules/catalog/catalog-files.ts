import Ajv from 'ajv';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import assistanceSchema from '../../../catalog/schema/assistance-task-types.schema.json';
import editionsSchema from '../../../catalog/schema/editions.schema.json';
import unitsSchema from '../../../catalog/schema/units.schema.json';
import type { Problem } from '../../errors/app-error';
import type { UnitKind } from '../unit/unit.entity';
import { graphqlNameProblem } from '../sharing/data-plane/reserved-names';
import {
  directionForAnnex,
  type PlacedItemDefinition,
  schemaProblems,
  validateItemFileShape,
  validateItemRules,
} from './item-definition';

export interface UnitDefinition {
  code: string;
  name: string;
  kind: UnitKind;
  parent?: string;
}

export interface AssistanceTaskTypeDefinition {
  code: string;
  number: number;
  name: string;
  summary: string;
  responderKinds: string[];
  responders: string[];
  actions: { code: string; name: string; verification?: boolean }[];
  defaultDeadlineWorkingDays?: number;
  legalBasis: string;
}

export interface EditionDefinition {
  code: string;
  jurisdiction: string;
  base?: string;
  title: string;
  notes?: string;
  publishedAt: string;
  items: PlacedItemDefinition[];
  /** SHA-256 over the edition's parsed content: comments and layout in the files do not count. */
  checksum: string;
}

export interface AnnexCategoryDefinition {
  annex: number;
  number: number;
  title: string;
}

/** The catalogue folder, parsed and checked. */
export interface CatalogSource {
  units: UnitDefinition[];
  annexCategories: AnnexCategoryDefinition[];
  assistanceTaskTypes: AssistanceTaskTypeDefinition[];
  editions: EditionDefinition[];
}

/** A catalogue folder that cannot be imported; `problems` name the file, the path in it and the reason. */
export class CatalogFilesInvalid extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `The catalogue is invalid; nothing was imported (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  ${problem.path}: ${problem.message}`).join('\n'),
    );
    this.name = 'CatalogFilesInvalid';
  }
}

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
const validateUnits = ajv.compile(unitsSchema);
const validateEditions = ajv.compile(editionsSchema);
const validateAssistance = ajv.compile(assistanceSchema);

function checksumOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/**
 * Reads and checks every file of a catalogue folder. Throws {@link CatalogFilesInvalid} listing all
 * problems found, so one run shows everything to fix.
 */
export function readCatalogFolder(catalogDir: string): CatalogSource {
  const problems: Problem[] = [];
  const relative = (file: string) => path.relative(path.dirname(catalogDir), file);

  function readYaml(file: string, validate?: (document: unknown) => Problem[]): unknown {
    if (!fs.existsSync(file)) {
      problems.push({ path: relative(file), message: 'file is missing' });
      return undefined;
    }
    const document = YAML.parseDocument(fs.readFileSync(file, 'utf8'), { uniqueKeys: true });
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        const [line, column] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [0, 0];
        problems.push({ path: `${relative(file)}:${line}:${column}`, message: error.message.split('\n')[0] });
      }
      return undefined;
    }
    const value: unknown = document.toJS();
    const found = validate ? validate(value) : [];
    for (const problem of found) problems.push({ path: `${relative(file)}#${problem.path}`, message: problem.message });
    return found.length > 0 ? undefined : value;
  }

  const byAjv = (validate: typeof validateUnits) => (document: unknown) =>
    validate(document) ? [] : schemaProblems(validate.errors);

  const unitsFile = readYaml(path.join(catalogDir, 'units.yaml'), byAjv(validateUnits)) as
    | { units: UnitDefinition[] }
    | undefined;
  const units = unitsFile?.units ?? [];
  const unitCodes = new Map<string, UnitDefinition>();
  for (const unit of units) {
    if (unitCodes.has(unit.code)) problems.push({ path: 'catalog/units.yaml', message: `duplicate unit code ${unit.code}` });
    unitCodes.set(unit.code, unit);
  }
  for (const unit of units) {
    if (unit.parent && !unitCodes.has(unit.parent)) {
      problems.push({ path: 'catalog/units.yaml', message: `unit ${unit.code}: unknown parent ${unit.parent}` });
    }
  }

  const assistanceFile = readYaml(path.join(catalogDir, 'assistance-task-types.yaml'), byAjv(validateAssistance)) as
    | { taskTypes: AssistanceTaskTypeDefinition[] }
    | undefined;
  const assistanceTaskTypes = assistanceFile?.taskTypes ?? [];
  for (const taskType of assistanceTaskTypes) {
    for (const responder of taskType.responders) {
      if (!unitCodes.has(responder)) {
        problems.push({ path: 'catalog/assistance-task-types.yaml', message: `${taskType.code}: unknown unit ${responder}` });
      }
    }
  }

  const editionsFile = readYaml(path.join(catalogDir, 'editions.yaml'), byAjv(validateEditions)) as
    | { editions: Omit<EditionDefinition, 'items' | 'checksum'>[] & { itemsDir: string }[] }
    | undefined;
  const annexCategories = new Map<string, AnnexCategoryDefinition>();
  const editions: EditionDefinition[] = [];
  // Codes are stable across editions of one jurisdiction and never shared between jurisdictions.
  const codeOwner = new Map<string, string>();

  for (const edition of (editionsFile?.editions ?? []) as (Omit<EditionDefinition, 'items' | 'checksum'> & {
    itemsDir: string;
  })[]) {
    if (!unitCodes.has(edition.jurisdiction)) {
      problems.push({ path: 'catalog/editions.yaml', message: `edition ${edition.code}: unknown jurisdiction ${edition.jurisdiction}` });
    }
    const folder = path.join(catalogDir, edition.itemsDir);
    const files = fs.existsSync(folder)
      ? fs
          .readdirSync(folder, { recursive: true, encoding: 'utf8' })
          .filter((file) => file.endsWith('.yaml') || file.endsWith('.yml'))
          .sort()
      : [];
    if (files.length === 0) problems.push({ path: `catalog/${edition.itemsDir}`, message: 'holds no item files' });
    const items: PlacedItemDefinition[] = [];
    const itemCodes = new Map<string, string>();
    for (const file of files) {
      const full = path.join(folder, file);
      const document = readYaml(full, validateItemFileShape) as
        | { annex: number; category: number; categoryTitle: string; items: PlacedItemDefinition[] }
        | undefined;
      if (!document) continue;
      const categoryKey = `${document.annex}-${document.category}`;
      const known = annexCategories.get(categoryKey);
      if (known && known.title !== document.categoryTitle) {
        problems.push({ path: relative(full), message: `categoryTitle differs from another file of annex ${categoryKey}` });
      }
      annexCategories.set(categoryKey, { annex: document.annex, number: document.category, title: document.categoryTitle });
      document.items.forEach((raw, index) => {
        const item: PlacedItemDefinition = {
          ...raw,
          annex: document.annex,
          annexCategory: document.category,
          direction: raw.direction ?? directionForAnnex(document.annex),
        };
        const where = `${relative(full)}#/items/${index}`;
        for (const problem of validateItemRules(item)) problems.push({ path: `${where}${problem.path}`, message: problem.message });
        if (!unitCodes.has(item.provider)) problems.push({ path: `${where}/provider`, message: `unknown unit ${item.provider}` });
        const clash = itemCodes.get(item.code);
        if (clash) problems.push({ path: `${where}/code`, message: `duplicate item code ${item.code} (also in ${clash})` });
        itemCodes.set(item.code, relative(full));
        const owner = codeOwner.get(item.code);
        if (owner && owner !== edition.jurisdiction) {
          problems.push({ path: `${where}/code`, message: `item code ${item.code} belongs to ${owner}'s catalogue` });
        }
        codeOwner.set(item.code, edition.jurisdiction);
        items.push(item);
      });
    }
    items.sort((a, b) => a.code.localeCompare(b.code));
    editions.push({ ...edition, items, checksum: checksumOf({ ...edition, items }) });
  }

  // GraphQL names must be unique over what a reader sees at once: a city edition plus its supplements.
  const cityNames = new Map<string, string>();
  for (const edition of editions.filter((candidate) => !candidate.base)) {
    for (const item of edition.items) cityNames.set(item.graphqlName, item.code);
  }
  const seenNames = new Map<string, string>(cityNames);
  for (const edition of editions) {
    if (edition.base && !editions.some((candidate) => candidate.code === edition.base)) {
      problems.push({ path: 'catalog/editions.yaml', message: `edition ${edition.code}: base ${edition.base} is not a city edition here` });
    }
    const local = new Map<string, string>();
    for (const item of edition.items) {
      const other = local.get(item.graphqlName) ?? (edition.base ? seenNames.get(item.graphqlName) : undefined);
      if (other && other !== item.code) {
        problems.push({ path: `catalog/${edition.code}`, message: `graphqlName ${item.graphqlName} is used by both ${other} and ${item.code}` });
      }
      local.set(item.graphqlName, item.code);
    }
    const visible = edition.base ? [...seenNames.keys(), ...local.keys()] : [...local.keys()];
    for (const item of edition.items) {
      const clash = graphqlNameProblem(item.graphqlName, visible);
      if (clash) problems.push({ path: `catalog/${edition.code}/${item.code}/graphqlName`, message: clash });
    }
    if (edition.base) for (const [name, code] of local) seenNames.set(name, code);
  }
  for (const edition of editions) {
    const known = new Set(editions.flatMap((candidate) => candidate.items.map((item) => item.code)));
    for (const item of edition.items) {
      for (const related of item.relatedItems ?? []) {
        if (!known.has(related)) problems.push({ path: `catalog/${edition.code}/${item.code}`, message: `related item ${related} does not exist` });
      }
    }
  }

  if (problems.length > 0) throw new CatalogFilesInvalid(problems);
  return {
    units,
    annexCategories: [...annexCategories.values()].sort((a, b) => a.annex - b.annex || a.number - b.number),
    assistanceTaskTypes,
    editions,
  };
}
