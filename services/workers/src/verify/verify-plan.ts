import type { NewStatementException, NewVerification, PayoutForVerification, VerifyAttemptRecord } from '@payout/db';
import {
  BatchBuilder,
  returnedOnStatement,
  statementLedgerEvent,
  verificationDeferred,
  verificationNeedsReview,
  verificationWithoutLiveAttempt,
  verifiedExecuted,
  verifiedNotExecuted,
  type LifecycleBatch,
  type PayoutRef,
  type Transition,
} from '@payout/lifecycle';
import type { PayoutLedgerEvent } from '@payout/ledger';
import type { KnownReturn, StatementException } from '@payout/statements';
import { askCalendar } from '../escalation/calendar-gap.ts';
import type { BankVerdict } from './bank-verdict.ts';
import type { AttemptCoverage, Resolution } from './resolve.ts';
import { planReturn, returnCodeOf } from './returns.ts';
import { statementDueAt } from './statement-availability.ts';
import type { VerifyChannel, VerifyDeps } from './verify-deps.ts';
import { lineRef, type LineRef, type UnresolvedAttempt } from './verify.model.ts';

export interface PlannedDecision {
  readonly attempt: UnresolvedAttempt;
  readonly resolution: Resolution;
  readonly coverage: AttemptCoverage;
  readonly verdict: BankVerdict;
}

type Decided<K extends Resolution['kind']> = Extract<Resolution, { kind: K }>;

/** A decision whose payout and attempt are still as they were when it was made. */
interface Current {
  readonly d: PlannedDecision;
  readonly p: PayoutForVerification;
  readonly a: VerifyAttemptRecord;
  readonly ref: PayoutRef;
}

/**
 * Everything one verification pass writes, collected from its decisions on the payouts as
 * locked: the lifecycle transitions (one per payout at most), the `payout_verifications`
 * rows, fallback-matched lines to link, statement exceptions and what the statements show the
 * ledger. The status changes themselves are the lifecycle package's transitions.
 */
export class VerifyPlan {
  readonly verifications: NewVerification[] = [];
  readonly fallbackLinks: { lineId: string; attemptId: string; payoutId: string }[] = [];
  readonly exceptions: NewStatementException[] = [];
  /** What the statement lines show about the payouts decided here, booked with their state changes. */
  readonly observed: PayoutLedgerEvent[] = [];
  readonly counts: Record<string, number> = {};
  skippedStale = 0;
  readonly #batch: BatchBuilder;
  readonly #touched = new Set<string>();
  private readonly deps: VerifyDeps;
  private readonly channel: VerifyChannel;
  /** The payouts as locked for this pass. */
  private readonly fresh: ReadonlyMap<string, PayoutForVerification>;
  private readonly now: Date;
  private readonly statementDates: ReadonlyMap<string, string> | undefined;

  constructor(
    deps: VerifyDeps,
    channel: VerifyChannel,
    fresh: ReadonlyMap<string, PayoutForVerification>,
    now: Date,
    statementDates: ReadonlyMap<string, string> | undefined,
  ) {
    this.deps = deps;
    this.channel = channel;
    this.fresh = fresh;
    this.now = now;
    this.statementDates = statementDates;
    this.#batch = new BatchBuilder(deps.settings.actor);
  }

  batch(): LifecycleBatch {
    return this.#batch.batch();
  }

  /** Applies one decision, unless the payout or the attempt moved since it was made (then the next pass looks again). */
  decision(d: PlannedDecision): void {
    const r = d.resolution;
    if (r.kind === 'unchanged') return;
    const p = this.fresh.get(d.attempt.payoutId);
    const a = p?.attempts.find((x) => x.id === d.attempt.attemptId);
    if (
      p === undefined ||
      a === undefined ||
      p.payout.status !== d.attempt.payoutStatus ||
      a.state !== d.attempt.attemptState ||
      this.#touched.has(p.payout.id)
    ) {
      this.skippedStale++;
      return;
    }
    this.#touched.add(p.payout.id);
    const c: Current = { d, p, a, ref: refOf(p) };
    switch (r.kind) {
      case 'succeeded':
        return this.executed(c, r);
      case 'failed':
        return this.notExecuted(c, r);
      case 'manual_review':
        this.#batch.add(verificationNeedsReview(c.ref, a, r));
        return this.record(c, 'manual_review', r.reason, undefined, r.candidates);
      case 'defer':
        return this.deferred(c, r);
    }
  }

