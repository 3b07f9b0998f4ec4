import { Entity, Enum, ManyToOne, PrimaryKey, PrimaryKeyProp, Property, type Ref, Unique, types } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Unit } from '../unit/unit.entity';
import { EditionStatus } from './catalog.enums';

/**
 * 目录版本: a numbered edition of the catalogue. A city edition holds the whole city catalogue; a county
 * supplement holds only the county's own items and is read on top of its base city edition.
 */
@Entity({ tableName: 'catalog_edition' })
@Unique({ properties: ['jurisdiction', 'number'] })
// At most one open draft per jurisdiction, so two editors cannot publish diverging catalogues.
@Unique({
  name: 'catalog_edition_one_draft_per_jurisdiction',
  expression: `create unique index "catalog_edition_one_draft_per_jurisdiction" on "catalog_edition" ("jurisdiction_code") where "status" = 'DRAFT'`,
})
@ObjectType('CatalogEdition', { description: '目录版本: a numbered, immutable once published, edition of the catalogue' })
export class CatalogEdition {
  [PrimaryKeyProp]?: 'code';

  @PrimaryKey({ type: 'string', length: 20 })
  @Field(() => String, { description: 'Edition code, e.g. LYG-2 (city) or GY-1 (county supplement)' })
  code!: string;

  /** The city or county government whose catalogue this is. */
  @ManyToOne(() => Unit, { ref: true, deleteRule: 'restrict' })
  jurisdiction!: Ref<Unit>;

  @Property({ type: types.integer })
  @Field(() => Int, { description: 'Sequence number within the jurisdiction' })
  number!: number;

  /** The edition of the same jurisdiction this one was drafted from. */
  @ManyToOne(() => CatalogEdition, { ref: true, nullable: true, deleteRule: 'restrict' })
  previous?: Ref<CatalogEdition>;

  /** For a county supplement: the city edition it layers on. */
  @ManyToOne(() => CatalogEdition, { ref: true, nullable: true, deleteRule: 'restrict' })
  base?: Ref<CatalogEdition>;

  @Enum({ items: () => EditionStatus })
  @Field(() => EditionStatus)
  status: EditionStatus = EditionStatus.DRAFT;

  @Property({ type: 'string', length: 200 })
  @Field(() => String)
  title!: string;

  @Property({ type: types.text, nullable: true })
  @Field(() => String, { nullable: true })
  notes?: string;

  @Property({ type: types.datetime, columnType: 'timestamptz' })
  @Field(() => Date)
  createdAt: Date = new Date();

  @Property({ type: types.datetime, columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  publishedAt?: Date;

  /** SHA-256 of the catalogue files an imported edition came from; a changed file is refused, not re-imported. */
  @Property({ type: 'string', length: 64, nullable: true })
  importChecksum?: string;

  /** Who drafted it: an API key id, or `catalog/` for imported editions. */
  @Property({ type: 'string', length: 64 })
  createdBy!: string;
}
