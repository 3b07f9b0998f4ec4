import path from 'node:path';

/** Everything the hub reads from its environment, parsed and validated in one place. */
export interface HubConfig {
  /** PostgreSQL URL; when absent the hub runs an embedded PostgreSQL in `dataDir`. */
  databaseUrl: string | undefined;
  /** Folder for the embedded database, demo keys and other local state. */
  dataDir: string;
  port: number;
  host: string;
  /** Folder holding the catalogue as data (units, items, editions). */
  catalogDir: string;
  /** Folder holding the working-day calendar, a file per year (by default `calendar` in `catalogDir`). */
  calendarDir: string;
  /** Create demo API keys on the first start of an empty database. */
  demoKeys: boolean;
  logLevel: string;
  /** Working days each step of a sharing request may take (domain §3 defaults: 2, 10, 10). */
  sharingDeadlines: {
    complianceCheckWorkingDays: number;
    providerReviewWorkingDays: number;
    rulingWorkingDays: number;
    catalogueNeedWorkingDays: number;
  };
  /** An upload that sends nothing for this long is cut off (its delivery lands nothing). */
  uploadIdleSeconds: number;
  /** The access ledger: how often entries are sealed, and how far behind sealing may fall before reads stop. */
  ledger: {
    sealIntervalMs: number;
    maxLagSeconds: number;
  };
}

export class ConfigError extends Error {}

function parsePort(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${name} must be a port number from 0 to 65535, got "${raw}"`);
  }
  return port;
}

function parseWorkingDays(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > 60)
    throw new ConfigError(`${name} must be a whole number of working days from 1 to 60, got "${raw}"`);
  return days;
}

function parseFlag(raw: string | undefined, fallback: boolean, name: string): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be 1 or 0, got "${raw}"`);
}

function parseWholeNumber(
  raw: string | undefined,
  fallback: number,
  name: string,
  min: number,
  max: number,
): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}

const projectRoot = path.resolve(
  __dirname,
  '..',
  path.basename(path.resolve(__dirname, '..')) === 'dist' ? '..' : '',
);

/** Reads the configuration from `env` (default: the process environment). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const catalogDir = path.resolve(env.HUB_CATALOG_DIR || path.join(projectRoot, 'catalog'));
  return {
    databaseUrl,
    dataDir: path.resolve(env.HUB_DATA_DIR || path.join(projectRoot, '.hub-data')),
    port: parsePort(env.PORT, 4000, 'PORT'),
    host: env.HOST || '0.0.0.0',
    catalogDir,
    calendarDir: path.resolve(env.HUB_CALENDAR_DIR || path.join(catalogDir, 'calendar')),
    demoKeys: parseFlag(env.HUB_DEMO_KEYS, true, 'HUB_DEMO_KEYS'),
    logLevel: env.LOG_LEVEL || 'info',
    sharingDeadlines: {
      complianceCheckWorkingDays: parseWorkingDays(
        env.HUB_COMPLIANCE_CHECK_DAYS,
        2,
        'HUB_COMPLIANCE_CHECK_DAYS',
      ),
      providerReviewWorkingDays: parseWorkingDays(
        env.HUB_PROVIDER_REVIEW_DAYS,
        10,
        'HUB_PROVIDER_REVIEW_DAYS',
      ),
      rulingWorkingDays: parseWorkingDays(env.HUB_RULING_DAYS, 10, 'HUB_RULING_DAYS'),
      catalogueNeedWorkingDays: parseWorkingDays(env.HUB_CATALOGUE_NEED_DAYS, 15, 'HUB_CATALOGUE_NEED_DAYS'),
    },
    uploadIdleSeconds: parseWholeNumber(env.HUB_UPLOAD_IDLE_SECONDS, 120, 'HUB_UPLOAD_IDLE_SECONDS', 1, 3600),
    ledger: {
      sealIntervalMs: parseWholeNumber(
        env.HUB_LEDGER_SEAL_INTERVAL_MS,
        1000,
        'HUB_LEDGER_SEAL_INTERVAL_MS',
        100,
        60_000,
      ),
      maxLagSeconds: parseWholeNumber(
        env.HUB_LEDGER_MAX_LAG_SECONDS,
        60,
        'HUB_LEDGER_MAX_LAG_SECONDS',
        1,
        86_400,
      ),
    },
  };
}

/** The project's root folder, whether running from `src/` (tests) or `dist/src/` (built). */
export const PROJECT_ROOT = projectRoot;
