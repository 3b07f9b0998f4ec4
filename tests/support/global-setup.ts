/**
 * Starts one real PostgreSQL (the embedded binaries) for the whole test run and builds a template
 * database with the migrations applied and `catalog/` imported. Each test file copies the template.
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { createOrmConfig } from '../../src/db/mikro-orm.config';
import { importCatalog } from '../../src/modules/catalog/catalog-import.service';

export const TEMPLATE_DATABASE = 'hub_template';

export default async function globalSetup(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-test-pg-'));
  const server = await startEmbeddedPostgres({ dataDir });
  const adminUrl = server.url.replace(/\/hub$/, '/postgres');
  const templateUrl = server.url.replace(/\/hub$/, `/${TEMPLATE_DATABASE}`);
  const { Client } = await import('pg');
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const orm = await MikroORM.init(createOrmConfig({ url: templateUrl, poolMax: 2 }));
  try {
    await orm.migrator.up();
    await importCatalog(orm.em.fork(), path.join(__dirname, '..', '..', 'catalog'));
  } finally {
    await orm.close();
  }
  // With one test file Jest runs it in this process: drop the ORM's global registry built here, or the
  // test's own entities would meet metadata objects from this (other) JavaScript realm.
  for (const key of Object.keys(globalThis)) {
    if (key.startsWith('mikro-orm-')) delete (globalThis as Record<string, unknown>)[key];
  }
  process.env.HUB_TEST_ADMIN_URL = adminUrl;
  process.env.HUB_TEST_DATA_DIR = dataDir;
  // Files the test files make for themselves (a calendar folder), removed with the run.
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-test-scratch-'));
  process.env.HUB_TEST_SCRATCH_DIR = scratchDir;
  (
    globalThis as { hubTestDatabase?: { stop(): Promise<void>; dataDir: string; scratchDir: string } }
  ).hubTestDatabase = {
    stop: server.stop,
    dataDir,
    scratchDir,
  };
}
