import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFinalPayoutStatus, isLiveAttemptState, type AttemptState, type PayoutStatus } from '@payout/domain';
import { computePosition, postingsForPayoutEvent, sumsByCurrency, type PayoutLedgerEvent, type Posting } from '@payout/ledger';
import { planAfterAttemptFailure } from '../attempts/after-failure.plan.ts';
import { decideNewAttempt, type AttemptFact } from '../attempts/new-attempt.decision.ts';
import { lifecycleLedgerEvents } from '../ledger/ledger-events.ts';
import type { LifecycleBatch, NextAction } from '../records/lifecycle-records.ts';
import { transitionPayout } from '../state/payout-transitions.ts';
import type { AnswerPlan, AttemptChange, PayoutPlan } from './answer-plan.ts';
import { applyAnswer } from './answer.ts';
import { forceResolve, opsCancel, opsRepoll, opsRetry } from './ops.ts';
import { resolveOrphanPoll } from './poll.ts';
import {
  failUnsentAtClosedBank,
  heldForCalendar,
  holdForFunds,
  refuseInvalidInstruction,
  refuseNewAttempt,
  refuseUnroutable,
  resendUnsent,
  resumeStatusQueries,
  sendNewAttempt,
  unsentWaitsForCalendar,
  waitForBreaker,
  waitForChannel,
} from './submit.ts';
import { batchOf, type Transition } from './transition.ts';
import {
  returnedOnStatement,
  verificationDeferred,
  verificationNeedsReview,
  verificationWithoutLiveAttempt,
  verifiedExecuted,
  verifiedNotExecuted,
} from './verify.ts';

// ---------------------------------------------------------------------------------------------
// Property: walk one payout through random sequences of the package's transitions — the submit
// step, bank answers to a submission and to status queries, verification, statement returns and
// the ops actions — each called only where its caller would call it (the workers' status and
// next-action checks, the ops policies), store each result as the database writer would, book
// its ledger posting kinds, and check after every step:
//  - no second live attempt: a new attempt only when every earlier one is failed, never two
//    attempts not failed at once;
//  - unknown never resent: only an attempt that never left `sending` is sent again;
//  - money conserved: every posting balanced, the payout's money in flight (reserved + unknown
//    exposure) is the amount times its open attempts, and zero once the payout is final.
// ---------------------------------------------------------------------------------------------

const MAX_ATTEMPTS = 3;
const BASE = Date.parse('2026-11-20T02:00:00Z');
const CHANNELS = ['cn-a', 'cn-b'] as const;
const REASONS = ['AB05', 'TM01', 'AM02', 'AM04', 'AC01', 'AM05', 'NARR', 'ZZ01'] as const;
const GAP = { calendar: 'CN', year: 2027 };
const OPS = { actor: 'ops:anna', role: 'operator', reason: 'checked with the bank', requestId: 'r1' };
const LINE = { lineId: 'L1', bookingDate: '2026-11-21', bankReference: 'B1' };

interface ModelAttempt {
  readonly id: string;
  readonly attemptNo: number;
  readonly channelId: string;
  readonly endToEndId: string;
  state: AttemptState;
  reasonCode: string | undefined;
  /** It has been in a state other than `sending`: the bank may hold it. */
  leftSending: boolean;
}

interface Model {
  readonly payout: {
    readonly id: string;
    status: PayoutStatus;
    version: number;
    nextAction: NextAction | null;
    statusReason: string | null;
    readonly amountMinor: bigint;
    readonly currency: string;
  };
  readonly attempts: ModelAttempt[];
  readonly ledger: Posting[];
}

// Weighted so that walks live long enough to see several attempts: the steps that end a payout
// for good (cancel, force-resolve) are rare, as they are in life.
const STEP_WEIGHTS = {
  submit: 6,
  submit_answer: 4,
  poll: 6,
  verify: 3,
  statement_return: 1,
  ops_repoll: 1,
  ops_retry: 2,
  ops_cancel: 1,
  force_resolve: 1,
} as const;
type StepKind = keyof typeof STEP_WEIGHTS;
const stepArb = fc.record({
  kind: fc.oneof(...Object.entries(STEP_WEIGHTS).map(([kind, weight]) => ({ weight, arbitrary: fc.constant(kind as StepKind) }))),
  pick: fc.nat({ max: 11 }),
  reason: fc.option(fc.constantFrom(...REASONS), { nil: undefined }),
});
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

const facts = (m: Model): AttemptFact[] => m.attempts.map((a) => ({ state: a.state, reasonCode: a.reasonCode }));
const open = (m: Model): ModelAttempt | undefined => m.attempts.find((a) => a.state !== 'failed' && a.state !== 'succeeded');

