import { Migration } from '@mikro-orm/migrations';

/**
 * A version written as a new record keeps no content hash: the hub hashes a row only when it has a
 * version to compare with, and takes `md5(data)` for a version without one. (Written by hand: the
 * schema comparator does not see a column becoming nullable; the snapshot was regenerated.)
 */
export class Migration20261206150000_content_hash_when_compared extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "shared_record" alter column "content_hash" drop not null;`);
  }

  override async down(): Promise<void> {
    // Versions are otherwise never updated: the guard is lifted for this one statement.
    this.addSql(`alter table "shared_record" disable trigger "shared_record_versions_only";`);
    this.addSql(`update "shared_record" set "content_hash" = md5("data"::text) where "content_hash" is null;`);
    this.addSql(`alter table "shared_record" enable trigger "shared_record_versions_only";`);
    this.addSql(`alter table "shared_record" alter column "content_hash" set not null;`);
  }

}
