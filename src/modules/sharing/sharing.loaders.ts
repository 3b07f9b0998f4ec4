import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { Grant } from './access-request.entity';

/** Per-request loaders for sharing. */
export function createSharingLoaders(em: EntityManager) {
  return {
    grantById: new DataLoader<string, Grant | undefined>(async (ids) => {
      const rows = await em.find(Grant, { id: { $in: [...ids] } });
      return ids.map((id) => rows.find((row) => row.id === id));
    }),
  };
}
