import { linkFallbackLines, lockPayoutsForVerification, markStatementsMatched, recordStatementExceptions, recordVerifications, resolveStatementExceptions, type NewStatementException, type NewVerification, type PayoutForVerification, type VerifyAttemptRecord } from '@payout/db';
import { type AttemptUpdate, type LifecycleEvent, type PayoutUpdate } from '@payout/lifecycle';
import { type PayoutStatus } from '@payout/domain';
import { decideNewAttempt, planAfterAttemptFailure, transitionAttempt, type AttemptFact } from '@payout/lifecycle';
import { fundingAccountOfChannel, type PayoutLedgerEvent } from '@payout/ledger';
import { writeBatchWithLedger } from '../ledger/write-batch-with-ledger.ts';
import type { BankVerdict } from './bank-verdict.ts';
import type { KnownReturn, StatementException } from '@payout/statements';
import type { AttemptCoverage, Resolution } from './resolve.ts';
import { planReturn, returnCodeOf } from './returns.ts';
import { askCalendar, calendarGapFields, calendarGapReason } from '../escalation/calendar-gap.ts';
import { statementDueAt } from './statement-availability.ts';
import type { VerifyChannel, VerifyDeps } from './verify-deps.ts';
import { lineRef, type LineRef, type UnresolvedAttempt } from './verify.model.ts';

export interface PlannedDecision {
  readonly attempt: UnresolvedAttempt;
  readonly resolution: Resolution;
  readonly coverage: AttemptCoverage;
  readonly verdict: BankVerdict;
}

export interface ApplyInput {
  readonly decisions: readonly PlannedDecision[];
  readonly noLiveAttempt: readonly PayoutForVerification[];
  readonly knownReturns: readonly KnownReturn[];
  readonly exceptions: readonly StatementException[];
  readonly statementRowIds: readonly string[];
  /** Statement row id → statement date: the booking date for the ledger when a line carries none. */
  readonly statementDates?: ReadonlyMap<string, string> | undefined;
  readonly now: Date;
}

export interface VerifyApplyReport {
  readonly counts: Readonly<Record<string, number>>;
  /** Decisions dropped because the payout changed since it was read (it is looked at again later). */
  readonly skippedStale: number;
  readonly newExceptions: number;
  /** Statement facts (debit seen, return seen) the ledger would not take; logged, and visible as drift. */
  readonly ledgerRefused: number;
}

/**
 * Write a pass's decisions in ONE transaction. Payouts are locked and re-read first; a
 * decision is applied only when the payout and its attempt are still as they were when it was
 * made (the lifecycle may have moved them meanwhile) — everything else waits for the next pass.
 * Every status change goes through the transition table with its event and outbox row
 * (`writeLifecycleBatch`); each decision is also kept in `payout_verifications`.
 */