  private executed(c: Current, r: Decided<'succeeded'>): void {
    const t = this.#batch.add(verifiedExecuted(c.ref, c.a, r, this.now));
    if (t === undefined) {
      this.skippedStale++;
      return;
    }
    const reason = reasonOf(t);
    if (r.via === 'fallback') this.fallbackLinks.push({ lineId: r.evidence.lineId, attemptId: c.a.id, payoutId: c.p.payout.id });
    // The statement confirms the money left (and, for a return, that it came back).
    this.seen('debit_seen', c.p, c.a, r.evidence);
    if (r.returned !== undefined) this.seen('return_seen', c.p, c.a, r.returned.line);
    this.record(c, 'succeeded', reason, r.evidence);
    if (r.returned !== undefined) this.record(c, 'returned', reason, r.returned.line);
  }

  private notExecuted(c: Current, r: Decided<'failed'>): void {
    const t = this.#batch.add(verifiedNotExecuted(c.ref, c.a, c.p.attempts, r, this.now));
    if (t === undefined) {
      this.skippedStale++;
      return;
    }
    this.record(c, 'failed', r.detail);
  }

  private deferred(c: Current, r: Decided<'defer'>): void {
    const waitingFor = r.waitingFor;
    const profile = this.channel.profile;
    // The statement waited for may be due on a day the calendar has no data for yet: then
    // this payout looks again later (the others in the pass are not held up by it).
    const due =
      waitingFor === undefined
        ? undefined
        : askCalendar(() =>
            statementDueAt({ calendar: profile.calendar, timeZone: profile.timeZone, statementTime: profile.statementTime }, waitingFor),
          );
    const dueAt = due?.ok === true ? due.value : undefined;
    const gap = due?.ok === false ? due.gap : undefined;
    const at =
      dueAt !== undefined && dueAt.getTime() > this.now.getTime() ? dueAt : new Date(this.now.getTime() + this.deps.settings.retryLaterMs);
    this.#batch.add(verificationDeferred(c.ref, c.a, { reason: r.reason, at, waitingFor, gap }));
    this.record(c, 'deferred', r.reason);
  }

