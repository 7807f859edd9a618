import { describe, expect, it } from 'vitest';
import { money } from '@payout/domain';
import { realNowMs } from '@payout/test-harness/real-time';
import type { BankAdapter } from '../bank-adapter.port.ts';
import type { PaymentInstruction } from '../bank-instruction.ts';
import type { BankMetrics } from '../bank-metrics.port.ts';
import { createFakeBank } from '../fake/fake-bank.adapter.ts';
import { createInMemoryBreakerCoordinator, createInMemoryBreakerHub } from './in-memory-breaker-coordinator.ts';
import { createInMemoryRateLimiter } from './in-memory-rate-limiter.ts';
import { createResilientBank, type ResilienceOptions } from './resilient-bank.ts';

let n = 0;
const instruction = (): PaymentInstruction => {
  n += 1;
  return {
    endToEndId: `RB-${n}`,
    payoutId: `p-${n}`,
    amount: money(100n, 'CNY'),
    debtorAccount: { scheme: 'cn_bank', accountNumber: '6222020200001234567' },
    beneficiary: { name: '张三', account: { scheme: 'cn_bank', accountNumber: '6217000000000000001' } },
    requestedExecutionDate: '2026-01-05',
  };
};
const signal = (): AbortSignal => AbortSignal.timeout(5_000);
const fastBreaker: ResilienceOptions = {
  breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 200, rollingWindowMs: 10_000 },
};

function recorder(): { metrics: BankMetrics; transitions: string[]; refused: string[] } {
  const transitions: string[] = [];
  const refused: string[] = [];
  return {
    transitions,
    refused,
    metrics: {
      breakerTransition: (e) => transitions.push(`${e.operation}:${e.to}:${e.origin}`),
      callCompleted: () => undefined,
      callRefused: (e) => refused.push(`${e.operation}:${e.cause}`),
    },
  };
}

