import { AnnexCategoriesDocument, AssistanceTaskTypesDocument, CatalogItemsDocument } from '../generated/graphql';
import { chineseNumeral, readSeed004Annexes } from '../support/seed';
import { startTestHub, type TestHub } from '../support/test-hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => hub?.close());

const seed = readSeed004Annexes();

describe('the catalogue covers seed 004 (连政办发〔2022〕40号)', () => {
  it('reads the annexes’ own numbering from the seed', () => {
    expect(chineseNumeral('二十六')).toBe(26);
    expect(chineseNumeral('十')).toBe(10);
    expect(chineseNumeral('十八')).toBe(18);
    expect(seed.annex1.map((entry) => entry.number)).toEqual(Array.from({ length: 26 }, (_, index) => index + 1));
    expect(seed.annex2.map((entry) => entry.number)).toEqual(Array.from({ length: 18 }, (_, index) => index + 1));
    expect(seed.annex3.map((entry) => entry.number)).toEqual(Array.from({ length: 11 }, (_, index) => index + 1));
  });

  it.each([
    [1, seed.annex1],
    [2, seed.annex2],
  ])('has every category of Annex %i with the regulation’s wording', async (annex, entries) => {
    const categories = (await hub.gql(AnnexCategoriesDocument)).data!.annexCategories.filter((category) => category.annex === annex);
    for (const entry of entries) {
      expect(categories.find((category) => category.number === entry.number)?.title).toBe(entry.text);
    }
  });

  it.each([
    ...seed.annex1.map((entry) => [1, entry.number, entry.text] as const),
    ...seed.annex2.map((entry) => [2, entry.number, entry.text] as const),
  ])('Annex %i category %i (%s) has items with fields, provider, cycle, format and channel', async (annex, category) => {
    const response = await hub.gql(CatalogItemsDocument, { filter: { annex, annexCategory: category, edition: 'LYG-1' }, first: 50 });
    const items = response.data!.catalogItems.edges.map((edge) => edge.node);
    expect(items.length).toBeGreaterThanOrEqual(1);
    for (const item of items) {
      expect(item.direction).toBe(annex === 1 ? 'TO_TAX' : 'FROM_TAX');
      expect(item.fields.length).toBeGreaterThanOrEqual(2);
      expect(item.provider.code).toMatch(/^LYG-/);
      expect(item.updateCycle).toBeTruthy();
      expect(item.format).toBeTruthy();
      expect(item.channel).toBeTruthy();
    }
    if (annex === 2) expect(items.every((item) => item.provider.code === 'LYG-TAX')).toBe(true);
  });

  it('splits category 10 of Annex 1 into land, real-estate registration, leasing and provident-fund items', async () => {
    const response = await hub.gql(CatalogItemsDocument, { filter: { annex: 1, annexCategory: 10 }, first: 50 });
    const names = response.data!.catalogItems.edges.map((edge) => edge.node.name).join('|');
    for (const kind of ['出让', '不动产', '租赁', '公积金']) expect(names).toContain(kind);
  });

  it('loads each duty of Annex 3 as an assistance task type, in the seed’s order', async () => {
    const taskTypes = (await hub.gql(AssistanceTaskTypesDocument)).data!.assistanceTaskTypes;
    expect(taskTypes.map((taskType) => taskType.number)).toEqual(seed.annex3.map((entry) => entry.number));
    for (const [index, entry] of seed.annex3.entries()) {
      // The seed opens each duty with its name: "市场主体登记机关协助。…"
      expect(entry.text.startsWith(taskTypes[index].name)).toBe(true);
    }
  });
});
