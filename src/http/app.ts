import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error';
import { createFormatError, isUnexpected, rootCause } from '../errors/format-error';
import { loggableError } from '../errors/loggable-error';
import type { HubContext, HubServices } from '../graphql/context';
import { createLoaders } from '../graphql/loaders';
import type { Logger } from '../logger';
import { shanghaiDate } from '../modules/calendar/working-calendar';
import { authenticate } from '../modules/identity/identity.service';
import { mountDeliveries } from './deliveries';
import { mountGraphiql } from './graphiql';

export const GRAPHQL_PATH = '/graphql';

/** Logs one line per operation: name, unit, outcome and time; never variables or results. */
function requestLogPlugin(logger: Logger): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (isUnexpected(error)) {
              logger.error(
                { error: loggableError(rootCause(error)), requestId: contextValue.requestId },
                'unexpected error',
              );
            }
          }
        },
        async willSendResponse({ operationName, errors, response }) {
          // The id of a request that failed unexpectedly goes to the client too, to match it with the log.
          if (response.body.kind === 'single') {
            for (const error of response.body.singleResult.errors ?? []) {
              if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') {
                (error as { extensions: Record<string, unknown> }).extensions.requestId =
                  contextValue.requestId;
              }
            }
          }
          logger.info(
            {
              requestId: contextValue.requestId,
              operation: operationName ?? undefined,
              unit: contextValue.viewer?.unitCode,
              errors: errors?.length ?? 0,
              ms: Number(process.hrtime.bigint() - started) / 1e6,
            },
            'graphql',
          );
        },
      };
    },
  };
}

/** The hub's HTTP application: GraphQL (POST, and GET for queries), GraphiQL for browsers, health. */
export async function createHubApp(
  orm: MikroORM,
  services: HubServices,
  logger: Logger,
): Promise<{ app: Express; apollo: ApolloServer<HubContext> }> {
  const apollo = new ApolloServer<HubContext>({
    // The data plane's schema changes when an edition is published: Apollo takes it as a "gateway".
    gateway: services.dataPlane.gateway(),
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(),
    // Compact JSON: Apollo's default indents every response, which doubles a large page.
    stringifyResult: (value) => JSON.stringify(value),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Cache hints are not used (every read is authorized and recorded); the plugin would wrap every field.
      ApolloServerPluginCacheControlDisabled(),
      requestLogPlugin(logger),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.get('/healthz', (_req, res) => {
    const calendar = services.calendar.endingSoon(shanghaiDate(new Date()));
    res.json(calendar ? { status: 'ok', warnings: [calendar] } : { status: 'ok' });
  });
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  mountGraphiql(app, GRAPHQL_PATH);
  mountDeliveries(app, orm, services, logger);
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: '32mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<HubContext> => {
        const requestId = randomUUID();
        res.setHeader('x-request-id', requestId);
        const em = orm.em.fork();
        try {
          const viewer = await authenticate(services.dataPlane.pool, req.headers.authorization);
          return { ...services, em, viewer, loaders: createLoaders(em), requestId };
        } catch (error) {
          if (error instanceof AppError) {
            throw new GraphQLError(error.message, {
              extensions: { code: error.code, http: { status: 401 } },
            });
          }
          throw error;
        }
      },
    }),
  );
  app.use((_req, res) => {
    res.status(404).json({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
  });
  // Express's own handler would print a stack trace: answer with a code, log the details.
  app.use((error: { type?: string; status?: number }, req: Request, res: Response, _next: NextFunction) => {
    if (error.type === 'entity.parse.failed') {
      res.status(400).json({
        errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
      });
    } else if (error.type === 'entity.too.large') {
      res.status(413).json({
        errors: [{ message: 'The request body is too large', extensions: { code: 'BAD_REQUEST' } }],
      });
    } else {
      logger.error({ error: loggableError(error), path: req.path }, 'unexpected HTTP error');
      // An answer already on its way cannot become a 500 (Express would throw ERR_HTTP_HEADERS_SENT).
      if (res.headersSent) return;
      res.status(500).json({
        errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      });
    }
  });
  return { app, apollo };
}
