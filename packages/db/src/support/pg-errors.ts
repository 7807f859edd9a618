/** The SQLSTATE of a pg error, if it is one. */
export function sqlState(err: unknown): string | undefined {
  const code: unknown = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Deadlock or serialization failure: running the same work again is expected to succeed. */
export function isRetryableConflict(err: unknown): boolean {
  const s = sqlState(err);
  return s === '40001' || s === '40P01';
}

/** A data or constraint error caused by the rows themselves (class 22 or 23). */
export function isRowDataError(err: unknown): boolean {
  const s = sqlState(err);
  return s !== undefined && (s.startsWith('22') || s.startsWith('23'));
}

/** A unique violation, optionally on a given constraint or index. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (sqlState(err) !== '23505') return false;
  return constraint === undefined || (err as { constraint?: unknown }).constraint === constraint;
}

/**
 * An error safe to log: pg errors carry `detail` ("Failing row contains (…)") and `where`,
 * which can hold whole rows — account numbers included. Keep only what identifies the failure.
 */
export function describeDbError(err: unknown): { message: string; code?: string; constraint?: string; table?: string } {
  if (!(err instanceof Error)) return { message: String(err) };
  const e = err as Error & { code?: unknown; constraint?: unknown; table?: unknown };
  return {
    message: e.message,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.constraint === 'string' ? { constraint: e.constraint } : {}),
    ...(typeof e.table === 'string' ? { table: e.table } : {}),
  };
}

/** Node socket errors that mean the server could not be reached or the connection broke. */
const CONNECTION_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** pg and pg-pool say these in plain text, with no code. */
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'is not queryable',
  'Client has encountered a connection error',
  'timeout exceeded when trying to connect',
  'Connection timeout',
  'terminating connection',
  'the database system is',
  'Cannot use a pool after calling end',
];

/**
 * The database is unreachable or the connection broke (server restart, failover, network):
 * the statement did not run or its transaction was rolled back by the server, so running the
 * same work again later is safe for any work that is safe to retry after a rollback.
 * Class 08 (connection exception), 57P01–57P03 (shutdown, crash, cannot connect now),
 * 53300 (too many connections), socket errors, and pg's own "Connection terminated…".
 */
export function isDbUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const s = sqlState(err);
  if (s !== undefined) return s.startsWith('08') || s === '57P01' || s === '57P02' || s === '57P03' || s === '53300';
  const code: unknown = (err as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_ERRNOS.has(code)) return true;
  if (CONNECTION_MESSAGES.some((m) => err.message.includes(m))) return true;
  // AggregateError (a host with several addresses, all refused) and errors wrapping a cause.
  const { errors, cause } = err as { errors?: unknown; cause?: unknown };
  const nested: unknown[] = [...(Array.isArray(errors) ? (errors as unknown[]) : []), cause];
  return nested.some((e) => e !== err && isDbUnavailable(e));
}
