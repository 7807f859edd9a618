import { isErrorCode, PayoutError } from '@payout/domain';

/** The subset of fetch the CLI uses (tests pass a fake). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** A refusal from the API (problem+json), kept apart from connection failures. */
export class ApiProblem extends Error {
  readonly code: string;
  readonly status: number;
  readonly requestId: string | undefined;

  constructor(code: string, status: number, detail: string, requestId: string | undefined) {
    super(detail);
    this.name = 'ApiProblem';
    this.code = code;
    this.status = status;
    this.requestId = requestId;
  }
}

export interface OpsApiClient {
  get(path: string, query?: Readonly<Record<string, string | readonly string[] | undefined>>): Promise<Record<string, unknown>>;
  post(path: string, body: unknown): Promise<Record<string, unknown>>;
}

/**
 * Talks to the ops API with the person's API key: the API authenticates the key, knows the
 * person and role behind it, checks the rules and writes the audit row. The CLI never
 * touches the database for ops, so it cannot act anonymously or skip a rule.
 */
export function createOpsApiClient(opts: {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly fetch: FetchLike;
  readonly timeoutMs?: number;
}): OpsApiClient {
  const base = opts.baseUrl.replace(/\/+$/, '');
  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = { authorization: `Bearer ${opts.apiKey}`, accept: 'application/json' };
    const init: RequestInit = { method, headers, signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000) };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res: Response;
    try {
      res = await opts.fetch(`${base}${path}`, init);
    } catch (err) {
      const why = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      throw new PayoutError('PAYOUT_E_INTERNAL', `cannot reach the API at ${base} (${why})`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text.length === 0 ? {} : JSON.parse(text);
    } catch {
      throw new PayoutError('PAYOUT_E_INTERNAL', `the API answered HTTP ${res.status} with a body that is not JSON`);
    }
    if (!res.ok) {
      const p = (json ?? {}) as { code?: unknown; detail?: unknown; requestId?: unknown };
      const code = typeof p.code === 'string' && isErrorCode(p.code) ? p.code : 'PAYOUT_E_INTERNAL';
      throw new ApiProblem(
        code,
        res.status,
        typeof p.detail === 'string' ? p.detail : `HTTP ${res.status}`,
        typeof p.requestId === 'string' ? p.requestId : undefined,
      );
    }
    return (json ?? {}) as Record<string, unknown>;
  }
  return {
    get: (path, query) => {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(query ?? {})) {
        if (v === undefined) continue;
        if (typeof v === 'string') qs.append(k, v);
        else for (const item of v) qs.append(k, item);
      }
      const s = qs.toString();
      return call('GET', s === '' ? path : `${path}?${s}`);
    },
    post: (path, body) => call('POST', path, body),
  };
}