export async function applyVerification(deps: VerifyDeps, channel: VerifyChannel, input: ApplyInput): Promise<VerifyApplyReport> {
  const counts: Record<string, number> = {};
  const count = (k: string): void => {
    counts[k] = (counts[k] ?? 0) + 1;
  };
  let skippedStale = 0;
  let newExceptions = 0;
  let ledgerRefused = 0;
  const actor = deps.settings.actor;
  const schedule = { calendar: channel.profile.calendar, timeZone: channel.profile.timeZone, statementTime: channel.profile.statementTime };

  await deps.db.transaction().execute(async (tx) => {
    const ids = new Set<string>();
    for (const d of input.decisions) if (d.resolution.kind !== 'unchanged') ids.add(d.attempt.payoutId);
    for (const r of input.knownReturns) ids.add(r.attempt.payoutId);
    for (const p of input.noLiveAttempt) ids.add(p.payout.id);
    const fresh = new Map((await lockPayoutsForVerification(tx, [...ids])).map((p) => [p.payout.id, p]));

    const attemptUpdates: AttemptUpdate[] = [];
    const payoutUpdates: PayoutUpdate[] = [];
    const verifications: NewVerification[] = [];
    const fallbackLinks: { lineId: string; attemptId: string; payoutId: string }[] = [];
    const exceptions: NewStatementException[] = [];
    const touched = new Set<string>();
    // What the statement lines show about the payouts decided here, booked with their state changes.
    const observed: PayoutLedgerEvent[] = [];
    const seen = (type: 'debit_seen' | 'return_seen', p: PayoutForVerification, a: VerifyAttemptRecord, line: LineRef): void => {
      const bookingDate = line.bookingDate ?? input.statementDates?.get(line.statementRowId);
      if (bookingDate === undefined) {
        deps.logger.warn({ role: 'verify', payoutId: p.payout.id, lineId: line.lineId, event: type }, 'statement line without a booking date: not booked in the ledger');
        return;
      }
      const amount = { amountMinor: p.payout.amountMinor, currency: p.payout.currency };
      observed.push({
        type,
        payoutId: p.payout.id,
        attempt: a.attemptNo,
        fundingAccountId: fundingAccountOfChannel(a.channelId),
        amount,
        ...(type === 'return_seen' ? { returnedAmount: { amountMinor: line.amountMinor, currency: line.currency } } : {}),
        at: input.now,
        bookingDate,
      });
    };

    for (const d of input.decisions) {
      const r = d.resolution;
      if (r.kind === 'unchanged') continue;
      const p = fresh.get(d.attempt.payoutId);
      const a = p?.attempts.find((x) => x.id === d.attempt.attemptId);
      if (p === undefined || a === undefined || p.payout.status !== d.attempt.payoutStatus || a.state !== d.attempt.attemptState || touched.has(p.payout.id)) {
        skippedStale++;
        continue;
      }
      touched.add(p.payout.id);
      const from = p.payout.status;
      const base = { payoutId: p.payout.id, expectedStatus: from, expectedVersion: p.payout.version, attemptCountDelta: 0 };
      const attemptData = { attemptNo: a.attemptNo, channelId: a.channelId, endToEndId: a.endToEndId };
      const record = (outcome: NewVerification['outcome'], reason: string, evidence?: LineRef, candidates: readonly unknown[] = []): void => {
        verifications.push({
          payoutId: p.payout.id,
          attemptId: a.id,
          outcome,
          reason,
          evidenceLineId: evidence?.lineId,
          candidates,
          coverage: { sendDay: d.coverage.sendDay, throughDayAfter: d.coverage.throughDayAfter },
          bankVerdict: { ...d.verdict },
        });
        count(outcome);
      };
      switch (r.kind) {
        case 'succeeded': {
          if (a.state !== 'succeeded') {
            if (!transitionAttempt(a.state, 'succeeded').ok) {
              skippedStale++;
              continue;
            }
            attemptUpdates.push({ attemptId: a.id, expectedState: a.state, state: 'succeeded', statusCode: 'STMT', answeredAt: input.now, pollCountDelta: 0 });
          }
          const evidence = { line: r.evidence, via: r.via, statementLineId: r.evidence.lineId };
          const events: LifecycleEvent[] = [{ type: 'payout.succeeded', fromStatus: from, toStatus: 'succeeded', data: { ...attemptData, attemptState: 'succeeded', verifiedBy: 'statement', evidence }, notify: true }];
          let to: PayoutStatus = 'succeeded';
          let reason = `statement debit ${r.evidence.bankReference ?? r.evidence.lineId} booked ${r.evidence.bookingDate ?? '?'} (matched by ${r.via.replaceAll('_', ' ')})`;
          if (r.returned !== undefined) {
            to = 'returned';
            reason = `returned (${r.returned.code ?? 'no reason given'}) after ${reason}`;
            events.push({ type: 'payout.returned', fromStatus: 'succeeded', toStatus: 'returned', data: { ...attemptData, returnReason: r.returned.code ?? null, returnLine: r.returned.line }, notify: true });
          }
          payoutUpdates.push({ ...base, status: to, statusReason: reason, nextAction: null, nextActionAt: null, events });
          if (r.via === 'fallback') fallbackLinks.push({ lineId: r.evidence.lineId, attemptId: a.id, payoutId: p.payout.id });
          // The statement confirms the money left (and, for a return, that it came back).
          seen('debit_seen', p, a, r.evidence);
          if (r.returned !== undefined) seen('return_seen', p, a, r.returned.line);
          record('succeeded', reason, r.evidence);
          if (r.returned !== undefined) record('returned', reason, r.returned.line);
          break;
        }
        case 'failed': {
          if (!transitionAttempt(a.state, 'failed').ok) {
            skippedStale++;
            continue;
          }
          attemptUpdates.push({ attemptId: a.id, expectedState: a.state, state: 'failed', statusCode: 'STMT', reasonCode: r.reasonCode, answeredAt: input.now, pollCountDelta: 0 });
          const facts: AttemptFact[] = p.attempts.map((x) => (x.id === a.id ? { state: 'failed', reasonCode: r.reasonCode } : { state: x.state, reasonCode: x.reasonCode ?? undefined }));
          const events: LifecycleEvent[] = [{ type: 'attempt.failed', fromStatus: from, toStatus: from, data: { ...attemptData, reasonCode: r.reasonCode ?? null, detail: r.detail }, notify: false }];
          if (r.reasonCode === undefined) {
            // The bank has no record and complete statements show no debit: nothing was executed.
            // Final; upstream may send a new payout (decideNewAttempt tells it whether the rule would allow one).
            const decision = decideNewAttempt(facts.map((f) => (f.state === 'failed' && f.reasonCode === undefined ? { state: 'failed', reasonCode: 'AB05' } : f)));
            const reason = `verified not executed: ${r.detail}`;
            events.push({ type: 'payout.failed', fromStatus: from, toStatus: 'failed', data: { ...attemptData, reason, verifiedBy: 'statement', newAttemptAllowed: decision.allowed }, notify: true });
            payoutUpdates.push({ ...base, status: 'failed', statusReason: reason, nextAction: null, nextActionAt: null, events });
          } else {
            const plan = planAfterAttemptFailure(facts);
            const reason = `verified not executed (${r.reasonCode}): ${r.detail}; ${plan.reason}`;
            const retry = plan.status === 'accepted' || plan.status === 'held';
            events.push({ type: `payout.${plan.status}`, fromStatus: from, toStatus: plan.status, data: { ...attemptData, reason, verifiedBy: 'statement', ...(retry ? { retryAt: input.now.toISOString() } : {}) }, notify: true });
            payoutUpdates.push({ ...base, status: plan.status, statusReason: reason, nextAction: retry ? 'submit' : null, nextActionAt: retry ? input.now : null, events });
          }
          record('failed', r.detail);
          break;
        }
        case 'manual_review': {
          const reason = `verification: ${r.reason}`;
          payoutUpdates.push({
            ...base,
            status: 'manual_review',
            statusReason: reason,
            nextAction: null,
            nextActionAt: null,
            events: [{ type: 'payout.manual_review', fromStatus: from, toStatus: 'manual_review', data: { ...attemptData, reason, candidates: r.candidates, competingAttemptIds: r.competingAttemptIds }, notify: true }],
          });
          record('manual_review', r.reason, undefined, r.candidates);
          break;
        }
        case 'defer': {
          const waitingFor = r.waitingFor;
          // The statement waited for may be due on a day the calendar has no data for yet: then
          // this payout looks again later (the others in the pass are not held up by it).
          const due = waitingFor === undefined ? undefined : askCalendar(() => statementDueAt(schedule, waitingFor));
          const dueAt = due?.ok === true ? due.value : undefined;
          const gap = due?.ok === false ? due.gap : undefined;
          const at = dueAt !== undefined && dueAt.getTime() > input.now.getTime() ? dueAt : new Date(input.now.getTime() + deps.settings.retryLaterMs);
          const waiting = `verification waiting: ${r.reason}; next check ${at.toISOString()}`;
          payoutUpdates.push({
            ...base,
            status: from,
            statusReason: gap === undefined ? waiting : `${calendarGapReason(gap)}; the statement of ${waitingFor ?? '?'} has no known due date yet; ${waiting}`,
            nextAction: 'verify',
            nextActionAt: at,
            events: [
              {
                type: 'verification.deferred',
                fromStatus: from,
                toStatus: from,
                data: { ...attemptData, reason: r.reason, nextCheckAt: at.toISOString(), ...(gap === undefined ? {} : calendarGapFields(gap)) },
                notify: false,
              },
            ],
          });
          record('deferred', r.reason);
          break;
        }
      }
    }

    for (const p of input.noLiveAttempt) {
      const f = fresh.get(p.payout.id);
      if (f === undefined || f.payout.status !== 'awaiting_verification' || touched.has(f.payout.id)) continue;
      touched.add(f.payout.id);
      const reason = 'verification: awaiting verification without a live attempt at this bank';
      payoutUpdates.push({
        payoutId: f.payout.id,
        expectedStatus: f.payout.status,
        expectedVersion: f.payout.version,
        attemptCountDelta: 0,
        status: 'manual_review',
        statusReason: reason,
        nextAction: null,
        nextActionAt: null,
        events: [{ type: 'payout.manual_review', fromStatus: f.payout.status, toStatus: 'manual_review', data: { reason }, notify: true }],
      });
      count('manual_review');
    }

    for (const ret of input.knownReturns) {
      const f = fresh.get(ret.attempt.payoutId);
      if (f === undefined) continue;
      const plan = planReturn(f.payout.status);
      const code = returnCodeOf(ret);
      switch (plan.kind) {
        case 'return': {
          if (touched.has(f.payout.id)) break;
          touched.add(f.payout.id);
          const reason = `returned by the bank (${code}) on ${ret.line.bookingDate ?? '?'}, statement line ${ret.line.lineId}`;
          payoutUpdates.push({
            payoutId: f.payout.id,
            expectedStatus: 'succeeded',
            expectedVersion: f.payout.version,
            attemptCountDelta: 0,
            status: 'returned',
            statusReason: reason,
            nextAction: null,
            nextActionAt: null,
            events: [{ type: 'payout.returned', fromStatus: 'succeeded', toStatus: 'returned', data: { attemptId: ret.attempt.attemptId, returnReason: code, returnLine: { lineId: ret.line.lineId, amountMinor: ret.line.amountMinor, bookingDate: ret.line.bookingDate ?? null, bankReference: ret.line.bankReference ?? null } }, notify: true }],
          });
          verifications.push({ payoutId: f.payout.id, attemptId: ret.attempt.attemptId, outcome: 'returned', reason, evidenceLineId: ret.line.lineId, candidates: [], coverage: {}, bankVerdict: {} });
          count('returned');
          const a = f.attempts.find((x) => x.id === ret.attempt.attemptId);
          if (a !== undefined) seen('return_seen', f, a, lineRef(ret.line));
          break;
        }
        case 'contradiction':
          exceptions.push({ lineId: ret.line.lineId, bankId: channel.bankId, accountId: ret.line.accountId, kind: 'return_contradiction', attemptId: ret.attempt.attemptId, payoutId: f.payout.id, detail: plan.reason });
          break;
        case 'already_returned': {
          // Returned earlier (the bank reported it, or another line): the credit is seen now.
          const a = f.attempts.find((x) => x.id === ret.attempt.attemptId);
          if (a !== undefined && a.state === 'succeeded') seen('return_seen', f, a, lineRef(ret.line));
          break;
        }
        case 'via_resolution':
          break;
      }
    }

    for (const e of input.exceptions) exceptions.push(exceptionRow(channel, e));

    // State changes and their postings together; a ledger refusal of a state change rolls the pass back.
    const booked = await writeBatchWithLedger(tx, { actor, attemptInserts: [], attemptUpdates, payoutUpdates }, fresh.values(), input.now, observed);
    ledgerRefused = booked.refused.length;
    for (const x of booked.refused) {
      deps.logger.warn({ role: 'verify', bankId: channel.bankId, payoutId: x.event.payoutId, attempt: x.event.attempt, event: x.event.type, code: x.code, err: x.message }, 'the ledger refused a statement fact');
    }
    await recordVerifications(tx, actor, verifications);
    await linkFallbackLines(tx, fallbackLinks);
    await resolveStatementExceptions(tx, fallbackLinks.map((l) => l.lineId), 'matched to a payout by amount, counterparty and date');
    newExceptions = await recordStatementExceptions(tx, exceptions);
    await markStatementsMatched(tx, input.statementRowIds, input.now);
  });
  for (const [k, n] of Object.entries(counts)) deps.metrics.resolved(channel.bankId, `applied_${k}`, n);
  if (newExceptions > 0) deps.metrics.exceptions(channel.bankId, 'new', newExceptions);
  return { counts, skippedStale, newExceptions, ledgerRefused };
}

