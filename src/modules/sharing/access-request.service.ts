import type { EntityManager } from '@mikro-orm/postgresql';
import { requireText } from '../../input-checks';
import { isUuid } from '../../input-checks';
import { AppError } from '../../errors/app-error';
import {
  shanghaiDate,
  shanghaiInstant,
  isLocalDate,
  type WorkingCalendar,
} from '../calendar/working-calendar';
import { CatalogField } from '../catalog/catalog-item.entity';
import { SharingType, Sensitivity } from '../catalog/catalog.enums';
import { CatalogService } from '../catalog/catalog.service';
import { Role } from '../identity/api-key.entity';
import type { Viewer } from '../identity/viewer';
import { Unit } from '../unit/unit.entity';
import { AccessRequest, Grant, type GrantedField } from './access-request.entity';
import { AccessRequestState, FieldAccess, type Purpose } from './sharing.enums';

/** Working days each step may take (domain §3 defaults; cities differ, so they are configuration). */
export interface SharingDeadlines {
  complianceCheckWorkingDays: number;
  providerReviewWorkingDays: number;
  rulingWorkingDays: number;
  /** From a provider agreeing to an out-of-catalogue need to its item in the catalogue (Shanghai: 15). */
  catalogueNeedWorkingDays: number;
}

export const DEFAULT_DEADLINES: SharingDeadlines = {
  complianceCheckWorkingDays: 2,
  providerReviewWorkingDays: 10,
  rulingWorkingDays: 10,
  catalogueNeedWorkingDays: 15,
};

export interface RequestAccessInput {
  itemCode: string;
  fields: string[];
  purposes: Purpose[];
  legalBasis: string;
  scenario: string;
  validUntil: string;
}

export interface AccessRequestFilter {
  state?: AccessRequestState | null;
  itemCode?: string | null;
  overdue?: boolean | null;
}

