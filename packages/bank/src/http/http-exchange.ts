/**
 * One HTTP round trip with Node's fetch, turned into a value: a response (any status, body
 * read as text) or a failure that says whether the request can have reached the server.
 */

/** The subset of `fetch` the adapters need; tests may pass their own. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type HttpFailureCause = 'timeout' | 'aborted' | 'connection';

export type HttpExchange =
  | { readonly kind: 'response'; readonly status: number; readonly contentType: string; readonly body: string }
  | {
      readonly kind: 'failed';
      readonly cause: HttpFailureCause;
      /** False only when nothing can have reached the server (refused connect, aborted before start). */
      readonly maybeSent: boolean;
      readonly detail: string;
    };

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

// Errors raised before a TCP connection exists: nothing was written to any socket.
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL', 'ENETUNREACH', 'EHOSTUNREACH']);

export async function exchange(fetchImpl: FetchLike, req: HttpRequest, signal: AbortSignal): Promise<HttpExchange> {
  if (signal.aborted) {
    return { kind: 'failed', cause: abortCause(signal), maybeSent: false, detail: 'signal aborted before the request started' };
  }
  try {
    const init: RequestInit = { method: req.method, signal, redirect: 'error' };
    if (req.headers !== undefined) init.headers = req.headers;
    if (req.body !== undefined) init.body = req.body;
    const res = await fetchImpl(req.url, init);
    const body = await res.text();
    return { kind: 'response', status: res.status, contentType: res.headers.get('content-type') ?? '', body };
  } catch (error) {
    if (signal.aborted) {
      return { kind: 'failed', cause: abortCause(signal), maybeSent: true, detail: describe(error) };
    }
    const code = errorCode(error);
    return {
      kind: 'failed',
      cause: 'connection',
      maybeSent: code === undefined || !NEVER_CONNECTED.has(code),
      detail: code ?? describe(error),
    };
  }
}

/** Distinguish our deadline (AbortSignal.timeout → TimeoutError) from a caller's abort. */
export function abortCause(signal: AbortSignal): 'timeout' | 'aborted' {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name === 'TimeoutError' ? 'timeout' : 'aborted';
}

function errorCode(error: unknown): string | undefined {
  // undici wraps socket errors: TypeError('fetch failed', { cause: { code } }), sometimes nested.
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e !== null && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ERR_INVALID_STATE') return code;
    const errors = (e as { errors?: unknown }).errors; // AggregateError from happy-eyeballs connects
    if (Array.isArray(errors) && errors.length > 0) {
      e = errors[0];
      continue;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : String(error).slice(0, 200);
}
