import { Migration } from '@mikro-orm/migrations';

export class Migration20261123164140_record_keys extends Migration {

  override async up(): Promise<void> {
    // One key, (item, business key, version), serves history, the current version and uniqueness: it
    // replaces the id primary key and two indexes on (item, business key), as every index slows deliveries.
    this.addSql(`drop index "shared_record_current_key";`);
    this.addSql(`drop index "shared_record_item_code_business_key_index";`);
    this.addSql(`alter table "shared_record" drop constraint "shared_record_pkey";`);
    this.addSql(`alter table "shared_record" add constraint "shared_record_pkey" primary key ("item_code", "business_key", "version");`);
    // Written by hand (the diff treats json and jsonb alike): records are kept as the JSON text validated.
    this.addSql(`alter table "shared_record" alter column "data" type json using ("data"::json);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "shared_record" alter column "data" type jsonb using ("data"::jsonb);`);
    this.addSql(`alter table "shared_record" drop constraint "shared_record_pkey";`);
    this.addSql(`alter table "shared_record" add constraint "shared_record_pkey" primary key ("id");`);
    this.addSql(`create unique index "shared_record_current_key" on "shared_record" ("item_code", "business_key") where "superseded_at" is null;`);
    this.addSql(`create index "shared_record_item_code_business_key_index" on "shared_record" ("item_code", "business_key");`);
  }

}
