import { fakeBankProfile, operatingHoursGate, type OperatingHoursGate } from '@payout/bank';
import { checkCalendarYearFile, installCalendarYears } from '@payout/calendar';
import { afterEach, describe, expect, it } from 'vitest';
import { hoursAtRouting } from './channel-hours.ts';
import { ChannelRouter } from './channel-router.ts';
import type { ChannelLiveState, RoutableChannel, RoutablePayout } from './route-rules.ts';
import { SuccessRateTracker } from './success-rate.ts';

const ch = (id: string, over: Partial<RoutableChannel> = {}): RoutableChannel => ({
  id,
  currency: 'CNY',
  rail: 'CN_HVPS',
  weight: 1,
  minAmountMinor: 1n,
  perPayoutMaxMinor: 1_000_000_00n,
  perDayMaxMinor: 100_000_000_00n,
  ...over,
});
const payout = (over: Partial<RoutablePayout> = {}): RoutablePayout => ({
  amountMinor: 100_00n,
  currency: 'CNY',
  excludedChannels: new Set(),
  triedChannels: new Set(),
  ...over,
});
const healthy: ChannelLiveState = { open: true, breakerBlockedMs: 0, usedTodayMinor: 0n, successRate: 1 };
const NOW = new Date('2026-11-20T02:00:00Z');

function counts(router: ChannelRouter, n: number, live: (id: string) => ChannelLiveState, p = payout()): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const d = router.route(p, live, NOW);
    if (d.kind !== 'routed') throw new Error(`not routed: ${JSON.stringify(d)}`);
    out[d.channelId] = (out[d.channelId] ?? 0) + 1;
  }
  return out;
}

describe('ChannelRouter rules', () => {
  it('refuses what no channel can ever take, saying why', () => {
    const router = new ChannelRouter([ch('a'), ch('b', { currency: 'USD' })]);
    const d = router.route(payout({ currency: 'EUR' }), () => healthy, NOW);
    expect(d).toMatchObject({ kind: 'unroutable' });
    expect(d.kind === 'unroutable' && d.reason).toContain('currency');
    expect(router.route(payout({ amountMinor: 2_000_000_00n }), () => healthy, NOW)).toMatchObject({ kind: 'unroutable' });
    expect(router.route(payout({ amountMinor: 0n }), () => healthy, NOW)).toMatchObject({ kind: 'unroutable' });
    expect(router.route(payout({ railPreference: 'CN_IBPS' }), () => healthy, NOW)).toMatchObject({ kind: 'unroutable' });
  });

  it('routes by beneficiary bank prefix', () => {
    const router = new ChannelRouter([ch('icbc', { beneficiaryBanks: ['102'] }), ch('any')]);
    expect(counts(router, 4, () => healthy, payout({ beneficiaryBankCode: '308584000013' }))).toEqual({ any: 4 });
    expect(Object.keys(counts(router, 4, () => healthy, payout({ beneficiaryBankCode: '102100099996' }))).sort()).toEqual(['any', 'icbc']);
  });

  it('never picks a channel excluded after a failure, and prefers untried ones', () => {
    const router = new ChannelRouter([ch('a'), ch('b'), ch('c')]);
    expect(counts(router, 6, () => healthy, payout({ excludedChannels: new Set(['a']), triedChannels: new Set(['a', 'b']) }))).toEqual({
      c: 6,
    });
    // tried but not excluded: still used when it is the only one left
    expect(counts(router, 2, () => healthy, payout({ excludedChannels: new Set(['a', 'c']), triedChannels: new Set(['b']) }))).toEqual({
      b: 2,
    });
  });

  it('waits (never fails) when eligible channels are closed, broken or at their daily limit', () => {
    const router = new ChannelRouter([ch('a'), ch('b', { perDayMaxMinor: 1_000_00n })]);
    const reopensAt = new Date(NOW.getTime() + 3_600_000);
    const live = (id: string): ChannelLiveState =>
      id === 'a' ? { ...healthy, breakerBlockedMs: 30_000 } : { ...healthy, usedTodayMinor: 950_00n, dayEndsAt: reopensAt };
    const d = router.route(payout(), live, NOW);
    expect(d).toEqual({ kind: 'wait', retryAt: new Date(NOW.getTime() + 30_000), reason: 'a breaker_open; b daily_limit' });
    const closed = router.route(payout(), () => ({ ...healthy, open: false, reopensAt }), NOW);
    expect(closed).toMatchObject({ kind: 'wait', retryAt: reopensAt });
  });

  it('books assigned amounts against the daily limit within a batch', () => {
    const router = new ChannelRouter([ch('a', { perDayMaxMinor: 250_00n })]);
    router.startBatch();
    const first = router.route(payout(), () => healthy, NOW);
    expect(first.kind).toBe('routed');
    router.assign('a', 100_00n);
    router.assign('a', 100_00n);
    expect(router.route(payout(), () => healthy, NOW).kind).toBe('wait');
    router.startBatch();
    expect(router.route(payout(), () => healthy, NOW).kind).toBe('routed');
  });
});