  /** A payout awaiting verification with no live attempt at this bank goes to a person. */
  noLiveAttempt(p: PayoutForVerification): void {
    const f = this.fresh.get(p.payout.id);
    if (f === undefined || f.payout.status !== 'awaiting_verification' || this.#touched.has(f.payout.id)) return;
    this.#touched.add(f.payout.id);
    this.#batch.add(verificationWithoutLiveAttempt(refOf(f)));
    this.count('manual_review');
  }

  /** A return credit for a payout no longer awaiting an answer: returned, an exception, or (seen before) only its credit booked. */
  knownReturn(ret: KnownReturn): void {
    const f = this.fresh.get(ret.attempt.payoutId);
    if (f === undefined) return;
    const plan = planReturn(f.payout.status);
    switch (plan.kind) {
      case 'return': {
        if (this.#touched.has(f.payout.id)) return;
        this.#touched.add(f.payout.id);
        const t = this.#batch.add(
          returnedOnStatement(refOf(f), { attemptId: ret.attempt.attemptId, code: returnCodeOf(ret), line: ret.line }),
        );
        const reason = reasonOf(t);
        this.verifications.push({
          payoutId: f.payout.id,
          attemptId: ret.attempt.attemptId,
          outcome: 'returned',
          reason,
          evidenceLineId: ret.line.lineId,
          candidates: [],
          coverage: {},
          bankVerdict: {},
        });
        this.count('returned');
        const a = f.attempts.find((x) => x.id === ret.attempt.attemptId);
        if (a !== undefined) this.seen('return_seen', f, a, lineRef(ret.line));
        return;
      }
      case 'contradiction':
        this.exceptions.push({
          lineId: ret.line.lineId,
          bankId: this.channel.bankId,
          accountId: ret.line.accountId,
          kind: 'return_contradiction',
          attemptId: ret.attempt.attemptId,
          payoutId: f.payout.id,
          detail: plan.reason,
        });
        return;
      case 'already_returned': {
        // Returned earlier (the bank reported it, or another line): the credit is seen now.
        const a = f.attempts.find((x) => x.id === ret.attempt.attemptId);
        if (a !== undefined && a.state === 'succeeded') this.seen('return_seen', f, a, lineRef(ret.line));
        return;
      }
      case 'via_resolution':
        return;
    }
  }

  exception(e: StatementException): void {
    this.exceptions.push(exceptionRow(this.channel, e));
  }

  private seen(type: 'debit_seen' | 'return_seen', p: PayoutForVerification, a: VerifyAttemptRecord, line: LineRef): void {
    const bookingDate = line.bookingDate ?? this.statementDates?.get(line.statementRowId);
    if (bookingDate === undefined) {
      this.deps.logger.warn(
        { role: 'verify', payoutId: p.payout.id, lineId: line.lineId, event: type },
        'statement line without a booking date: not booked in the ledger',
      );
      return;
    }
    this.observed.push(statementLedgerEvent(type, { payout: p.payout, attempt: a }, line, bookingDate, this.now));
  }

  private record(
    c: Current,
    outcome: NewVerification['outcome'],
    reason: string,
    evidence?: LineRef,
    candidates: readonly unknown[] = [],
  ): void {
    this.verifications.push({
      payoutId: c.p.payout.id,
      attemptId: c.a.id,
      outcome,
      reason,
      evidenceLineId: evidence?.lineId,
      candidates,
      coverage: { sendDay: c.d.coverage.sendDay, throughDayAfter: c.d.coverage.throughDayAfter },
      bankVerdict: { ...c.d.verdict },
    });
    this.count(outcome);
  }

  private count(k: string): void {
    this.counts[k] = (this.counts[k] ?? 0) + 1;
  }
}

function refOf(p: PayoutForVerification): PayoutRef {
  return { id: p.payout.id, status: p.payout.status, version: p.payout.version };
}

function reasonOf(t: Transition): string {
  return t.payout.statusReason ?? '';
}

function exceptionRow(channel: VerifyChannel, e: StatementException): NewStatementException {
  const base = { lineId: e.line.lineId, bankId: channel.bankId, accountId: channel.account.accountNumber };
  const amount = `${e.line.amountMinor} ${e.line.currency} ${e.line.direction} booked ${e.line.bookingDate ?? '?'}`;
  switch (e.kind) {
    case 'unmatched_debit':
      return {
        ...base,
        kind: e.kind,
        attemptId: undefined,
        payoutId: undefined,
        detail: `debit on the funding account matching no payout: ${amount}`,
      };
    case 'unlinked_return':
      return {
        ...base,
        kind: e.kind,
        attemptId: undefined,
        payoutId: undefined,
        detail: `return credit whose original payout was not found: ${amount}`,
      };
    case 'debit_for_failed_attempt':
      return {
        ...base,
        kind: e.kind,
        attemptId: e.attemptId,
        payoutId: e.payoutId,
        detail: `debit for an attempt recorded as failed: ${amount}`,
      };
    case 'duplicate_debit':
      return {
        ...base,
        kind: e.kind,
        attemptId: e.attemptId,
        payoutId: e.payoutId,
        detail: `a further debit for an attempt already debited (executed twice?): ${amount}`,
      };
    case 'amount_mismatch':
      return {
        ...base,
        kind: e.kind,
        attemptId: e.attemptId,
        payoutId: e.payoutId,
        detail: `debit names the attempt but is ${amount}, expected ${e.expectedMinor}`,
      };
  }
}
