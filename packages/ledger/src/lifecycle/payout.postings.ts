import { PayoutError, currencyExponent, type Money } from '@payout/domain';
import { parseLocalDate } from '@payout/calendar';
import type { AccountKind } from '../accounts/ledger-account.ts';
import { buildPosting } from '../postings/posting.builder.ts';
import { payoutPostingId } from '../postings/posting-id.ts';
import type { PayoutPostingStep, Posting } from '../postings/posting.ts';
import { causeLedgerState, type CauseLedgerState } from './cause-ledger-state.ts';
import type { PayoutLedgerEvent } from './payout-ledger-event.ts';
import type { PostingDecision } from './posting-decision.ts';

interface Step {
  readonly step: PayoutPostingStep;
  readonly debit: AccountKind;
  readonly credit: AccountKind;
  readonly amountMinor: bigint;
  readonly bookingDate?: string | undefined;
}

/**
 * Maps one payout lifecycle event to the postings it causes, given the postings already
 * recorded for that payout (`history`; postings of other payouts are ignored).
 *
 * Idempotent: each step has a deterministic id (payout, attempt, step); an event whose step is
 * already in the history returns `already_posted`, so replaying any event adds nothing. Order
 * tolerant: an event that implies an earlier step the ledger never saw (a return reported for
 * an attempt still marked unknown) posts that step too, under the step's own id.
 *
 * Throws PayoutError for impossible facts (PAYOUT_E_INVALID_TRANSITION: a settled attempt
 * cannot fail; PAYOUT_E_VALIDATION: amounts or accounts that contradict the history).
 *
 * @example
 *   const d = postingsForPayoutEvent({ type: 'submitted', payoutId: 'p1', attempt: 1,
 *     fundingAccountId: 'cn-main', amount: money(10000n, 'CNY'), at: now }, await store.postingsForPayout('p1'));
 *   if (d.kind === 'post') await store.append(d.postings);
 */
export function postingsForPayoutEvent(event: PayoutLedgerEvent, history: readonly Posting[]): PostingDecision {
  checkEvent(event);
  const state = causeLedgerState(
    history,
    (p) => p.cause.kind === 'payout' && p.cause.payoutId === event.payoutId && p.cause.attempt === event.attempt,
  );
  checkAgainstHistory(event, state);
  const id = (step: PayoutPostingStep): string => payoutPostingId(event.payoutId, event.attempt, step);
  const posted = (step: PayoutPostingStep): boolean => state.postedIds.has(id(step));
  const A = event.amount.amountMinor;
  const inFlight = inFlightBucket(state);
  const settled = posted('settle') || posted('debit_seen');

  const steps: Step[] = [];
  switch (event.type) {
    case 'submitted': {
      if (posted('reserve')) return already(id('reserve'));
      if (settled || posted('release') || posted('unknown')) return nothing('the attempt is already past submission');
      steps.push({ step: 'reserve', debit: 'cash_reserved', credit: 'cash_available', amountMinor: A });
      break;
    }
    case 'attempt_unknown': {
      if (posted('unknown')) return already(id('unknown'));
      if (settled) return nothing('the attempt is already settled');
      if (posted('release')) throw invalid(event, 'a definitively failed attempt cannot become unknown');
      // Never reserved (the ledger joined late): the money still counts as spent.
      steps.push({ step: 'unknown', debit: 'cash_unknown_exposure', credit: inFlight ?? 'cash_available', amountMinor: A });
      break;
    }
    case 'attempt_failed': {
      if (posted('release')) return already(id('release'));
      if (settled) throw invalid(event, 'a settled attempt cannot fail; money that came back is a return');
      if (inFlight === undefined) return nothing('nothing is reserved for this attempt');
      steps.push({ step: 'release', debit: 'cash_available', credit: inFlight, amountMinor: A });
      break;
    }
    case 'attempt_succeeded': {
      if (posted('settle')) return already(id('settle'));
      if (posted('debit_seen')) return nothing('the debit was already seen on a statement');
      if (posted('release'))
        throw invalid(event, 'a definitively failed attempt cannot succeed; a statement debit records what really happened');
      steps.push(settleStep(inFlight, A));
      break;
    }
    case 'debit_seen': {
      if (posted('debit_seen')) return already(id('debit_seen'));
      // The statement is the truth: even an attempt released as failed did leave the account.
      const from: AccountKind =
        state.balance('cash_settled_unconfirmed') > 0n ? 'cash_settled_unconfirmed' : (inFlight ?? 'cash_available');
      steps.push({ step: 'debit_seen', debit: 'payouts_settled', credit: from, amountMinor: A, bookingDate: requireBookingDate(event) });
      break;
    }
    case 'returned':
    case 'return_seen': {
      const R = returnedMinor(event);
      const wanted: PayoutPostingStep = event.type === 'returned' ? 'return' : 'return_seen';
      if (posted(wanted)) return already(id(wanted));
      // A return proves the attempt executed: record the settlement first if the ledger missed it.
      if (!settled) steps.push(settleStep(inFlight, A));
      if (!posted('return')) steps.push({ step: 'return', debit: 'returns_in_transit', credit: 'payouts_settled', amountMinor: R });
      if (event.type === 'return_seen') {
        const inTransit = posted('return') ? state.balance('returns_in_transit') : R;
        if (inTransit !== R) {
          throw new PayoutError(
            'PAYOUT_E_VALIDATION',
            `payout ${event.payoutId}: the statement shows a return of ${R} but ${inTransit} was reported returned`,
            {
              payoutId: event.payoutId,
            },
          );
        }
        steps.push({
          step: 'return_seen',
          debit: 'cash_available',
          credit: 'returns_in_transit',
          amountMinor: R,
          bookingDate: requireBookingDate(event),
        });
      }
      break;
    }
  }
  const journalId = id(steps[steps.length - 1]?.step ?? 'reserve');
  return {
    kind: 'post',
    postings: steps.map((s) =>
      buildPosting({
        id: id(s.step),
        journalId,
        cause: { kind: 'payout', payoutId: event.payoutId, attempt: event.attempt, step: s.step },
        effectiveAt: event.at,
        bookingDate: s.bookingDate,
        entries: [
          {
            account: { fundingAccountId: event.fundingAccountId, kind: s.debit },
            currency: event.amount.currency,
            amountMinor: s.amountMinor,
          },
          {
            account: { fundingAccountId: event.fundingAccountId, kind: s.credit },
            currency: event.amount.currency,
            amountMinor: -s.amountMinor,
          },
        ],
      }),
    ),
  };
}

