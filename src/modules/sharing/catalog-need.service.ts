import type { EntityManager } from '@mikro-orm/postgresql';
import { requireText } from '../../input-checks';
import { isUuid } from '../../input-checks';
import { AppError } from '../../errors/app-error';
import type { WorkingCalendar } from '../calendar/working-calendar';
import { EditionService } from '../catalog/edition.service';
import type { PlacedItemDefinition } from '../catalog/item-definition';
import { Role } from '../identity/api-key.entity';
import type { Viewer } from '../identity/viewer';
import { Unit } from '../unit/unit.entity';
import { AccessRequestService, type SharingDeadlines } from './access-request.service';
import { CatalogNeed, CatalogNeedState } from './catalog-need.entity';

/** 目录外需求: a unit describes a need, the would-be provider agrees or declines, the data authority catalogues it. */
export class CatalogNeedService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly calendar: WorkingCalendar,
    private readonly deadlines: SharingDeadlines,
  ) {}

  private canSee(need: CatalogNeed): boolean {
    return (
      this.viewer.overseesCity ||
      need.requester.code === this.viewer.unitCode ||
      need.proposedProvider.code === this.viewer.unitCode
    );
  }

  private async load(id: string): Promise<CatalogNeed> {
    const need = isUuid(id) ? await this.em.findOne(CatalogNeed, { id }) : null;
    if (!need || !this.canSee(need)) throw AppError.notFound('Out-of-catalogue need', id);
    return need;
  }

  async propose(input: {
    title: string;
    description: string;
    legalBasis: string;
    proposedProviderUnitCode: string;
  }): Promise<CatalogNeed> {
    if (!this.viewer.hasRole(Role.CONSUMER))
      throw AppError.forbidden('Only a CONSUMER key proposes an out-of-catalogue need');
    const provider = await this.em.findOne(Unit, { code: input.proposedProviderUnitCode });
    if (!provider)
      throw AppError.badInput(`unknown unit ${input.proposedProviderUnitCode}`, [
        { path: 'proposedProviderUnitCode', message: 'unknown unit' },
      ]);
    if (provider.code === this.viewer.unitCode)
      throw AppError.badInput('a unit does not propose a need to itself');
    const need = this.em.create(CatalogNeed, {
      requester: this.em.getReference(Unit, this.viewer.unitCode, { wrapped: true }),
      proposedProvider: provider,
      title: requireText('title', input.title, 2, 100),
      description: requireText('description', input.description, 10, 4000),
      legalBasis: requireText('legalBasis', input.legalBasis),
      state: CatalogNeedState.PROPOSED,
      proposedAt: new Date(),
    });
    await this.em.flush();
    return need;
  }

  /** The would-be provider agrees (the catalogue deadline starts) or declines with a reason. */
  async answer(id: string, agree: boolean, reason?: string | null): Promise<CatalogNeed> {
    const need = await this.load(id);
    if (need.proposedProvider.code !== this.viewer.unitCode || !this.viewer.hasRole(Role.PROVIDER)) {
      throw AppError.forbidden('Only the proposed provider answers this need');
    }
    if (need.state !== CatalogNeedState.PROPOSED)
      throw AppError.conflict(`This need is ${need.state}; it was answered already`);
    need.state = agree ? CatalogNeedState.AGREED : CatalogNeedState.DECLINED;
    need.answeredAt = new Date();
    need.answerReason = agree ? reason?.trim() || undefined : requireText('reason', reason);
    if (agree) {
      need.catalogueDueAt = new AccessRequestService(
        this.em,
        this.viewer,
        this.calendar,
        this.deadlines,
      ).dueIn(this.deadlines.catalogueNeedWorkingDays);
    }
    await this.em.flush();
    return need;
  }

  /** The city's data authority enters an agreed need as an item of its draft edition (the provider as agreed). */
  async catalogue(id: string, editionCode: string, item: PlacedItemDefinition): Promise<CatalogNeed> {
    // A county's data authority keeps only its supplement; needs between units are the city's to catalogue.
    if (!this.viewer.overseesCity)
      throw AppError.forbidden('Only the city’s data authority catalogues a need');
    const need = await this.load(id);
    if (need.state !== CatalogNeedState.AGREED)
      throw AppError.conflict(`This need is ${need.state}; only an agreed need is catalogued`);
    if (item.provider !== need.proposedProvider.code) {
      throw AppError.badInput(
        `the item's provider must be ${need.proposedProvider.code}, who agreed to provide it`,
        [{ path: '/provider', message: 'not the agreed provider' }],
      );
    }
    await new EditionService(this.em, this.viewer).upsertItem(editionCode, item);
    need.state = CatalogNeedState.CATALOGUED;
    need.itemCode = item.code;
    need.editionCode = editionCode;
    await this.em.flush();
    return need;
  }

  async list(state?: CatalogNeedState | null): Promise<CatalogNeed[]> {
    const where: Record<string, unknown> = {};
    if (!this.viewer.overseesCity)
      where.$or = [{ requester: this.viewer.unitCode }, { proposedProvider: this.viewer.unitCode }];
    if (state) where.state = state;
    return this.em.find(CatalogNeed, where, { orderBy: { proposedAt: 'desc' }, limit: 500 });
  }
}