/** The step as its caller would take it; undefined when its caller would not call it now. */
function transitionFor(m: Model, s: Step, now: Date): Transition | undefined {
  switch (s.kind) {
    case 'submit':
      return m.payout.nextAction !== 'submit'
        ? undefined
        : m.payout.status === 'processing'
          ? submitUnsent(m, s, now)
          : submitNew(m, s, now);
    case 'submit_answer':
      return submitAnswer(m, s, now);
    case 'poll':
      return m.payout.status === 'processing' && m.payout.nextAction === 'poll' ? pollAnswer(m, s, now) : undefined;
    case 'verify':
      return m.payout.status === 'awaiting_verification' && m.payout.nextAction === 'verify' ? verify(m, s, now) : undefined;
    case 'statement_return': {
      const done = m.attempts.find((a) => a.state === 'succeeded');
      return m.payout.status === 'succeeded' && done !== undefined
        ? returnedOnStatement(m.payout, { attemptId: done.id, code: 'AC04', line: { ...LINE, amountMinor: m.payout.amountMinor } })
        : undefined;
    }
    default:
      return opsAction(m, s, now);
  }
}

/** Processing and due for submit: only an attempt still `sending` may go out again. */
function submitUnsent(m: Model, s: Step, now: Date): Transition {
  const live = m.attempts.find((a) => a.state !== 'failed');
  if (live?.state !== 'sending') return resumeStatusQueries(m.payout, now);
  const unsent = { ...live, state: live.state };
  switch (s.pick % 4) {
    case 0:
      return resendUnsent(m.payout, unsent, { now, pollAt: now });
    case 1:
      return failUnsentAtClosedBank(m.payout, unsent, {
        earlier: facts(m).filter((_, i) => m.attempts[i] !== live),
        maxAttempts: MAX_ATTEMPTS,
        now,
      });
    case 2:
      return waitForBreaker(m.payout, unsent, now);
    default:
      return unsentWaitsForCalendar(m.payout, unsent, GAP, now);
  }
}

/** Accepted or held and due for submit: the new-attempt rule, then whatever routing finds. */
function submitNew(m: Model, s: Step, now: Date): Transition {
  const decision = decideNewAttempt(facts(m), { maxAttempts: MAX_ATTEMPTS });
  if (!decision.allowed) return refuseNewAttempt(m.payout, decision, facts(m), { maxAttempts: MAX_ATTEMPTS });
  const n = m.attempts.length + 1;
  switch (s.pick % 8) {
    case 0:
    case 1:
    case 2:
    case 3:
      return sendNewAttempt(m.payout, decision, {
        attemptId: `a${n}`,
        attemptNo: n,
        channelId: CHANNELS[n % 2]!,
        endToEndId: `E${n}`,
        now,
        pollAt: now,
      });
    case 4:
      return waitForChannel(m.payout, { reason: 'cn-a breaker_open', retryAt: now });
    case 5:
      return holdForFunds(m.payout, { reason: 'cn-main is short', shortfallMinor: 1n, currency: m.payout.currency, retryAt: now });
    case 6:
      return heldForCalendar(m.payout, { reason: 'cn-a calendar_no_data', retryAt: now, gap: GAP });
    default:
      return refuseUnroutable(m.payout, m.attempts.length, 'no channel can take it');
  }
}

/** A bank's answer to the submission of the attempt still `sending` (applied whatever the next action). */
function submitAnswer(m: Model, s: Step, now: Date): Transition | undefined {
  const sending = m.attempts.find((a) => a.state === 'sending');
  if (m.payout.status !== 'processing' || sending === undefined) return undefined;
  if (s.pick === 11) return refuseInvalidInstruction(m.payout, sending, 'bad account', now);
  const plan =
    s.pick >= 9
      ? ({ attempt: { countPoll: false }, payout: { kind: 'resend', at: now, reason: 'not sent (connect)' } } as const)
      : planEvidence(m, sending, s, now);
  return applyAnswer(m.payout, sending, plan, now);
}

/** A status query's answer (or the orphan rule when nothing can be queried). */
function pollAnswer(m: Model, s: Step, now: Date): Transition | undefined {
  const live = open(m);
  if (live === undefined) return resolveOrphanPoll(m.payout, m.attempts);
  return applyAnswer(m.payout, live, planEvidence(m, live, s, now), now);
}

/**
 * What the workers' outcome planner makes of a piece of bank evidence (its rules, restated):
 * only a definitive reject fails an attempt, and where the payout goes then is
 * `planAfterAttemptFailure`'s; anything unreadable makes the attempt unknown and is polled.
 */
