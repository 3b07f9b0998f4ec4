import { Migration } from '@mikro-orm/migrations';

export class Migration20261123134846_delivery_report_truncated extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "delivery" add column "rejections_truncated" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "delivery" drop column "rejections_truncated";`);
  }

}
