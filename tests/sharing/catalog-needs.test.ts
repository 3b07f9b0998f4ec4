import {
  AnswerCatalogNeedDocument,
  CatalogItemCodesDocument,
  CatalogNeedsDocument,
  CatalogueNeedDocument,
  DraftCatalogEditionDocument,
  ProposeCatalogNeedDocument,
} from '../generated/graphql';
import { shanghaiDate, shanghaiInstant } from '../../src/modules/calendar/working-calendar';
import { Role } from '../../src/modules/identity/api-key.entity';
import { testCalendar } from '../support/calendar';
import { newItemInput } from '../support/catalog-inputs';
import { countRows, errorCodes, startTestHub, type TestHub } from '../support/test-hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => hub?.close());

const proposal = {
  title: '港口船舶进出港信息',
  description:
    '船舶吨税征管需要进出港登记：登记号、经营人统一社会信用代码、船名、净吨位、进港时间，按月提供。',
  legalBasis: '《船舶吨税法》',
  proposedProviderUnitCode: 'LYG-MSA',
};

describe('out-of-catalogue needs (目录外需求)', () => {
  it('goes from a proposal, through the provider’s agreement, to a draft item of the next edition', async () => {
    const maritime = await hub.createKey('LYG-MSA', [Role.PROVIDER]);
    const proposed = (await hub.gql(ProposeCatalogNeedDocument, { input: proposal }, hub.keys.taxBureau))
      .data!.proposeCatalogNeed;
    expect(proposed).toMatchObject({
      state: 'PROPOSED',
      requester: { code: 'LYG-TAX' },
      proposedProvider: { code: 'LYG-MSA' },
    });
    // Only the proposed provider answers.
    expect(
      errorCodes(
        await hub.gql(AnswerCatalogNeedDocument, { id: proposed.id, agree: true }, hub.keys.marketRegulator),
      ),
    ).toEqual(['NOT_FOUND']);
    const beforeAnswer = new Date();
    const agreed = (await hub.gql(AnswerCatalogNeedDocument, { id: proposed.id, agree: true }, maritime))
      .data!.answerCatalogNeed;
    expect(agreed.state).toBe('AGREED');
    // The end (Asia/Shanghai) of the 15th working day after the day it was agreed (weekdays past the
    // calendar's last year), as the catalogue's calendar counts them.
    const endOf15thWorkingDay = (day: Date) =>
      shanghaiInstant(testCalendar.addWorkingDaysOrWeekdays(shanghaiDate(day), 15), 24 * 60).toISOString();
    expect([endOf15thWorkingDay(beforeAnswer), endOf15thWorkingDay(new Date())]).toContain(
      agreed.catalogueDueAt,
    );

    const draft = (
      await hub.gql(
        DraftCatalogEditionDocument,
        { input: { title: '纳入目录外需求' } },
        hub.keys.dataAuthority,
      )
    ).data!.draftCatalogEdition;
    // A county's data authority neither sees the city's needs nor catalogues them.
    const countyList = await hub.gql(CatalogNeedsDocument, {}, hub.keys.countyDataAuthority);
    expect(countyList.data!.catalogNeeds.map((n) => n.id)).not.toContain(proposed.id);
    const byCounty = await hub.gql(
      CatalogueNeedDocument,
      { id: proposed.id, edition: draft.code, item: newItemInput() },
      hub.keys.countyDataAuthority,
    );
    expect(errorCodes(byCounty)).toEqual(['FORBIDDEN']);
    const wrongProvider = await hub.gql(
      CatalogueNeedDocument,
      { id: proposed.id, edition: draft.code, item: newItemInput({ providerUnitCode: 'LYG-TRANSPORT' }) },
      hub.keys.dataAuthority,
    );
    expect(errorCodes(wrongProvider)).toEqual(['BAD_USER_INPUT']);
    const catalogued = await hub.gql(
      CatalogueNeedDocument,
      { id: proposed.id, edition: draft.code, item: newItemInput() },
      hub.keys.dataAuthority,
    );
    expect(catalogued.data!.catalogueNeed).toMatchObject({
      state: 'CATALOGUED',
      itemCode: 'LYG-A1-26-901',
      editionCode: draft.code,
    });
    const inDraft = (
      await hub.gql(
        CatalogItemCodesDocument,
        { filter: { edition: draft.code, search: '港口船舶' } },
        hub.keys.dataAuthority,
      )
    ).data!.catalogItems.nodes;
    expect(inDraft).toEqual([{ code: 'LYG-A1-26-901', name: '港口船舶进出港信息', status: 'DRAFT' }]);
  });

  it('records a refusal with its reason, and shows needs only to the units concerned', async () => {
    const power = await hub.createKey('LYG-POWER', [Role.PROVIDER]);
    const proposed = (
      await hub.gql(
        ProposeCatalogNeedDocument,
        { input: { ...proposal, title: '居民用电明细', proposedProviderUnitCode: 'LYG-POWER' } },
        hub.keys.taxBureau,
      )
    ).data!.proposeCatalogNeed;
    expect(
      errorCodes(await hub.gql(AnswerCatalogNeedDocument, { id: proposed.id, agree: false }, power)),
    ).toEqual(['BAD_USER_INPUT']);
    const declined = (
      await hub.gql(
        AnswerCatalogNeedDocument,
        { id: proposed.id, agree: false, reason: '居民用电明细属个人信息，无法律依据' },
        power,
      )
    ).data!.answerCatalogNeed;
    expect(declined).toMatchObject({ state: 'DECLINED', answerReason: '居民用电明细属个人信息，无法律依据' });
    expect(
      errorCodes(await hub.gql(AnswerCatalogNeedDocument, { id: proposed.id, agree: true }, power)),
    ).toEqual(['CONFLICT']);
    const stranger = (await hub.gql(CatalogNeedsDocument, {}, hub.keys.auditor)).data!.catalogNeeds;
    expect(stranger).toEqual([]);
    const mine = (await hub.gql(CatalogNeedsDocument, { state: 'DECLINED' }, hub.keys.taxBureau)).data!
      .catalogNeeds;
    expect(mine.map((need) => need.id)).toContain(proposed.id);
  });

  it.each([
    ['an unknown provider', { proposedProviderUnitCode: 'LYG-NOWHERE' }, 'BAD_USER_INPUT'],
    ['a one-word description', { description: '用电' }, 'BAD_USER_INPUT'],
    ['the requesting unit itself as provider', { proposedProviderUnitCode: 'LYG-TAX' }, 'BAD_USER_INPUT'],
  ])('refuses %s, recording nothing', async (_label, overrides, code) => {
    const before = await countRows(hub.databaseUrl, 'select count(*) from catalog_need');
    expect(
      errorCodes(
        await hub.gql(
          ProposeCatalogNeedDocument,
          { input: { ...proposal, ...overrides } },
          hub.keys.taxBureau,
        ),
      ),
    ).toEqual([code]);
    expect(await countRows(hub.databaseUrl, 'select count(*) from catalog_need')).toBe(before);
  });
});
