import {
  AssistanceTaskTypesDocument,
  CatalogItemCodesDocument,
  type CatalogItemCodesQuery,
  CatalogItemDocument,
  CatalogItemsDocument,
  UnitsDocument,
} from '../generated/graphql';
import { errorCodes, type GraphQLResponse, startTestHub, type TestHub } from '../support/test-hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => hub?.close());

describe('reading the catalogue', () => {
  it('gives every item all catalogue elements, through the contract field names', async () => {
    const response = await hub.gql(CatalogItemsDocument, { first: 500 });
    expect(response.errors).toBeUndefined();
    const connection = response.data!.catalogItems;
    expect(connection.totalCount).toBe(connection.edges.length);
    expect(connection.totalCount).toBeGreaterThanOrEqual(60);
    for (const { node } of connection.edges) {
      expect(node.code).toMatch(/^[A-Z]{2,4}-A[12]-\d{2}-\d{3}$/);
      expect(node.graphqlName).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(node.name.length).toBeGreaterThan(1);
      expect(node.summary.length).toBeGreaterThan(4);
      expect(node.provider.code).toBeTruthy();
      expect(node.dueRule.length).toBeGreaterThan(2);
      expect(node.legalBasis.length).toBeGreaterThan(2);
      expect(node.status).toBe('PUBLISHED');
      expect(node.fields.length).toBeGreaterThanOrEqual(2);
      expect(node.fields.map((field) => field.code)).toContain(node.subjectField);
      for (const field of node.fields) {
        expect(field.code).toMatch(/^[a-z][A-Za-z0-9]*$/);
        if (field.sensitivity === 'SENSITIVE_PERSONAL') expect(field.masking).not.toBe('NONE');
      }
    }
  });

  it('describes an enterprise registration with realistic fields, and masks an ID number first-6/last-4', async () => {
    const response = await hub.gql(CatalogItemDocument, { code: 'LYG-A1-17-001' });
    const item = response.data!.catalogItem!;
    expect(item).toMatchObject({
      graphqlName: 'EnterpriseRegistration',
      direction: 'TO_TAX',
      annex: 1,
      annexCategory: 17,
      annexCategoryTitle: '市场监管部门有关企业登记、经营许可、股权转让等信息',
      provider: { code: 'LYG-AMR', name: '连云港市市场监督管理局' },
      updateCycle: 'DAILY',
      due: { workingDaysAfterPeriod: 1, time: '09:00' },
      dueRule: '每日更新，周期结束后第1个工作日 09:00 前报送',
      edition: 'LYG-1',
      openAttribute: '不予开放',
    });
    const names = item.fields.map((field) => field.name);
    for (const expected of ['统一社会信用代码', '企业名称', '法定代表人', '注册资本（万元）', '成立日期', '登记机关', '经营范围']) {
      expect(names).toContain(expected);
    }
    const idNumber = item.fields.find((field) => field.identifier === 'RESIDENT_ID')!;
    expect(idNumber).toMatchObject({
      sensitivity: 'SENSITIVE_PERSONAL',
      masking: 'SHOW_FIRST_LAST(6,4)',
      maskingRule: { rule: 'SHOW_FIRST_LAST', first: 6, last: 4 },
    });
  });

  it('pages with cursors, without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null | undefined = undefined;
    let total = 0;
    for (let page = 0; page < 50; page += 1) {
      const response: GraphQLResponse<CatalogItemCodesQuery> = await hub.gql(CatalogItemCodesDocument, { first: 7, after });
      const connection = response.data!.catalogItems;
      total = connection.totalCount;
      seen.push(...connection.nodes.map((node) => node.code));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it.each([
    [{ direction: 'FROM_TAX' as const }, (node: { code: string }) => node.code.startsWith('LYG-A2-')],
    [{ annex: 1, annexCategory: 10 }, (node: { code: string }) => node.code.startsWith('LYG-A1-10-')],
    [{ edition: 'LYG-1' }, (node: { code: string }) => node.code.startsWith('LYG-')],
  ])('filters by %j', async (filter, holds) => {
    const response = await hub.gql(CatalogItemCodesDocument, { filter, first: 500 });
    const nodes = response.data!.catalogItems.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every(holds)).toBe(true);
  });

  it('filters by provider, agreeing with each item', async () => {
    const response = await hub.gql(CatalogItemsDocument, { filter: { providerUnitCode: 'LYG-NRP' }, first: 500 });
    const nodes = response.data!.catalogItems.edges.map((edge) => edge.node);
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((node) => node.provider.code === 'LYG-NRP')).toBe(true);
  });

  it('filters by update cycle and sharing type, agreeing with each item', async () => {
    const response = await hub.gql(CatalogItemsDocument, { filter: { updateCycle: 'MONTHLY', sharingType: 'CONDITIONAL' }, first: 500 });
    const nodes = response.data!.catalogItems.edges.map((edge) => edge.node);
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((node) => node.updateCycle === 'MONTHLY' && node.sharingType === 'CONDITIONAL')).toBe(true);
  });

  it('searches Chinese text in names, summaries and field names', async () => {
    const byItemName = await hub.gql(CatalogItemCodesDocument, { filter: { search: '破产' }, first: 50 });
    expect(byItemName.data!.catalogItems.nodes.map((node) => node.code)).toContain('LYG-A1-05-005');
    const byFieldName = await hub.gql(CatalogItemsDocument, { filter: { search: '法定代表人' }, first: 500 });
    const hits = byFieldName.data!.catalogItems.edges.map((edge) => edge.node);
    expect(hits.map((node) => node.code)).toContain('LYG-A1-17-001');
    for (const node of hits) {
      const text = [node.name, node.summary, node.code, node.graphqlName, ...node.fields.map((field) => `${field.name} ${field.code}`)].join(' ');
      expect(text).toContain('法定代表人');
    }
    const none = await hub.gql(CatalogItemCodesDocument, { filter: { search: '%_%不存在的东西' } });
    expect(none.data!.catalogItems.totalCount).toBe(0);
  });

  it('shows the county supplement on top of the city edition', async () => {
    const current = await hub.gql(CatalogItemCodesDocument, { first: 500 });
    const city = await hub.gql(CatalogItemCodesDocument, { filter: { edition: 'LYG-1' }, first: 500 });
    const county = await hub.gql(CatalogItemCodesDocument, { filter: { edition: 'GY-1' }, first: 500 });
    const countyCodes = county.data!.catalogItems.nodes.map((node) => node.code);
    const cityCodes = city.data!.catalogItems.nodes.map((node) => node.code);
    expect(countyCodes.some((code) => code.startsWith('GY-'))).toBe(true);
    expect(cityCodes.some((code) => code.startsWith('GY-'))).toBe(false);
    expect(countyCodes).toEqual(expect.arrayContaining(cityCodes));
    expect(current.data!.catalogItems.totalCount).toBe(countyCodes.length);
  });

  it.each([
    ['an unknown enum value', { filter: { updateCycle: 'HOURLY' } }, 'BAD_USER_INPUT'],
    ['a page larger than 500', { first: 501 }, 'BAD_USER_INPUT'],
    ['a forged cursor', { after: 'bm90LWEtY3Vyc29y' }, 'BAD_USER_INPUT'],
    ['an unknown edition', { filter: { edition: 'LYG-99' } }, 'NOT_FOUND'],
  ])('answers %s with a clear error', async (_label, variables, code) => {
    const response = await hub.gql(CatalogItemCodesDocument, variables as never);
    expect(errorCodes(response)).toEqual([code]);
    expect(response.errors![0].message.length).toBeGreaterThan(5);
  });
});

