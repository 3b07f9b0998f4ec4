import type { EntityManager } from '@mikro-orm/postgresql';
import fs from 'node:fs';
import path from 'node:path';
import { ApiKey, Role } from './api-key.entity';
import { createApiKey } from './identity.service';

/** Who gets a demo key on the first start: one of each kind of user the hub serves. */
export const DEMO_KEY_HOLDERS: { unitCode: string; name: string; roles: Role[] }[] = [
  { unitCode: 'LYG-DATA', name: 'demo: 市大数据中心 catalogue editor', roles: [Role.DATA_AUTHORITY] },
  { unitCode: 'LYG-AUDIT', name: 'demo: auditor', roles: [Role.AUDITOR] },
  { unitCode: 'LYG-TAX', name: 'demo: 市税务局', roles: [Role.CONSUMER, Role.PROVIDER] },
  { unitCode: 'LYG-AMR', name: 'demo: 市市场监管局', roles: [Role.PROVIDER, Role.CONSUMER] },
  { unitCode: 'LYG-NRP', name: 'demo: 市自然资源和规划局', roles: [Role.PROVIDER, Role.CONSUMER] },
];

/**
 * On a database without any API key, creates the demo keys and writes them (readable by the owner
 * only) to `dataDir/demo-keys.json`. Returns that file's path, or undefined when nothing was done.
 */
export async function createDemoKeysIfEmpty(em: EntityManager, dataDir: string): Promise<string | undefined> {
  if ((await em.count(ApiKey, {})) > 0) return undefined;
  const created = [];
  for (const holder of DEMO_KEY_HOLDERS) {
    const key = await createApiKey(em, holder);
    created.push({ unitCode: key.unitCode, roles: key.roles, name: key.name, key: key.key });
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'demo-keys.json');
  fs.writeFileSync(file, JSON.stringify(created, null, 2) + '\n', { mode: 0o600 });
  return file;
}
