import { Migration } from '@mikro-orm/migrations';

/** A layout's id from its field codes, as `layoutIdOf` in src/modules/exchange/record-layout.ts takes it. */
const LAYOUT_ID = (fields: string) => `('x' || left(md5(array_to_string(${fields}, E'\\n')), 16))::bit(64)::bigint`;

/**
 * Records are stored as JSON arrays of their values, the field codes once in a layout (record_layout),
 * not in every row. Existing versions are rewritten: each one's layout is its keys in the order it
 * holds them, its array their values in that order, and its content hash is taken again from the array
 * when next compared. (Generated, then written by hand from the second statement: the column is
 * filled before it is made NOT NULL, and layouts are never changed.)
 */
export class Migration20261206165653_record_layouts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "record_layout" ("id" bigint not null, "fields" text[] not null, constraint "record_layout_pkey" primary key ("id"));`);
    this.addSql(`
      create function exchange_guard_record_layout() returns trigger language plpgsql as $$
      begin
        raise exception 'record layouts are never changed: records refer to them' using errcode = 'check_violation';
      end $$;`);
    this.addSql(`create trigger record_layout_never_changes before update or delete on record_layout
      for each row execute function exchange_guard_record_layout();`);
    this.addSql(`create trigger record_layout_no_truncate before truncate on record_layout
      for each statement execute function exchange_guard_record_layout();`);

    this.addSql(`alter table "shared_record" add column "layout_id" bigint null;`);
    this.addSql(`insert into record_layout (id, fields)
      select distinct ${LAYOUT_ID('fields')}, fields
        from (select distinct array(select json_object_keys(data)) as fields from shared_record) layouts;`);
    // Versions are otherwise never updated: the guard is lifted for this one statement.
    this.addSql(`alter table "shared_record" disable trigger "shared_record_versions_only";`);
    this.addSql(`update shared_record set
      layout_id = ${LAYOUT_ID('array(select json_object_keys(data))')},
      data = (select coalesce('[' || string_agg(value::text, ',' order by position) || ']', '[]')
                from json_each(data) with ordinality as entry(key, value, position))::json,
      content_hash = null;`);
    this.addSql(`alter table "shared_record" enable trigger "shared_record_versions_only";`);
    this.addSql(`alter table "shared_record" alter column "layout_id" set not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "shared_record" disable trigger "shared_record_versions_only";`);
    this.addSql(`update shared_record r set
      data = (select coalesce('{' || string_agg(to_json(field)::text || ':' || value::text, ',' order by position) || '}', '{}')
                from unnest(l.fields) with ordinality as f(field, position)
                join json_array_elements(r.data) with ordinality as v(value, position) using (position))::json,
      content_hash = null
      from record_layout l where l.id = r.layout_id;`);
    this.addSql(`alter table "shared_record" enable trigger "shared_record_versions_only";`);
    this.addSql(`alter table "shared_record" drop column "layout_id";`);
    this.addSql(`drop table if exists "record_layout" cascade;`);
    this.addSql(`drop function if exists exchange_guard_record_layout();`);
  }

}
