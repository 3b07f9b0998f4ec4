import {
  AccessRequestsDocument,
  CheckAccessRequestDocument,
  DisputeAccessRequestDocument,
  DraftCatalogEditionDocument,
  GrantsDocument,
  PublishCatalogEditionDocument,
  RequestAccessDocument,
  ReviewAccessRequestDocument,
  RevokeGrantDocument,
  RuleOnAccessRequestDocument,
  UpsertCatalogItemDocument,
  type RequestAccessInput,
} from '../generated/graphql';
import { Role } from '../../src/modules/identity/api-key.entity';
import { newItemInput } from '../support/catalog-inputs';
import { countRows, errorCodes, startTestHub, type TestHub } from '../support/test-hub';

/** 企业登记信息 (UNCONDITIONAL, 市场监管) and 不动产登记信息 (CONDITIONAL, 自然资源和规划). */
const REGISTRATION = 'LYG-A1-17-001';
const REAL_ESTATE = 'LYG-A1-10-003';

let hub: TestHub;
let landProvider: string;
beforeAll(async () => {
  hub = await startTestHub();
  landProvider = await hub.createKey('LYG-NRP', [Role.PROVIDER]);
});
afterAll(async () => hub?.close());

/** Dates some years ahead, so that validity stays in the future whenever the tests run. */
const thisYear = new Date().getUTCFullYear();
const REQUESTED_UNTIL = `${thisYear + 4}-12-31`;
const SHORTER_UNTIL = `${thisYear + 1}-12-31`;

function input(overrides: Partial<RequestAccessInput> = {}): RequestAccessInput {
  return {
    itemCode: REGISTRATION,
    fields: ['uscc', 'enterpriseName', 'legalRepresentativeIdNumber'],
    purposes: ['ADMINISTRATIVE_BASIS'],
    legalBasis: '《税收征收管理法》第六条',
    scenario: '新办纳税人登记信息比对',
    validUntil: REQUESTED_UNTIL,
    ...overrides,
  };
}

const submit = async (overrides: Partial<RequestAccessInput> = {}, key = hub.keys.taxBureau) => {
  const response = await hub.gql(RequestAccessDocument, { input: input(overrides) }, key);
  return response;
};

