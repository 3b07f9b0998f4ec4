import type { EntityManager } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import type { WorkingCalendar } from '../modules/calendar/working-calendar';
import type { Viewer } from '../modules/identity/viewer';
import type { SharingDeadlines } from '../modules/sharing/access-request.service';
import type { DataPlane } from '../modules/sharing/data-plane/data-plane';
import type { Loaders } from './loaders';

/** Long-lived things a request may use: the pool for streamed deliveries, the working-day calendar. */
export interface HubServices {
  pool: Pool;
  calendar: WorkingCalendar;
  sharingDeadlines: SharingDeadlines;
  /** Seconds an upload may send nothing before it is cut off. */
  uploadIdleSeconds: number;
  /** The typed data plane: live schema, read pool, masking key, ledger limits. */
  dataPlane: DataPlane;
}

/** What every resolver receives: one EntityManager fork, one set of loaders, the viewer. */
export interface HubContext extends HubServices {
  em: EntityManager;
  viewer: Viewer;
  loaders: Loaders;
  requestId: string;
}
