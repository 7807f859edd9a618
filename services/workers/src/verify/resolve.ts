import type { BankVerdict } from './bank-verdict.ts';
import type { PeriodCoverage } from './coverage.ts';
import type { AttemptMatch } from '@payout/statements';
import { lineRef, type LineRef, type UnresolvedAttempt, type VerifyLine } from './verify.model.ts';

/** The two periods resolution may need: the send date alone, and the send date through the day after. */
export interface AttemptCoverage {
  readonly sendDay: PeriodCoverage;
  readonly throughDayAfter: PeriodCoverage;
}

export interface ResolveInput {
  readonly attempt: UnresolvedAttempt;
  readonly match: AttemptMatch;
  readonly coverage: AttemptCoverage;
  readonly verdict: BankVerdict;
  /** False once the payout has waited long enough: what would be deferred goes to a person instead. */
  readonly canDefer: boolean;
}

export type Resolution =
  | {
      readonly kind: 'succeeded';
      readonly evidence: LineRef;
      readonly via: 'end_to_end_id' | 'uetr' | 'fallback' | 'return';
      /** A return credit in the same statements: the payout then becomes returned. */
      readonly returned: { readonly line: LineRef; readonly code: string | undefined } | undefined;
    }
  | {
      readonly kind: 'failed';
      /** The bank's reject reason when it gave one (decides whether a new attempt may follow). */
      readonly reasonCode: string | undefined;
      readonly detail: string;
      readonly statementRowIds: readonly string[];
    }
  | {
      readonly kind: 'manual_review';
      readonly reason: string;
      readonly candidates: readonly LineRef[];
      readonly competingAttemptIds: readonly string[];
    }
  | { readonly kind: 'defer'; readonly reason: string; readonly waitingFor: string | undefined }
  | { readonly kind: 'unchanged'; readonly reason: string };

/** True when resolution would use the bank's answer: no debit found and the send day's statements are complete. */
export function needsBankQuery(attempt: UnresolvedAttempt, match: AttemptMatch, coverage: AttemptCoverage): boolean {
  if (attempt.payoutStatus !== 'awaiting_verification') return false;
  if (debitEvidence(attempt, match) !== undefined || match.kind === 'ambiguous') return false;
  if (match.kind === 'reference' && (match.pendingDebits.length > 0 || match.returns.length > 0)) return false;
  return coverage.sendDay.kind === 'complete';
}

/**
 * The verification decision for one attempt. The rules, in order:
 *  1. a booked debit naming the attempt (or the unique fallback match) → succeeded, with the
 *     line as evidence (then returned when a return credit for it is there too);
 *  2. ambiguous candidates → manual_review with the candidates;
 *  3. with no debit: failed ONLY when the statements from the send date through the day after
 *     are complete and continuous and the bank confirms it did not execute; when the bank's
 *     "not found" is ambiguous the day-after statement must be in hand, otherwise a missing or
 *     broken statement for the day after also blocks it;
 *  4. what is waiting for a statement or answer that will come is deferred (while allowed);
 *     everything else → manual_review with the reason.
 * Payouts in processing (the lifecycle still owns them) and in manual_review (a person owns
 * them) only ever move on positive evidence.
 */
export function resolveAttempt(input: ResolveInput): Resolution {
  const { attempt, match, coverage } = input;
  const evidence = debitEvidence(attempt, match);
  const returns = match.kind === 'reference' ? match.returns : [];
  if (evidence !== undefined) return resolveBookedDebit(input, evidence, returns);
  const firstReturn = returns[0];
  if (firstReturn !== undefined) return resolveReturnWithoutDebit(firstReturn);
  if (attempt.payoutStatus !== 'awaiting_verification') {
    return { kind: 'unchanged', reason: `payout is ${attempt.payoutStatus}; only a statement debit or return moves it here` };
  }
  if (match.kind === 'ambiguous') return resolveAmbiguous(match);
  if (match.kind === 'reference' && match.pendingDebits.length > 0) {
    return defer(
      input,
      'the statement shows the debit as pending, not booked',
      coverage.throughDayAfter.kind === 'not_due' ? coverage.throughDayAfter.waitingFor : undefined,
    );
  }

  const sendDay = coverage.sendDay;
  if (sendDay.kind === 'not_due') return defer(input, `statement for ${sendDay.waitingFor} is not out yet`, sendDay.waitingFor);
  if (sendDay.kind === 'incomplete') return review(input, `no debit found, but the statements do not prove it: ${sendDay.reason}`);
  return resolveNoDebitByVerdict(input, sendDay);
}

type DebitEvidence = { line: VerifyLine; via: 'end_to_end_id' | 'uetr' | 'fallback' };
type CompleteCoverage = Extract<PeriodCoverage, { kind: 'complete' }>;