/** The 共享申请 workflow: submission, compliance check, provider review, dispute, ruling, revocation. */
export class AccessRequestService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly calendar: WorkingCalendar,
    private readonly deadlines: SharingDeadlines = DEFAULT_DEADLINES,
  ) {}

  /**
   * End of the n-th working day after now (Asia/Shanghai); weekdays other than the holidays fixed by
   * date in a year the calendar does not hold
   * yet, so a step taken late in December is not refused while next year's notice is still to be added
   * (the deadline is not recomputed when it is).
   */
  dueIn(workingDays: number): Date {
    return shanghaiInstant(
      this.calendar.addWorkingDaysOrWeekdays(shanghaiDate(new Date()), workingDays),
      24 * 60,
    );
  }

  private async load(id: string): Promise<AccessRequest> {
    const request = isUuid(id) ? await this.em.findOne(AccessRequest, { id }) : null;
    if (!request || !this.canSee(request)) throw AppError.notFound('Access request', id);
    return request;
  }

  /** The consumer, the item's provider and the city's data authority see a request. */
  canSee(request: AccessRequest): boolean {
    return (
      this.viewer.overseesCity ||
      request.consumer.code === this.viewer.unitCode ||
      request.provider.code === this.viewer.unitCode
    );
  }

  private assertState(request: AccessRequest, ...states: AccessRequestState[]): void {
    if (!states.includes(request.state)) {
      throw AppError.conflict(
        `Access request ${request.id} is ${request.state}; this step needs ${states.join(' or ')}`,
      );
    }
  }

  async request(input: RequestAccessInput): Promise<AccessRequest> {
    if (!this.viewer.hasRole(Role.CONSUMER)) throw AppError.forbidden('Only a CONSUMER key requests access');
    const item = await new CatalogService(this.em, this.viewer).findItem(input.itemCode);
    if (!item || item.deprecated) throw AppError.notFound('Catalogue item', input.itemCode);
    if (item.sharingType === SharingType.NOT_SHARED) {
      throw AppError.forbidden(`Item ${item.code} is 不予共享 (NOT_SHARED): ${item.sharingConditions}`);
    }
    if (item.provider.code === this.viewer.unitCode)
      throw AppError.badInput('Your unit provides this item; it needs no grant to read it');
    const known = new Set(
      (await this.em.find(CatalogField, { item, deprecated: false })).map((field) => field.code),
    );
    const fields = [...new Set(input.fields)];
    const unknown = fields.filter((field) => !known.has(field));
    const problems = unknown.map((field) => ({
      path: `fields/${field}`,
      message: 'not a field of this item',
    }));
    if (fields.length === 0) problems.push({ path: 'fields', message: 'name at least one field' });
    if (input.purposes.length === 0)
      problems.push({ path: 'purposes', message: 'name at least one purpose' });
    const today = shanghaiDate(new Date());
    if (
      !isLocalDate(input.validUntil) ||
      input.validUntil <= today ||
      input.validUntil > `${Number(today.slice(0, 4)) + 5}${today.slice(4)}`
    ) {
      problems.push({ path: 'validUntil', message: 'a date after today and within five years' });
    }
    if (problems.length > 0)
      throw AppError.badInput('The access request is invalid; nothing was submitted', problems);
    const request = this.em.create(AccessRequest, {
      consumer: this.em.getReference(Unit, this.viewer.unitCode, { wrapped: true }),
      itemCode: item.code,
      provider: this.em.getReference(Unit, item.provider.code, { wrapped: true }),
      fields,
      purposes: [...new Set(input.purposes)],
      legalBasis: requireText('legalBasis', input.legalBasis),
      scenario: requireText('scenario', input.scenario),
      validUntil: input.validUntil,
      state: AccessRequestState.SUBMITTED,
      submittedByKey: this.viewer.keyId,
      submittedAt: new Date(),
      stepDueAt: this.dueIn(this.deadlines.complianceCheckWorkingDays),
    });
    await this.em.flush();
    return request;
  }

  private async grant(request: AccessRequest, fields: GrantedField[], validUntil: string): Promise<void> {
    const item = await new CatalogService(this.em, this.viewer).findItem(request.itemCode);
    const rows = item ? await this.em.find(CatalogField, { item }) : [];
    const byCode = new Map(rows.map((row) => [row.code, row]));
    const grant = this.em.create(Grant, {
      requestId: request.id,
      consumer: request.consumer,
      itemCode: request.itemCode,
      fields: fields.map((field) => {
        const row = byCode.get(field.code);
        return {
          ...field,
          sensitivity: row?.sensitivity,
          masking: row
            ? { rule: row.maskingRule, first: row.maskFirst ?? null, last: row.maskLast ?? null }
            : undefined,
        };
      }),
      purposes: request.purposes,
      grantedAt: new Date(),
      validUntil,
    });
    request.grantId = grant.id;
    this.end(request, AccessRequestState.GRANTED);
  }

  /** Decides a request: no step is due any more. */
  private end(request: AccessRequest, state: AccessRequestState, reason?: string): void {
    request.state = state;
    request.decidedAt = new Date();
    request.stepDueAt = undefined;
    if (reason !== undefined) request.reason = reason;
  }

  /** Default field access: sensitive personal data is served masked unless a provider grants it clear. */
  private async defaultAccess(request: AccessRequest): Promise<GrantedField[]> {
    const item = await new CatalogService(this.em, this.viewer).findItem(request.itemCode);
    const rows = item ? await this.em.find(CatalogField, { item, code: { $in: request.fields } }) : [];
    return request.fields.map((code) => ({
      code,
      access:
        rows.find((row) => row.code === code)?.sensitivity === Sensitivity.SENSITIVE_PERSONAL
          ? FieldAccess.MASKED
          : FieldAccess.CLEAR,
    }));
  }

  /** The data authority's compliance check: UNCONDITIONAL items are granted, CONDITIONAL go to the provider. */
  async check(id: string, approve: boolean, reason?: string | null): Promise<AccessRequest> {
    if (!this.viewer.overseesCity) throw AppError.forbidden('Only the city’s data authority checks requests');
    const request = await this.load(id);
    this.assertState(request, AccessRequestState.SUBMITTED);
    if (!approve) {
      this.end(request, AccessRequestState.REJECTED, requireText('reason', reason));
    } else {
      const item = await new CatalogService(this.em, this.viewer).findItem(request.itemCode);
      if (item?.sharingType === SharingType.UNCONDITIONAL) {
        await this.grant(request, await this.defaultAccess(request), request.validUntil);
      } else {
        request.state = AccessRequestState.PROVIDER_REVIEW;
        request.stepDueAt = this.dueIn(this.deadlines.providerReviewWorkingDays);
      }
      request.reason = reason?.trim() || undefined;
    }
    await this.em.flush();
    return request;
  }

  /** The provider grants (possibly fewer fields, masked, a shorter period) or rejects with a reason. */
  async review(
    id: string,
    approve: boolean,
    fields: GrantedField[] | null | undefined,
    validUntil: string | null | undefined,
    reason?: string | null,
  ) {
    const request = await this.load(id);
    if (request.provider.code !== this.viewer.unitCode || !this.viewer.hasRole(Role.PROVIDER)) {
      throw AppError.forbidden('Only the provider of the item reviews this request');
    }
    this.assertState(request, AccessRequestState.PROVIDER_REVIEW);
    if (!approve) {
      this.end(request, AccessRequestState.REJECTED, requireText('reason', reason));
    } else {
      const granted = fields ?? (await this.defaultAccess(request));
      const beyond = granted.filter((field) => !request.fields.includes(field.code));
      if (
        granted.length === 0 ||
        beyond.length > 0 ||
        new Set(granted.map((field) => field.code)).size !== granted.length
      ) {
        throw AppError.badInput('grant some of the requested fields, each once, and no others', [
          ...beyond.map((field) => ({ path: `fields/${field.code}`, message: 'not requested' })),
        ]);
      }
      const until = validUntil ?? request.validUntil;
      if (!isLocalDate(until) || until > request.validUntil || until <= shanghaiDate(new Date())) {
        throw AppError.badInput('validUntil must be after today and not after the requested date', [
          { path: 'validUntil', message: 'out of range' },
        ]);
      }
      await this.grant(request, granted, until);
      request.reason = reason?.trim() || undefined;
    }
    await this.em.flush();
    return request;
  }

  /** The consumer disputes a rejection; the data authority rules (seed 004 item 3: 本级政府协调). */
  async dispute(id: string, reason: string): Promise<AccessRequest> {
    const request = await this.load(id);
    if (request.consumer.code !== this.viewer.unitCode)
      throw AppError.forbidden('Only the requesting unit disputes a rejection');
    this.assertState(request, AccessRequestState.REJECTED);
    request.state = AccessRequestState.DISPUTED;
    request.disputeReason = requireText('reason', reason);
    request.stepDueAt = this.dueIn(this.deadlines.rulingWorkingDays);
    await this.em.flush();
    return request;
  }

  async rule(
    id: string,
    grant: boolean,
    reason: string,
    fields?: GrantedField[] | null,
  ): Promise<AccessRequest> {
    if (!this.viewer.overseesCity)
      throw AppError.forbidden('Only the city’s data authority rules on disputes');
    const request = await this.load(id);
    this.assertState(request, AccessRequestState.DISPUTED);
    const text = requireText('reason', reason);
    if (grant) await this.grant(request, fields ?? (await this.defaultAccess(request)), request.validUntil);
    else this.end(request, AccessRequestState.CLOSED, text);
    request.reason = text;
    await this.em.flush();
    return request;
  }

  /** Revokes a grant with immediate effect: the provider of the item or the data authority. */
  async revoke(grantId: string, reason: string): Promise<Grant> {
    const grant = isUuid(grantId) ? await this.em.findOne(Grant, { id: grantId }) : null;
    const request = grant ? await this.em.findOne(AccessRequest, { id: grant.requestId }) : null;
    if (!grant || !request || !this.canSee(request)) throw AppError.notFound('Grant', grantId);
    if (!this.viewer.overseesCity && request.provider.code !== this.viewer.unitCode) {
      throw AppError.forbidden('Only the provider of the item or the city’s data authority revokes a grant');
    }
    if (grant.revokedAt) throw AppError.conflict(`Grant ${grant.id} was already revoked`);
    grant.revokedAt = new Date();
    grant.revokedReason = requireText('reason', reason);
    await this.em.flush();
    return grant;
  }

  /** Requests the viewer may see: its own, those for its items, all for the data authority. */
  async list(filter: AccessRequestFilter): Promise<AccessRequest[]> {
    const where: Record<string, unknown> = {};
    if (!this.viewer.overseesCity)
      where.$or = [{ consumer: this.viewer.unitCode }, { provider: this.viewer.unitCode }];
    if (filter.state) where.state = filter.state;
    if (filter.itemCode) where.itemCode = filter.itemCode;
    if (filter.overdue) where.stepDueAt = { $lt: new Date() };
    return this.em.find(AccessRequest, where, { orderBy: { submittedAt: 'desc' }, limit: 500 });
  }

  /** Grants to the viewer's unit and for the items it provides (all for the city's data authority), newest first. */
  async grants(filter: {
    itemCode?: string | null;
    consumerUnitCode?: string | null;
    active?: boolean | null;
  }) {
    const conditions: Record<string, unknown>[] = [];
    if (!this.viewer.overseesCity) {
      const provided = await this.em.find(
        AccessRequest,
        { provider: this.viewer.unitCode, grantId: { $ne: null } },
        { fields: ['grantId'] },
      );
      conditions.push({
        $or: [
          { consumer: this.viewer.unitCode },
          { id: { $in: provided.map((request) => request.grantId!) } },
        ],
      });
    }
    if (filter.itemCode) conditions.push({ itemCode: filter.itemCode });
    if (filter.consumerUnitCode) conditions.push({ consumer: filter.consumerUnitCode });
    const today = shanghaiDate(new Date());
    if (filter.active === true) conditions.push({ revokedAt: null, validUntil: { $gte: today } });
    if (filter.active === false)
      conditions.push({ $or: [{ revokedAt: { $ne: null } }, { validUntil: { $lt: today } }] });
    return this.em.find(Grant, conditions.length > 0 ? { $and: conditions } : {}, {
      orderBy: { grantedAt: 'desc' },
      limit: 500,
    });
  }
}