describe('sharing requests (共享申请)', () => {
  it('grants an UNCONDITIONAL item after the compliance check, masking sensitive personal fields by default', async () => {
    const submitted = (await submit()).data!.requestAccess;
    expect(submitted).toMatchObject({
      state: 'SUBMITTED',
      consumer: { code: 'LYG-TAX' },
      provider: { code: 'LYG-AMR' },
      overdue: false,
      grant: null,
    });
    // Due at the end of the second working day after submission.
    expect(new Date(submitted.stepDueAt!).getTime()).toBeGreaterThan(Date.now() + 24 * 3600_000);
    // The compliance check is the city's data authority's, not a county's.
    const byCounty = await hub.gql(
      CheckAccessRequestDocument,
      { id: submitted.id, approve: true },
      hub.keys.countyDataAuthority,
    );
    expect(errorCodes(byCounty)).toEqual(['FORBIDDEN']);
    const checked = (
      await hub.gql(CheckAccessRequestDocument, { id: submitted.id, approve: true }, hub.keys.dataAuthority)
    ).data!.checkAccessRequest;
    expect(checked.state).toBe('GRANTED');
    expect(checked.grant).toMatchObject({
      purposes: ['ADMINISTRATIVE_BASIS'],
      validUntil: REQUESTED_UNTIL,
      active: true,
    });
    expect(checked.grant!.fields).toEqual([
      { code: 'uscc', access: 'CLEAR' },
      { code: 'enterpriseName', access: 'CLEAR' },
      { code: 'legalRepresentativeIdNumber', access: 'MASKED' },
    ]);
  });

  it('sends a CONDITIONAL item to its provider, who may grant fewer fields, masked, for a shorter time', async () => {
    const submitted = (
      await submit({
        itemCode: REAL_ESTATE,
        fields: ['registrationNumber', 'rightHolderId', 'location'],
        validUntil: `${thisYear + 3}-06-30`,
      })
    ).data!.requestAccess;
    const checked = (
      await hub.gql(CheckAccessRequestDocument, { id: submitted.id, approve: true }, hub.keys.dataAuthority)
    ).data!.checkAccessRequest;
    expect(checked.state).toBe('PROVIDER_REVIEW');
    // Only the item's provider reviews; other units do not even see the request.
    expect(
      errorCodes(
        await hub.gql(
          ReviewAccessRequestDocument,
          { id: submitted.id, approve: true },
          hub.keys.marketRegulator,
        ),
      ),
    ).toEqual(['NOT_FOUND']);
    const tooMuch = await hub.gql(
      ReviewAccessRequestDocument,
      { id: submitted.id, approve: true, fields: [{ code: 'shareRatio', access: 'CLEAR' }] },
      landProvider,
    );
    expect(errorCodes(tooMuch)).toEqual(['BAD_USER_INPUT']);
    const reviewed = await hub.gql(
      ReviewAccessRequestDocument,
      {
        id: submitted.id,
        approve: true,
        fields: [
          { code: 'registrationNumber', access: 'CLEAR' },
          { code: 'rightHolderId', access: 'MASKED' },
        ],
        validUntil: SHORTER_UNTIL,
      },
      landProvider,
    );
    expect(reviewed.data!.reviewAccessRequest).toMatchObject({
      state: 'GRANTED',
      grant: {
        validUntil: SHORTER_UNTIL,
        fields: [
          { code: 'registrationNumber', access: 'CLEAR' },
          { code: 'rightHolderId', access: 'MASKED' },
        ],
      },
    });
    const grantId = reviewed.data!.reviewAccessRequest.grant!.id;
    const grants = (await hub.gql(GrantsDocument, { filter: { itemCode: REAL_ESTATE } }, hub.keys.taxBureau))
      .data!.grants;
    expect(grants.map((grant) => grant.id)).toContain(grantId);
    // The provider sees grants for its items; another unit sees none of them.
    const provided = (await hub.gql(GrantsDocument, { filter: { active: true } }, landProvider)).data!.grants;
    expect(provided.map((grant) => grant.id)).toContain(grantId);
    const stranger = await hub.createKey('LYG-SPORT', [Role.CONSUMER]);
    expect((await hub.gql(GrantsDocument, { filter: {} }, stranger)).data!.grants).toEqual([]);
    const ended = (await hub.gql(GrantsDocument, { filter: { active: false } }, hub.keys.taxBureau)).data!
      .grants;
    expect(ended.map((grant) => grant.id)).not.toContain(grantId);
    const byConsumer = (
      await hub.gql(GrantsDocument, { filter: { consumerUnitCode: 'LYG-TAX' } }, hub.keys.dataAuthority)
    ).data!.grants;
    expect(byConsumer.map((grant) => grant.id)).toContain(grantId);
    const all = (await hub.gql(GrantsDocument, {}, hub.keys.dataAuthority)).data!.grants;
    expect(all.length).toBeGreaterThanOrEqual(byConsumer.length);
  });

  it('takes a rejection (with a reason) to a dispute and a ruling', async () => {
    const submitted = (await submit({ itemCode: REAL_ESTATE, fields: ['rightHolderName'] })).data!
      .requestAccess;
    await hub.gql(CheckAccessRequestDocument, { id: submitted.id, approve: true }, hub.keys.dataAuthority);
    const noReason = await hub.gql(
      ReviewAccessRequestDocument,
      { id: submitted.id, approve: false },
      landProvider,
    );
    expect(errorCodes(noReason)).toEqual(['BAD_USER_INPUT']);
    const rejected = await hub.gql(
      ReviewAccessRequestDocument,
      { id: submitted.id, approve: false, reason: '权利人姓名不属于税务比对所需' },
      landProvider,
    );
    expect(rejected.data!.reviewAccessRequest).toMatchObject({
      state: 'REJECTED',
      reason: '权利人姓名不属于税务比对所需',
    });
    // Only the requesting unit disputes; a unit with no part in the request does not see it.
    expect(
      errorCodes(
        await hub.gql(
          DisputeAccessRequestDocument,
          { id: submitted.id, reason: '需要核对' },
          hub.keys.marketRegulator,
        ),
      ),
    ).toEqual(['NOT_FOUND']);
    const disputed = await hub.gql(
      DisputeAccessRequestDocument,
      { id: submitted.id, reason: '契税征管需核对权利人' },
      hub.keys.taxBureau,
    );
    expect(disputed.data!.disputeAccessRequest.state).toBe('DISPUTED');
    const ruled = await hub.gql(
      RuleOnAccessRequestDocument,
      { id: submitted.id, grant: true, reason: '依契税法第十三条，予以共享' },
      hub.keys.dataAuthority,
    );
    expect(ruled.data!.ruleOnAccessRequest).toMatchObject({
      state: 'GRANTED',
      grant: { fields: [{ code: 'rightHolderName', access: 'CLEAR' }] },
    });
    // A decided request takes no more steps.
    expect(
      errorCodes(
        await hub.gql(
          CheckAccessRequestDocument,
          { id: submitted.id, approve: true },
          hub.keys.dataAuthority,
        ),
      ),
    ).toEqual(['CONFLICT']);
  });

  it('revokes a grant at once, by the provider or the data authority only', async () => {
    const submitted = (await submit({ fields: ['uscc'] })).data!.requestAccess;
    const granted = (
      await hub.gql(CheckAccessRequestDocument, { id: submitted.id, approve: true }, hub.keys.dataAuthority)
    ).data!.checkAccessRequest;
    const grantId = granted.grant!.id;
    expect(
      errorCodes(await hub.gql(RevokeGrantDocument, { id: grantId, reason: '自行撤销' }, hub.keys.taxBureau)),
    ).toEqual(['FORBIDDEN']);
    const revoked = await hub.gql(
      RevokeGrantDocument,
      { id: grantId, reason: '企业登记信息已停止共享' },
      hub.keys.marketRegulator,
    );
    expect(revoked.data!.revokeGrant).toMatchObject({
      active: false,
      revokedReason: '企业登记信息已停止共享',
    });
    expect(
      errorCodes(
        await hub.gql(RevokeGrantDocument, { id: grantId, reason: '再次撤销' }, hub.keys.dataAuthority),
      ),
    ).toEqual(['CONFLICT']);
  });

  it('refuses a NOT_SHARED item at submission, citing its legal basis, and records nothing', async () => {
    const da = hub.keys.dataAuthority;
    const draft = (await hub.gql(DraftCatalogEditionDocument, { input: { title: '增加不予共享项' } }, da))
      .data!.draftCatalogEdition;
    await hub.gql(
      UpsertCatalogItemDocument,
      {
        edition: draft.code,
        item: newItemInput({
          sharingType: 'NOT_SHARED',
          sharingConditions: '依《海关法》第四十五条不予共享',
        }),
      },
      da,
    );
    await hub.gql(PublishCatalogEditionDocument, { code: draft.code }, da);
    const before = await countRows(hub.databaseUrl, 'select count(*) from access_request');
    const refused = await submit({ itemCode: 'LYG-A1-26-901', fields: ['vesselName'] });
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors![0].message).toContain('《海关法》第四十五条');
    expect(await countRows(hub.databaseUrl, 'select count(*) from access_request')).toBe(before);
  });

  it('takes the step deadlines from configuration', async () => {
    const quick = await startTestHub({
      config: {
        sharingDeadlines: {
          complianceCheckWorkingDays: 1,
          providerReviewWorkingDays: 1,
          rulingWorkingDays: 1,
          catalogueNeedWorkingDays: 1,
        },
      },
    });
    try {
      const fast = (await quick.gql(RequestAccessDocument, { input: input() }, quick.keys.taxBureau)).data!
        .requestAccess;
      const usual = (await submit()).data!.requestAccess;
      expect(new Date(fast.stepDueAt!).getTime()).toBeLessThan(new Date(usual.stepDueAt!).getTime());
    } finally {
      await quick.close();
    }
  });

  it.each([
    ['an unknown field', { fields: ['uscc', 'favouriteColour'] }, 'BAD_USER_INPUT'],
    ['no fields', { fields: [] }, 'BAD_USER_INPUT'],
    ['no purpose', { purposes: [] }, 'BAD_USER_INPUT'],
    ['a date in the past', { validUntil: '2020-01-01' }, 'BAD_USER_INPUT'],
    ['an empty legal basis', { legalBasis: ' ' }, 'BAD_USER_INPUT'],
    ['an unknown item', { itemCode: 'LYG-A1-99-001' }, 'NOT_FOUND'],
  ])('refuses a request with %s, recording nothing', async (_label, overrides, code) => {
    const before = await countRows(hub.databaseUrl, 'select count(*) from access_request');
    expect(errorCodes(await submit(overrides as Partial<RequestAccessInput>))).toEqual([code]);
    expect(await countRows(hub.databaseUrl, 'select count(*) from access_request')).toBe(before);
  });

  it('lets only consumers request and only the data authority check; shows each unit its own requests', async () => {
    expect(errorCodes(await submit({}, hub.keys.auditor))).toEqual(['FORBIDDEN']);
    const submitted = (await submit({ fields: ['enterpriseName'] })).data!.requestAccess;
    expect(
      errorCodes(
        await hub.gql(CheckAccessRequestDocument, { id: submitted.id, approve: true }, hub.keys.taxBureau),
      ),
    ).toEqual(['FORBIDDEN']);
    const mine = (await hub.gql(AccessRequestsDocument, {}, hub.keys.taxBureau)).data!.accessRequests;
    expect(mine.every((request) => request.consumer.code === 'LYG-TAX')).toBe(true);
    const provider = (await hub.gql(AccessRequestsDocument, {}, hub.keys.marketRegulator)).data!
      .accessRequests;
    expect(provider.map((request) => request.id)).toContain(submitted.id);
    const stranger = (await hub.gql(AccessRequestsDocument, {}, hub.keys.auditor)).data!.accessRequests;
    expect(stranger).toEqual([]);
    const waiting = (
      await hub.gql(AccessRequestsDocument, { filter: { state: 'SUBMITTED' } }, hub.keys.dataAuthority)
    ).data!.accessRequests;
    expect(waiting.map((request) => request.id)).toContain(submitted.id);
    expect(
      (await hub.gql(AccessRequestsDocument, { filter: { overdue: true } }, hub.keys.dataAuthority)).data!
        .accessRequests,
    ).toEqual([]);
  });
});
