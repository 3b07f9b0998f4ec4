import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: the database itself refuses any change to a published edition, its items or its
 * fields, so no code path (or console session) can alter what consumers were told the catalogue says.
 */
export class Migration20261123122100_published_editions_immutable extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create function catalog_refuse_published_edition_change() returns trigger language plpgsql as $$
      begin
        if old.status = 'PUBLISHED' then
          raise exception 'catalogue edition % is published and cannot be changed', old.code
            using errcode = 'check_violation';
        end if;
        return case when tg_op = 'DELETE' then old else new end;
      end $$;`);
    this.addSql(`
      create trigger catalog_edition_immutable before update or delete on catalog_edition
      for each row execute function catalog_refuse_published_edition_change();`);
    this.addSql(`
      create function catalog_refuse_published_item_change() returns trigger language plpgsql as $$
      declare
        edition_code text;
        edition_status text;
      begin
        if tg_table_name = 'catalog_item' then
          edition_code := case when tg_op = 'DELETE' then old.edition_code else new.edition_code end;
        else
          select i.edition_code into edition_code from catalog_item i
           where i.id = case when tg_op = 'DELETE' then old.item_id else new.item_id end;
        end if;
        select e.status into edition_status from catalog_edition e where e.code = edition_code;
        if edition_status = 'PUBLISHED' then
          raise exception 'catalogue edition % is published and cannot be changed', edition_code
            using errcode = 'check_violation';
        end if;
        return case when tg_op = 'DELETE' then old else new end;
      end $$;`);
    this.addSql(`
      create trigger catalog_item_immutable before insert or update or delete on catalog_item
      for each row execute function catalog_refuse_published_item_change();`);
    this.addSql(`
      create trigger catalog_field_immutable before insert or update or delete on catalog_field
      for each row execute function catalog_refuse_published_item_change();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists catalog_field_immutable on catalog_field;`);
    this.addSql(`drop trigger if exists catalog_item_immutable on catalog_item;`);
    this.addSql(`drop trigger if exists catalog_edition_immutable on catalog_edition;`);
    this.addSql(`drop function if exists catalog_refuse_published_item_change();`);
    this.addSql(`drop function if exists catalog_refuse_published_edition_change();`);
  }
}
