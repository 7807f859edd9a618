import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { ErrorCode } from '@payout/domain';
import { PROBLEM_CONTENT_TYPE, problemBody } from './problem.ts';

/**
 * What the HTTP parser refuses before Fastify has a request (Node's `clientError`): a CR, LF or
 * NUL in a header, conflicting Content-Length headers, headers over 16 KiB, a request that does
 * not arrive in time. Answered as problem+json with a registry code, then the socket is closed
 * (the byte stream cannot be trusted after a parse error).
 */
export function clientErrorAnswer(err: NodeJS.ErrnoException): { code: ErrorCode; detail: string } {
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { code: 'PAYOUT_E_REQUEST_TIMEOUT', detail: 'the request did not arrive completely in time; nothing was stored' };
    case 'HPE_HEADER_OVERFLOW':
      return { code: 'PAYOUT_E_HEADERS_TOO_LARGE', detail: 'the request line and headers are larger than 16 KiB' };
    case 'HPE_INVALID_HEADER_TOKEN':
      return {
        code: 'PAYOUT_E_MALFORMED_REQUEST',
        detail: 'a header name or value holds a character HTTP does not allow (CR, LF, NUL or another control character)',
      };
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'HPE_INVALID_CONTENT_LENGTH':
      return {
        code: 'PAYOUT_E_MALFORMED_REQUEST',
        detail: 'Content-Length is invalid, repeated with another value, or sent with Transfer-Encoding',
      };
    default:
      return {
        code: 'PAYOUT_E_MALFORMED_REQUEST',
        detail: `the request is not valid HTTP (${String(err.code ?? 'parse error').slice(0, 40)})`,
      };
  }
}

export function makeClientErrorHandler(logger: Logger) {
  return (err: NodeJS.ErrnoException, socket: Socket): void => {
    // A reset connection has nobody to answer.
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const { code, detail } = clientErrorAnswer(err);
    const requestId = randomUUID();
    const body = JSON.stringify(problemBody(code, detail, requestId));
    logger.info({ code, parserError: err.code, requestId }, 'request refused by the HTTP parser');
    if (socket.writable) {
      const status = problemBody(code, detail, requestId).status;
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Bad Request'}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nx-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/**
 * The methods each registered path answers, for a 405 with `Allow` instead of a 404 when the
 * path exists under another method. Fed by an `onRoute` hook.
 */
export class RouteMethods {
  private readonly routes: { readonly pattern: RegExp; readonly methods: Set<string> }[] = [];
  private readonly byUrl = new Map<string, Set<string>>();

  add(url: string, method: string | readonly string[]): void {
    let methods = this.byUrl.get(url);
    if (methods === undefined) {
      methods = new Set();
      this.byUrl.set(url, methods);
      this.routes.push({ pattern: patternOf(url), methods });
    }
    for (const m of typeof method === 'string' ? [method] : method) methods.add(m.toUpperCase());
  }

  /** The methods `path` (no query string) answers under any route; empty when no route has it. */
  allowed(path: string): readonly string[] {
    const out = new Set<string>();
    for (const r of this.routes) if (r.pattern.test(path)) for (const m of r.methods) out.add(m);
    return [...out].sort();
  }
}

/** Fastify route syntax (`/v1/payouts/:id`, `:id(^\\d+)`, `*`) as an anchored regular expression. */
function patternOf(url: string): RegExp {
  const parts = url.split('/').map((seg) => {
    if (seg === '*') return '.*';
    if (seg.startsWith(':')) return '[^/]+';
    return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${parts.join('/')}/?$`);
}