function exceptionRow(channel: VerifyChannel, e: StatementException): NewStatementException {
  const base = { lineId: e.line.lineId, bankId: channel.bankId, accountId: channel.account.accountNumber };
  const amount = `${e.line.amountMinor} ${e.line.currency} ${e.line.direction} booked ${e.line.bookingDate ?? '?'}`;
  switch (e.kind) {
    case 'unmatched_debit':
      return { ...base, kind: e.kind, attemptId: undefined, payoutId: undefined, detail: `debit on the funding account matching no payout: ${amount}` };
    case 'unlinked_return':
      return { ...base, kind: e.kind, attemptId: undefined, payoutId: undefined, detail: `return credit whose original payout was not found: ${amount}` };
    case 'debit_for_failed_attempt':
      return { ...base, kind: e.kind, attemptId: e.attemptId, payoutId: e.payoutId, detail: `debit for an attempt recorded as failed: ${amount}` };
    case 'duplicate_debit':
      return { ...base, kind: e.kind, attemptId: e.attemptId, payoutId: e.payoutId, detail: `a further debit for an attempt already debited (executed twice?): ${amount}` };
    case 'amount_mismatch':
      return { ...base, kind: e.kind, attemptId: e.attemptId, payoutId: e.payoutId, detail: `debit names the attempt but is ${amount}, expected ${e.expectedMinor}` };
  }
}
