import { Migration } from '@mikro-orm/migrations';

export class Migration20261123141133_sharing_requests extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "access_grant" ("id" uuid not null, "request_id" uuid not null, "consumer_code" varchar(40) not null, "item_code" varchar(20) not null, "fields" jsonb not null, "purposes" text[] not null, "granted_at" timestamptz not null, "valid_until" varchar(10) not null, "revoked_at" timestamptz null, "revoked_reason" text null, constraint "access_grant_pkey" primary key ("id"));`);
    this.addSql(`create index "access_grant_consumer_code_item_code_index" on "access_grant" ("consumer_code", "item_code");`);

    this.addSql(`create table "access_request" ("id" uuid not null, "consumer_code" varchar(40) not null, "item_code" varchar(20) not null, "provider_code" varchar(40) not null, "fields" text[] not null, "purposes" text[] not null, "legal_basis" text not null, "scenario" text not null, "valid_until" varchar(10) not null, "state" text check ("state" in ('SUBMITTED', 'PROVIDER_REVIEW', 'GRANTED', 'REJECTED', 'DISPUTED', 'CLOSED')) not null default 'SUBMITTED', "submitted_by_key" uuid not null, "submitted_at" timestamptz not null, "step_due_at" timestamptz null, "decided_at" timestamptz null, "reason" text null, "dispute_reason" text null, "grant_id" uuid null, constraint "access_request_pkey" primary key ("id"));`);
    this.addSql(`create index "access_request_item_code_state_index" on "access_request" ("item_code", "state");`);
    this.addSql(`create index "access_request_consumer_code_state_index" on "access_request" ("consumer_code", "state");`);

    this.addSql(`alter table "access_grant" add constraint "access_grant_consumer_code_foreign" foreign key ("consumer_code") references "unit" ("code") on update cascade on delete restrict;`);

    this.addSql(`alter table "access_request" add constraint "access_request_consumer_code_foreign" foreign key ("consumer_code") references "unit" ("code") on update cascade on delete restrict;`);
    this.addSql(`alter table "access_request" add constraint "access_request_provider_code_foreign" foreign key ("provider_code") references "unit" ("code") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "access_grant" cascade;`);

    this.addSql(`drop table if exists "access_request" cascade;`);
  }

}
