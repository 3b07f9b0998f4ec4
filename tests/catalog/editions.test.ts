import { Client } from 'pg';
import {
  CatalogDiffDocument,
  CatalogEditionsDocument,
  CatalogItemCodesDocument,
  CatalogItemDocument,
  DeprecateCatalogItemDocument,
  DiscardCatalogEditionDocument,
  DraftCatalogEditionDocument,
  PublishCatalogEditionDocument,
  RemoveCatalogItemDocument,
  UpsertCatalogItemDocument,
} from '../generated/graphql';
import { currentItemAsInput, newItemInput } from '../support/catalog-inputs';
import { countRows, errorCodes, startTestHub, type TestHub } from '../support/test-hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => hub?.close());

const itemAsInput = (code: string, edition?: string) => currentItemAsInput(hub, code, edition);

const sqlCount = (sql: string) => countRows(hub.databaseUrl, sql);

describe('drafting and publishing a city edition', () => {
  it('adds, changes and deprecates items and fields, shows the diff, publishes, and then never changes', async () => {
    const da = hub.keys.dataAuthority;
    const draft = await hub.gql(DraftCatalogEditionDocument, { input: { title: '第2版' } }, da);
    expect(draft.data!.draftCatalogEdition).toMatchObject({ code: 'LYG-2', status: 'DRAFT', previous: 'LYG-1', isSupplement: false });
    const before = (await hub.gql(CatalogItemCodesDocument, { filter: { edition: 'LYG-1' }, first: 500 }, da)).data!.catalogItems.totalCount;
    const copied = (await hub.gql(CatalogItemCodesDocument, { filter: { edition: 'LYG-2' }, first: 500 }, da)).data!.catalogItems;
    expect(copied.totalCount).toBe(before);
    expect(copied.nodes.every((node) => node.status === 'DRAFT')).toBe(true);

    // Add an item.
    const added = await hub.gql(UpsertCatalogItemDocument, { edition: 'LYG-2', item: newItemInput() }, da);
    expect(added.errors).toBeUndefined();
    expect(added.data!.upsertCatalogItem).toMatchObject({ code: 'LYG-A1-26-901', status: 'DRAFT', provider: { code: 'LYG-MSA' } });

    // Change an item: a new field, a field's length, and the update cycle.
    const registration = await itemAsInput('LYG-A1-17-001');
    registration.updateCycle = 'REALTIME';
    registration.due = null;
    registration.fields = registration.fields.map((field) => (field.code === 'address' ? { ...field, length: 300 } : field));
    registration.fields.push({ code: 'phone', name: '联系电话', dataType: 'STRING', length: 20, required: false, sensitivity: 'PERSONAL', masking: { rule: 'SHOW_FIRST_LAST', first: 3, last: 4 } });
    const changed = await hub.gql(UpsertCatalogItemDocument, { edition: 'LYG-2', item: registration }, da);
    expect(changed.errors).toBeUndefined();

    // Deprecate another.
    const deprecated = await hub.gql(DeprecateCatalogItemDocument, { edition: 'LYG-2', code: 'LYG-A1-06-003', reason: '并入律师事务所执业许可信息' }, da);
    expect(deprecated.data!.deprecateCatalogItem).toMatchObject({ status: 'DEPRECATED', deprecationReason: '并入律师事务所执业许可信息' });

    const diff = (await hub.gql(CatalogDiffDocument, { from: 'LYG-1', to: 'LYG-2' }, da)).data!.catalogDiff;
    expect(diff.items.map((item) => [item.code, item.change])).toEqual([
      ['LYG-A1-06-003', 'DEPRECATED'],
      ['LYG-A1-17-001', 'CHANGED'],
      ['LYG-A1-26-901', 'ADDED'],
    ]);
    const registrationDiff = diff.items.find((item) => item.code === 'LYG-A1-17-001')!;
    expect(registrationDiff.attributes).toEqual(
      expect.arrayContaining([
        { attribute: 'updateCycle', before: 'DAILY', after: 'REALTIME' },
        { attribute: 'due', before: '{"workingDaysAfterPeriod":1,"time":"09:00"}', after: null },
      ]),
    );
    expect(registrationDiff.fields).toEqual(
      expect.arrayContaining([
        { code: 'phone', name: '联系电话', change: 'ADDED', attributes: [] },
        { code: 'address', name: '住所', change: 'CHANGED', attributes: [{ attribute: 'length', before: '200', after: '300' }] },
      ]),
    );

    // Other units do not see the draft.
    const hidden = await hub.gql(CatalogItemCodesDocument, { filter: { edition: 'LYG-2' } }, hub.keys.taxBureau);
    expect(errorCodes(hidden)).toEqual(['NOT_FOUND']);
    const editionsForTax = (await hub.gql(CatalogEditionsDocument, {}, hub.keys.taxBureau)).data!.catalogEditions;
    expect(editionsForTax.map((edition) => edition.code)).not.toContain('LYG-2');

    const published = await hub.gql(PublishCatalogEditionDocument, { code: 'LYG-2' }, da);
    expect(published.data!.publishCatalogEdition.status).toBe('PUBLISHED');

    // The current catalogue is now edition 2: the new item is there, the deprecated one only on request.
    const current = (await hub.gql(CatalogItemCodesDocument, { first: 500 }, hub.keys.taxBureau)).data!.catalogItems.nodes;
    expect(current.map((node) => node.code)).toContain('LYG-A1-26-901');
    expect(current.map((node) => node.code)).not.toContain('LYG-A1-06-003');
    const withDeprecated = (await hub.gql(CatalogItemCodesDocument, { filter: { includeDeprecated: true }, first: 500 })).data!.catalogItems.nodes;
    expect(withDeprecated.find((node) => node.code === 'LYG-A1-06-003')?.status).toBe('DEPRECATED');
    // Edition 1 still says what it said.
    const old = (await hub.gql(CatalogItemDocument, { code: 'LYG-A1-17-001', edition: 'LYG-1' })).data!.catalogItem!;
    expect(old.updateCycle).toBe('DAILY');
    expect(old.fields.map((field) => field.code)).not.toContain('phone');

    // A published edition refuses every change, and the refusal changes nothing.
    const itemsBefore = await sqlCount(`select count(*) from catalog_item where edition_code = 'LYG-2'`);
    for (const attempt of [
      hub.gql(UpsertCatalogItemDocument, { edition: 'LYG-2', item: newItemInput({ code: 'LYG-A1-26-902', graphqlName: 'Another' }) }, da),
      hub.gql(DeprecateCatalogItemDocument, { edition: 'LYG-2', code: 'LYG-A1-17-001', reason: '试图修改已发布版本' }, da),
      hub.gql(PublishCatalogEditionDocument, { code: 'LYG-2' }, da),
      hub.gql(DiscardCatalogEditionDocument, { code: 'LYG-2' }, da),
    ]) {
      expect(errorCodes(await attempt)).toEqual(['EDITION_NOT_DRAFT']);
    }
    expect(await sqlCount(`select count(*) from catalog_item where edition_code = 'LYG-2'`)).toBe(itemsBefore);

    // The database refuses too, whatever the code path.
    const client = new Client({ connectionString: hub.databaseUrl });
    await client.connect();
    await expect(client.query(`update catalog_item set name = 'x' where edition_code = 'LYG-2'`)).rejects.toThrow(/published/);
    await expect(client.query(`delete from catalog_field where item_id in (select id from catalog_item where edition_code = 'LYG-1')`)).rejects.toThrow(/published/);
    await expect(client.query(`update catalog_edition set title = 'x' where code = 'LYG-1'`)).rejects.toThrow(/published/);
    await client.end();
  });

  it('refuses to publish a draft that changes nothing, and discards it', async () => {
    const da = hub.keys.dataAuthority;
    const draft = (await hub.gql(DraftCatalogEditionDocument, { input: { title: '空白草稿' } }, da)).data!.draftCatalogEdition;
    const second = await hub.gql(DraftCatalogEditionDocument, { input: { title: '第二份草稿' } }, da);
    expect(errorCodes(second)).toEqual(['CONFLICT']);
    expect(errorCodes(await hub.gql(PublishCatalogEditionDocument, { code: draft.code }, da))).toEqual(['EMPTY_EDITION']);
    expect((await hub.gql(DiscardCatalogEditionDocument, { code: draft.code }, da)).data!.discardCatalogEdition).toBe(true);
    expect(await sqlCount(`select count(*) from catalog_edition where code = '${draft.code}'`)).toBe(0);
  });

  it.each([
    ['a duplicate graphqlName', newItemInput({ graphqlName: 'EnterpriseRegistration' }), '/graphqlName'],
    ['a SENSITIVE_PERSONAL field without masking', newItemInput({ fields: [...newItemInput().fields, { code: 'captainIdNumber', name: '船长身份证号码', dataType: 'STRING', length: 18, required: false, sensitivity: 'SENSITIVE_PERSONAL', identifier: 'RESIDENT_ID' }] }), '/fields/5/masking'],
    ['a subject field that does not exist', newItemInput({ subjectField: 'ownerUscc' }), '/subjectField'],
    ['two fields with one code', newItemInput({ fields: [...newItemInput().fields, { code: 'vesselName', name: '船名2', dataType: 'STRING', length: 10, sensitivity: 'PUBLIC' }] }), '/fields/5/code'],
    ['an unknown provider', newItemInput({ providerUnitCode: 'LYG-NOBODY' }), '/provider'],
    ['a type name the schema already has', newItemInput({ graphqlName: 'Grant' }), '/graphqlName'],
    ['a name whose connection type the schema has', newItemInput({ graphqlName: 'AccessLog' }), '/graphqlName'],
    ['the edge type of another item', newItemInput({ graphqlName: 'EnterpriseRegistrationEdge' }), '/graphqlName'],
    ['a code outside the city catalogue', newItemInput({ code: 'GY-A1-26-901' }), '/code'],
    ['a code that does not match its category', newItemInput({ annexCategory: 25 }), '/code'],
    ['a badly formed code', newItemInput({ code: 'LYG-26-901' }), '/code'],
  ])('rejects %s with the problem’s path, changing nothing', async (_label, item, path) => {
    const da = hub.keys.dataAuthority;
    const draft = (await hub.gql(DraftCatalogEditionDocument, { input: { title: '校验草稿' } }, da)).data!.draftCatalogEdition;
    try {
      const itemsBefore = await sqlCount(`select count(*) from catalog_item where edition_code = '${draft.code}'`);
      const response = await hub.gql(UpsertCatalogItemDocument, { edition: draft.code, item }, da);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      const problems = response.errors![0].extensions!.problems as { path: string; message: string }[];
      expect(problems.map((problem) => problem.path)).toContain(path);
      expect(await sqlCount(`select count(*) from catalog_item where edition_code = '${draft.code}'`)).toBe(itemsBefore);
    } finally {
      await hub.gql(DiscardCatalogEditionDocument, { code: draft.code }, da);
    }
  });

  it('accepts no classified grade: the schema only knows 一般, 重要 and 核心', async () => {
    const response = await hub.gql(UpsertCatalogItemDocument, { edition: 'LYG-1', item: { ...newItemInput(), securityGrade: 'STATE_SECRET' as never } }, hub.keys.dataAuthority);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0].message).toContain('SecurityGrade');
  });

  it('takes back an item added in the draft, but not one of a published edition', async () => {
    const da = hub.keys.dataAuthority;
    const draft = (await hub.gql(DraftCatalogEditionDocument, { input: { title: '撤回草稿' } }, da)).data!.draftCatalogEdition;
    try {
      await hub.gql(UpsertCatalogItemDocument, { edition: draft.code, item: newItemInput({ code: 'LYG-A1-26-950', graphqlName: 'TemporaryItem' }) }, da);
      expect((await hub.gql(RemoveCatalogItemDocument, { edition: draft.code, code: 'LYG-A1-26-950' }, da)).data!.removeCatalogItem).toBe(true);
      expect(errorCodes(await hub.gql(RemoveCatalogItemDocument, { edition: draft.code, code: 'LYG-A1-17-001' }, da))).toEqual(['CONFLICT']);
    } finally {
      await hub.gql(DiscardCatalogEditionDocument, { code: draft.code }, da);
    }
  });
});

