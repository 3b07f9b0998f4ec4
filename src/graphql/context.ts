import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../modules/identity/viewer';
import type { Loaders } from './loaders';

/** What every resolver receives: one EntityManager fork, one set of loaders, the viewer. */
export interface HubContext {
  em: EntityManager;
  viewer: Viewer;
  loaders: Loaders;
  requestId: string;
}