function planEvidence(m: Model, a: ModelAttempt, s: Step, now: Date): AnswerPlan {
  const poll: PayoutPlan = { kind: 'poll', at: now };
  const plan = (attempt: AttemptChange, payout: PayoutPlan = poll): AnswerPlan => ({ attempt, payout });
  switch (s.pick % 10) {
    case 0:
      return plan({ to: a.state === 'sending' || a.state === 'unknown' ? 'accepted' : undefined, bankStatus: 'ACTC', countPoll: true });
    case 1:
      return plan({ to: a.state === 'pending' ? undefined : 'pending', bankStatus: 'ACSP', countPoll: true });
    case 2:
      return plan({ to: 'succeeded', bankStatus: 'ACSC', countPoll: true }, { kind: 'succeeded' });
    case 3:
      return plan(
        { to: 'succeeded', reasonCode: 'AC04', countPoll: true },
        { kind: 'returned', reasonCode: 'AC04', reason: 'returned by the bank' },
      );
    case 4:
    case 5:
      return rejected(m, a, s.reason ?? 'AB05', now);
    case 6:
      return plan({ to: 'unknown', reasonText: 'timeout', countPoll: true });
    case 7:
      return plan({ to: 'unknown', countPoll: true }, { kind: 'manual_review', reason: 'blocked' });
    case 8:
      return plan(
        { to: a.state === 'sending' ? 'unknown' : undefined, countPoll: true },
        { kind: 'awaiting_verification', at: now, reason: 'poll budget spent' },
      );
    default:
      return plan({ countPoll: false }, { kind: 'calendar_wait', at: now, gap: GAP, reason: 'hours unknown' });
  }
}

function rejected(m: Model, a: ModelAttempt, code: string, now: Date): AnswerPlan {
  const attempt: AttemptChange = { to: 'failed', reasonCode: code, reasonText: `${code} rejected`, countPoll: true };
  const after = planAfterAttemptFailure([...facts(m).filter((_, i) => m.attempts[i] !== a), { state: 'failed', reasonCode: code }], {
    maxAttempts: MAX_ATTEMPTS,
  });
  if (after.status === 'accepted' || after.status === 'held')
    return { attempt, payout: { kind: 'retry', status: after.status, at: now, reason: after.reason } };
  return {
    attempt,
    payout:
      after.status === 'failed'
        ? { kind: 'failed', reasonCode: code, reason: after.reason }
        : { kind: 'manual_review', reason: after.reason },
  };
}

/** What complete (or incomplete) statements say about the open attempt. */
function verify(m: Model, s: Step, now: Date): Transition | undefined {
  const a = open(m);
  if (a === undefined) return verificationWithoutLiveAttempt(m.payout);
  switch (s.pick % 5) {
    case 0:
      return verifiedExecuted(
        m.payout,
        a,
        { evidence: LINE, via: 'end_to_end_id', returned: s.reason === undefined ? undefined : { line: LINE, code: s.reason } },
        now,
      );
    case 1:
      return verifiedNotExecuted(m.payout, a, m.attempts, { reasonCode: s.reason, detail: 'no debit on complete statements' }, now);
    case 2:
      return verificationNeedsReview(m.payout, a, { reason: 'two candidate lines', candidates: [], competingAttemptIds: [] });
    default:
      return verificationDeferred(m.payout, a, { reason: 'statement not in yet', at: now, waitingFor: '2026-11-21' });
  }
}

/** The ops actions, each only where its policy allows it. */
function opsAction(m: Model, s: Step, now: Date): Transition | undefined {
  const p = m.payout;
  const live = open(m);
  switch (s.kind) {
    case 'ops_repoll':
      if (live === undefined || !['processing', 'awaiting_verification', 'manual_review'].includes(p.status)) return undefined;
      return live.state === 'sending' && p.nextAction === 'submit' ? undefined : opsRepoll(p, live, OPS, now);
    case 'ops_retry':
      return decideNewAttempt(facts(m), { maxAttempts: MAX_ATTEMPTS }).allowed && transitionPayout(p.status, 'accepted').ok
        ? opsRetry(p, m.attempts.length, OPS, now)
        : undefined;
    case 'ops_cancel':
      return m.attempts.length === 0 && transitionPayout(p.status, 'cancelled').ok ? opsCancel(p, OPS) : undefined;
    default:
      return forceResolveStep(m, s, now);
  }
}

/** An approved force-resolve (never failed once an attempt succeeded; succeeded only with an attempt to carry it). */
function forceResolveStep(m: Model, s: Step, now: Date): Transition | undefined {
  const target = s.pick % 2 === 0 ? 'succeeded' : 'failed';
  const live = open(m);
  const succeeded = m.attempts.some((a) => a.state === 'succeeded');
  if (
    !transitionPayout(m.payout.status, target).ok ||
    (target === 'failed' && succeeded) ||
    (target === 'succeeded' && live === undefined && !succeeded)
  )
    return undefined;
  const approval = {
    target,
    proposalId: 'P1',
    proposedBy: 'ops:anna',
    approvedBy: 'ops:ben',
    reason: 'bank confirmed',
    evidence: { line: 'L1' },
    overrideReason: null,
    requestId: 'r2',
  } as const;
  return forceResolve({ payout: m.payout, attempts: m.attempts }, approval, live?.id, now);
}