describe('ChannelRouter named funding account', () => {
  const channels = [
    ch('hvps-a', { fundingAccountId: 'hvps-a' }),
    ch('hvps-b', { fundingAccountId: 'shared' }),
    ch('ibps', { fundingAccountId: 'shared', rail: 'CN_IBPS' }),
  ];

  it('sends a payout naming a funding account only through channels funded from it', () => {
    const router = new ChannelRouter(channels);
    expect(counts(router, 6, () => healthy, payout({ fundingAccount: 'hvps-a' }))).toEqual({ 'hvps-a': 6 });
    expect(counts(router, 6, () => healthy, payout({ fundingAccount: 'shared' }))).toEqual({ 'hvps-b': 3, ibps: 3 });
    // without one, every channel shares the traffic
    expect(Object.keys(counts(router, 6, () => healthy)).sort()).toEqual(['hvps-a', 'hvps-b', 'ibps']);
  });

  it('waits for its own channels rather than using another account', () => {
    const router = new ChannelRouter(channels);
    const live = (id: string): ChannelLiveState => (id === 'hvps-a' ? { ...healthy, breakerBlockedMs: 30_000 } : healthy);
    expect(router.route(payout({ fundingAccount: 'hvps-a' }), live, NOW)).toMatchObject({ kind: 'wait', reason: 'hvps-a breaker_open' });
  });

  it('is unroutable, naming the account, when no channel that could take it pays from it', () => {
    const router = new ChannelRouter(channels);
    const none = router.route(payout({ fundingAccount: 'cn-reserve' }), () => healthy, NOW);
    expect(none).toEqual({
      kind: 'unroutable',
      reason:
        'no channel can take this payout (funding_account: hvps-a,hvps-b,ibps); it names funding account cn-reserve, which no configured channel pays from',
    });
    // its own channel exists but cannot take this payout (the rail it asks for)
    const other = router.route(payout({ fundingAccount: 'hvps-a', railPreference: 'CN_IBPS' }), () => healthy, NOW);
    expect(other.kind === 'unroutable' && other.reason).toBe(
      'no channel can take this payout (rail: hvps-a; funding_account: hvps-b,ibps); it names funding account hvps-a',
    );
  });
});

describe('ChannelRouter weighted round-robin', () => {
  it('splits by weight, evenly interleaved', () => {
    const router = new ChannelRouter([ch('a', { weight: 3 }), ch('b', { weight: 1 })]);
    const seq: string[] = [];
    for (let i = 0; i < 8; i++) {
      const d = router.route(payout(), () => healthy, NOW);
      if (d.kind === 'routed') seq.push(d.channelId);
    }
    expect(seq).toEqual(['a', 'a', 'b', 'a', 'a', 'a', 'b', 'a']);
  });

  it('prefers channels with a better recent success rate', () => {
    const rates = new SuccessRateTracker(100);
    for (let i = 0; i < 100; i++) {
      rates.record('good', true);
      rates.record('bad', i % 5 === 0);
    }
    const router = new ChannelRouter([ch('good'), ch('bad')]);
    const c = counts(router, 1000, (id) => ({ ...healthy, successRate: rates.rate(id) }));
    expect(c['good']).toBeGreaterThan(700);
    expect(c['bad']).toBeGreaterThan(100); // still probed, so it can recover
  });
});

