import { Migration } from '@mikro-orm/migrations';

export class Migration20261123142227_access_log extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "access_log" ("id" bigserial primary key, "occurred_at" timestamptz not null, "request_id" uuid not null, "api_key_id" uuid not null, "unit_code" varchar(40) not null, "grant_id" uuid null, "purpose" varchar(40) null, "item_codes" text[] not null, "fields" text[] not null, "record_count" int not null default 0, "subjects_digest" varchar(64) null, "subjects" text[] null, "outcome" text check ("outcome" in ('ALLOWED', 'DENIED')) not null, "reason" text null, "seq" bigint null, "prev_hash" varchar(64) null, "entry_hash" varchar(64) null, "sealed_at" timestamptz null);`);
    this.addSql(`alter table "access_log" add constraint "access_log_seq_unique" unique ("seq");`);
    this.addSql(`create index "access_log_unit_code_occurred_at_index" on "access_log" ("unit_code", "occurred_at");`);

    // Written by hand: the access ledger is append-only; the only change an entry ever takes is its
    // one-time sealing into the hash chain.
    this.addSql(`
      create function ledger_guard_access_log() returns trigger language plpgsql as $$
      begin
        if tg_op in ('DELETE', 'TRUNCATE') then
          raise exception 'the access ledger is append-only' using errcode = 'check_violation';
        end if;
        if old.seq is not null or new.seq is null
           or (to_jsonb(new) - 'seq' - 'prev_hash' - 'entry_hash' - 'sealed_at')
              <> (to_jsonb(old) - 'seq' - 'prev_hash' - 'entry_hash' - 'sealed_at') then
          raise exception 'the access ledger is append-only' using errcode = 'check_violation';
        end if;
        return new;
      end $$;`);
    this.addSql(`create trigger access_log_append_only before update or delete on access_log
      for each row execute function ledger_guard_access_log();`);
    this.addSql(`create trigger access_log_no_truncate before truncate on access_log
      for each statement execute function ledger_guard_access_log();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists access_log_no_truncate on access_log;`);
    this.addSql(`drop trigger if exists access_log_append_only on access_log;`);
    this.addSql(`drop function if exists ledger_guard_access_log();`);
    this.addSql(`drop table if exists "access_log" cascade;`);
  }

}
