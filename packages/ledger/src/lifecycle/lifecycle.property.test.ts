import fc from 'fast-check';
import { isPayoutError, money } from '@payout/domain';
import { describe, expect, it } from 'vitest';
import { CONFIRMED_CASH_KINDS, positionKey, type AccountKind } from '../accounts/ledger-account.ts';
import { toJsonSafe } from '../plan/json-safe.ts';
import { accountBalances, trialBalance } from '../positions/account-balances.ts';
import { computePositions, type Position } from '../positions/position.ts';
import type { Posting } from '../postings/posting.ts';
import { sumsByCurrency } from '../postings/posting.builder.ts';
import { postingsForFundingEvent } from './funding.postings.ts';
import {
  FUNDING_LEDGER_EVENT_TYPES,
  PAYOUT_LEDGER_EVENT_TYPES,
  type FundingLedgerEvent,
  type PayoutLedgerEvent,
} from './payout-ledger-event.ts';
import { postingsForPayoutEvent } from './payout.postings.ts';
import { openingBalancePosting } from './statement.postings.ts';

// Payouts have a fixed account, currency and amount; the generator picks which events happen
// to them in any order (valid or not), and funding transfers interleave.
const ACCOUNTS = ['A', 'B'] as const;
const CURRENCIES = ['CNY', 'USD', 'JPY'] as const;
const at = new Date('2026-09-30T03:00:00Z');

const payoutArb = fc.record({
  account: fc.constantFrom(...ACCOUNTS),
  currency: fc.constantFrom(...CURRENCIES),
  amount: fc.bigInt({ min: 1n, max: 10n ** 20n }),
  returned: fc.bigInt({ min: 1n, max: 10n ** 20n }),
});

const stepArb = fc.oneof(
  fc.record({
    kind: fc.constant('payout' as const),
    payout: fc.nat({ max: 4 }),
    attempt: fc.integer({ min: 1, max: 2 }),
    type: fc.constantFrom(...PAYOUT_LEDGER_EVENT_TYPES),
    partialReturn: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('funding' as const), transfer: fc.nat({ max: 2 }), type: fc.constantFrom(...FUNDING_LEDGER_EVENT_TYPES) }),
);

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;
type PayoutSpec = typeof payoutArb extends fc.Arbitrary<infer T> ? T : never;

function toEvent(step: Step, payouts: readonly PayoutSpec[]): PayoutLedgerEvent | FundingLedgerEvent {
  if (step.kind === 'funding') {
    return {
      type: step.type,
      transferId: `T${step.transfer}`,
      fundingAccountId: ACCOUNTS[step.transfer % 2] ?? 'A',
      sourceAccountId: 'treasury',
      amount: money(1_000_000n * BigInt(step.transfer + 1), 'CNY'),
      at,
      bookingDate: '2026-09-30',
    };
  }
  const spec = payouts[step.payout % payouts.length];
  if (spec === undefined) throw new Error('no payout spec');
  const returned = spec.returned > spec.amount ? spec.amount : spec.returned;
  return {
    type: step.type,
    payoutId: `p${step.payout}`,
    attempt: step.attempt,
    fundingAccountId: spec.account,
    amount: money(spec.amount, spec.currency),
    ...(step.partialReturn ? { returnedAmount: money(returned, spec.currency) } : {}),
    at,
    bookingDate: '2026-09-30',
  };
}

/**
 * Runs events through the pure mapping, as the store would. Each event is delivered twice in a
 * row (a retried job): the second delivery must add nothing.
 */
function run(events: readonly (PayoutLedgerEvent | FundingLedgerEvent)[], ledger: Posting[]): void {
  for (const e of events) {
    for (let delivery = 0; delivery < 2; delivery++) {
      try {
        const d = 'payoutId' in e ? postingsForPayoutEvent(e, ledger) : postingsForFundingEvent(e, ledger);
        if (d.kind === 'post') {
          expect(delivery).toBe(0);
          for (const p of d.postings) expect(ledger.some((q) => q.id === p.id)).toBe(false);
          ledger.push(...d.postings);
        }
      } catch (err) {
        // Impossible orders (fail after settle, a mismatched partial return …) are refused with a
        // stable code and change nothing; anything else is a bug.
        if (!isPayoutError(err) || !['PAYOUT_E_INVALID_TRANSITION', 'PAYOUT_E_VALIDATION'].includes(err.code)) throw err;
      }
    }
  }
}