function settleStep(inFlight: AccountKind | undefined, A: bigint): Step {
  return { step: 'settle', debit: 'cash_settled_unconfirmed', credit: inFlight ?? 'cash_available', amountMinor: A };
}

/** Where an unresolved attempt's money sits: reserved, or unknown exposure once unknown. */
function inFlightBucket(state: CauseLedgerState): AccountKind | undefined {
  if (state.balance('cash_unknown_exposure') > 0n) return 'cash_unknown_exposure';
  if (state.balance('cash_reserved') > 0n) return 'cash_reserved';
  return undefined;
}

function returnedMinor(event: PayoutLedgerEvent): bigint {
  const r: Money = event.returnedAmount ?? event.amount;
  if (r.currency !== event.amount.currency) {
    throw new PayoutError(
      'PAYOUT_E_CURRENCY_MISMATCH',
      `payout ${event.payoutId}: returned in ${r.currency}, paid in ${event.amount.currency}`,
      {
        payoutId: event.payoutId,
      },
    );
  }
  if (typeof r.amountMinor !== 'bigint' || r.amountMinor <= 0n || r.amountMinor > event.amount.amountMinor) {
    throw new PayoutError(
      'PAYOUT_E_INVALID_AMOUNT',
      `payout ${event.payoutId}: a returned amount must be positive and at most the payout amount`,
      {
        payoutId: event.payoutId,
      },
    );
  }
  return r.amountMinor;
}

function requireBookingDate(event: PayoutLedgerEvent): string {
  if (event.bookingDate === undefined) {
    throw new PayoutError(
      'PAYOUT_E_VALIDATION',
      `payout ${event.payoutId}: ${event.type} records a statement line and needs its booking date`,
      {
        payoutId: event.payoutId,
      },
    );
  }
  return parseLocalDate(event.bookingDate);
}

function checkEvent(event: PayoutLedgerEvent): void {
  if (!Number.isSafeInteger(event.attempt) || event.attempt < 1) {
    throw new PayoutError('PAYOUT_E_VALIDATION', `payout ${event.payoutId}: attempt must be a positive integer`, {
      payoutId: event.payoutId,
    });
  }
  currencyExponent(event.amount.currency);
  if (typeof event.amount.amountMinor !== 'bigint' || event.amount.amountMinor <= 0n) {
    throw new PayoutError('PAYOUT_E_INVALID_AMOUNT', `payout ${event.payoutId}: a payout amount must be a positive bigint of minor units`, {
      payoutId: event.payoutId,
    });
  }
  if (!(event.at instanceof Date) || !Number.isFinite(event.at.getTime())) {
    throw new PayoutError('PAYOUT_E_VALIDATION', `payout ${event.payoutId}: the event time is not a valid Date`, {
      payoutId: event.payoutId,
    });
  }
}

function checkAgainstHistory(event: PayoutLedgerEvent, state: CauseLedgerState): void {
  if (state.currency !== undefined && state.currency !== event.amount.currency) {
    throw new PayoutError(
      'PAYOUT_E_CURRENCY_MISMATCH',
      `payout ${event.payoutId} attempt ${event.attempt} is booked in ${state.currency}, the event says ${event.amount.currency}`,
      {
        payoutId: event.payoutId,
      },
    );
  }
  if (state.fundingAccountId !== undefined && state.fundingAccountId !== event.fundingAccountId) {
    throw new PayoutError('PAYOUT_E_VALIDATION', `payout ${event.payoutId} attempt ${event.attempt} is booked on another funding account`, {
      payoutId: event.payoutId,
    });
  }
  // The amount of an attempt never changes; a different amount is a caller bug.
  for (const kind of ['cash_reserved', 'cash_unknown_exposure', 'cash_settled_unconfirmed'] as const) {
    const b = state.balance(kind);
    if (b !== 0n && b !== event.amount.amountMinor) {
      throw new PayoutError(
        'PAYOUT_E_VALIDATION',
        `payout ${event.payoutId} attempt ${event.attempt}: booked amount ${b} differs from the event's ${event.amount.amountMinor}`,
        {
          payoutId: event.payoutId,
        },
      );
    }
  }
}

function already(postingId: string): PostingDecision {
  return { kind: 'already_posted', postingId };
}

function nothing(reason: string): PostingDecision {
  return { kind: 'nothing_to_post', reason };
}

function invalid(event: PayoutLedgerEvent, why: string): PayoutError {
  return new PayoutError('PAYOUT_E_INVALID_TRANSITION', `payout ${event.payoutId} attempt ${event.attempt}: ${event.type} — ${why}`, {
    payoutId: event.payoutId,
    attempt: event.attempt,
    event: event.type,
  });
}