describe('createResilientBank', () => {
  it('opens the submit breaker on channel failures, refuses without calling, and closes after a good half-open probe', async () => {
    const fake = createFakeBank();
    const rec = recorder();
    const bank = createResilientBank(fake, { metrics: rec.metrics }, fastBreaker);
    fake.setOutage('submit', true);
    for (let i = 0; i < 3; i++) expect(await bank.submit(instruction(), signal())).toMatchObject({ kind: 'unknown', cause: 'http_5xx' });
    expect(bank.breakerState('submit')).toBe('open');
    const calls = fake.calls('submit').length;
    expect(await bank.submit(instruction(), signal())).toMatchObject({ kind: 'unavailable', cause: 'breaker_open' });
    expect(fake.calls('submit')).toHaveLength(calls);
    // Queries break independently.
    expect((await bank.query({ endToEndId: 'nope' }, signal())).kind).toBe('not_found');
    fake.setOutage('submit', false);
    await new Promise((r) => setTimeout(r, 250));
    expect(bank.breakerState('submit')).toBe('half_open');
    expect((await bank.submit(instruction(), signal())).kind).toBe('accepted');
    expect(bank.breakerState('submit')).toBe('closed');
    expect(rec.transitions).toEqual(['submit:open:local', 'submit:half_open:local', 'submit:closed:local']);
    expect(rec.refused).toEqual(['submit:breaker_open']);
    bank.close();
  });

  it('counts definitive answers (rejections, not found) as health, not failures', async () => {
    const fake = createFakeBank();
    fake.setDefault({ kind: 'reject', code: 'AC04' });
    const bank = createResilientBank(fake, {}, fastBreaker);
    for (let i = 0; i < 6; i++) expect((await bank.submit(instruction(), signal())).kind).toBe('rejected');
    expect(bank.breakerState('submit')).toBe('closed');
    bank.close();
  });

  it('a failed half-open probe re-opens the breaker', async () => {
    const fake = createFakeBank();
    const bank = createResilientBank(fake, {}, fastBreaker);
    fake.setOutage('query', true);
    for (let i = 0; i < 3; i++) await bank.query({ endToEndId: 'x' }, signal());
    expect(bank.breakerState('query')).toBe('open');
    await new Promise((r) => setTimeout(r, 250));
    expect(await bank.query({ endToEndId: 'x' }, signal())).toMatchObject({ kind: 'unknown', cause: 'http_5xx' });
    expect(bank.breakerState('query')).toBe('open');
    bank.close();
  });

  it('shares an opened breaker with another process, which then stops calling; only one process probes', async () => {
    const hub = createInMemoryBreakerHub();
    const fakeA = createFakeBank();
    const fakeB = createFakeBank();
    const recB = recorder();
    const a = createResilientBank(fakeA, { coordinator: createInMemoryBreakerCoordinator(hub) }, fastBreaker);
    const b = createResilientBank(fakeB, { coordinator: createInMemoryBreakerCoordinator(hub), metrics: recB.metrics }, fastBreaker);
    fakeA.setOutage('submit', true);
    for (let i = 0; i < 3; i++) await a.submit(instruction(), signal());
    expect(a.breakerState('submit')).toBe('open');
    expect(b.breakerState('submit')).toBe('open');
    expect(await b.submit(instruction(), signal())).toMatchObject({ kind: 'unavailable', cause: 'breaker_open' });
    expect(fakeB.calls('submit')).toHaveLength(0);
    expect(recB.transitions).toEqual(['submit:open:remote']);
    fakeA.setOutage('submit', false);
    await new Promise((r) => setTimeout(r, 250));
    const [pa, pb] = await Promise.all([a.submit(instruction(), signal()), b.submit(instruction(), signal())]);
    // Exactly one of them probed; the probe closed both breakers.
    expect([pa.kind, pb.kind].filter((k) => k === 'unavailable')).toHaveLength(1);
    expect(a.breakerState('submit')).toBe('closed');
    expect(b.breakerState('submit')).toBe('closed');
    a.close();
    b.close();
  });

  it('applies the rate limit per bank and operation, optionally waiting for a slot', async () => {
    const fake = createFakeBank({ profile: { rateLimits: { queryPerSecond: 3 } } });
    const limiter = createInMemoryRateLimiter();
    const bank = createResilientBank(fake, { rateLimiter: limiter }, { maxRateLimitWaitMs: 0 });
    const outs = [];
    for (let i = 0; i < 5; i++) outs.push(await bank.query({ endToEndId: `q${i}` }, signal()));
    expect(outs.map((o) => o.kind)).toEqual(['not_found', 'not_found', 'not_found', 'unavailable', 'unavailable']);
    expect(outs[3]).toMatchObject({ cause: 'rate_limited' });
    expect(fake.calls('query')).toHaveLength(3);
    // Submissions have no limit in this profile.
    expect((await bank.submit(instruction(), signal())).kind).toBe('accepted');
    const waiting = createResilientBank(fake, { rateLimiter: limiter }, { maxRateLimitWaitMs: 2_000 });
    const started = realNowMs();
    expect((await waiting.query({ endToEndId: 'late' }, signal())).kind).toBe('not_found');
    expect(realNowMs() - started).toBeGreaterThan(500);
    bank.close();
    waiting.close();
  });

  it('keeps the rate-limit slot of an abandoned call until its lease ends (the bank may still read it)', async () => {
    let t = 0;
    const limiter = createInMemoryRateLimiter(() => t);
    const fake = createFakeBank({ profile: { rateLimits: { queryPerSecond: 1, submitPerSecond: 1 } } });
    fake.script('HANG', { kind: 'timeout_before_execution' });
    const bank = createResilientBank(fake, { rateLimiter: limiter }, { timeoutsMs: { submit: 50 } });
    expect(await bank.submit({ ...instruction(), endToEndId: 'HANG' }, signal())).toMatchObject({ kind: 'unknown', cause: 'timeout' });
    t = 2_000; // a window after the abandonment: still taken
    expect(await bank.submit(instruction(), signal())).toMatchObject({ kind: 'unavailable', cause: 'rate_limited' });
    t = 6_100; // lease (timeout + 5 s) over, and a window after it
    expect((await bank.submit(instruction(), signal())).kind).toBe('accepted');
    t = 7_200; // an answered call frees its slot a window after completion
    expect((await bank.submit(instruction(), signal())).kind).toBe('accepted');
    bank.close();
  });

  it('times out a call that never answers as unknown, even when the adapter ignores its signal', async () => {
    const fake = createFakeBank();
    const deaf: BankAdapter = { ...fake, submit: () => new Promise(() => undefined) };
    const bank = createResilientBank(deaf, {}, { timeoutsMs: { submit: 50 } });
    expect(await bank.submit(instruction(), signal())).toMatchObject({ kind: 'unknown', cause: 'timeout' });
    const fake2 = createFakeBank();
    fake2.setDefault({ kind: 'timeout_after_execution' });
    const bank2 = createResilientBank(fake2, {}, { timeoutsMs: { submit: 50 } });
    const i = instruction();
    expect(await bank2.submit(i, signal())).toMatchObject({ kind: 'unknown', cause: 'timeout' });
    expect(fake2.executions({ endToEndId: i.endToEndId })).toHaveLength(1);
    bank.close();
    bank2.close();
  });

  it('turns an adapter that throws into unknown (it may have sent), but lets invalid input throw', async () => {
    const fake = createFakeBank();
    const buggy: BankAdapter = { ...fake, submit: () => Promise.reject(new Error('boom')) };
    const bank = createResilientBank(buggy);
    expect(await bank.submit(instruction(), signal())).toMatchObject({ kind: 'unknown', cause: 'internal' });
    await expect(bank.submit({ ...instruction(), endToEndId: '' }, signal())).rejects.toMatchObject({
      code: 'PAYOUT_E_BANK_INSTRUCTION_INVALID',
    });
    bank.close();
  });

  it('refuses submissions outside operating hours with the time until they reopen', async () => {
    const fake = createFakeBank();
    const bank = createResilientBank(
      fake,
      { clock: () => new Date('2026-01-05T10:00:00Z') },
      { hours: () => ({ open: false, reopensAt: new Date('2026-01-05T10:05:00Z') }) },
    );
    expect(await bank.submit(instruction(), signal())).toEqual({
      kind: 'unavailable',
      endToEndId: `RB-${n}`,
      cause: 'outside_hours',
      retryAfterMs: 300_000,
    });
    expect(fake.calls('submit')).toHaveLength(0);
    // Queries are not gated by hours.
    expect((await bank.query({ endToEndId: 'x' }, signal())).kind).toBe('not_found');
    bank.close();
  });

  it('never calls a bank whose hours are unknown (no calendar data): unavailable, handed back shortly', async () => {
    const fake = createFakeBank();
    const noData = {
      code: 'PAYOUT_E_CALENDAR_NO_DATA' as const,
      calendar: 'CN',
      year: 2027,
      fromYear: 2019,
      toYear: 2026,
      message: 'calendar CN has no data for 2027',
    };
    const bank = createResilientBank(fake, { clock: () => new Date('2026-12-31T10:00:00Z') }, { hours: () => ({ open: false, noData }) });
    expect(await bank.submit(instruction(), signal())).toEqual({
      kind: 'unavailable',
      endToEndId: `RB-${n}`,
      cause: 'outside_hours',
      retryAfterMs: 1_000,
    });
    expect(fake.calls('submit')).toHaveLength(0);
    bank.close();
  });

  it('wraps batches: one call, one breaker verdict, outcomes in order', async () => {
    const fake = createFakeBank({ closedAccounts: ['6217000000000000666'] });
    const bank = createResilientBank(fake);
    const closed = {
      ...instruction(),
      beneficiary: { name: 'x', account: { scheme: 'cn_bank', accountNumber: '6217000000000000666' } },
    } as const;
    const outs = await bank.submitBatch?.([instruction(), closed], signal());
    expect(outs?.map((o) => o.kind)).toEqual(['accepted', 'rejected']);
    expect(fake.calls('submit')).toHaveLength(1);
    expect((await bank.queryBatch?.([{ endToEndId: closed.endToEndId }], signal()))?.[0]?.kind).toBe('rejected');
    bank.close();
  });
});