describe('ChannelRouter liquidity gate', () => {
  const funded = (available: bigint, fundsExpectedAt?: Date): ChannelLiveState => ({
    ...healthy,
    availableMinor: available,
    fundsExpectedAt,
  });

  it('only picks a channel whose funding account covers the payout', () => {
    const router = new ChannelRouter([ch('poor', { fundingAccountId: 'acct-poor' }), ch('rich', { fundingAccountId: 'acct-rich' })]);
    const c = counts(router, 20, (id) => (id === 'poor' ? funded(50_00n) : funded(1_000_000_00n)));
    expect(c).toEqual({ rich: 20 });
  });

  it('spends an account once across a batch, even when two channels share it, then holds with the shortfall', () => {
    const router = new ChannelRouter([ch('a', { fundingAccountId: 'shared' }), ch('b', { fundingAccountId: 'shared' })]);
    router.startBatch();
    const expected = new Date('2026-11-20T09:00:00Z');
    const live = (): ChannelLiveState => funded(250_00n, expected);
    const decisions = [1, 2, 3].map(() => {
      const d = router.route(payout(), live, NOW);
      if (d.kind === 'routed') router.assign(d.channelId, 100_00n);
      return d;
    });
    expect(decisions.map((d) => d.kind)).toEqual(['routed', 'routed', 'held']);
    expect(decisions[2]).toMatchObject({ kind: 'held', retryAt: expected, shortfallMinor: 50_00n });
    // A new batch starts from the positions read again (the reservations are in the ledger by then).
    router.startBatch();
    expect(router.route(payout(), live, NOW).kind).toBe('routed');
  });

  it('waits rather than holds when another channel is only closed, and ignores accounts outside the gate', () => {
    const router = new ChannelRouter([ch('poor', { fundingAccountId: 'p' }), ch('closed', { fundingAccountId: 'c' })]);
    const reopensAt = new Date('2026-11-20T03:00:00Z');
    const d = router.route(payout(), (id) => (id === 'poor' ? funded(0n) : { ...healthy, open: false, reopensAt }), NOW);
    // The earlier of the two: the underfunded account is looked at again after 15 minutes.
    expect(d).toMatchObject({ kind: 'wait', retryAt: new Date(NOW.getTime() + 15 * 60_000) });
    const ungated = new ChannelRouter([ch('x', { fundingAccountId: 'x' })]);
    expect(ungated.route(payout({ amountMinor: 999_999_00n }), () => healthy, NOW).kind).toBe('routed');
  });
});

describe('SuccessRateTracker', () => {
  it('starts optimistic and follows the recent window', () => {
    const t = new SuccessRateTracker(4);
    expect(t.rate('x')).toBe(1);
    for (let i = 0; i < 10; i++) t.record('x', false);
    expect(t.rate('x')).toBeCloseTo(1 / 6);
    expect(t.counts('x')).toEqual({ successes: 0, total: 4 });
  });
});

