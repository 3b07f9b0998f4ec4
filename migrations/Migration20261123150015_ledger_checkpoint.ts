import { Migration } from '@mikro-orm/migrations';

export class Migration20261123150015_ledger_checkpoint extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "ledger_checkpoint" ("seq" bigint not null, "entry_hash" varchar(64) not null, "sealed_at" timestamptz not null, constraint "ledger_checkpoint_pkey" primary key ("seq"));`);

    // Written by hand: checkpoints are append-only, like the ledger they anchor.
    this.addSql(`
      create function ledger_guard_checkpoint() returns trigger language plpgsql as $$
      begin
        raise exception 'the access ledger''s checkpoints are append-only' using errcode = 'check_violation';
      end $$;`);
    this.addSql(`create trigger ledger_checkpoint_append_only before update or delete on ledger_checkpoint
      for each row execute function ledger_guard_checkpoint();`);
    this.addSql(`create trigger ledger_checkpoint_no_truncate before truncate on ledger_checkpoint
      for each statement execute function ledger_guard_checkpoint();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists ledger_checkpoint_no_truncate on ledger_checkpoint;`);
    this.addSql(`drop trigger if exists ledger_checkpoint_append_only on ledger_checkpoint;`);
    this.addSql(`drop function if exists ledger_guard_checkpoint();`);
    this.addSql(`drop table if exists "ledger_checkpoint" cascade;`);
  }

}
