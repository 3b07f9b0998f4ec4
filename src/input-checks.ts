import { AppError } from './errors/app-error';

/** True for a canonical UUID; checked before a lookup so a malformed id is "not found", never a database error. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** A trimmed text argument of `min` to `max` characters, or BAD_USER_INPUT naming it. */
export function requireText(name: string, value: string | null | undefined, min = 2, max = 2000): string {
  const text = (value ?? '').trim();
  if (text.length < min || text.length > max) {
    throw AppError.badInput(`${name} must be ${min} to ${max} characters`, [
      { path: name, message: 'length' },
    ]);
  }
  return text;
}