describe('who may edit', () => {
  it('lets only a data authority draft or publish', async () => {
    for (const key of [hub.keys.taxBureau, hub.keys.marketRegulator, hub.keys.auditor]) {
      expect(errorCodes(await hub.gql(DraftCatalogEditionDocument, { input: { title: '越权' } }, key))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await hub.gql(PublishCatalogEditionDocument, { code: 'LYG-1' }, key))).toEqual(['FORBIDDEN']);
    }
  });

  it('lets a county supplement the city catalogue, and edit only its own supplement', async () => {
    const county = hub.keys.countyDataAuthority;
    const draft = await hub.gql(DraftCatalogEditionDocument, { input: { title: '赣榆区补充第2版' } }, county);
    expect(draft.errors).toBeUndefined();
    const edition = draft.data!.draftCatalogEdition;
    expect(edition).toMatchObject({ code: 'GY-2', isSupplement: true, previous: 'GY-1' });
    expect(edition.base).toMatch(/^LYG-\d+$/);

    const local = newItemInput({ code: 'GY-A1-26-901', graphqlName: 'GanyuPortCall', providerUnitCode: 'GY-OCEAN' });
    expect((await hub.gql(UpsertCatalogItemDocument, { edition: 'GY-2', item: local }, county)).errors).toBeUndefined();
    // A county cannot put a city code in its supplement, nor reuse a city item's GraphQL name.
    const cityCode = await hub.gql(UpsertCatalogItemDocument, { edition: 'GY-2', item: newItemInput() }, county);
    expect(errorCodes(cityCode)).toEqual(['BAD_USER_INPUT']);
    const cityName = await hub.gql(UpsertCatalogItemDocument, { edition: 'GY-2', item: newItemInput({ code: 'GY-A1-26-902', graphqlName: 'EnterpriseRegistration' }) }, county);
    expect(errorCodes(cityName)).toEqual(['BAD_USER_INPUT']);

    // The city's data authority does not edit the county's draft, and the county not the city's.
    expect(errorCodes(await hub.gql(UpsertCatalogItemDocument, { edition: 'GY-2', item: local }, hub.keys.dataAuthority))).toEqual(['FORBIDDEN']);
    const cityDraft = (await hub.gql(DraftCatalogEditionDocument, { input: { title: '市级草稿' } }, hub.keys.dataAuthority)).data!.draftCatalogEdition;
    expect(errorCodes(await hub.gql(UpsertCatalogItemDocument, { edition: cityDraft.code, item: newItemInput({ code: 'LYG-A1-26-960', graphqlName: 'CityOnly' }) }, county))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await hub.gql(PublishCatalogEditionDocument, { code: cityDraft.code }, county))).toEqual(['FORBIDDEN']);
    await hub.gql(DiscardCatalogEditionDocument, { code: cityDraft.code }, hub.keys.dataAuthority);

    expect((await hub.gql(PublishCatalogEditionDocument, { code: 'GY-2' }, county)).data!.publishCatalogEdition.status).toBe('PUBLISHED');
    const diff = (await hub.gql(CatalogDiffDocument, { from: 'GY-1', to: 'GY-2' }, hub.keys.taxBureau)).data!.catalogDiff;
    expect(diff.items.filter((item) => item.change === 'ADDED').map((item) => item.code)).toContain('GY-A1-26-901');
    const current = (await hub.gql(CatalogItemCodesDocument, { first: 500 })).data!.catalogItems.nodes.map((node) => node.code);
    expect(current).toContain('GY-A1-26-901');
  });
});
