import { MikroORM } from '@mikro-orm/postgresql';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createOrmConfig } from '../../src/db/mikro-orm.config';
import { CatalogFilesInvalid, readCatalogFolder } from '../../src/modules/catalog/catalog-files';
import { importCatalog } from '../../src/modules/catalog/catalog-import.service';
import { CATALOG_DIR, countRows, createTestDatabase, dropTestDatabase } from '../support/test-hub';

/** A copy of catalog/ to break in one way. */
function copyCatalog(): string {
  const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hub-catalog-')), 'catalog');
  fs.cpSync(CATALOG_DIR, folder, { recursive: true });
  return folder;
}

const MARKET = 'items/city/annex1/17-market-regulation.yaml';

function edit(folder: string, file: string, change: (text: string) => string): void {
  const full = path.join(folder, file);
  const before = fs.readFileSync(full, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the edit of ${file} changed nothing`);
  fs.writeFileSync(full, after);
}

function problemsOf(folder: string): { path: string; message: string }[] {
  try {
    readCatalogFolder(folder);
  } catch (error) {
    if (error instanceof CatalogFilesInvalid) return error.problems;
    throw error;
  }
  throw new Error('the catalogue was accepted');
}

describe('catalogue files', () => {
  it('accepts the committed catalogue', () => {
    const source = readCatalogFolder(CATALOG_DIR);
    expect(source.editions.map((edition) => edition.code)).toEqual(['LYG-1', 'GY-1']);
    expect(source.units.length).toBeGreaterThanOrEqual(40);
  });

  it.each([
    ['malformed YAML', (text: string) => text.replace('annex: 1\n', 'annex: [1\n'), /17-market-regulation\.yaml:\d+:\d+/, /./],
    ['an unknown enum value', (text: string) => text.replace('updateCycle: DAILY', 'updateCycle: HOURLY'), /17-market-regulation\.yaml#\/items\/0\/updateCycle$/, /REALTIME, DAILY/],
    ['an item marked 国家秘密', (text: string) => text.replace('securityGrade: GENERAL', 'securityGrade: 国家秘密'), /#\/items\/0\/securityGrade$/, /涉密信息除外/],
    ['an unknown provider', (text: string) => text.replace('provider: LYG-AMR', 'provider: LYG-NOWHERE'), /#\/items\/0\/provider$/, /unknown unit LYG-NOWHERE/],
    ['a missing required element', (text: string) => text.replace(/\n {4}legalBasis: [^\n]*/, ''), /#\/items\/0$/, /legalBasis/],
    ['an element the schema does not know', (text: string) => text.replace(/\n {4}format: DATABASE/, '\n    format: DATABASE\n    colour: blue'), /#\/items\/0$/, /colour/],
    ['a subject field that is not a field', (text: string) => text.replace('subjectField: uscc', 'subjectField: nobody'), /#\/items\/0\/subjectField$/, /nobody/],
  ])('rejects %s, naming file, path and reason', (_label, change, where, why) => {
    const folder = copyCatalog();
    edit(folder, MARKET, change);
    const problems = problemsOf(folder);
    expect(problems.some((problem) => where.test(problem.path) && why.test(problem.message))).toBe(true);
  });

  it('rejects a duplicate item code across files', () => {
    const folder = copyCatalog();
    const text = fs.readFileSync(path.join(folder, MARKET), 'utf8');
    fs.writeFileSync(path.join(folder, 'items/city/annex1/99-copy.yaml'), text.replace(/graphqlName: (\w+)/g, 'graphqlName: $1Copy'));
    const problems = problemsOf(folder);
    expect(problems.some((problem) => /99-copy\.yaml#\/items\/0\/code$/.test(problem.path) && /duplicate item code LYG-A1-17-001/.test(problem.message))).toBe(true);
  });
});

describe('importing the catalogue into PostgreSQL', () => {
  let databaseUrl: string;
  let orm: MikroORM;
  const count = (sql: string) => countRows(databaseUrl, sql);
  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    orm = await MikroORM.init(createOrmConfig({ url: databaseUrl, poolMax: 2 }));
  });
  afterAll(async () => {
    await orm?.close();
    await dropTestDatabase(databaseUrl);
  });

  it('imports nothing twice', async () => {
    const items = await count('select count(*) from catalog_item');
    const summary = await importCatalog(orm.em.fork(), CATALOG_DIR);
    expect(summary.editionsImported).toEqual([]);
    expect(summary.editionsUnchanged).toEqual(['LYG-1', 'GY-1']);
    expect(await count('select count(*) from catalog_item')).toBe(items);
  });

  it('imports and publishes a new edition added as files, and nothing when one file of it is bad', async () => {
    const folder = copyCatalog();
    fs.cpSync(path.join(folder, 'items/city'), path.join(folder, 'items/city-2'), { recursive: true });
    fs.appendFileSync(
      path.join(folder, 'editions.yaml'),
      "  - code: LYG-2\n    jurisdiction: LYG\n    title: 第2版\n    publishedAt: '2026-01-01'\n    itemsDir: items/city-2\n",
    );
    fs.appendFileSync(path.join(folder, 'units.yaml'), '  - { code: LYG-NEW, name: 新设单位, kind: DEPARTMENT, parent: LYG }\n');
    edit(folder, 'items/city-2/annex1/17-market-regulation.yaml', (text) => text.replace('dataType: DATE', 'dataType: TIMESTAMP'));
    await expect(importCatalog(orm.em.fork(), folder)).rejects.toThrow(CatalogFilesInvalid);
    expect(await count(`select count(*) from catalog_edition where code = 'LYG-2'`)).toBe(0);
    expect(await count(`select count(*) from unit where code = 'LYG-NEW'`)).toBe(0);

    edit(folder, 'items/city-2/annex1/17-market-regulation.yaml', (text) => text.replace('dataType: TIMESTAMP', 'dataType: DATE'));
    const summary = await importCatalog(orm.em.fork(), folder);
    expect(summary.editionsImported).toEqual(['LYG-2']);
    expect(await count(`select count(*) from catalog_edition where code = 'LYG-2' and status = 'PUBLISHED' and previous_code = 'LYG-1'`)).toBe(1);
    expect(await count(`select count(*) from unit where code = 'LYG-NEW'`)).toBe(1);
  });

  it('refuses files that now differ from an edition already published', async () => {
    const folder = copyCatalog();
    edit(folder, MARKET, (text) => text.replace('name: 企业登记信息', 'name: 企业登记信息（改）'));
    await expect(importCatalog(orm.em.fork(), folder)).rejects.toThrow(/LYG-1 is already published.*new edition/s);
  });
});
