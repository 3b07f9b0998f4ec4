import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123122052_catalog } from './Migration20261123122052_catalog';
import { Migration20261123122100_published_editions_immutable } from './Migration20261123122100_published_editions_immutable';
import { Migration20261123133416_exchange } from './Migration20261123133416_exchange';
import { Migration20261123134846_delivery_report_truncated } from './Migration20261123134846_delivery_report_truncated';
import { Migration20261123141133_sharing_requests } from './Migration20261123141133_sharing_requests';
import { Migration20261123141743_catalog_needs } from './Migration20261123141743_catalog_needs';
import { Migration20261123142227_access_log } from './Migration20261123142227_access_log';
import { Migration20261123144157_data_plane } from './Migration20261123144157_data_plane';
import { Migration20261123150015_ledger_checkpoint } from './Migration20261123150015_ledger_checkpoint';
import { Migration20261123164140_record_keys } from './Migration20261123164140_record_keys';
import { Migration20261123170324_record_valid_from_default } from './Migration20261123170324_record_valid_from_default';
import { Migration20261123183557_record_guard_cheaper } from './Migration20261123183557_record_guard_cheaper';
import { Migration20261123200020_delivery_rows_invalid } from './Migration20261123200020_delivery_rows_invalid';
import { Migration20261206150000_content_hash_when_compared } from './Migration20261206150000_content_hash_when_compared';
import { Migration20261206165653_record_layouts } from './Migration20261206165653_record_layouts';
import { Migration20261206173500_record_ids_cached } from './Migration20261206173500_record_ids_cached';

/** The migrations in the order they run; `npm run migration:create` appends to this list. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261123122052_catalog', class: Migration20261123122052_catalog },
  { name: 'Migration20261123122100_published_editions_immutable', class: Migration20261123122100_published_editions_immutable },
  { name: 'Migration20261123133416_exchange', class: Migration20261123133416_exchange },
  { name: 'Migration20261123134846_delivery_report_truncated', class: Migration20261123134846_delivery_report_truncated },
  { name: 'Migration20261123141133_sharing_requests', class: Migration20261123141133_sharing_requests },
  { name: 'Migration20261123141743_catalog_needs', class: Migration20261123141743_catalog_needs },
  { name: 'Migration20261123142227_access_log', class: Migration20261123142227_access_log },
  { name: 'Migration20261123144157_data_plane', class: Migration20261123144157_data_plane },
  { name: 'Migration20261123150015_ledger_checkpoint', class: Migration20261123150015_ledger_checkpoint },
  { name: 'Migration20261123164140_record_keys', class: Migration20261123164140_record_keys },
  { name: 'Migration20261123170324_record_valid_from_default', class: Migration20261123170324_record_valid_from_default },
  { name: 'Migration20261123183557_record_guard_cheaper', class: Migration20261123183557_record_guard_cheaper },
  { name: 'Migration20261123200020_delivery_rows_invalid', class: Migration20261123200020_delivery_rows_invalid },
  { name: 'Migration20261206150000_content_hash_when_compared', class: Migration20261206150000_content_hash_when_compared },
  { name: 'Migration20261206165653_record_layouts', class: Migration20261206165653_record_layouts },
  { name: 'Migration20261206173500_record_ids_cached', class: Migration20261206173500_record_ids_cached },
];
