/**
 * `npm run migration:create [-- --name <name>]`: diffs the entities against the committed migrations on a
 * throw-away embedded PostgreSQL, writes the new migration and snapshot, and lists it in migrations/index.ts.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { createOrmConfig } from './mikro-orm.config';

function writeMigrationIndex(folder: string): string[] {
  const names = fs
    .readdirSync(folder)
    .filter((file) => /^Migration\d{14}(_\w+)?\.ts$/.test(file))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
  const imports = names.map((name) => `import { ${name} } from './${name}';`).join('\n');
  const entries = names.map((name) => `  { name: '${name}', class: ${name} },`).join('\n');
  fs.writeFileSync(
    path.join(folder, 'index.ts'),
    `import type { MigrationObject } from '@mikro-orm/core';\n${imports}\n\n` +
      `/** The migrations in the order they run; \`npm run migration:create\` appends to this list. */\n` +
      `export const migrationsList: MigrationObject[] = [\n${entries}\n];\n`,
  );
  return names;
}

async function main(): Promise<void> {
  const nameIndex = process.argv.indexOf('--name');
  const name = nameIndex > 0 ? process.argv[nameIndex + 1] : undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-migration-'));
  const server = await startEmbeddedPostgres({ dataDir });
  try {
    const orm = await MikroORM.init(createOrmConfig({ url: server.url }));
    try {
      await orm.migrator.up();
      const result = await orm.migrator.createMigration(undefined, false, false, name);
      if (!result.fileName) {
        process.stdout.write('No changes: the entities match the committed migrations.\n');
        return;
      }
      const names = writeMigrationIndex(path.join(PROJECT_ROOT, 'migrations'));
      process.stdout.write(`Wrote migrations/${result.fileName}; ${names.length} migrations listed.\n`);
      process.stdout.write('Review it, then `npm run build` before starting the hub.\n');
    } finally {
      await orm.close();
    }
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
