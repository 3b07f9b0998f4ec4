/** `npm run hub -- <command>`: the command-line tool for integrators and administrators. */
import 'reflect-metadata';
import { Command, InvalidArgumentError, Option } from 'commander';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { AppError } from '../errors/app-error';
import { CatalogFilesInvalid, readCatalogFolder } from '../modules/catalog/catalog-files';
import { Role } from '../modules/identity/api-key.entity';
import { createApiKey, listApiKeys, revokeApiKey } from '../modules/identity/identity.service';
import { Pool } from 'pg';
import { sealPending, verifyLedger } from '../modules/ledger/ledger.service';
import { withDatabase } from './database';
import { deliverFile, type DeliverOptions } from './deliver';

const program = new Command('hub')
  .description(
    '涉税信息共享平台 command-line tool. Uses DATABASE_URL, or the embedded database in HUB_DATA_DIR (default .hub-data/).',
  )
  .showHelpAfterError();

function parseRole(value: string, previous: Role[] = []): Role[] {
  const role = value.toUpperCase();
  if (!Object.values(Role).includes(role as Role)) {
    throw new InvalidArgumentError(`unknown role "${value}"; roles are ${Object.values(Role).join(', ')}`);
  }
  return [...previous, role as Role];
}

const apikey = program.command('apikey').description('Create, list and revoke API keys');

apikey
  .command('create')
  .description('Create a key for a unit; the key is printed once and only its hash is kept')
  .requiredOption('--unit <code>', 'unit the key acts for, e.g. LYG-AMR')
  .requiredOption('--name <label>', 'who or what holds the key, e.g. "市场监管局数据交换服务"')
  .addOption(
    new Option('--role <role...>', `one or more of ${Object.values(Role).join(', ')}`)
      .argParser(parseRole)
      .makeOptionMandatory(),
  )
  .option('--json', 'print the result as JSON')
  .action(async (options: { unit: string; name: string; role: Role[]; json?: boolean }) => {
    const created = await withDatabase((orm) =>
      createApiKey(orm.em.fork(), { unitCode: options.unit, name: options.name, roles: options.role }),
    );
    if (options.json) {
      console.log(JSON.stringify(created));
      return;
    }
    console.log(
      `Created API key ${created.id} for ${created.unitCode} with roles ${created.roles.join(', ')}.`,
    );
    console.log('The key is shown this once; store it now. Send it as "Authorization: Bearer <key>".');
    console.log(created.key);
  });

apikey
  .command('list')
  .description('List keys (never the keys themselves)')
  .option('--json', 'print the result as JSON')
  .action(async (options: { json?: boolean }) => {
    const keys = await withDatabase(async (orm) =>
      (await listApiKeys(orm.em.fork())).map((key) => ({
        id: key.id,
        unitCode: key.unit.code,
        roles: key.roles,
        name: key.name,
        createdAt: key.createdAt.toISOString(),
        revokedAt: key.revokedAt?.toISOString() ?? null,
      })),
    );
    if (options.json) {
      console.log(JSON.stringify(keys, null, 2));
      return;
    }
    if (keys.length === 0) console.log('No API keys.');
    for (const key of keys) {
      const state = key.revokedAt ? `revoked ${key.revokedAt}` : 'active';
      console.log(
        `${key.id}  ${key.unitCode.padEnd(14)} ${key.roles.join(',').padEnd(26)} ${state.padEnd(8)}  ${key.name}`,
      );
    }
  });

apikey
  .command('revoke <id>')
  .description('Revoke a key at once: its next request is refused')
  .action(async (id: string) => {
    await withDatabase((orm) => revokeApiKey(orm.em.fork(), id));
    console.log(`Revoked API key ${id}.`);
  });

program
  .command('deliver <file>')
  .description('Deliver a CSV (header row) or NDJSON file of records to the running hub, with a progress bar')
  .requiredOption('--item <code>', 'catalogue item code, e.g. LYG-A1-17-001')
  .option('--mode <mode>', 'STRICT (one bad row rejects all) or PARTIAL (valid rows land)', 'STRICT')
  .option('--period <label>', 'period covered, e.g. 2026-10; default: the last period that has ended')
  .option('--charset <charset>', 'utf-8 or gbk; default: detected')
  .option('--idempotency-key <key>', 'default: derived from the file’s SHA-256, item and period')
  .option('--url <url>', 'the hub', process.env.HUB_URL ?? `http://localhost:${process.env.PORT ?? 4000}`)
  // No default value from the environment: commander would print the secret in --help and usage errors.
  .option('--key <key>', 'API key of a PROVIDER (default: $HUB_API_KEY, which keeps it out of shell history)')
  .action(async (file: string, options: Omit<DeliverOptions, 'file'>) => {
    const key = options.key ?? process.env.HUB_API_KEY;
    if (!key) throw new ConfigError('give an API key with --key or HUB_API_KEY');
    process.exitCode = await deliverFile({ ...options, key, file });
  });

program
  .command('ledger')
  .description('The access ledger')
  .command('verify')
  .description(
    'Recompute the access ledger’s hash chain; exit code 1 when any entry was changed, removed or moved',
  )
  .action(async () => {
    const result = await withDatabase(async (orm) => {
      const pool = new Pool({ connectionString: orm.config.get('clientUrl'), max: 1 });
      try {
        await sealPending(pool);
        return await verifyLedger(pool);
      } finally {
        await pool.end();
      }
    });
    if (result.ok)
      console.log(
        `The access ledger holds: ${result.checkedEntries} sealed entries verified, ${result.unsealedEntries} not yet sealed.`,
      );
    else
      console.error(
        `The access ledger is BROKEN at entry ${result.firstBrokenEntry}: an entry there was changed, removed or moved (${result.checkedEntries} entries before it hold).`,
      );
    process.exitCode = result.ok ? 0 : 1;
  });

program
  .command('catalog-validate')
  .description('Check a catalogue folder (JSON Schema and cross-file rules) without importing it')
  .option('--dir <folder>', 'the catalogue folder', '')
  .action((options: { dir: string }) => {
    const folder = options.dir ? path.resolve(options.dir) : loadConfig().catalogDir;
    const source = readCatalogFolder(folder);
    const items = source.editions.reduce((count, edition) => count + edition.items.length, 0);
    console.log(
      `${folder} is valid: ${source.units.length} units, ${source.editions.length} editions, ${items} items, ` +
        `${source.annexCategories.length} annex categories, ${source.assistanceTaskTypes.length} assistance task types.`,
    );
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof AppError || error instanceof ConfigError) console.error(`Error: ${error.message}`);
  else if (error instanceof CatalogFilesInvalid) console.error(error.message);
  else if (error instanceof TypeError && error.message === 'fetch failed') {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    console.error(
      `Error: cannot reach the hub (${cause?.code ?? cause?.message ?? 'no answer'}); is it running (npm start), and is --url right?`,
    );
  } else if (process.env.DEBUG) console.error(error);
  else console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
