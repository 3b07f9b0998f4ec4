import { ErrorCode } from './error-code';

/** One thing wrong with an input: where (a path such as `fields[2].code`) and why. */
export interface Problem {
  path: string;
  message: string;
}

/**
 * A failure the client is meant to see. Services throw these; the GraphQL layer turns them into
 * errors with `extensions.code`. Messages never contain shared data.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly problems: Problem[] = [],
    /** More for `extensions`, e.g. `fields` naming the fields a grant does not cover. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  static unauthenticated(
    message = 'A valid API key is required: send "Authorization: Bearer <key>"',
  ): AppError {
    return new AppError(ErrorCode.UNAUTHENTICATED, message);
  }

  static forbidden(message = 'Not allowed for this API key'): AppError {
    return new AppError(ErrorCode.FORBIDDEN, message);
  }

  static notFound(what: string, key: string): AppError {
    return new AppError(ErrorCode.NOT_FOUND, `${what} "${key}" does not exist`);
  }

  static badInput(message: string, problems: Problem[] = []): AppError {
    return new AppError(ErrorCode.BAD_USER_INPUT, message, problems);
  }

  static conflict(message: string): AppError {
    return new AppError(ErrorCode.CONFLICT, message);
  }
}
