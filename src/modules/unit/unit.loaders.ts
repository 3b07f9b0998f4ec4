import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { Unit } from './unit.entity';

/** Per-request loader of units by code. */
export function createUnitLoaders(em: EntityManager) {
  return {
    unitByCode: new DataLoader<string, Unit | undefined>(async (codes) => {
      const rows = await em.find(Unit, { code: { $in: [...codes] } });
      return codes.map((code) => rows.find((row) => row.code === code));
    }),
  };
}