describe('units and assistance duties', () => {
  it('lists every department the regulation names, the tax bureau, the data authority and a county with its units', async () => {
    const units = (await hub.gql(UnitsDocument)).data!.units;
    const names = units.map((unit) => unit.name).join('|');
    for (const department of ['发展和改革', '教育局', '科学技术局', '公安局', '民政局', '人民法院', '司法局', '财政局', '人力资源和社会保障', '医疗保障', '自然资源', '住房和城乡建设', '公积金', '水利局', '生态环境', '商务局', '文化广电和旅游', '体育局', '卫生健康', '退役军人', '市场监督管理', '国有资产', '金融', '海关', '邮政管理', '供电', '协会', '审计局', '价格认定', '检察院', '银行', '税务局', '大数据']) {
      expect(names).toContain(department);
    }
    const county = units.find((unit) => unit.code === 'GY')!;
    expect(county.kind).toBe('COUNTY_GOVERNMENT');
    expect(units.filter((unit) => unit.parent?.code === 'GY').length).toBeGreaterThanOrEqual(3);
  });

  it('loads the eleven duties of Annex 3 with their responders', async () => {
    const taskTypes = (await hub.gql(AssistanceTaskTypesDocument)).data!.assistanceTaskTypes;
    expect(taskTypes.map((taskType) => taskType.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    for (const taskType of taskTypes) expect(taskType.responders.length).toBeGreaterThan(0);
    const verifications = taskTypes.flatMap((taskType) => taskType.actions.filter((action) => action.verification));
    expect(verifications.length).toBeGreaterThanOrEqual(3);
  });
});