/** Store the transition as the database writer would, book its ledger kinds, and check every invariant. */
function apply(m: Model, t: Transition, now: Date): void {
  const batch = batchOf('test', [t]);
  checkBeforeWrite(m, batch);
  const ledgerEvents: PayoutLedgerEvent[] = [...lifecycleLedgerEvents(batch, [{ payout: m.payout, attempts: m.attempts }], now)];
  if ('ledger' in t && t.ledger !== undefined) ledgerEvents.push(t.ledger as PayoutLedgerEvent);
  for (const e of ledgerEvents) {
    const d = postingsForPayoutEvent(e, m.ledger);
    if (d.kind === 'post') m.ledger.push(...d.postings);
  }
  for (const i of batch.attemptInserts) {
    m.attempts.push({
      id: i.id,
      attemptNo: i.attemptNo,
      channelId: i.channelId,
      endToEndId: i.endToEndId,
      state: 'sending',
      reasonCode: undefined,
      leftSending: false,
    });
  }
  for (const u of batch.attemptUpdates) {
    const a = m.attempts.find((x) => x.id === u.attemptId)!;
    a.state = u.state;
    if (u.reasonCode !== undefined) a.reasonCode = u.reasonCode;
    if (u.state !== 'sending') a.leftSending = true;
  }
  const u = batch.payoutUpdates[0]!;
  Object.assign(m.payout, { status: u.status, version: m.payout.version + 1, nextAction: u.nextAction, statusReason: u.statusReason });
  checkAfterWrite(m);
}

function checkBeforeWrite(m: Model, batch: LifecycleBatch): void {
  const u = batch.payoutUpdates[0]!;
  expect(batch.payoutUpdates).toHaveLength(1);
  expect([u.expectedStatus, u.expectedVersion]).toEqual([m.payout.status, m.payout.version]);
  // No second live attempt: a new one only when every earlier attempt is failed, within the limit.
  for (const i of batch.attemptInserts) {
    expect(m.attempts.every((a) => a.state === 'failed')).toBe(true);
    expect(i.attemptNo).toBe(m.attempts.length + 1);
    expect(i.attemptNo).toBeLessThanOrEqual(MAX_ATTEMPTS);
  }
  for (const w of batch.attemptUpdates) {
    const a = m.attempts.find((x) => x.id === w.attemptId);
    expect(a?.state).toBe(w.expectedState);
    // Unknown never resent: only an attempt that never left `sending` goes out again.
    if (w.state === 'sending') expect(a?.leftSending).toBe(false);
  }
}

function checkAfterWrite(m: Model): void {
  expect(m.attempts.filter((a) => isLiveAttemptState(a.state)).length).toBeLessThanOrEqual(1);
  // Money conserved: balanced postings; in flight = amount × open attempts; nothing in flight once final.
  for (const sum of sumsByCurrency(m.ledger.flatMap((p) => p.entries)).values()) expect(sum).toBe(0n);
  const inFlightAttempts = m.attempts.filter((a) => a.state !== 'failed' && a.state !== 'succeeded');
  const channels = new Set(m.attempts.map((a) => a.channelId));
  let inFlight = 0n;
  for (const c of channels) {
    const pos = computePosition(m.ledger, c, m.payout.currency);
    inFlight += pos.reservedMinor + pos.unknownExposureMinor;
  }
  expect(inFlight).toBe(m.payout.amountMinor * BigInt(inFlightAttempts.length));
  if (isFinalPayoutStatus(m.payout.status)) expect(inFlight).toBe(0n);
  if (m.payout.status === 'succeeded' || m.payout.status === 'returned')
    expect(m.attempts.filter((a) => a.state === 'succeeded')).toHaveLength(1);
}

describe('lifecycle transitions, random walks', () => {
  it('never a second live attempt, never resend an unknown one, and the money always adds up', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.array(stepArb, { minLength: 20, maxLength: 80, size: 'max' }),
        (amountMinor, steps) => {
          const m: Model = {
            payout: { id: 'p1', status: 'accepted', version: 1, nextAction: 'submit', statusReason: null, amountMinor, currency: 'CNY' },
            attempts: [],
            ledger: [],
          };
          steps.forEach((s, i) => {
            const now = new Date(BASE + i * 1_000);
            const t = transitionFor(m, s, now);
            if (t !== undefined) apply(m, t, now);
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
