import type { GraphQLFormattedError } from 'graphql';
import { AppError } from './app-error';
import { ErrorCode } from './error-code';

/** Codes that graphql-js and Apollo produce for malformed requests; their messages describe the request only. */
const REQUEST_ERROR_CODES = new Set<string>([
  ErrorCode.GRAPHQL_VALIDATION_FAILED,
  ErrorCode.GRAPHQL_PARSE_FAILED,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.UNAUTHENTICATED,
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** The AppError behind a GraphQL error (resolvers, shield and context wrap what they throw). */
function appErrorIn(error: unknown): AppError | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof AppError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/** The innermost error, which carries the real stack. */
export function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5 && (current as { originalError?: unknown })?.originalError; depth += 1) {
    current = (current as { originalError: unknown }).originalError;
  }
  return current;
}

/** True for an error the client was not meant to see: it is masked, and logged with the request id. */
export function isUnexpected(error: { extensions?: Record<string, unknown> } & object): boolean {
  if (appErrorIn(error)) return false;
  const code = error.extensions?.code;
  return !(typeof code === 'string' && REQUEST_ERROR_CODES.has(code));
}

/**
 * Shapes every error a client sees: AppErrors keep their code and message, request errors pass through,
 * anything else becomes INTERNAL_SERVER_ERROR with no stack, SQL or data, logged under a request id.
 */
export function createFormatError() {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = appErrorIn(error) ?? error;
    if (original instanceof AppError) {
      const extensions: Record<string, unknown> = { code: original.code };
      if (original.problems.length > 0) extensions.problems = original.problems;
      Object.assign(extensions, original.details);
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions };
    }
    const code = formatted.extensions?.code;
    // Apollo and graphql-js give these codes to errors about the request itself, never to a thrown Error.
    if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
      return { message: formatted.message, locations: formatted.locations, extensions: { code } };
    }
    return {
      message: 'Internal server error',
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
