import { Migration } from '@mikro-orm/migrations';

export class Migration20261123144157_data_plane extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "hub_setting" ("name" varchar(40) not null, "value" text not null, constraint "hub_setting_pkey" primary key ("name"));`);

    this.addSql(`alter table "access_log" drop column "grant_id";`);

    // No deployment has ledger entries yet; the default only fills the column on the way.
    this.addSql(`alter table "access_log" add column "grant_ids" uuid[] not null default '{}';`);
    this.addSql(`alter table "access_log" alter column "grant_ids" drop default;`);
    this.addSql(`create index "access_log_unsealed" on "access_log" ("id") where "seq" is null;`);

    this.addSql(`alter table "shared_record" add column "txid" xid8 not null default pg_current_xact_id();`);
    this.addSql(`create index "shared_record_feed" on "shared_record" ("item_code", "txid", "id");`);

    // Every hub process LISTENs here and rebuilds its data-plane schema; sent on commit, whoever publishes.
    this.addSql(`create function catalog_edition_published_notify() returns trigger language plpgsql as $$
      begin
        perform pg_notify('hub_catalog_published', new.code);
        return null;
      end $$;`);
    this.addSql(`create trigger catalog_edition_published after insert or update of status on catalog_edition
      for each row when (new.status = 'PUBLISHED') execute function catalog_edition_published_notify();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists catalog_edition_published on catalog_edition;`);
    this.addSql(`drop function if exists catalog_edition_published_notify();`);
    this.addSql(`drop table if exists "hub_setting" cascade;`);

    this.addSql(`drop index "access_log_unsealed";`);
    this.addSql(`alter table "access_log" drop column "grant_ids";`);

    this.addSql(`alter table "access_log" add column "grant_id" uuid null;`);

    this.addSql(`drop index "shared_record_feed";`);
    this.addSql(`alter table "shared_record" drop column "txid";`);
  }

}
