import { describe, expect, it } from 'vitest';
import type { CliIo } from '../cli-io.ts';
import { createOpsCommand, parseEvidence } from './ops.command.ts';

interface Call {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

function fakeApi(answer: (c: Call) => { status: number; body: unknown }) {
  const calls: Call[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const call: Call = {
      method: init.method ?? 'GET',
      url,
      headers: init.headers as Record<string, string>,
      body: init.body === undefined ? undefined : JSON.parse(String(init.body)),
    };
    calls.push(call);
    const a = answer(call);
    return new Response(JSON.stringify(a.body), {
      status: a.status,
      headers: { 'content-type': a.status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  };
  return { calls, command: createOpsCommand({ fetch }) };
}

async function run(
  command: ReturnType<typeof createOpsCommand>,
  argv: string[],
  env: Record<string, string> = { PAYOUT_API_KEY: 'pk_test_key', PAYOUT_API_URL: 'http://api.test' },
) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env };
  const code = await command(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('payout ops', () => {
  it('refuses to act without an API key: nobody acts anonymously', async () => {
    const { calls, command } = fakeApi(() => ({ status: 200, body: {} }));
    const r = await run(command, ['retry', 'p1', '--reason', 'x'], {});
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error \[PAYOUT_E_UNAUTHORIZED\]: PAYOUT_API_KEY is not set/);
    expect(calls).toHaveLength(0);
  });

  it('sends an action with the key, the reason and the expected version', async () => {
    const { calls, command } = fakeApi(() => ({
      status: 200,
      body: { action: 'retry', payoutId: 'p1', status: 'accepted', version: 4, nextAction: 'submit' },
    }));
    const r = await run(command, ['retry', 'p1', '--reason', 'bank confirmed AB05', '--expect-version', '3']);
    expect(r.code).toBe(0);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      url: 'http://api.test/v1/ops/payouts/p1/retry',
      body: { reason: 'bank confirmed AB05', expectedVersion: 3 },
    });
    expect(calls[0]?.headers['authorization']).toBe('Bearer pk_test_key');
    expect(r.out).toBe('retry applied: payout p1 is accepted (version 4), next submit');
  });

  it('prints a refusal with its code and a hint, exit 1', async () => {
    const { command } = fakeApi(() => ({
      status: 409,
      body: { code: 'PAYOUT_E_ATTEMPT_LIVE', detail: 'attempt #1 is unknown, not definitively failed', requestId: 'req-9' },
    }));
    const r = await run(command, ['retry', 'p1', '--reason', 'try']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'error [PAYOUT_E_ATTEMPT_LIVE]: attempt #1 is unknown, not definitively failed — wait for polling or the statement check, or force-resolve with evidence (request req-9)',
    );
  });

  it('passes the stuck filter as query parameters and formats amounts exactly', async () => {
    const { calls, command } = fakeApi(() => ({
      status: 200,
      body: {
        asOf: '2026-03-02T10:00:00.000Z',
        totals: [{ currency: 'EUR', count: 2, amountMinor: '900719925474099300' }],
        buckets: [
          {
            status: 'processing',
            bankId: 'iso-bank',
            currency: 'EUR',
            count: 2,
            amountMinor: '900719925474099300',
            oldestSince: '2026-03-02T08:00:00.000Z',
          },
        ],
        items: [
          {
            id: 'p1',
            status: 'processing',
            ageMs: 7_260_000,
            bankId: 'iso-bank',
            attemptState: 'unknown',
            amountMinor: '900719925474099299',
            currency: 'EUR',
            clientId: 'acme',
            version: 3,
          },
        ],
        nextCursor: null,
      },
    }));
    const r = await run(command, ['stuck', '--state', 'processing,held', '--bank', 'iso-bank', '--min-age', '30m', '--min-amount', '100']);
    expect(r.code).toBe(0);
    const url = new URL(calls[0]!.url);
    expect(url.pathname).toBe('/v1/ops/stuck');
    expect(url.searchParams.getAll('state')).toEqual(['processing', 'held']);
    expect(url.searchParams.get('minAgeSeconds')).toBe('1800');
    expect(url.searchParams.get('minAmountMinor')).toBe('100');
    expect(r.out).toContain('9007199254740993.00 EUR');
    expect(r.out).toContain('9007199254740992.99 EUR');
    expect(r.out).toContain('2h01m');
  });

  it('builds force-resolve evidence and refuses bulk without exactly one of --dry-run / --confirm', async () => {
    const { calls, command } = fakeApi(() => ({
      status: 202,
      body: { id: 'pr1', payoutId: 'p1', targetStatus: 'succeeded', status: 'pending', evidence: [] },
    }));
    const r = await run(command, [
      'force-resolve',
      'p1',
      '--to',
      'succeeded',
      '--reason',
      'on statement',
      '--evidence',
      'statement-line:42',
      '--evidence',
      'bank-ref:B-7',
      '--expires-in',
      '2h',
    ]);
    expect(r.code).toBe(0);
    expect(calls[0]?.body).toEqual({
      target: 'succeeded',
      reason: 'on statement',
      evidence: [
        { kind: 'statement_line', lineId: '42' },
        { kind: 'bank_reference', reference: 'B-7' },
      ],
      expiresInSeconds: 7200,
    });
    const both = await run(command, ['bulk', 'repoll', '--reason', 'x']);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/exactly one of --dry-run/);
  });

  it('hashes a confirmation file and rejects unknown evidence kinds', () => {
    expect(parseEvidence('confirmation:/tmp/x.pdf', () => Buffer.from('abc'))).toEqual({
      kind: 'confirmation',
      fileName: 'x.pdf',
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
    expect(() => parseEvidence('photo:1')).toThrow(/unknown evidence kind/);
  });

  it('rejects unknown options with exit 2', async () => {
    const { command } = fakeApi(() => ({ status: 200, body: {} }));
    const r = await run(command, ['stuck', '--colour']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown option --colour/);
  });
});
