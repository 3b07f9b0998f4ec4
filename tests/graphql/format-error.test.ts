import { GraphQLError } from 'graphql';
import { AppError } from '../../src/errors/app-error';
import { createFormatError, isUnexpected, rootCause } from '../../src/errors/format-error';
import { loggableError } from '../../src/errors/loggable-error';

describe('formatError', () => {
  const formatError = createFormatError();

  it('masks an unexpected error: no message, stack or SQL reaches the client, but the log has it', () => {
    const failure = new Error(
      'insert into "catalog_item" ("name") values (\'张三 110105194912310025\') - duplicate key',
    );
    const wrapped = new GraphQLError(failure.message, { originalError: failure, path: ['catalogItems'] });
    const formatted = formatError({ message: failure.message, path: ['catalogItems'] }, wrapped);
    expect(formatted).toEqual({
      message: 'Internal server error',
      path: ['catalogItems'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    // It is logged (by the request plugin, with the request id), and the log gets its root cause.
    expect(isUnexpected(wrapped)).toBe(true);
    expect(rootCause(wrapped)).toBe(failure);
  });

  it('keeps an AppError’s code, message and problems', () => {
    const error = AppError.badInput('Item X is invalid', [{ path: '/code', message: 'bad' }]);
    const formatted = formatError(
      { message: error.message },
      new GraphQLError(error.message, { originalError: error }),
    );
    expect(formatted.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      problems: [{ path: '/code', message: 'bad' }],
    });
    expect(formatted.message).toBe('Item X is invalid');
    expect(isUnexpected(new GraphQLError(error.message, { originalError: error }))).toBe(false);
    expect(
      isUnexpected(new GraphQLError('bad field', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })),
    ).toBe(false);
  });
});

describe('loggableError', () => {
  it('keeps the class, driver code, constraint and stack frames, but not the message that may quote data', () => {
    const error = Object.assign(
      new Error('insert into "record" values (\'110105194912310025\') - duplicate key value'),
      {
        code: '23505',
        constraint: 'record_pkey',
        detail: 'Key (subject)=(110105194912310025) already exists.',
      },
    );
    const logged = loggableError(error);
    expect(logged).toMatchObject({ type: 'Error', code: '23505', constraint: 'record_pkey' });
    expect((logged.frames as string[]).length).toBeGreaterThan(0);
    expect(JSON.stringify(logged)).not.toContain('110105194912310025');
  });
});
