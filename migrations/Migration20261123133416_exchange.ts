import { Migration } from '@mikro-orm/migrations';

export class Migration20261123133416_exchange extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "shared_record" ("id" bigserial primary key, "item_code" varchar(20) not null, "business_key" text not null, "subject" text not null, "data" jsonb not null, "content_hash" varchar(32) not null, "version" int not null, "delivery_id" uuid not null, "valid_from" timestamptz not null, "superseded_at" timestamptz null, "superseded_by_delivery_id" uuid null);`);
    this.addSql(`create index "shared_record_item_code_business_key_index" on "shared_record" ("item_code", "business_key");`);
    this.addSql(`create index "shared_record_current_subject" on "shared_record" ("item_code", "subject") where "superseded_at" is null;`);
    this.addSql(`create unique index "shared_record_current_key" on "shared_record" ("item_code", "business_key") where "superseded_at" is null;`);

    this.addSql(`create table "delivery" ("id" uuid not null, "item_code" varchar(20) not null, "edition_code" varchar(20) not null, "provider_code" varchar(40) not null, "api_key_id" uuid not null, "api_key_name" varchar(100) not null, "door" text check ("door" in ('GRAPHQL', 'HTTP', 'CLI')) not null, "mode" text check ("mode" in ('STRICT', 'PARTIAL')) not null, "idempotency_key" varchar(200) null, "period" varchar(20) null, "received_at" timestamptz not null, "completed_at" timestamptz not null, "status" text check ("status" in ('ACCEPTED', 'PARTIALLY_ACCEPTED', 'REJECTED')) not null, "rows_received" int not null, "rows_accepted" int not null, "rows_rejected" int not null, "rows_new" int not null, "rows_changed" int not null, "rows_unchanged" int not null, "checksum" varchar(64) not null, "rejections" jsonb not null, constraint "delivery_pkey" primary key ("id"));`);
    this.addSql(`create index "delivery_provider_code_received_at_index" on "delivery" ("provider_code", "received_at");`);
    this.addSql(`create index "delivery_item_code_period_index" on "delivery" ("item_code", "period");`);
    this.addSql(`alter table "delivery" add constraint "delivery_provider_code_idempotency_key_unique" unique ("provider_code", "idempotency_key");`);

    this.addSql(`alter table "delivery" add constraint "delivery_provider_code_foreign" foreign key ("provider_code") references "unit" ("code") on update cascade on delete restrict;`);

    // Written by hand: the delivery ledger (台账) is append-only, and a record version changes only
    // once, when a later delivery supersedes it; nothing is ever deleted.
    this.addSql(`
      create function exchange_refuse_ledger_change() returns trigger language plpgsql as $$
      begin
        raise exception 'the delivery ledger is append-only' using errcode = 'check_violation';
      end $$;`);
    this.addSql(`create trigger delivery_append_only before update or delete on delivery
      for each row execute function exchange_refuse_ledger_change();`);
    this.addSql(`
      create function exchange_guard_record_change() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          raise exception 'shared records are never deleted' using errcode = 'check_violation';
        end if;
        if old.superseded_at is not null
           or new.superseded_at is null
           or (to_jsonb(new) - 'superseded_at' - 'superseded_by_delivery_id')
              <> (to_jsonb(old) - 'superseded_at' - 'superseded_by_delivery_id') then
          raise exception 'a record version only changes when it is superseded' using errcode = 'check_violation';
        end if;
        return new;
      end $$;`);
    this.addSql(`create trigger shared_record_versions_only before update or delete on shared_record
      for each row execute function exchange_guard_record_change();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists shared_record_versions_only on shared_record;`);
    this.addSql(`drop trigger if exists delivery_append_only on delivery;`);
    this.addSql(`drop function if exists exchange_guard_record_change();`);
    this.addSql(`drop function if exists exchange_refuse_ledger_change();`);
    this.addSql(`drop table if exists "shared_record" cascade;`);

    this.addSql(`drop table if exists "delivery" cascade;`);
  }

}
