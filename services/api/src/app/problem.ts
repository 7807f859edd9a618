import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ERROR_CODES, isPayoutError, type ErrorCode } from '@payout/domain';
import { isDbUnavailable } from '@payout/db';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** Seconds a client waits before retrying a 503 (a Postgres restart or failover takes a few). */
export const RETRY_AFTER_SECONDS = 2;

/** RFC 9457 problem details with the registry code. */
export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'urn:payout-worker:error:<code>; see docs/errors.md' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().meta({ description: 'Stable PAYOUT_E_… code from the error registry.' }),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .meta({ description: 'RFC 9457 problem details' });

export type Problem = z.infer<typeof problemSchema>;

/** The response entry routes use to document their problem answers. */
export const problemResponse = (description: string) => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } } });

export function problemBody(code: ErrorCode, detail: string, requestId: string, errors?: unknown): Problem {
  const info = ERROR_CODES[code];
  return {
    type: `urn:payout-worker:error:${code}`,
    title: info.title,
    status: info.httpStatus,
    detail,
    code,
    requestId,
    ...(Array.isArray(errors) && errors.length > 0 ? { errors: errors as NonNullable<Problem['errors']> } : {}),
  };
}

/** Fastify's own errors (body parsing, limits, router) mapped to registry codes. */
function fromFastifyError(err: FastifyError): { code: ErrorCode; detail: string } | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'PAYOUT_E_PAYLOAD_TOO_LARGE', detail: 'the request body is larger than the limit' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'PAYOUT_E_UNSUPPORTED_MEDIA_TYPE', detail: 'send the body as application/json' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'PAYOUT_E_VALIDATION', detail: 'the JSON body is empty' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: 'PAYOUT_E_VALIDATION', detail: 'the body is not valid JSON' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { code: 'PAYOUT_E_MALFORMED_REQUEST', detail: 'the body length does not match Content-Length' };
    case 'FST_ERR_BAD_URL':
      return { code: 'PAYOUT_E_MALFORMED_REQUEST', detail: 'the URL is not valid (a broken percent-encoding)' };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { code: 'PAYOUT_E_URI_TOO_LONG', detail: 'a path segment is longer than any id this API issues (100 characters)' };
    default:
      break;
  }
  const status = err.statusCode ?? 500;
  if (status === 404) return { code: 'PAYOUT_E_NOT_FOUND', detail: 'not found' };
  if (status === 405) return { code: 'PAYOUT_E_METHOD_NOT_ALLOWED', detail: 'method not allowed' };
  if (status === 408) return { code: 'PAYOUT_E_REQUEST_TIMEOUT', detail: 'the request did not arrive in time' };
  if (status === 413) return { code: 'PAYOUT_E_PAYLOAD_TOO_LARGE', detail: 'the request is larger than the limit' };
  if (status === 414) return { code: 'PAYOUT_E_URI_TOO_LONG', detail: 'the URL is too long' };
  if (status === 415) return { code: 'PAYOUT_E_UNSUPPORTED_MEDIA_TYPE', detail: 'unsupported media type' };
  if (status === 431) return { code: 'PAYOUT_E_HEADERS_TOO_LARGE', detail: 'the request headers are too large' };
  if (status >= 400 && status < 500)
    return { code: 'PAYOUT_E_VALIDATION', detail: err instanceof SyntaxError ? 'the body is not valid JSON' : 'the request is malformed' };
  return undefined;
}

/**
 * The one error handler: every error leaves as problem+json with a registry code. Invalid
 * input never reaches the database, so a rejected request has changed nothing. Internal
 * errors are logged (without driver details that could hold row data) and answered without
 * internals.
 */
export function sendProblem(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  let code: ErrorCode;
  let detail: string;
  let errors: unknown;
  if (isPayoutError(err)) {
    code = err.code;
    detail = err.message;
    errors = err.details?.['errors'];
  } else if (isDbUnavailable(err)) {
    // Routine (restart, failover): a retryable answer, not an internal error.
    code = 'PAYOUT_E_DATABASE_UNAVAILABLE';
    detail =
      'the database is unavailable; nothing was changed by this request unless a retry with the same Idempotency-Key says so; retry after Retry-After seconds';
    req.log.warn({ dbError: safeError(err), code }, 'database unavailable');
  } else {
    const mapped = err instanceof Error ? fromFastifyError(err as FastifyError) : undefined;
    if (mapped === undefined) {
      code = 'PAYOUT_E_INTERNAL';
      detail = 'internal error; the request id identifies it in the logs';
      req.log.error({ err: safeError(err), code }, 'request failed');
    } else {
      ({ code, detail } = mapped);
    }
  }
  const body = problemBody(code, detail, String(req.id), errors);
  if (body.status < 500) req.log.info({ code, status: body.status }, 'request refused');
  if (code === 'PAYOUT_E_UNAUTHORIZED') void reply.header('www-authenticate', 'Bearer');
  if (body.status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

/** An error description without pg's `detail`/`where` (they can contain whole rows). */
export function safeError(err: unknown): { type: string; message: string; code?: string; stack?: string } {
  if (!(err instanceof Error)) return { type: typeof err, message: String(err).slice(0, 200) };
  const code: unknown = (err as { code?: unknown }).code;
  return {
    type: err.name,
    message: err.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(err.stack === undefined ? {} : { stack: err.stack }),
  };
}
