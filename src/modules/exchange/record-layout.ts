import { createHash } from 'node:crypto';
import { AppError } from '../../errors/app-error';

/**
 * Records are stored as JSON arrays of their values, not as objects: the field codes are kept once, in a
 * layout, instead of in every row. That halves what PostgreSQL parses, writes and keeps for each record
 * (a bulk delivery's largest cost). A layout is a list of field codes; a record's values are in its order.
 *
 * A layout's id is a hash of its field codes, so one list is one layout in every database and at every
 * time, and a process may keep a layout it has read for as long as it runs.
 */

/** What layouts are read and registered through: a pg `Pool` or `PoolClient`. */
export interface Queryable {
  query<Row extends object>(text: string, values?: unknown[]): Promise<{ rows: Row[] }>;
}

/**
 * The id of the layout of these field codes: the first 8 bytes of the MD5 of the codes joined by line
 * feeds, as a signed 64-bit integer (in SQL: `('x' || left(md5(array_to_string(fields, E'\n')), 16))::bit(64)::bigint`).
 */
export function layoutIdOf(fields: readonly string[]): string {
  return createHash('md5').update(fields.join('\n')).digest().readBigInt64BE(0).toString();
}

/** Layouts read so far, by id: never changed, so never stale. */
const known = new Map<string, readonly string[]>();

/**
 * Makes sure the layout of `fields` is stored (a delivery does this before writing records in it) and
 * returns its id. Refuses the delivery in the (never yet seen) case of another list with the same id.
 */
export async function registerLayout(db: Queryable, fields: readonly string[]): Promise<string> {
  const id = layoutIdOf(fields);
  // Both in one statement: the select sees the table as it was before this insert.
  const { rows } = await db.query<{ fields: string[] | null }>(
    `with added as (insert into record_layout (id, fields) values ($1, $2) on conflict (id) do nothing)
     select (select fields from record_layout where id = $1) as fields`,
    [id, fields],
  );
  const stored = rows[0].fields;
  if (stored && stored.join('\n') !== fields.join('\n')) {
    throw AppError.conflict(
      `The fields of this item share a layout id with other fields (${id}); nothing was delivered`,
    );
  }
  known.set(id, [...fields]);
  return id;
}

/** Turns a stored record's values into the record: each field of its layout with its value. */
export type RecordReader = (layoutId: string, values: readonly unknown[]) => Record<string, unknown>;

/**
 * The reader of records stored in these layouts, having read from the database those not met before
 * (none, once a process has seen an item's layout).
 */
export async function recordReader(db: Queryable, layoutIds: Iterable<string>): Promise<RecordReader> {
  const missing = [...new Set(layoutIds)].filter((id) => !known.has(id));
  if (missing.length > 0) {
    const { rows } = await db.query<{ id: string; fields: string[] }>(
      'select id::text as id, fields from record_layout where id = any($1::bigint[])',
      [missing],
    );
    for (const row of rows) known.set(row.id, row.fields);
    // Every record's layout is stored before the record: a missing one is a broken database.
    const lost = missing.filter((id) => !known.has(id));
    if (lost.length > 0) throw new Error(`record layouts ${lost.join(', ')} are not stored`);
  }
  return (layoutId, values) => {
    const fields = known.get(layoutId)!;
    const data: Record<string, unknown> = {};
    for (let index = 0; index < fields.length; index += 1) data[fields[index]] = values[index] ?? null;
    return data;
  };
}
