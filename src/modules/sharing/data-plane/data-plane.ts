import type {
  GatewayExecutor,
  GatewayInterface,
  GatewayUnsubscriber,
} from '@apollo/server-gateway-interface';
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  type ExecutionResult,
  GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type OperationDefinitionNode,
  Kind,
  execute,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import { randomBytes } from 'node:crypto';
import { Client, type Pool } from 'pg';
import { ErrorCode } from '../../../errors/error-code';
import { loggableError } from '../../../errors/loggable-error';
import type { Logger } from '../../../logger';
import { LedgerWriter } from '../../ledger/ledger.service';
import type { Purpose } from '../sharing.enums';
import { CursorSealer } from './cursor-sealer';
import { loadPlaneCatalog, type PlaneCatalog } from './plane-catalog';
import { withDataPlane } from './plane-schema';
import type { DataPlaneRuntime, ReadContext } from './authorize';
import { DATA_PLANE_ROOT_FIELDS } from './selection';
import { readShared, resolveItemField, type SharedDataValue } from './shared-reader';

/** The channel a hub process announces a newly published edition on. */
export const CATALOG_CHANNEL = 'hub_catalog_published';

/** Root fields served by the compiled executor; everything else runs through graphql-js with shield. */
const COMPILED_ROOT_FIELDS = new Set([...DATA_PLANE_ROOT_FIELDS, '__typename']);
const COMPILED_CACHE_SIZE = 500;
const CATALOG_CHECK_MS = 30_000;

export interface DataPlaneOptions {
  orm: MikroORM;
  pool: Pool;
  databaseUrl: string;
  logger: Logger;
  maxLedgerLagSeconds: number;
  ledgerEnabled?: boolean;
}

/** The key HASH masking uses: made once per database, so every hub process masks alike. */
export async function loadMaskingKey(pool: Pool): Promise<string> {
  await pool.query(
    `insert into hub_setting (name, value) values ('masking_key', $1) on conflict (name) do nothing`,
    [randomBytes(32).toString('hex')],
  );
  const { rows } = await pool.query<{ value: string }>(
    `select value from hub_setting where name = 'masking_key'`,
  );
  return rows[0].value;
}

/**
 * graphql-jit builds its errors without graphql-js's constructor (no `extensions` object, which Apollo's
 * error formatting reads); rebuild them as graphql-js errors.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  // Without a path or a cause it is about the request itself (e.g. a variable of the wrong type).
  const aboutRequest = !error.path && !error.originalError;
  const converted = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions ?? (aboutRequest ? { code: ErrorCode.BAD_USER_INPUT } : {}),
  });
  Object.defineProperty(converted, 'locations', { value: error.locations, enumerable: true });
  return converted;
}

function isCompiledOperation(operation: OperationDefinitionNode): boolean {
  return (
    operation.operation === 'query' &&
    operation.selectionSet.selections.every(
      (selection) => selection.kind === Kind.FIELD && COMPILED_ROOT_FIELDS.has(selection.name.value),
    )
  );
}

/**
 * The typed data plane's live schema. Holds the published catalogue, builds the schema from it, and
 * rebuilds it when any hub process publishes an edition (PostgreSQL LISTEN/NOTIFY), so Apollo serves
 * the new item types without a restart. Also Apollo's executor: data-plane queries run compiled by
 * graphql-jit (cached per schema and query), the rest through graphql-js.
 */
