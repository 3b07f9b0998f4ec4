import { ConfigError, loadConfig } from '../src/config';

describe('configuration', () => {
  it('reads the sharing deadlines, with the domain’s defaults', () => {
    expect(loadConfig({}).sharingDeadlines).toEqual({
      complianceCheckWorkingDays: 2,
      providerReviewWorkingDays: 10,
      rulingWorkingDays: 10,
      catalogueNeedWorkingDays: 15,
    });
    expect(loadConfig({ HUB_PROVIDER_REVIEW_DAYS: '5' }).sharingDeadlines.providerReviewWorkingDays).toBe(5);
  });

  it('cuts off a silent upload after two minutes unless told otherwise', () => {
    expect(loadConfig({}).uploadIdleSeconds).toBe(120);
    expect(loadConfig({ HUB_UPLOAD_IDLE_SECONDS: '600' }).uploadIdleSeconds).toBe(600);
  });

  it('reads the ledger’s sealing interval and allowed lag', () => {
    expect(loadConfig({}).ledger).toEqual({ sealIntervalMs: 1000, maxLagSeconds: 60 });
    expect(
      loadConfig({ HUB_LEDGER_MAX_LAG_SECONDS: '5', HUB_LEDGER_SEAL_INTERVAL_MS: '250' }).ledger,
    ).toEqual({
      sealIntervalMs: 250,
      maxLagSeconds: 5,
    });
  });

  it.each([
    ['PORT', 'eighty'],
    ['HUB_LEDGER_MAX_LAG_SECONDS', '0'],
    ['HUB_UPLOAD_IDLE_SECONDS', 'soon'],
    ['HUB_LEDGER_SEAL_INTERVAL_MS', '10'],
    ['HUB_DEMO_KEYS', 'maybe'],
    ['HUB_PROVIDER_REVIEW_DAYS', '0'],
    ['HUB_COMPLIANCE_CHECK_DAYS', '2.5'],
    ['DATABASE_URL', 'mysql://localhost/hub'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(
      name === 'DATABASE_URL' ? /DATABASE_URL/ : new RegExp(name),
    );
  });
});
