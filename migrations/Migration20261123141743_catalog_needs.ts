import { Migration } from '@mikro-orm/migrations';

export class Migration20261123141743_catalog_needs extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "catalog_need" ("id" uuid not null, "requester_code" varchar(40) not null, "proposed_provider_code" varchar(40) not null, "title" varchar(100) not null, "description" text not null, "legal_basis" text not null, "state" text check ("state" in ('PROPOSED', 'AGREED', 'DECLINED', 'CATALOGUED')) not null default 'PROPOSED', "proposed_at" timestamptz not null, "answered_at" timestamptz null, "answer_reason" text null, "catalogue_due_at" timestamptz null, "item_code" varchar(20) null, "edition_code" varchar(20) null, constraint "catalog_need_pkey" primary key ("id"));`);

    this.addSql(`alter table "catalog_need" add constraint "catalog_need_requester_code_foreign" foreign key ("requester_code") references "unit" ("code") on update cascade on delete restrict;`);
    this.addSql(`alter table "catalog_need" add constraint "catalog_need_proposed_provider_code_foreign" foreign key ("proposed_provider_code") references "unit" ("code") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "catalog_need" cascade;`);
  }

}
