import { describe, expect, it } from 'vitest';
import { exchange, type FetchLike } from './http-exchange.ts';

const req = { method: 'GET', url: 'http://x.test/' } as const;
const throwing =
  (error: unknown): FetchLike =>
  () =>
    Promise.reject(error);

describe('one HTTP exchange as a value', () => {
  it('knows when nothing can have reached the server', async () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) });
    expect(await exchange(throwing(refused), req, AbortSignal.timeout(1_000))).toMatchObject({
      kind: 'failed',
      cause: 'connection',
      maybeSent: false,
    });
    const happyEyeballs = new TypeError('fetch failed', {
      cause: new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
    });
    expect(await exchange(throwing(happyEyeballs), req, AbortSignal.timeout(1_000))).toMatchObject({ maybeSent: false });
    const ac = new AbortController();
    ac.abort();
    expect(await exchange(throwing(new Error('never called')), req, ac.signal)).toMatchObject({
      kind: 'failed',
      cause: 'aborted',
      maybeSent: false,
    });
  });

  it('treats resets, socket errors and anything unknown as maybe sent', async () => {
    for (const code of ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', undefined]) {
      const error = new TypeError('fetch failed', { cause: Object.assign(new Error('x'), code === undefined ? {} : { code }) });
      expect(await exchange(throwing(error), req, AbortSignal.timeout(1_000))).toMatchObject({
        kind: 'failed',
        cause: 'connection',
        maybeSent: true,
      });
    }
  });

  it('reads any status with its body', async () => {
    const f: FetchLike = () => Promise.resolve(new Response('busy', { status: 503, headers: { 'content-type': 'text/plain' } }));
    expect(await exchange(f, req, AbortSignal.timeout(1_000))).toEqual({
      kind: 'response',
      status: 503,
      contentType: 'text/plain',
      body: 'busy',
    });
  });
});
