import { Migration } from '@mikro-orm/migrations';

export class Migration20261123200020_delivery_rows_invalid extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "delivery" add column "rows_invalid" int null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "delivery" drop column "rows_invalid";`);
  }

}
