import { Migration } from '@mikro-orm/migrations';

export class Migration20261123122052_catalog extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "annex_category" ("annex" smallint not null, "number" smallint not null, "title" text not null, constraint "annex_category_pkey" primary key ("annex", "number"));`,
    );

    this.addSql(
      `create table "assistance_task_type" ("code" varchar(20) not null, "number" smallint not null, "name" varchar(100) not null, "summary" text not null, "responder_unit_codes" text[] not null, "actions" jsonb not null, "default_deadline_working_days" smallint not null default 10, "legal_basis" text not null, constraint "assistance_task_type_pkey" primary key ("code"));`,
    );

    this.addSql(
      `create table "unit" ("code" varchar(40) not null, "name" varchar(100) not null, "kind" text check ("kind" in ('GOVERNMENT', 'COUNTY_GOVERNMENT', 'DATA_AUTHORITY', 'TAX_AUTHORITY', 'DEPARTMENT', 'JUDICIAL', 'VERTICAL_AGENCY', 'PUBLIC_UTILITY', 'SOCIAL_ORGANIZATION', 'FINANCIAL_INSTITUTION')) not null, "parent_code" varchar(40) null, constraint "unit_pkey" primary key ("code"));`,
    );

    this.addSql(
      `create table "catalog_edition" ("code" varchar(20) not null, "jurisdiction_code" varchar(40) not null, "number" int not null, "previous_code" varchar(20) null, "base_code" varchar(20) null, "status" text check ("status" in ('DRAFT', 'PUBLISHED')) not null default 'DRAFT', "title" varchar(200) not null, "notes" text null, "created_at" timestamptz not null, "published_at" timestamptz null, "import_checksum" varchar(64) null, "created_by" varchar(64) not null, constraint "catalog_edition_pkey" primary key ("code"));`,
    );
    this.addSql(
      `create unique index "catalog_edition_one_draft_per_jurisdiction" on "catalog_edition" ("jurisdiction_code") where "status" = 'DRAFT';`,
    );
    this.addSql(
      `alter table "catalog_edition" add constraint "catalog_edition_jurisdiction_code_number_unique" unique ("jurisdiction_code", "number");`,
    );

    this.addSql(
      `create table "catalog_item" ("id" serial primary key, "edition_code" varchar(20) not null, "code" varchar(20) not null, "graphql_name" varchar(64) not null, "name" varchar(100) not null, "summary" text not null, "direction" text check ("direction" in ('TO_TAX', 'FROM_TAX', 'BETWEEN_UNITS')) not null, "annex" smallint null, "annex_category" smallint null, "provider_code" varchar(40) not null, "format" text check ("format" in ('ELECTRONIC_FILE', 'SPREADSHEET', 'DATABASE', 'IMAGE', 'STREAMING', 'SELF_DESCRIBING', 'SERVICE_API')) not null, "channel" text check ("channel" in ('PLATFORM_API', 'PLATFORM_DB_SYNC', 'PLATFORM_FILE', 'EMAIL', 'MEDIA')) not null, "update_cycle" text check ("update_cycle" in ('REALTIME', 'DAILY', 'WEEKLY', 'TEN_DAYS', 'MONTHLY', 'QUARTERLY', 'HALF_YEARLY', 'YEARLY', 'ON_DEMAND')) not null, "due_working_days" smallint null, "due_time" varchar(5) null, "sharing_type" text check ("sharing_type" in ('UNCONDITIONAL', 'CONDITIONAL', 'NOT_SHARED')) not null, "sharing_conditions" text not null, "legal_basis" text not null, "security_grade" text check ("security_grade" in ('GENERAL', 'IMPORTANT', 'CORE')) not null, "related_item_codes" text[] not null, "subject_field" varchar(63) not null, "business_key" text[] not null, "deprecated" boolean not null default false, "deprecation_reason" text null, "position" int not null);`,
    );
    this.addSql(`create index "catalog_item_provider_code_index" on "catalog_item" ("provider_code");`);
    this.addSql(
      `alter table "catalog_item" add constraint "catalog_item_edition_code_graphql_name_unique" unique ("edition_code", "graphql_name");`,
    );
    this.addSql(
      `alter table "catalog_item" add constraint "catalog_item_edition_code_code_unique" unique ("edition_code", "code");`,
    );

    this.addSql(
      `create table "catalog_field" ("id" serial primary key, "item_id" int not null, "position" smallint not null, "code" varchar(63) not null, "name" varchar(60) not null, "data_type" text check ("data_type" in ('STRING', 'DECIMAL', 'MONEY', 'INTEGER', 'FLOAT', 'DATE', 'DATETIME', 'BOOLEAN')) not null, "length" int null, "scale" smallint null, "required" boolean not null default false, "sensitivity" text check ("sensitivity" in ('PUBLIC', 'INTERNAL', 'TRADE_SECRET', 'PERSONAL', 'SENSITIVE_PERSONAL', 'TAX_CONFIDENTIAL')) not null, "masking_rule" text check ("masking_rule" in ('NONE', 'SHOW_FIRST_LAST', 'REDACT', 'HASH', 'NULLIFY', 'DATE_TO_YEAR')) not null default 'NONE', "mask_first" smallint null, "mask_last" smallint null, "identifier" text check ("identifier" in ('USCC', 'RESIDENT_ID', 'TAXPAYER_ID')) null, "enum_values" text[] null, "description" text null, "deprecated" boolean not null default false);`,
    );
    this.addSql(
      `alter table "catalog_field" add constraint "catalog_field_item_id_code_unique" unique ("item_id", "code");`,
    );

    this.addSql(
      `create table "api_key" ("id" uuid not null, "name" varchar(100) not null, "unit_code" varchar(40) not null, "roles" text[] not null, "key_hash" varchar(64) not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, constraint "api_key_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "api_key" add constraint "api_key_key_hash_unique" unique ("key_hash");`);

    this.addSql(
      `alter table "unit" add constraint "unit_parent_code_foreign" foreign key ("parent_code") references "unit" ("code") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "catalog_edition" add constraint "catalog_edition_jurisdiction_code_foreign" foreign key ("jurisdiction_code") references "unit" ("code") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "catalog_edition" add constraint "catalog_edition_previous_code_foreign" foreign key ("previous_code") references "catalog_edition" ("code") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "catalog_edition" add constraint "catalog_edition_base_code_foreign" foreign key ("base_code") references "catalog_edition" ("code") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "catalog_item" add constraint "catalog_item_edition_code_foreign" foreign key ("edition_code") references "catalog_edition" ("code") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "catalog_item" add constraint "catalog_item_provider_code_foreign" foreign key ("provider_code") references "unit" ("code") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "catalog_field" add constraint "catalog_field_item_id_foreign" foreign key ("item_id") references "catalog_item" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "api_key" add constraint "api_key_unit_code_foreign" foreign key ("unit_code") references "unit" ("code") on update cascade on delete restrict;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "unit" drop constraint "unit_parent_code_foreign";`);

    this.addSql(`alter table "catalog_edition" drop constraint "catalog_edition_jurisdiction_code_foreign";`);

    this.addSql(`alter table "catalog_item" drop constraint "catalog_item_provider_code_foreign";`);

    this.addSql(`alter table "api_key" drop constraint "api_key_unit_code_foreign";`);

    this.addSql(`alter table "catalog_edition" drop constraint "catalog_edition_previous_code_foreign";`);

    this.addSql(`alter table "catalog_edition" drop constraint "catalog_edition_base_code_foreign";`);

    this.addSql(`alter table "catalog_item" drop constraint "catalog_item_edition_code_foreign";`);

    this.addSql(`alter table "catalog_field" drop constraint "catalog_field_item_id_foreign";`);

    this.addSql(`drop table if exists "annex_category" cascade;`);

    this.addSql(`drop table if exists "assistance_task_type" cascade;`);

    this.addSql(`drop table if exists "unit" cascade;`);

    this.addSql(`drop table if exists "catalog_edition" cascade;`);

    this.addSql(`drop table if exists "catalog_item" cascade;`);

    this.addSql(`drop table if exists "catalog_field" cascade;`);

    this.addSql(`drop table if exists "api_key" cascade;`);
  }
}
