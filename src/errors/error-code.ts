import { registerEnumType } from 'type-graphql';

/** Every code a client can find in `errors[].extensions.code`. */
export enum ErrorCode {
  /** No API key, an unknown key or a revoked key. */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** The key is valid but its unit or roles may not do this. */
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  /** An argument is malformed or breaks a catalogue rule; `extensions.problems` lists each. */
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  /** The request clashes with what exists (a duplicate code, a second draft). */
  CONFLICT = 'CONFLICT',
  /** The edition is published (or not a draft) and cannot be changed. */
  EDITION_NOT_DRAFT = 'EDITION_NOT_DRAFT',
  /** Publishing a draft that changes nothing. */
  EMPTY_EDITION = 'EMPTY_EDITION',
  /** The HTTP body is in a format the door does not take. */
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  /** The GraphQL document itself is invalid (unknown field, bad enum value …). */
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  /**
   * The access ledger is not keeping up (entries wait longer than the configured limit to be sealed):
   * data reads are refused until it does, so that no read goes unrecorded.
   */
  LEDGER_UNAVAILABLE = 'LEDGER_UNAVAILABLE',
  /** Anything unexpected; details stay in the server log under `extensions.requestId`. */
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

registerEnumType(ErrorCode, {
  name: 'ErrorCode',
  description: 'The codes found in errors[].extensions.code',
});
