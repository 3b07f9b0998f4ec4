import { Migration } from '@mikro-orm/migrations';

export class Migration20261123170324_record_valid_from_default extends Migration {

  override async up(): Promise<void> {
    // A delivery's records take its transaction's start as valid_from: one value less to send and parse per row.
    this.addSql(`alter table "shared_record" alter column "valid_from" set default now();`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "shared_record" alter column "valid_from" drop default;`);
  }

}
