import type { EntityManager } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import { isUuid } from '../../input-checks';
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../errors/app-error';
import { Unit } from '../unit/unit.entity';
import { ApiKey, Role } from './api-key.entity';
import { Viewer } from './viewer';

const KEY_PREFIX = 'hub_';

/** SHA-256 hex of a key: what the database keeps instead of the key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new random key: 256 bits, URL-safe, recognisable by its prefix in leak scanners. */
export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** Takes the key out of an `Authorization: Bearer <key>` header, or undefined. */
export function bearerKey(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

interface ViewerRow {
  id: string;
  name: string;
  unit_code: string;
  roles: Role[];
  jurisdiction_code: string;
  city_wide: boolean;
}

/**
 * Resolves the key in an Authorization header to a viewer with one SQL statement; throws
 * UNAUTHENTICATED for a missing, unknown or revoked key without saying which.
 */
export async function authenticate(pool: Pool, authorization: string | undefined): Promise<Viewer> {
  const key = bearerKey(authorization);
  if (!key || key.length > 200) throw AppError.unauthenticated();
  // A named statement: every request runs it, so PostgreSQL parses and plans it once per connection.
  const { rows } = await pool.query<ViewerRow>({
    name: 'hub-authenticate',
    text: `with recursive chain as (
       select u.code, u.kind, u.parent_code, 0 as depth
         from api_key k join unit u on u.code = k.unit_code
        where k.key_hash = $1 and k.revoked_at is null
       union all
       select p.code, p.kind, p.parent_code, c.depth + 1 from unit p join chain c on p.code = c.parent_code
     )
     , jurisdiction as (
       select c.code, c.parent_code is null as city_wide from chain c
        where c.kind = 'COUNTY_GOVERNMENT' or c.parent_code is null
        order by c.depth limit 1
     )
     select k.id, k.name, k.unit_code, k.roles, j.code as jurisdiction_code, j.city_wide
       from api_key k, jurisdiction j where k.key_hash = $1 and k.revoked_at is null`,
    values: [hashApiKey(key)],
  });
  const row = rows[0];
  if (!row) throw AppError.unauthenticated();
  return new Viewer(row.id, row.name, row.unit_code, row.roles, row.jurisdiction_code, row.city_wide);
}

export interface CreatedApiKey {
  id: string;
  /** The key itself: shown once, never stored. */
  key: string;
  unitCode: string;
  roles: Role[];
  name: string;
}

/** Creates a key for a unit; the caller shows `key` once. */
export async function createApiKey(
  em: EntityManager,
  input: { unitCode: string; name: string; roles: string[] },
): Promise<CreatedApiKey> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) throw AppError.badInput('name must be 1 to 100 characters');
  if (input.roles.length === 0)
    throw AppError.badInput(`give at least one role: ${Object.values(Role).join(', ')}`);
  const unknown = input.roles.filter((role) => !Object.values(Role).includes(role as Role));
  if (unknown.length > 0) {
    throw AppError.badInput(
      `unknown role ${unknown.join(', ')}; roles are ${Object.values(Role).join(', ')}`,
    );
  }
  const unit = await em.findOne(Unit, { code: input.unitCode });
  if (!unit) throw AppError.notFound('Unit', input.unitCode);
  const key = generateApiKey();
  const roles = [...new Set(input.roles as Role[])];
  const apiKey = em.create(ApiKey, { name, unit, roles, keyHash: hashApiKey(key), createdAt: new Date() });
  await em.flush();
  return { id: apiKey.id, key, unitCode: unit.code, roles, name };
}

/** Revokes a key at once: the next request with it is UNAUTHENTICATED. */
export async function revokeApiKey(em: EntityManager, id: string): Promise<void> {
  const apiKey = isUuid(id) ? await em.findOne(ApiKey, { id }) : null;
  if (!apiKey) throw AppError.notFound('API key', id);
  if (!apiKey.revokedAt) {
    apiKey.revokedAt = new Date();
    await em.flush();
  }
}

/** All keys, newest first, without secrets (only hashes are stored anyway). */
export async function listApiKeys(em: EntityManager): Promise<ApiKey[]> {
  return em.find(ApiKey, {}, { orderBy: { createdAt: 'desc' } });
}
