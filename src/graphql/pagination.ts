import { AppError } from '../errors/app-error';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** A page request after parsing: how many rows and from which offset. */
export interface PageRequest {
  limit: number;
  offset: number;
}

/** Opaque cursor for a position in an ordered list. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match)
    throw AppError.badInput('after is not a cursor this API returned', [
      { path: 'after', message: 'unknown cursor' },
    ]);
  return Number(match[1]);
}

/** Parses Relay-style `first` / `after` arguments. */
export function pageRequest(first: number | undefined | null, after: string | undefined | null): PageRequest {
  const limit = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw AppError.badInput(`first must be from 0 to ${MAX_PAGE_SIZE}`, [
      { path: 'first', message: 'out of range' },
    ]);
  }
  return { limit, offset: after ? decodeCursor(after) + 1 : 0 };
}

/** Relay page information for `count` rows read at `offset` out of `totalCount`. */
export function offsetPageInfo(offset: number, count: number, totalCount: number) {
  return {
    hasNextPage: offset + count < totalCount,
    hasPreviousPage: offset > 0,
    startCursor: count > 0 ? encodeCursor(offset) : undefined,
    endCursor: count > 0 ? encodeCursor(offset + count - 1) : undefined,
  };
}
