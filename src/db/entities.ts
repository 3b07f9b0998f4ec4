import { AssistanceTaskType } from '../modules/assistance/assistance-task-type.entity';
import { AnnexCategory } from '../modules/catalog/annex-category.entity';
import { CatalogEdition } from '../modules/catalog/catalog-edition.entity';
import { CatalogField, CatalogItem } from '../modules/catalog/catalog-item.entity';
import { Delivery } from '../modules/exchange/delivery.entity';
import { RecordLayout, SharedRecord } from '../modules/exchange/shared-record.entity';
import { ApiKey } from '../modules/identity/api-key.entity';
import { AccessLogEntry } from '../modules/ledger/access-log.entity';
import { LedgerCheckpoint } from '../modules/ledger/ledger-checkpoint.entity';
import { HubSetting } from '../modules/settings/hub-setting.entity';
import { AccessRequest, Grant } from '../modules/sharing/access-request.entity';
import { CatalogNeed } from '../modules/sharing/catalog-need.entity';
import { Unit } from '../modules/unit/unit.entity';

/** Every entity the ORM knows; listed explicitly so start-up does no folder scanning. */
export const ENTITIES = [
  Unit,
  CatalogEdition,
  CatalogItem,
  CatalogField,
  AnnexCategory,
  AssistanceTaskType,
  ApiKey,
  Delivery,
  SharedRecord,
  RecordLayout,
  AccessRequest,
  Grant,
  CatalogNeed,
  AccessLogEntry,
  LedgerCheckpoint,
  HubSetting,
];