/** Rule 1: a booked debit naming the attempt (or the unique fallback match). */
function resolveBookedDebit(input: ResolveInput, evidence: DebitEvidence, returns: readonly VerifyLine[]): Resolution {
  const { attempt } = input;
  if (!amountAgrees(attempt, evidence.line)) {
    return review(
      input,
      `statement debit ${evidence.line.lineId} names the attempt but its amount ${evidence.line.amountMinor} ${evidence.line.currency} differs from ${attempt.amount.amountMinor} ${attempt.amount.currency}`,
      [lineRef(evidence.line)],
    );
  }
  if (attempt.payoutStatus === 'processing' && evidence.via === 'fallback') {
    return { kind: 'unchanged', reason: 'payout is still being polled; a fallback match alone does not settle it' };
  }
  const ret = returns[0];
  return {
    kind: 'succeeded',
    evidence: lineRef(evidence.line),
    via: evidence.via,
    returned: ret === undefined ? undefined : { line: lineRef(ret), code: ret.returnCode },
  };
}

/** The money came back, so it went out: executed, then returned. */
function resolveReturnWithoutDebit(firstReturn: VerifyLine): Resolution {
  return {
    kind: 'succeeded',
    evidence: lineRef(firstReturn),
    via: 'return',
    returned: { line: lineRef(firstReturn), code: firstReturn.returnCode },
  };
}

/** Rule 2: ambiguous candidates go to a person with the candidates. */
function resolveAmbiguous(match: Extract<AttemptMatch, { kind: 'ambiguous' }>): Resolution {
  return {
    kind: 'manual_review',
    reason: `${match.candidates.length} statement debits could be this payout (same amount, counterparty and dates)`,
    candidates: match.candidates,
    competingAttemptIds: match.competingAttemptIds,
  };
}

/** Rules 3 and 4: no debit in the send day's complete statements; the bank's answer and the day after decide. */
function resolveNoDebitByVerdict(input: ResolveInput, sendDay: CompleteCoverage): Resolution {
  const { verdict } = input;
  const after = input.coverage.throughDayAfter;
  switch (verdict.kind) {
    case 'not_executed':
      if (after.kind === 'incomplete')
        return review(input, `no debit and ${verdict.detail}, but the statements after the send date are incomplete: ${after.reason}`);
      return {
        kind: 'failed',
        reasonCode: verdict.reasonCode,
        detail: `no debit in complete statements ${sendDay.from}..${after.kind === 'complete' ? after.through : sendDay.through}; ${verdict.detail}`,
        statementRowIds: after.kind === 'complete' ? after.statementRowIds : sendDay.statementRowIds,
      };
    case 'not_found_ambiguous':
      if (after.kind === 'complete') {
        return {
          kind: 'failed',
          reasonCode: undefined,
          detail: `no debit in complete statements ${after.from}..${after.through}; ${verdict.detail}`,
          statementRowIds: after.statementRowIds,
        };
      }
      if (after.kind === 'not_due')
        return defer(
          input,
          `${verdict.detail}; waiting for the statement of ${after.waitingFor} before calling it failed`,
          after.waitingFor,
        );
      return review(input, `no debit and ${verdict.detail}, but the statements after the send date are incomplete: ${after.reason}`);
    case 'executed':
      if (after.kind === 'not_due')
        return defer(input, `${verdict.detail} but no debit yet; waiting for the statement of ${after.waitingFor}`, after.waitingFor);
      return review(input, `${verdict.detail} but complete statements show no debit`);
    case 'in_progress':
      if (after.kind === 'not_due')
        return defer(input, `${verdict.detail}; waiting for the statement of ${after.waitingFor}`, after.waitingFor);
      return review(input, `${verdict.detail} a day after sending and the statements show no debit`);
    case 'unknown':
      return defer(input, `no debit in complete statements, but ${verdict.detail}`, undefined);
    case 'not_asked':
      return defer(input, 'no debit in complete statements; the bank has not been asked yet', undefined);
  }
}

function debitEvidence(attempt: UnresolvedAttempt, match: AttemptMatch): DebitEvidence | undefined {
  switch (match.kind) {
    case 'reference': {
      const line = match.bookedDebits.find((l) => amountAgrees(attempt, l)) ?? match.bookedDebits[0];
      return line === undefined ? undefined : { line, via: match.by };
    }
    case 'fallback':
      return { line: match.debit, via: 'fallback' };
    case 'ambiguous':
    case 'none':
      return undefined;
  }
}

function amountAgrees(a: UnresolvedAttempt, l: VerifyLine): boolean {
  return l.amountMinor === a.amount.amountMinor && l.currency === a.amount.currency;
}

function review(input: ResolveInput, reason: string, candidates: readonly LineRef[] = []): Resolution {
  if (input.attempt.payoutStatus !== 'awaiting_verification') return { kind: 'unchanged', reason };
  return { kind: 'manual_review', reason, candidates, competingAttemptIds: [] };
}

function defer(input: ResolveInput, reason: string, waitingFor: string | undefined): Resolution {
  if (!input.canDefer) return review(input, `${reason} (gave up waiting)`);
  return { kind: 'defer', reason, waitingFor };
}
