/**
 * What of an unexpected error goes to the log: its class, driver codes, constraint and stack frames.
 * Not its message or detail: database and driver messages can quote SQL parameters, i.e. shared data.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const fields = error as Error & {
    code?: unknown;
    constraint?: unknown;
    table?: unknown;
    column?: unknown;
    routine?: unknown;
  };
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 15)
    .map((line) => line.trim());
  const logged: Record<string, unknown> = { type: error.name, frames };
  for (const key of ['code', 'constraint', 'table', 'column', 'routine'] as const) {
    if (typeof fields[key] === 'string') logged[key] = fields[key];
  }
  return logged;
}