describe('ChannelRouter across the end of calendar data (CN data ends 2026-12-31)', () => {
  // Thu 2026-12-31 18:00 Shanghai: HVPS closed at 17:15; whether 2027-01-01 opens a session is unknown.
  const AFTER_CLOSE = new Date('2026-12-31T10:00:00Z');
  const RECHECK = 5 * 60_000;
  const gates: Record<string, OperatingHoursGate> = {
    'cn-hvps': operatingHoursGate(fakeBankProfile({ bankId: 'cn-hvps', rail: 'CN_HVPS', operatingHours: { kind: 'rail' } })),
    'cn-ibps': operatingHoursGate(fakeBankProfile({ bankId: 'cn-ibps', rail: 'CN_IBPS', operatingHours: { kind: 'rail' } })),
  };
  const liveAt =
    (now: Date) =>
    (id: string): ChannelLiveState => ({ ...healthy, ...hoursAtRouting(gates[id]!, now, 12_000, RECHECK) });
  const hvps = ch('cn-hvps', { rail: 'CN_HVPS' });
  const ibps = ch('cn-ibps', { rail: 'CN_IBPS' });
  afterEach(() => installCalendarYears([]));

  it('an HVPS-only payout waits for the year with the gap; an IBPS-able one in the same batch goes to IBPS', () => {
    const router = new ChannelRouter([hvps, ibps]);
    router.startBatch();
    const live = liveAt(AFTER_CLOSE);
    const hvpsOnly = router.route(payout({ railPreference: 'CN_HVPS' }), live, AFTER_CLOSE);
    expect(hvpsOnly).toEqual({
      kind: 'calendar_no_data',
      retryAt: new Date(AFTER_CLOSE.getTime() + RECHECK),
      reason: 'no channel can take it without that calendar data (cn-hvps calendar_no_data)',
      gap: expect.objectContaining({ calendar: 'CN', year: 2027 }),
    });
    // Without a rail preference the 7×24 rail takes it, every time (HVPS is not merely "closed").
    expect(counts(router, 5, live)).toEqual({ 'cn-ibps': 5 });
  });

  it('unknown hours are never "closed": mixed with another wait, the payout waits and keeps the gap', () => {
    const router = new ChannelRouter([hvps, ibps]);
    const live = (id: string): ChannelLiveState => (id === 'cn-ibps' ? { ...healthy, breakerBlockedMs: 30_000 } : liveAt(AFTER_CLOSE)(id));
    const d = router.route(payout(), live, AFTER_CLOSE);
    expect(d).toEqual({
      kind: 'wait',
      retryAt: new Date(AFTER_CLOSE.getTime() + 30_000),
      reason: 'cn-hvps calendar_no_data; cn-ibps breaker_open',
      gap: expect.objectContaining({ calendar: 'CN', year: 2027 }),
    });
  });

  it('hours known now but unknown before the call can end count as unknown', () => {
    const justBeforeClose = new Date('2026-12-31T09:14:55Z'); // 17:14:55 Shanghai, margin runs past 17:15
    expect(hoursAtRouting(gates['cn-hvps']!, justBeforeClose, 12_000, RECHECK)).toEqual({
      open: false,
      reopensAt: new Date(justBeforeClose.getTime() + RECHECK),
      noData: expect.objectContaining({ calendar: 'CN', year: 2027 }),
    });
    expect(hoursAtRouting(gates['cn-hvps']!, new Date('2026-12-31T02:00:00Z'), 12_000, RECHECK)).toEqual({ open: true });
  });

  it('once the year is imported the same look routes it, no restart', () => {
    const router = new ChannelRouter([hvps, ibps]);
    const p = payout({ railPreference: 'CN_HVPS' });
    expect(router.route(p, liveAt(AFTER_CLOSE), AFTER_CLOSE).kind).toBe('calendar_no_data');
    installCalendarYears([
      checkCalendarYearFile({
        calendar: 'CN',
        year: 2027,
        source: { notice: 'test' },
        holidays: [{ date: '2027-01-01', name: "New Year's Day" }],
        workdays: [],
      }).file,
    ]);
    // 2027-01-01 is a holiday: HVPS is provably closed until Sunday 20:30 (Monday 01-04's session).
    expect(router.route(p, liveAt(AFTER_CLOSE), AFTER_CLOSE)).toEqual({
      kind: 'wait',
      retryAt: new Date('2027-01-03T12:30:00Z'),
      reason: 'cn-hvps closed',
    });
    const monday = new Date('2027-01-04T02:00:00Z');
    expect(router.route(p, liveAt(monday), monday)).toEqual({ kind: 'routed', channelId: 'cn-hvps' });
  });
});
