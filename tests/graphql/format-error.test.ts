import { GraphQLError } from 'graphql';
import { AppError } from '../../src/errors/app-error';
import { createFormatError } from '../../src/errors/format-error';

describe('formatError', () => {
  const logged: unknown[] = [];
  const formatError = createFormatError((error) => logged.push(error));

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
    expect(logged).toContain(failure);
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
  });
});