function openings(): Posting[] {
  return ACCOUNTS.flatMap((a) =>
    CURRENCIES.map((c) =>
      openingBalancePosting({
        fundingAccountId: a,
        currency: c,
        statementId: 'S0',
        balanceMinor: 10n ** 19n,
        bookingDate: '2026-09-29',
        at,
      })!,
    ),
  );
}

describe('ledger properties over any sequence of lifecycle events', () => {
  const scenario = fc.record({ payouts: fc.array(payoutArb, { minLength: 1, maxLength: 5 }), steps: fc.array(stepArb, { maxLength: 60 }) });

  it('every posting and the whole ledger balance per currency; a redelivered event adds nothing', () => {
    fc.assert(
      fc.property(scenario, ({ payouts, steps }) => {
        const ledger = openings();
        run(
          steps.map((s) => toEvent(s, payouts)),
          ledger,
        );
        for (const p of ledger) for (const sum of sumsByCurrency(p.entries).values()) expect(sum).toBe(0n);
        for (const sum of trialBalance(ledger).values()) expect(sum).toBe(0n);
      }),
      { numRuns: 300 },
    );
  });

  it('in lifecycle order, replaying any earlier events later adds nothing and ends in the same positions', () => {
    // Paths the payout and attempt state machines allow (per payout: attempts in order).
    const PATHS: readonly (readonly (readonly PayoutLedgerEvent['type'][])[])[] = [
      [['submitted', 'attempt_succeeded', 'debit_seen']],
      [
        ['submitted', 'attempt_failed'],
        ['submitted', 'attempt_unknown', 'attempt_succeeded', 'debit_seen'],
      ],
      [['submitted', 'attempt_unknown', 'attempt_failed']],
      [['submitted', 'attempt_unknown', 'debit_seen', 'attempt_succeeded', 'returned', 'return_seen']],
      [['submitted', 'attempt_succeeded', 'returned', 'debit_seen', 'return_seen']],
      [['submitted', 'attempt_unknown', 'return_seen', 'debit_seen']],
      [['submitted', 'attempt_failed'], ['submitted', 'attempt_failed'], ['submitted']],
    ];
    // What each path must leave behind, as multiples of the amount: the reference model.
    const EXPECT: readonly { confirmed: bigint; reserved: bigint }[] = [
      { confirmed: -1n, reserved: 0n },
      { confirmed: -1n, reserved: 0n },
      { confirmed: 0n, reserved: 0n },
      { confirmed: 0n, reserved: 0n },
      { confirmed: 0n, reserved: 0n },
      { confirmed: 0n, reserved: 0n },
      { confirmed: 0n, reserved: 1n },
    ];
    const FUNDING_PATHS: readonly (readonly FundingLedgerEvent['type'][])[] = [
      ['funding_sent', 'funding_seen'],
      ['funding_sent', 'funding_cancelled'],
      ['funding_seen'],
      ['funding_sent'],
    ];
    const FUNDING_EXPECT: readonly { confirmed: bigint; inTransit: bigint }[] = [
      { confirmed: 1n, inTransit: 0n },
      { confirmed: 0n, inTransit: 0n },
      { confirmed: 1n, inTransit: 0n },
      { confirmed: 0n, inTransit: 1n },
    ];
    const causal = fc.record({
      payouts: fc.array(fc.record({ spec: payoutArb, path: fc.nat({ max: PATHS.length - 1 }) }), { minLength: 1, maxLength: 4 }),
      fundings: fc.array(fc.nat({ max: FUNDING_PATHS.length - 1 }), { maxLength: 3 }),
      interleave: fc.array(fc.nat(), { maxLength: 80 }),
      replays: fc.array(fc.nat(), { maxLength: 30 }),
    });
    fc.assert(
      fc.property(causal, ({ payouts, fundings, interleave, replays }) => {
        const queues: (PayoutLedgerEvent | FundingLedgerEvent)[][] = payouts.map(({ spec, path }, i) =>
          PATHS[path]!.flatMap((attemptPath, a) =>
            attemptPath.map((type) => ({
              type,
              payoutId: `c${i}`,
              attempt: a + 1,
              fundingAccountId: spec.account,
              amount: money(spec.amount, spec.currency),
              at,
              bookingDate: '2026-09-30',
            })),
          ),
        );
        fundings.forEach((path, i) =>
          queues.push(
            FUNDING_PATHS[path]!.map((type) => ({
              type,
              transferId: `F${i}`,
              fundingAccountId: 'A',
              sourceAccountId: 'treasury',
              amount: money(777n, 'CNY'),
              at,
              bookingDate: '2026-09-30',
            })),
          ),
        );
        // Interleave the per-cause queues, keeping each queue's order.
        const order: (PayoutLedgerEvent | FundingLedgerEvent)[] = [];
        let k = 0;
        while (queues.some((q) => q.length > 0)) {
          const live = queues.filter((q) => q.length > 0);
          order.push(live[(interleave[k++] ?? 0) % live.length]!.shift()!);
        }
        const ledger = openings();
        run(order, ledger);
        const before = computePositions(ledger);
        const n = ledger.length;
        // Replay a random selection of already-processed events, in any order.
        run(
          replays.map((r) => order[r % Math.max(order.length, 1)]!).filter((e) => e !== undefined),
          ledger,
        );
        expect(ledger.length).toBe(n);
        expect(computePositions(ledger)).toEqual(before);
        // Compare with the reference model: opening + what each path must have done.
        const want = new Map<string, { confirmed: bigint; reserved: bigint; inTransit: bigint }>();
        const add = (key: string, d: { confirmed?: bigint; reserved?: bigint; inTransit?: bigint }): void => {
          const w = want.get(key) ?? { confirmed: 10n ** 19n, reserved: 0n, inTransit: 0n };
          want.set(key, {
            confirmed: w.confirmed + (d.confirmed ?? 0n),
            reserved: w.reserved + (d.reserved ?? 0n),
            inTransit: w.inTransit + (d.inTransit ?? 0n),
          });
        };
        payouts.forEach(({ spec, path }) => {
          const e = EXPECT[path]!;
          add(positionKey(spec.account, spec.currency), { confirmed: e.confirmed * spec.amount, reserved: e.reserved * spec.amount });
        });
        fundings.forEach((path) => {
          const e = FUNDING_EXPECT[path]!;
          add(positionKey('A', 'CNY'), { confirmed: e.confirmed * 777n, inTransit: e.inTransit * 777n });
        });
        for (const pos of before) {
          const w = want.get(positionKey(pos.fundingAccountId, pos.currency)) ?? { confirmed: 10n ** 19n, reserved: 0n, inTransit: 0n };
          expect([
            pos.confirmedMinor,
            pos.reservedMinor,
            pos.fundingInTransitMinor,
            pos.unknownExposureMinor,
            pos.settledAwaitingStatementMinor,
            pos.returnsInTransitMinor,
          ]).toEqual([w.confirmed, w.reserved, w.inTransit, 0n, 0n, 0n]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('positions equal the sum of the postings, and available = confirmed − reserved − unknown − settled awaiting statement', () => {
    fc.assert(
      fc.property(scenario, ({ payouts, steps }) => {
        const ledger = openings();
        run(
          steps.map((s) => toEvent(s, payouts)),
          ledger,
        );
        const positions = computePositions(ledger);
        // Independently: fold the postings one at a time into per-kind sums.
        const sums = new Map<string, Map<AccountKind, bigint>>();
        for (const p of ledger) {
          for (const e of p.entries) {
            const key = positionKey(e.account.fundingAccountId, e.currency);
            const m = sums.get(key) ?? new Map<AccountKind, bigint>();
            m.set(e.account.kind, (m.get(e.account.kind) ?? 0n) + e.amountMinor);
            sums.set(key, m);
          }
        }
        expect(positions.length).toBe(sums.size);
        for (const pos of positions) {
          const m = sums.get(positionKey(pos.fundingAccountId, pos.currency))!;
          const k = (kind: AccountKind): bigint => m.get(kind) ?? 0n;
          expect(pos.confirmedMinor).toBe(CONFIRMED_CASH_KINDS.reduce((s, kind) => s + k(kind), 0n));
          expect(pos.reservedMinor).toBe(k('cash_reserved'));
          expect(pos.unknownExposureMinor).toBe(k('cash_unknown_exposure'));
          expect(pos.settledAwaitingStatementMinor).toBe(k('cash_settled_unconfirmed'));
          expect(pos.fundingInTransitMinor).toBe(k('funding_in_transit'));
          expect(pos.returnsInTransitMinor).toBe(k('returns_in_transit'));
          expect(pos.availableMinor).toBe(
            pos.confirmedMinor - pos.reservedMinor - pos.unknownExposureMinor - pos.settledAwaitingStatementMinor,
          );
        }
        // accountBalances agrees with positions for the confirmed-cash kinds.
        for (const b of accountBalances(ledger)) expect(typeof b.balanceMinor).toBe('bigint');
      }),
      { numRuns: 300 },
    );
  });

  it('an attempt holds its money in at most one in-flight bucket, never negative, never twice', () => {
    fc.assert(
      fc.property(scenario, ({ payouts, steps }) => {
        const ledger = openings();
        run(
          steps.map((s) => toEvent(s, payouts)),
          ledger,
        );
        const perAttempt = new Map<string, Map<AccountKind, bigint>>();
        for (const p of ledger) {
          if (p.cause.kind !== 'payout') continue;
          const key = `${p.cause.payoutId}#${p.cause.attempt}`;
          const m = perAttempt.get(key) ?? new Map<AccountKind, bigint>();
          for (const e of p.entries) m.set(e.account.kind, (m.get(e.account.kind) ?? 0n) + e.amountMinor);
          perAttempt.set(key, m);
        }
        for (const [key, m] of perAttempt) {
          const spec = payouts[Number(key.slice(1, key.indexOf('#'))) % payouts.length]!;
          const held = (['cash_reserved', 'cash_unknown_exposure', 'cash_settled_unconfirmed'] as const).map((k) => m.get(k) ?? 0n);
          for (const h of held) expect(h === 0n || h === spec.amount).toBe(true);
          expect(held.filter((h) => h !== 0n).length).toBeLessThanOrEqual(1);
          const rit = m.get('returns_in_transit') ?? 0n;
          expect(rit >= 0n && rit <= spec.amount).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('only statement facts move the confirmed balance', () => {
    fc.assert(
      fc.property(scenario, ({ payouts, steps }) => {
        const ledger = openings();
        run(
          steps.map((s) => toEvent(s, payouts)),
          ledger,
        );
        for (const p of ledger) {
          const confirmedDelta = p.entries
            .filter((e) => CONFIRMED_CASH_KINDS.includes(e.account.kind))
            .reduce((s, e) => s + e.amountMinor, 0n);
          if (confirmedDelta !== 0n) expect(p.bookingDate).toBeDefined();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('no float touches money: every amount is a bigint and serialises as a string of digits', () => {
    fc.assert(
      fc.property(scenario, ({ payouts, steps }) => {
        const ledger = openings();
        run(
          steps.map((s) => toEvent(s, payouts)),
          ledger,
        );
        const positions: Position[] = computePositions(ledger);
        for (const p of ledger) for (const e of p.entries) expect(typeof e.amountMinor).toBe('bigint');
        for (const pos of positions) for (const [k, v] of Object.entries(pos)) if (k.endsWith('Minor')) expect(typeof v).toBe('bigint');
        const text = JSON.stringify(toJsonSafe({ positions, ledger }));
        expect(text).not.toMatch(/"[A-Za-z]*Minor":-?\d/);
        const parsed = JSON.parse(text) as { positions: Record<string, unknown>[] };
        for (const pos of parsed.positions) expect(pos['confirmedMinor']).toMatch(/^-?\d+$/);
      }),
      { numRuns: 100 },
    );
  });
});