export class DataPlane implements DataPlaneRuntime {
  readonly pool: Pool;
  readonly maxLedgerLagSeconds: number;
  readonly ledger: LedgerWriter | null;
  maskingKey = '';
  cursors!: CursorSealer;
  private planeCatalog!: PlaneCatalog;
  private schema!: GraphQLSchema;
  private readonly listeners = new Set<(schema: GraphQLSchema) => void>();
  private readonly compiled = new WeakMap<GraphQLSchema, Map<string, CompiledQuery>>();
  /** Data-plane queries seen once (bounded): the second time, they are compiled. */
  private readonly seenOnce = new Set<string>();
  private listener: Client | undefined;
  private stopped = false;
  private refreshing: Promise<boolean> = Promise.resolve(false);
  private checkTimer: NodeJS.Timeout | undefined;
  private editions = '';
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly base: GraphQLSchema,
    private readonly options: DataPlaneOptions,
  ) {
    this.pool = options.pool;
    this.maxLedgerLagSeconds = options.maxLedgerLagSeconds;
    this.ledger = options.ledgerEnabled === false ? null : new LedgerWriter(options.pool);
  }

  get catalog(): PlaneCatalog {
    return this.planeCatalog;
  }

  /** Loads the catalogue and the masking key, and starts listening for published editions. */
  async start(): Promise<void> {
    this.maskingKey = await loadMaskingKey(this.pool);
    this.cursors = new CursorSealer(this.maskingKey);
    // Listen before loading: an edition published in between is then heard, not missed.
    await this.listen();
    await this.refresh();
    // Should a notification be lost (a proxy that drops LISTEN, a reconnect gap), a periodic check catches up.
    this.checkTimer = setInterval(() => {
      this.refreshIfEditionsChanged().catch((error: unknown) =>
        this.options.logger.warn({ error: loggableError(error) }, 'catalogue check failed'),
      );
    }, CATALOG_CHECK_MS);
    this.checkTimer.unref();
  }

  /** Rebuilds the schema when the published catalogue changed; returns whether it did. One at a time. */
  refresh(): Promise<boolean> {
    const next = this.refreshing.then(() => this.rebuild());
    this.refreshing = next.catch(() => false);
    return next;
  }

  /** The current editions, cheaply: the full catalogue is loaded only when they changed. */
  private async currentEditions(): Promise<string> {
    const { rows } = await this.pool.query<{ codes: string | null }>(
      `select string_agg(code, ',' order by code) as codes from catalog_edition where status = 'PUBLISHED'`,
    );
    return rows[0].codes ?? '';
  }

  private async refreshIfEditionsChanged(): Promise<void> {
    if ((await this.currentEditions()) !== this.editions) await this.refresh();
  }

  private async rebuild(): Promise<boolean> {
    const editions = await this.currentEditions();
    const catalog = await loadPlaneCatalog(this.options.orm.em.fork());
    // Remembered only once loaded: a failed load is retried by the next periodic check.
    this.editions = editions;
    if (this.planeCatalog && catalog.version === this.planeCatalog.version) return false;
    this.planeCatalog = catalog;
    this.schema = withDataPlane(this.base, catalog, {
      shared: ((_source, args: { purpose: Purpose }, context: ReadContext, info) =>
        readShared(context, args.purpose, info, catalog)) as GraphQLFieldResolver<unknown, unknown>,
      item: ((source: SharedDataValue, _args, _context, info) =>
        resolveItemField(source, info)) as GraphQLFieldResolver<unknown, unknown>,
    });
    for (const listener of this.listeners) listener(this.schema);
    this.options.logger.info(
      { items: catalog.items.length, version: catalog.version.slice(0, 12) },
      'data plane schema built',
    );
    return true;
  }

  /** A dedicated connection LISTENs for published editions; it reconnects (and refreshes) when lost. */
  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.options.databaseUrl });
    const retry = () => {
      if (this.stopped || this.listener !== client) return;
      this.listener = undefined;
      client.end().catch(() => undefined);
      this.reconnectTimer = setTimeout(() => {
        this.listen()
          .then(() => this.refresh())
          .catch((error: unknown) =>
            this.options.logger.warn({ error: loggableError(error) }, 'catalogue listener failed'),
          );
      }, 1000);
      this.reconnectTimer.unref();
    };
    client.on('error', retry);
    client.on('end', retry);
    client.on('notification', () => {
      this.refresh().catch((error: unknown) =>
        this.options.logger.error({ error: loggableError(error) }, 'data plane schema refresh failed'),
      );
    });
    this.listener = client;
    try {
      await client.connect();
      await client.query(`listen ${CATALOG_CHANNEL}`);
    } catch (error) {
      retry();
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.checkTimer);
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
  }

  private readonly executor: GatewayExecutor = async (request) => {
    const { schema, document, operationName, operation } = request;
    const variables = request.request.variables ?? {};
    let cache = this.compiled.get(schema);
    if (!cache) this.compiled.set(schema, (cache = new Map()));
    const key = `${request.queryHash}:${operationName ?? ''}`;
    let query = cache.get(key);
    // A query is compiled when it comes back: one-off documents (and floods of them) cost no code generation.
    if (!query && isCompiledOperation(operation) && this.seenOnce.has(key)) {
      const compiled = compileQuery(schema, document, operationName ?? undefined);
      if (isCompiledQuery(compiled)) {
        if (cache.size >= COMPILED_CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(key, (query = compiled));
      }
    }
    if (!query) {
      if (isCompiledOperation(operation)) this.remember(key);
      return (await execute({
        schema,
        document,
        operationName,
        contextValue: request.context,
        variableValues: variables,
      })) as ExecutionResult;
    }
    const result = (await query.query(undefined, request.context, variables)) as ExecutionResult;
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  };

  private remember(key: string): void {
    if (this.seenOnce.size >= COMPILED_CACHE_SIZE * 4)
      this.seenOnce.delete(this.seenOnce.values().next().value!);
    this.seenOnce.add(key);
  }

  /** Apollo's gateway interface: hands over the schema now and on every change, and the executor. */
  gateway(): GatewayInterface {
    return {
      load: async () => ({ executor: this.executor }),
      onSchemaLoadOrUpdate: (callback): GatewayUnsubscriber => {
        const listener = (schema: GraphQLSchema) => callback({ apiSchema: schema, coreSupergraphSdl: '' });
        this.listeners.add(listener);
        listener(this.schema);
        return () => this.listeners.delete(listener);
      },
      stop: async () => undefined,
    };
  }
}
